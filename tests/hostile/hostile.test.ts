/**
 * The hostile probes as a suite of their own, by category: malformed payloads for every listener,
 * injection on every surface, replays, authorization, Slack faults, store faults. Each probe is a
 * signed (or deliberately unsigned) HTTP request, or a fault of the fake Slack or of the store,
 * against the real app. Every one must be handled: a definite status (never a 404 after 3 s, never a
 * 500), no error thrown inside a listener, no unhandled rejection, nothing unescaped reaching Slack,
 * no post doubled. The count of probes handled is printed at the end.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/slack/blocks/actions.js';
import { SEARCH_MODAL_IDS, shareMetadata, SHARE_MODAL_IDS } from '../../src/slack/blocks/search-modal.js';
import { HOME_ACTION_IDS } from '../../src/slack/home/home-view.js';
import { SEARCH_CALLBACK_ID } from '../../src/slack/listeners/shortcuts/search-catalog.js';
import { SLASH_COMMAND } from '../../src/slack/names.js';
import { buttonClickBody, commandBody, eventBody, FORM, globalShortcutBody, homeActionBody, JSON_TYPE, modalActionBody, newTriggerId, postSigned, slackSignature, viewSubmissionBody } from '../helpers/signed-request.js';
import { SIGNING_SECRET, startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- payload introspection

let t: TestSlackApp;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
const handled: Record<string, number> = {};
beforeAll(async () => {
  t = await startTestSlackApp({}, { storeBusyTimeoutMs: 50 });
  process.on('unhandledRejection', onRejection);
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  const total = Object.values(handled).reduce((a, b) => a + b, 0);
  console.log(`hostile probes handled: ${total} (${Object.entries(handled).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  await t?.close();
});

const HOSTILE = '<!channel> <!here> <https://evil.example|click me> & *bold* `tick` <@U0VICTIM>';
const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
const user = { id: 'U0ALICE', username: 'alice', team_id: 'T0FAKE' };

async function send(body: string, contentType = FORM, extra: { timestamp?: number; signature?: string } = {}): Promise<{ status: number; text: string }> {
  const res = await postSigned(t.eventsUrl, { secret: SIGNING_SECRET, body, contentType, ...extra }, AbortSignal.timeout(5_000));
  return { status: res.status, text: await res.text() };
}

/** What any probe must leave true: no crash inside a listener, no unhandled rejection, nothing unescaped sent to Slack. */
function expectClean(): void {
  // A Slack refusal the app reports (an expired response_url) is handled; a TypeError inside a listener is not.
  const crashes = t.logs.filter(
    (l) => ['slack app error', 'request handling failed', 'unhandled rejection (kept running)'].includes(String(l.msg)) || (String(l.msg) === 'request failed' && /TypeError|ReferenceError|RangeError/.test(JSON.stringify(l.error))),
  );
  expect(crashes).toEqual([]);
  expect(rejections).toEqual([]);
  const sent = t.messages().map(({ message }) => JSON.stringify(message)).concat(t.fake.callsTo('views.publish').concat(t.fake.callsTo('views.open'), t.fake.callsTo('views.update'), t.fake.callsTo('views.push'), t.fake.callsTo('chat.unfurl')).map((c) => JSON.stringify(c.params)));
  for (const text of sent) for (const raw of ['<!channel>', '<!here>', '<https://evil.example']) expect(text).not.toContain(raw);
}

function probe(category: string, name: string, run: () => Promise<void>, timeoutMs = 15_000): void {
  it(`${category}: ${name}`, async () => {
    await run();
    expectClean();
    handled[category] = (handled[category] ?? 0) + 1;
  }, timeoutMs);
}

const article = () => t.app.runtime.handlerDeps.catalog().articles[0]!;
const click = (over: Json = {}) => ({ ...(JSON.parse(new URLSearchParams(buttonClickBody({ actionId: ACTION_IDS.share, value: article().id, responseUrl: t.fake.responseUrl(`h-${newTriggerId()}`) })).get('payload')!) as Json), ...over });
const modalView = (over: Json = {}) => ({ id: 'V0HOSTILE', type: 'modal', callback_id: SEARCH_MODAL_IDS.callbackId, private_metadata: '', hash: 'h', state: { values: {} }, ...over });
const finished = (kind: string, user: string) => t.waitForLog((l) => (l.msg === 'request handled' || l.msg === 'request failed') && l.kind === kind && l.user === user);

describe('malformed payloads, every listener', () => {
  const refused: Array<[string, () => string, string]> = [
    ['block_actions with user: null', () => form(click({ user: null })), FORM],
    ['block_actions with actions: null', () => form(click({ actions: null })), FORM],
    ['block_actions with a numeric action_id', () => form(click({ actions: [{ action_id: 7 }] })), FORM],
    ['event_callback with event: null', () => JSON.stringify({ ...JSON.parse(eventBody({ eventId: newTriggerId('Ev'), event: {} })), event: null }), JSON_TYPE],
    ['event_callback without event_id', () => JSON.stringify({ ...JSON.parse(eventBody({ eventId: 'x', event: { type: 'app_mention', channel: 'C1', ts: '1.1' } })), event_id: undefined }), JSON_TYPE],
    ['app_mention without channel', () => eventBody({ eventId: newTriggerId('Ev'), event: { type: 'app_mention', user: 'U0ALICE', ts: '1700009000.1', text: 'x' } }), JSON_TYPE],
    ['app_home_opened without user', () => eventBody({ eventId: newTriggerId('Ev'), event: { type: 'app_home_opened', tab: 'home' } }), JSON_TYPE],
    ['link_shared with links: "x"', () => eventBody({ eventId: newTriggerId('Ev'), event: { type: 'link_shared', channel: 'C1', links: 'x' } }), JSON_TYPE],
    ['slash command without user_id', () => new URLSearchParams({ command: SLASH_COMMAND, text: 'x', channel_id: 'C1', response_url: t.fake.responseUrl('m1'), trigger_id: newTriggerId() }).toString(), FORM],
    ['slash command without channel_id', () => new URLSearchParams({ command: SLASH_COMMAND, text: 'x', user_id: 'U1', response_url: t.fake.responseUrl('m2'), trigger_id: newTriggerId() }).toString(), FORM],
    ['slash command without response_url', () => new URLSearchParams({ command: SLASH_COMMAND, text: 'x', user_id: 'U1', channel_id: 'C1', trigger_id: newTriggerId() }).toString(), FORM],
    ['view_submission without view', () => form({ type: 'view_submission', user, trigger_id: newTriggerId() }), FORM],
    ['view_submission without state', () => form({ type: 'view_submission', user, trigger_id: newTriggerId(), view: modalView({ state: undefined }) }), FORM],
    ['view_submission with values: null', () => form({ type: 'view_submission', user, trigger_id: newTriggerId(), view: modalView({ state: { values: null } }) }), FORM],
    ['shortcut without user', () => form({ type: 'shortcut', callback_id: SEARCH_CALLBACK_ID, trigger_id: newTriggerId() }), FORM],
    ['message_action with user: "U1"', () => form({ type: 'message_action', callback_id: 'catalog_related', trigger_id: newTriggerId(), user: 'U1' }), FORM],
    ['an empty body', () => '', FORM],
    ['a JSON array', () => '[]', JSON_TYPE],
    ['payload=null', () => 'payload=null', FORM],
  ];
  for (const [name, body, type] of refused) {
    probe('malformed', `${name} → 400`, async () => {
      expect((await send(body(), type)).status).toBe(400);
    });
  }

  probe('malformed', 'a Share click with a forged article id → "no longer in the catalog"', async () => {
    const responseId = `gone-${newTriggerId()}`;
    await send(buttonClickBody({ actionId: ACTION_IDS.share, value: 'no-such-article', responseUrl: t.fake.responseUrl(responseId) }));
    expect(JSON.stringify(await t.response(responseId))).toMatch(/no longer|not in the catalog|removed/i);
  });
  probe('malformed', 'a paging button with a forged value → "expired"', async () => {
    const responseId = `page-${newTriggerId()}`;
    await send(buttonClickBody({ actionId: ACTION_IDS.next, value: '{"q":1}', responseUrl: t.fake.responseUrl(responseId) }));
    expect(JSON.stringify(await t.response(responseId))).toContain('expired');
  });
  probe('malformed', 'a Share modal submission with forged private_metadata → the article-gone view', async () => {
    const res = await send(viewSubmissionBody({ modal: { id: 'V0X', hash: 'h', callbackId: SHARE_MODAL_IDS.callbackId, privateMetadata: '{"a":' } }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).response_action).toBe('update');
  });
  probe('malformed', 'a 40,000-character /catalog → answered', async () => {
    const { responseId } = await t.command('kafka '.repeat(6_700));
    expect((await t.response(responseId)).text).toBeDefined();
  });
  probe('malformed', 'a mention without text → the help in its thread', async () => {
    const ts = `1700009100.${Date.now() % 1_000_000}`;
    await t.event(newTriggerId('Ev'), { type: 'app_mention', user: 'U0ALICE', ts, channel: 'C0HMENTION' });
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.thread_ts === ts);
  });
});

describe('injection on every surface', () => {
  probe('injection', 'slash command', async () => {
    const { responseId } = await t.command(HOSTILE);
    await t.response(responseId);
  });
  probe('injection', 'mention', async () => {
    const ts = '1700009200.000100';
    await t.event(newTriggerId('Ev'), { type: 'app_mention', user: 'U0ALICE', ts, channel: 'C0HINJ', text: `<@${t.fake.botUserId}> ${HOSTILE}` });
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.thread_ts === ts);
  });
  probe('injection', 'direct message', async () => {
    const ts = '1700009300.000100';
    await t.event(newTriggerId('Ev'), { type: 'message', channel_type: 'im', user: 'U0ALICE', ts, channel: 'D0ALICE', text: HOSTILE });
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'D0ALICE');
  });
  probe('injection', 'subscribe, then the subscription list and App Home', async () => {
    const sub = await t.command(`subscribe ${HOSTILE}`, { channelId: 'C0HSUB', userId: 'U0HSUB' });
    await t.response(sub.responseId);
    const list = await t.command('subscriptions', { channelId: 'C0HSUB', userId: 'U0HSUB' });
    await t.response(list.responseId);
    await t.event(newTriggerId('Ev'), { type: 'app_home_opened', user: 'U0HSUB', tab: 'home', channel: 'D0HOME' });
    await t.fake.waitFor((c) => c.method === 'views.publish' && c.params.user_id === 'U0HSUB');
  });
  probe('injection', 'search modal typing', async () => {
    const triggerId = newTriggerId();
    await send(globalShortcutBody({ callbackId: SEARCH_CALLBACK_ID, triggerId }));
    const opened = ((await t.fake.waitFor((c) => c.method === 'views.open' && c.params.trigger_id === triggerId)).body as Json).view as Json;
    await send(modalActionBody({ modal: { id: opened.id, hash: opened.hash, callbackId: SEARCH_MODAL_IDS.callbackId }, action: { type: 'plain_text_input', action_id: SEARCH_MODAL_IDS.input, value: HOSTILE } }));
    await t.fake.waitFor((c) => c.method === 'views.update' && c.params.view_id === opened.id);
  });
  probe('injection', 'a catalog title with Slack markup, unfurled', async () => {
    const hostile = t.app.runtime.handlerDeps.catalog().articles.find((a) => a.title.includes('<!channel>'))!;
    await t.event(newTriggerId('Ev'), { type: 'link_shared', channel: 'C0HLINK', user: 'U0ALICE', message_ts: '1700009400.1', links: [{ url: hostile.url, domain: 'example.com' }] });
    await t.fake.waitFor((c) => c.method === 'chat.unfurl' && c.params.channel === 'C0HLINK');
  });
});

describe('replays', () => {
  async function twice(body: string): Promise<void> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = slackSignature(SIGNING_SECRET, timestamp, body);
    for (let i = 0; i < 2; i += 1) expect((await send(body, FORM, { timestamp, signature })).status).toBe(200);
    await t.waitForLog((l) => l.msg === 'replayed request dropped');
  }
  probe('replays', 'a /catalog command twice → one answer', async () => {
    const responseId = `replay-${newTriggerId()}`;
    await twice(commandBody({ text: 'eks', response_url: t.fake.responseUrl(responseId) }));
    await t.response(responseId);
    await t.waitForLog((l) => l.msg === 'request handled' && l.kind === 'command');
    expect(t.fake.responses(responseId)).toHaveLength(1);
  });
  probe('replays', 'a Share click twice → one card', async () => {
    await twice(buttonClickBody({ actionId: ACTION_IDS.share, value: article().id, responseUrl: t.fake.responseUrl('r2'), channelId: 'C0HREPLAY', userId: 'U0HREPLAY' }));
    await finished('action:share', 'U0HREPLAY');
    expect(t.fake.messagesIn('C0HREPLAY')).toHaveLength(1);
  });
  probe('replays', 'a Share modal submission twice → one card', async () => {
    t.fake.setChannel('C0HREPLAY2', { members: ['U0ALICE'] });
    const body = viewSubmissionBody({
      modal: { id: 'V0HREPLAY', hash: 'h', callbackId: SHARE_MODAL_IDS.callbackId, privateMetadata: shareMetadata(article().id), values: { [SHARE_MODAL_IDS.channelBlock]: { [SHARE_MODAL_IDS.channel]: { type: 'conversations_select', selected_conversation: 'C0HREPLAY2' } } } },
    });
    await twice(body);
    await t.waitForLog((l) => l.kind === 'modal:share' && l.channel === 'C0HREPLAY2');
    expect(t.fake.messagesIn('C0HREPLAY2')).toHaveLength(1);
  });
  probe('replays', 'an event delivered again by Slack → answered once', async () => {
    const ts = '1700009500.000100';
    const id = newTriggerId('Ev');
    const event = { type: 'app_mention', user: 'U0ALICE', ts, channel: 'C0HRETRY', text: `<@${t.fake.botUserId}> eks` };
    await t.event(id, event);
    await t.event(id, event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await t.waitForLog((l) => l.msg === 'duplicate event dropped' && l.eventId === id);
    expect(t.fake.messagesIn('C0HRETRY')).toHaveLength(1);
  });
  probe('replays', 'a signed request 10 minutes old → 401', async () => {
    expect((await send(commandBody({ text: 'x', response_url: t.fake.responseUrl('old') }), FORM, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
  });
  probe('replays', 'a forged signature → 401', async () => {
    expect((await send(commandBody({ text: 'x', response_url: t.fake.responseUrl('forged') }), FORM, { signature: `v0=${'0'.repeat(64)}` })).status).toBe(401);
  });
});

describe('authorization', () => {
  probe('authorization', 'Share naming another channel than the clicked message → posted where the click happened', async () => {
    await send(form(click({ user: { id: 'U0HAUTH' }, channel: { id: 'C0HVICTIM' }, container: { type: 'message', channel_id: 'C0HCLICK', message_ts: '1.1' } })));
    await finished('action:share', 'U0HAUTH');
    expect(t.fake.messagesIn('C0HVICTIM')).toEqual([]);
  });
  probe('authorization', 'Share modal into a channel the user is not in → refused', async () => {
    t.fake.setChannel('C0HNOTIN', { members: ['U0SOMEONE'] });
    await send(viewSubmissionBody({ userId: 'U0HOUT', modal: { id: 'V0HA', hash: 'h', callbackId: SHARE_MODAL_IDS.callbackId, privateMetadata: shareMetadata(article().id), values: { [SHARE_MODAL_IDS.channelBlock]: { [SHARE_MODAL_IDS.channel]: { type: 'conversations_select', selected_conversation: 'C0HNOTIN' } } } } }));
    await t.waitForLog((l) => l.msg === 'modal share refused: the user is not a member of the picked channel' && l.user === 'U0HOUT');
    expect(t.fake.messagesIn('C0HNOTIN')).toEqual([]);
  });
  probe('authorization', "Share modal into someone's DM → refused on the picker", async () => {
    const res = await send(viewSubmissionBody({ modal: { id: 'V0HB', hash: 'h', callbackId: SHARE_MODAL_IDS.callbackId, privateMetadata: shareMetadata(article().id), values: { [SHARE_MODAL_IDS.channelBlock]: { [SHARE_MODAL_IDS.channel]: { type: 'conversations_select', selected_conversation: 'D0BOB' } } } } }));
    expect(JSON.parse(res.text).response_action).toBe('errors');
  });
  probe('authorization', "Unsubscribe on someone else's subscription → nothing removed", async () => {
    const sub = await t.command('subscribe tag:saas', { channelId: 'C0HOWN', userId: 'U0HOWNER' });
    await t.response(sub.responseId);
    const id = t.fake.responses(sub.responseId).map((r) => /subscription `([a-z0-9]+)`/.exec(JSON.stringify(r))?.[1]).find(Boolean) ?? '';
    expect(id).not.toBe('');
    await send(homeActionBody({ userId: 'U0HMALLORY', action: { type: 'button', action_id: HOME_ACTION_IDS.unsubscribe, value: id } }));
    await t.fake.waitFor((c) => c.method === 'views.publish' && c.params.user_id === 'U0HMALLORY');
    const list = await t.command('subscriptions', { channelId: 'C0HOWN' });
    expect(JSON.stringify(await t.response(list.responseId))).toContain('saas');
  });
});

describe('Slack faults', () => {
  probe('Slack faults', 'Share where the bot is not in the channel → through the response_url', async () => {
    t.fake.setChannel('C0HNOBOT', { member: false });
    const responseId = `nobot-${newTriggerId()}`;
    await send(buttonClickBody({ actionId: ACTION_IDS.share, value: article().id, responseUrl: t.fake.responseUrl(responseId), channelId: 'C0HNOBOT' }));
    expect((await t.response(responseId)).response_type).toBe('in_channel');
  });
  probe('Slack faults', 'chat.postMessage answering 429 → posted once after the wait', async () => {
    t.fake.rateLimit({ perChannelPerSecond: 0, retryAfterSeconds: 1 });
    try {
      await send(buttonClickBody({ actionId: ACTION_IDS.share, value: article().id, responseUrl: t.fake.responseUrl('r429'), channelId: 'C0H429', userId: 'U0H429' }));
      await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0H429' && c.outcome === 'ratelimited');
    } finally {
      t.fake.rateLimit(undefined);
    }
    await finished('action:share', 'U0H429');
    expect(t.fake.messagesIn('C0H429')).toHaveLength(1);
  });
  probe('Slack faults', 'an expired response_url → logged, no crash', async () => {
    const responseId = `expired-${newTriggerId()}`;
    t.fake.expireResponseUrl(responseId);
    await send(commandBody({ text: 'eks', response_url: t.fake.responseUrl(responseId) }));
    await t.fake.waitFor((c) => c.method === 'respond' && c.responseUrlId === responseId);
  });
  probe('Slack faults', 'app_rate_limited notice → 200 and a warning', async () => {
    expect((await send(JSON.stringify({ type: 'app_rate_limited', team_id: 'T0FAKE', minute_rate_limited: 1700000040, api_app_id: 'A0APP' }), JSON_TYPE)).status).toBe(200);
    await t.waitForLog((l) => l.level === 'warn' && l.minute === new Date(1700000040 * 1000).toISOString());
  });
  probe('Slack faults', 'a body over 1 MB → 413', async () => {
    expect((await send('a'.repeat(1024 * 1024 + 1))).status).toBe(413);
  });
});

describe('store faults', () => {
  probe('store faults', 'SQLite refusing writes → "try again", not ready, and back after a write', async () => {
    const holder = new Database(t.app.config.databasePath);
    try {
      holder.exec('BEGIN EXCLUSIVE');
      const sub = await t.command('subscribe tag:kafka', { channelId: 'C0HSTORE' });
      expect(JSON.stringify(await t.response(sub.responseId))).toContain('try again shortly');
      expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(503);
      // Search needs no store.
      const search = await t.command('kafka');
      expect(JSON.stringify(await t.response(search.responseId))).not.toContain('try again');
      holder.exec('ROLLBACK');
    } finally {
      holder.close();
    }
    expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(200);
  });
});
