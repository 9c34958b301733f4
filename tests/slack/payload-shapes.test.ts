/**
 * Malformed but correctly signed payloads, one per listener: refused at the edge with a 400 naming
 * nothing to the sender, or — where the listener can still help — answered politely; never an
 * error thrown inside a listener, a 404 after 3 s or a 500. Signed HTTP requests into the real app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_MODAL_IDS } from '../../src/slack/blocks/search-modal.js';
import { SLASH_COMMAND } from '../../src/slack/names.js';
import { buttonClickBody, eventBody, FORM, JSON_TYPE, newTriggerId, postSigned } from '../helpers/signed-request.js';
import { SIGNING_SECRET, startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

let t: TestSlackApp;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
beforeAll(async () => {
  t = await startTestSlackApp();
  process.on('unhandledRejection', onRejection);
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await t?.close();
});

const form = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
async function status(body: string, contentType: string): Promise<number> {
  const res = await postSigned(t.eventsUrl, { secret: SIGNING_SECRET, body, contentType }, AbortSignal.timeout(5_000));
  await res.arrayBuffer();
  return res.status;
}
/** Log lines that say a listener threw or a request crashed. */
const crashes = () => t.logs.filter((l) => l.level === 'error' && ['slack app error', 'request handling failed', 'request failed'].includes(String(l.msg)));
const user = { id: 'U0ALICE', username: 'alice', team_id: 'T0FAKE' };
const click = () => JSON.parse(new URLSearchParams(buttonClickBody({ actionId: 'share_article', value: 'x', responseUrl: t.fake.responseUrl('malformed') })).get('payload')!) as Record<string, unknown>;
const view = { id: 'V0BAD', type: 'modal', callback_id: SEARCH_MODAL_IDS.callbackId, private_metadata: '', hash: 'h', state: { values: {} } };
const submission = (v: unknown) => ({ type: 'view_submission', team: { id: 'T0FAKE' }, user, trigger_id: newTriggerId(), ...(v === undefined ? {} : { view: v }) });
const command = (fields: Record<string, string>) =>
  new URLSearchParams({ command: SLASH_COMMAND, text: 'kafka', team_id: 'T0FAKE', response_url: t.fake.responseUrl('cmd-malformed'), trigger_id: newTriggerId(), ...fields }).toString();

describe('malformed signed payloads are refused at the edge with 400', () => {
  it.each([
    ['block_actions with user: null', () => form({ ...click(), user: null }), FORM],
    ['block_actions without actions', () => form({ ...click(), actions: [] }), FORM],
    ['an event delivery with event: null', () => JSON.stringify({ ...JSON.parse(eventBody({ eventId: 'EvNull', event: {} })), event: null }), JSON_TYPE],
    ['a slash command without user_id', () => command({ channel_id: 'C0GENERAL' }), FORM],
    ['a slash command without channel_id', () => command({ user_id: 'U0ALICE' }), FORM],
    ['a view submission without view.state', () => form(submission({ ...view, state: undefined })), FORM],
    ['a view submission with values: null', () => form(submission({ ...view, state: { values: null } })), FORM],
    ['a view submission without a view', () => form(submission(undefined)), FORM],
  ])('%s', async (_name, body, contentType) => {
    expect(await status(body(), contentType)).toBe(400);
    expect(crashes()).toEqual([]);
    expect(rejections).toEqual([]);
  });
});

describe('payloads missing what a listener can do without are answered', () => {
  it('a mention without text gets the help in its thread', async () => {
    const ts = '1700005000.000100';
    expect(await status(eventBody({ eventId: 'EvNoText', event: { type: 'app_mention', user: 'U0ALICE', ts, channel: 'C0NOTEXT', event_ts: ts } }), JSON_TYPE)).toBe(200);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.thread_ts === ts);
    expect(post.params.channel).toBe('C0NOTEXT');
    expect(crashes()).toEqual([]);
  });

  it('link_shared with a null among its links still unfurls the valid ones', async () => {
    const article = t.app.runtime.handlerDeps.catalog().articles[0]!;
    const event = { type: 'link_shared', channel: 'C0LINKS', user: 'U0ALICE', message_ts: '1700005100.000100', links: [{ domain: new URL(article.url).hostname, url: article.url }, null] };
    expect(await status(eventBody({ eventId: 'EvNullLink', event }), JSON_TYPE)).toBe(200);
    const unfurl = await t.fake.waitFor((c) => c.method === 'chat.unfurl' && c.params.channel === 'C0LINKS');
    expect(Object.keys(unfurl.params.unfurls as object)).toEqual([article.url]);
    expect(crashes()).toEqual([]);
  });

  it.each([
    ['without its message', { channel: { id: 'C0NOMSG' } }],
    ['without its channel', { message: { type: 'message', text: 'kafka streaming for saas', ts: '1700005200.000100' } }],
  ])('a message shortcut %s: the clicker still hears back', async (name, fields) => {
    const responseId = `related-${name.replace(/\s/g, '-')}`;
    const payload = { type: 'message_action', callback_id: 'catalog_related', trigger_id: newTriggerId(), team: { id: 'T0FAKE' }, user, response_url: t.fake.responseUrl(responseId), ...fields };
    expect(await status(form(payload), FORM)).toBe(200);
    await t.fake.waitFor((c) => (c.method === 'respond' && c.responseUrlId === responseId) || (c.method === 'chat.postEphemeral' && c.params.user === 'U0ALICE' && c.params.channel === 'C0NOMSG'));
    expect(crashes()).toEqual([]);
  });
});
