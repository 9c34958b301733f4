/**
 * The real Slack app over HTTP: signed requests in, what reached the fake Slack Web API out.
 * Every message the fake received is also checked against Block Kit limits and for unescaped
 * mention/link markup at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/slack/blocks/actions.js';
import { SIGNING_SECRET, startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';
import { commandBody, FORM, postSigned } from '../helpers/signed-request.js';

type Block = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test introspection of Block Kit JSON

let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(async () => {
  await t?.close();
});

const blocksOf = (m: Record<string, unknown>): Block[] => (Array.isArray(m.blocks) ? (m.blocks as Block[]) : []);
/** Every mrkdwn/plain text in a message, the fallback first. */
function textsOf(m: Record<string, unknown>): string[] {
  const out: string[] = [typeof m.text === 'string' ? m.text : ''];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(visit);
    }
  };
  visit(m.blocks);
  return out;
}
const buttons = (m: Record<string, unknown>): Block[] =>
  blocksOf(m).flatMap((b) => [...(b.accessory?.type === 'button' ? [b.accessory] : []), ...(b.type === 'actions' ? (b.elements as Block[]) : [])]);
const engine = () => t.app.runtime.handlerDeps.search();

describe('HTTP endpoints', () => {
  it('answers GET /healthz with 200 and the article count', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', mode: 'http', articles: t.app.runtime.handlerDeps.catalog().articles.length, store: { kind: 'sqlite', reachable: true } });
  });

  it('answers GET /readyz with 200 once started, with the store reachable', async () => {
    const res = await fetch(`${t.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, mode: 'http' });
  });

  it('rejects a bad signature with 401 and answers nothing', async () => {
    const { status, responseId } = await t.command('dynamodb', { signature: 'v0=' + '0'.repeat(64) });
    expect(status).toBe(401);
    expect(t.fake.responses(responseId)).toEqual([]);
  });

  it('rejects a correctly signed request older than five minutes with 401', async () => {
    const { status } = await t.command('dynamodb', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(status).toBe(401);
  });

  it('answers Slack\'s url_verification handshake with the challenge', async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'challenge-123', type: 'url_verification' });
    const res = await postSigned(t.eventsUrl, { secret: SIGNING_SECRET, body, contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'challenge-123' });
  });

  it('rejects a body signed with another secret', async () => {
    const body = commandBody({ text: 'dynamodb', response_url: t.fake.responseUrl('wrong-secret') });
    const res = await postSigned(t.eventsUrl, { secret: 'not-the-secret', body, contentType: FORM });
    expect(res.status).toBe(401);
  });
});

describe('/catalog', () => {
  it('answers a search ephemerally with a count header, 5 cards with Share, and Next', async () => {
    const { status, responseId } = await t.command('multi-tenant');
    expect(status).toBe(200);
    const reply = await t.response(responseId);
    const expected = engine().search('multi-tenant', { limit: 5 });
    expect(expected.total).toBeGreaterThan(5);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply).toMatchObject({ unfurl_links: false, unfurl_media: false });
    expect(blocksOf(reply)[0]?.text.text).toBe(`5 of ${expected.total} articles for *multi-tenant*`);
    const shares = buttons(reply).filter((b) => b.action_id === ACTION_IDS.share);
    expect(shares.map((b) => b.value)).toEqual(expected.hits.map((h) => h.article.id));
    const cardTexts = blocksOf(reply).filter((b) => b.accessory?.action_id === ACTION_IDS.share).map((b) => b.text.text as string);
    const first = expected.hits[0]!.article;
    expect(cardTexts[0]).toContain(`<${first.url}|`);
    expect(cardTexts[0]).toContain(first.authors[0]!);
    expect(buttons(reply).map((b) => b.action_id)).toContain(ACTION_IDS.next);
    expect(buttons(reply).map((b) => b.action_id)).not.toContain(ACTION_IDS.previous);
    expect(reply.text).toContain(`5 of ${expected.total} articles`);
  });

  it('pages with Next and Previous, replacing the original message', async () => {
    const first = await t.response((await t.command('multi-tenant')).responseId);
    const next = buttons(first).find((b) => b.action_id === ACTION_IDS.next)!;
    const page2 = await t.response((await t.click({ actionId: ACTION_IDS.next, value: next.value })).responseId);
    const total = engine().search('multi-tenant').total;
    expect(page2.replace_original).toBe(true);
    expect(blocksOf(page2)[0]?.text.text).toBe(`6–${Math.min(10, total)} of ${total} articles for *multi-tenant*`);
    const expectedIds = engine().search('multi-tenant', { limit: 5, offset: 5 }).hits.map((h) => h.article.id);
    expect(buttons(page2).filter((b) => b.action_id === ACTION_IDS.share).map((b) => b.value)).toEqual(expectedIds);

    const prev = buttons(page2).find((b) => b.action_id === ACTION_IDS.previous)!;
    const back = await t.response((await t.click({ actionId: ACTION_IDS.previous, value: prev.value })).responseId);
    expect(back.replace_original).toBe(true);
    expect(blocksOf(back)[0]?.text.text).toBe(`5 of ${total} articles for *multi-tenant*`);
  });

  it('shares a card to the channel for everyone, shared by the clicker', async () => {
    const article = engine().search('dynamodb').hits[0]!.article;
    await t.click({ actionId: ACTION_IDS.share, value: article.id, channelId: 'C0SHARE', userId: 'U0BOB' });
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0SHARE');
    expect(post.params.text).toContain('shared by <@U0BOB>');
    expect(JSON.stringify(post.params.blocks)).toContain(article.url);
    expect(buttons(post.params)).toEqual([]);
  });

  it('answers /catalog and /catalog help with the help card naming every filter and verb', async () => {
    for (const text of ['', 'help']) {
      const reply = await t.response((await t.command(text)).responseId);
      const all = textsOf(reply).join('\n');
      for (const filter of ['author:', 'tag:', 'after:', 'before:', 'year:', 'sort:newest', '-tag:', '"tenant isolation"', 'latest']) {
        expect(all).toContain(filter);
      }
      expect(all).toContain('/catalog help');
      expect(reply.response_type).toBe('ephemeral');
    }
  });

  it('answers /catalog latest with the newest articles first', async () => {
    const reply = await t.response((await t.command('latest')).responseId);
    const newest = [...t.app.runtime.handlerDeps.catalog().articles].sort((a, b) => b.published.localeCompare(a.published))[0]!;
    const shares = buttons(reply).filter((b) => b.action_id === ACTION_IDS.share);
    expect(shares[0]?.value).toBe(newest.id);
  });

  it('answers a query with no result with "did you mean" buttons that run that search', async () => {
    const reply = await t.response((await t.command('dynamodb year:2015')).responseId);
    expect(textsOf(reply).join('\n')).toContain('No articles match');
    const suggestion = buttons(reply).find((b) => String(b.action_id).startsWith(ACTION_IDS.runSearchPrefix));
    expect(suggestion).toBeDefined();
    const ran = await t.response((await t.click({ actionId: suggestion!.action_id, value: suggestion!.value })).responseId);
    expect(ran.replace_original).toBe(true);
    const expected = engine().search(JSON.parse(suggestion!.value).q as string);
    expect(expected.total).toBeGreaterThan(0);
    expect(buttons(ran).filter((b) => b.action_id === ACTION_IDS.share).map((b) => b.value)).toEqual(expected.hits.slice(0, 5).map((h) => h.article.id));
  });

  it('escapes hostile query text and catalog text, so nobody is pinged', async () => {
    const reply = await t.response((await t.command('<!channel> zebrafish')).responseId);
    const all = textsOf(reply).join('\n');
    expect(all).toContain('&lt;https://x|y&gt; &amp; &lt;!channel&gt;');
    expect(all).toContain('Mallory &lt;!here&gt;');
    expect(all).not.toMatch(/<!(channel|here|everyone)>/);
    expect(all).not.toContain('<@U0VICTIM>');
  });

  it('still answers when delivery fails, with a reference that is in the error log', async () => {
    t.fake.failChannel('C0BROKEN', 'restricted_action', { times: 1 });
    const article = engine().search('dynamodb').hits[0]!.article;
    const { responseId } = await t.click({ actionId: ACTION_IDS.share, value: article.id, channelId: 'C0BROKEN' });
    const reply = await t.response(responseId);
    const match = /Something went wrong, reference (E[A-Z0-9]+)/.exec(String(reply.text));
    expect(match).not.toBeNull();
    const line = await t.waitForLog((l) => l.msg === 'request failed' && l.reference === match![1]);
    expect(line.level).toBe('error');
  });
});

describe('when Slack itself fails', () => {
  it('logs an expired response_url (nobody left to tell) and keeps serving', async () => {
    t.fake.expireResponseUrl('expired-1');
    const { status } = await t.click({ actionId: ACTION_IDS.next, value: JSON.stringify({ q: 'eks', o: 0 }), responseId: 'expired-1' });
    expect(status).toBe(200);
    const failed = await t.waitForLog((l) => l.msg === 'request failed' && l.kind === 'action:page');
    await t.waitForLog((l) => l.msg === 'could not deliver the failure notice' && l.reference === failed.reference);
    const next = await t.response((await t.command('eks')).responseId);
    expect(next.response_type).toBe('ephemeral');
  });

  it('shows the last page when a stale Next button points past the end', async () => {
    const total = engine().search('multi-tenant').total;
    const reply = await t.response((await t.click({ actionId: ACTION_IDS.next, value: JSON.stringify({ q: 'multi-tenant', o: 500 }) })).responseId);
    const lastStart = Math.floor((total - 1) / 5) * 5;
    expect(blocksOf(reply)[0]?.text.text).toBe(`${lastStart + 1}–${total} of ${total} articles for *multi-tenant*`);
  });

  it('answers a forged or mangled button value with a hint, not an error', async () => {
    const reply = await t.response((await t.click({ actionId: ACTION_IDS.next, value: '{"q":1}' })).responseId);
    expect(reply.text).toContain('That button has expired');
  });
});

describe('mentions and DMs', () => {
  it('answers a mention in a channel in the thread of the mention, top 3 cards and how many more', async () => {
    const status = await t.event('Ev0MENTION1', { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> multi-tenant', ts: '1700000100.000100', channel: 'C0MENTION', event_ts: '1700000100.000100' });
    expect(status).toBe(200);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0MENTION');
    expect(post.params.thread_ts).toBe('1700000100.000100');
    const total = engine().search('multi-tenant').total;
    expect(blocksOf(post.params).filter((b) => b.type === 'section' && /^\*</.test(b.text.text))).toHaveLength(3);
    expect(textsOf(post.params).join('\n')).toContain(`${total - 3} more — type \`/catalog multi-tenant\``);
    // No Share or paging on a public answer; one "See all" that answers the clicker alone.
    const [more, ...others] = buttons(post.params);
    expect(others).toEqual([]);
    expect(more).toMatchObject({ action_id: ACTION_IDS.more, text: { text: `See all ${total} (only you)` } });
    const page = await t.response((await t.click({ actionId: ACTION_IDS.more, value: more!.value, channelId: 'C0MENTION' })).responseId);
    expect(page).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(blocksOf(page)[0]?.text.text).toBe(`5 of ${total} articles for *multi-tenant*`);
    expect(buttons(page).map((b) => b.action_id)).toContain(ACTION_IDS.next);
  });

  it('keeps "See all" and Share from a thread in that thread', async () => {
    const value = JSON.stringify({ q: 'multi-tenant', o: 0 });
    const page = await t.response((await t.click({ actionId: ACTION_IDS.more, value, channelId: 'C0INTHREAD', threadTs: '1700000900.000100' })).responseId);
    expect(page).toMatchObject({ response_type: 'ephemeral', replace_original: false, thread_ts: '1700000900.000100' });
    const share = buttons(page).find((b) => b.action_id === ACTION_IDS.share)!;
    await t.click({ actionId: ACTION_IDS.share, value: share.value, channelId: 'C0INTHREAD', threadTs: '1700000900.000100' });
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0INTHREAD');
    expect(post.params.thread_ts).toBe('1700000900.000100');
  });

  it('answers a mention inside a thread in that thread (the root ts)', async () => {
    await t.event('Ev0MENTION2', { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> eks', ts: '1700000200.000300', thread_ts: '1700000200.000100', channel: 'C0THREAD', event_ts: '1700000200.000300' });
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0THREAD');
    expect(post.params.thread_ts).toBe('1700000200.000100');
  });

  it('answers a bare mention with the help card in the thread', async () => {
    await t.event('Ev0MENTION3', { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT>', ts: '1700000300.000100', channel: 'C0HELP', event_ts: '1700000300.000100' });
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0HELP');
    expect(post.params.thread_ts).toBe('1700000300.000100');
    expect(textsOf(post.params).join('\n')).toContain('@catalog-bot tag:saas');
  });

  it('answers a direct message in the DM', async () => {
    await t.event('Ev0DM1', { type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'dynamodb', ts: '1700000400.000100', channel: 'D0ALICE', event_ts: '1700000400.000100' });
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'D0ALICE');
    const first = engine().search('dynamodb').hits[0]!.article;
    expect(JSON.stringify(post.params.blocks)).toContain(first.url);
  });

  it('ignores bot messages and edits in DMs (no loops)', async () => {
    await t.event('Ev0DM2', { type: 'message', channel_type: 'im', bot_id: 'B0OTHER', user: 'U0OTHERBOT', text: 'dynamodb', ts: '1700000500.000100', channel: 'D0LOOP', event_ts: '1700000500.000100' });
    await t.event('Ev0DM3', { type: 'message', subtype: 'message_changed', channel_type: 'im', text: 'dynamodb', ts: '1700000500.000200', channel: 'D0LOOP', event_ts: '1700000500.000200' });
    // A marker in the same DM, sent after: once it is answered, the earlier two were processed.
    await t.event('Ev0DM4', { type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'eks', ts: '1700000500.000300', channel: 'D0LOOP', event_ts: '1700000500.000300' });
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'D0LOOP');
    await t.waitForLog((l) => l.msg === 'request handled' && l.channel === 'D0LOOP');
    expect(t.fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'D0LOOP')).toHaveLength(1);
  });

  it('answers a retried event (same event_id, X-Slack-Retry-Num) once', async () => {
    const event = { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> eks', ts: '1700000600.000100', channel: 'C0RETRY', event_ts: '1700000600.000100' };
    await t.event('Ev0RETRY', event);
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0RETRY');
    const status = await t.event('Ev0RETRY', event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(status).toBe(200);
    await t.waitForLog((l) => l.msg === 'duplicate event dropped' && l.eventId === 'Ev0RETRY');
    expect(t.fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0RETRY')).toHaveLength(1);
  });

  it('escapes hostile text in public answers too', async () => {
    await t.event('Ev0HOSTILE', { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> zebrafish <!everyone>', ts: '1700000700.000100', channel: 'C0HOSTILE', event_ts: '1700000700.000100' });
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0HOSTILE');
    const all = textsOf(post.params).join('\n');
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).not.toMatch(/<!(channel|here|everyone)>/);
  });
});

describe('every message the fake Slack received', () => {
  it('stays within Block Kit limits, has a text fallback, and has no unescaped markup', () => {
    const seen = t.messages();
    expect(seen.length).toBeGreaterThan(15);
    expect(t.limitProblems()).toEqual([]);
    // The only `<…>` we emit are links and the "shared by" mention of the person who clicked.
    const markup = seen.flatMap(({ message }) => textsOf(message)).flatMap((text) => text.match(/<[^>]*>/g) ?? []);
    expect(markup.filter((m) => !/^<https?:\/\/[^|>\s]+\|[^<>]*>$/.test(m) && !/^<@U0(ALICE|BOB)>$/.test(m))).toEqual([]);
  });

  it('logged one structured line per request with kind and latency', () => {
    const handled = t.logs.filter((l) => l.msg === 'request handled');
    expect(new Set(handled.map((l) => l.kind))).toEqual(new Set(['command', 'action:page', 'action:suggestion', 'action:share', 'action:more', 'mention', 'dm']));
    for (const line of handled) expect(typeof line.latencyMs).toBe('number');
    expect(JSON.stringify(t.logs)).not.toContain('xoxb-test');
  });
});
