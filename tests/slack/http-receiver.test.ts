/**
 * Every request to POST /slack/events gets a definite answer, promptly: correctly signed bodies
 * that are not JSON objects get 400 (Bolt alone would leave the connection open, with an unhandled
 * rejection), signed requests from more than five minutes in the future get 401 like stale ones;
 * an event delivery is acknowledged once answered, or at the deadline.
 * Real signed HTTP requests into the real app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';
import { ackCarriesNothing, MAX_BODY_BYTES, MAX_UNSIGNED_BODY_BYTES } from '../../src/slack/http-receiver.js';
import { ACTION_IDS } from '../../src/slack/blocks/actions.js';
import { buttonClickBody, commandBody, FORM, globalShortcutBody, JSON_TYPE, postSigned, viewSubmissionBody, type SignedPostOptions } from '../helpers/signed-request.js';

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

/** POST and return the status; a request left unanswered fails the test after 5 s instead of hanging. */
async function status(options: Omit<SignedPostOptions, 'secret'> & { secret?: string }): Promise<number> {
  const res = await postSigned(t.eventsUrl, { secret: SIGNING_SECRET, ...options }, AbortSignal.timeout(5_000));
  await res.arrayBuffer();
  return res.status;
}

const now = () => Math.floor(Date.now() / 1000);

describe('bodies that are signed but are not what Slack sends', () => {
  it.each([
    ['JSON null', 'null', JSON_TYPE],
    ['a JSON array', '[]', JSON_TYPE],
    ['a JSON string', '"event_callback"', JSON_TYPE],
    ['a JSON number', '42', JSON_TYPE],
    ['JSON that does not parse', '{"type":', JSON_TYPE],
    ['payload=null', 'payload=null', FORM],
    ['payload=[1]', 'payload=%5B1%5D', FORM],
    ['a payload that does not parse', 'payload=%7B', FORM],
  ])('%s gets 400 at once', async (_name, body, contentType) => {
    expect(await status({ body, contentType })).toBe(400);
    expect(rejections).toEqual([]);
  });

  it('are refused with 401 when unsigned, before the body is looked at', async () => {
    expect(await status({ body: 'null', contentType: JSON_TYPE, signature: 'v0=' + '0'.repeat(64) })).toBe(401);
  });

  it("leave the app answering: Slack's own requests still work after them", async () => {
    const { status: code, responseId } = await t.command('dynamodb');
    expect(code).toBe(200);
    expect((await t.response(responseId)).response_type).toBe('ephemeral');
  });
});

describe('request timestamps', () => {
  const body = () => commandBody({ text: 'eks', response_url: t.fake.responseUrl(`ts-${Math.random()}`) });

  it('refuses a correctly signed request from more than five minutes in the future with 401', async () => {
    expect(await status({ body: body(), contentType: FORM, timestamp: now() + 6 * 60 })).toBe(401);
    expect(await status({ body: body(), contentType: FORM, timestamp: now() + 24 * 3600 })).toBe(401);
  });

  it('accepts clock skew inside the window, both ways', async () => {
    expect(await status({ body: body(), contentType: FORM, timestamp: now() + 4 * 60 })).toBe(200);
    expect(await status({ body: body(), contentType: FORM, timestamp: now() - 4 * 60 })).toBe(200);
  });

  it('refuses a timestamp that is not a number', async () => {
    const res = await fetch(t.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': FORM, 'x-slack-request-timestamp': 'soon', 'x-slack-signature': 'v0=abc' },
      body: body(),
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(401);
  });
});

describe('what Bolt already handled stays as it was', () => {
  it("answers Slack's unsigned ssl_check probe with 200", async () => {
    const res = await fetch(t.eventsUrl, { method: 'POST', headers: { 'content-type': FORM }, body: 'ssl_check=1&token=x', signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
  });

  it('passes nothing smuggled in an unsigned ssl_check on to the listeners', async () => {
    const article = t.app.runtime.handlerDeps.catalog().articles[0]!;
    const smuggled = new URLSearchParams(buttonClickBody({ actionId: ACTION_IDS.share, value: article.id, responseUrl: t.fake.responseUrl('smuggled'), channelId: 'C0SMUGGLED' }));
    smuggled.set('ssl_check', '1');
    const res = await fetch(t.eventsUrl, { method: 'POST', headers: { 'content-type': FORM }, body: smuggled.toString(), signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(200);
    // A signed click sent after it is answered; by then the smuggled one would have been too.
    await t.click({ actionId: ACTION_IDS.share, value: article.id, channelId: 'C0MARKER' });
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0MARKER');
    expect(t.fake.calls.filter((c) => c.params.channel === 'C0SMUGGLED' || c.responseUrlId === 'smuggled')).toEqual([]);
  });

  it('serves /healthz and answers other paths with 404', async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/nowhere`, { method: 'POST', body: 'x' })).status).toBe(404);
  });
});

describe('which requests are acknowledged before Bolt runs', () => {
  it('slash commands, button clicks and event deliveries; not the kinds whose ack carries an answer', () => {
    expect(ackCarriesNothing({ command: '/catalog', text: 'eks' })).toBe(true);
    expect(ackCarriesNothing({ type: 'block_actions' })).toBe(true);
    expect(ackCarriesNothing({ type: 'event_callback' })).toBe(true);
    // A modal's submission may answer with errors, an options request with options, the handshake with its challenge.
    for (const type of ['view_submission', 'block_suggestion', 'url_verification', 'shortcut', 'message_action']) expect(ackCarriesNothing({ type })).toBe(false);
  });
});

describe('an event delivery is acknowledged after its answer, by the deadline at the latest', () => {
  const mention = (ts: string) => ({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> eks', ts, channel: 'C0ACK', event_ts: ts });

  it('answers a mention before the 200 (a process killed before answering leaves the event to Slack\'s retry)', async () => {
    const ts = '1700002000.000100';
    expect(await t.event('Ev0ACKAFTER', mention(ts))).toBe(200);
    // Already posted when the ack arrived: nothing to wait for.
    expect(t.fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts && c.outcome === 'ok')).toHaveLength(1);
  });

  it('still acknowledges, by EVENT_ACK_DEADLINE_MS, when Slack is slow to take the answer', async () => {
    const ts = '1700002000.000200';
    t.fake.answerLate({});
    try {
      expect(await t.event('Ev0ACKSLOW', mention(ts))).toBe(200);
      // Acked while Slack still held back its answer to the post.
      const post = t.fake.callsTo('chat.postMessage').find((c) => c.params.thread_ts === ts);
      expect(post?.outcome).toBe('late');
    } finally {
      t.fake.answerLate(undefined);
      t.fake.releaseLateAnswers();
    }
  });
});

describe('payloads no listener handles are answered at once by the gate (never Bolt\'s 3 s wait and 404)', () => {
  const form = (payload: Record<string, unknown>) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const user = { id: 'U0ALICE', username: 'alice', team_id: 'T0FAKE' };
  const view = { id: 'V0CLOSED', type: 'modal', callback_id: 'catalog_search_modal', state: { values: {} }, private_metadata: '', hash: 'h' };
  async function answer(body: string, contentType: string): Promise<{ status: number; text: string }> {
    const res = await postSigned(t.eventsUrl, { secret: SIGNING_SECRET, body, contentType }, AbortSignal.timeout(5_000));
    return { status: res.status, text: await res.text() };
  }

  it("logs the Events API's app_rate_limited notice as a warning with the minute it names, and answers 200", async () => {
    const body = JSON.stringify({ token: 'legacy-verification-token', type: 'app_rate_limited', team_id: 'T0FAKE', minute_rate_limited: 1518467820, api_app_id: 'A0APP' });
    expect((await answer(body, JSON_TYPE)).status).toBe(200);
    const line = await t.waitForLog((l) => l.level === 'warn' && l.minute !== undefined);
    expect(line.minute).toBe('2018-02-12T20:37:00.000Z');
  });

  it.each([
    ['view_closed', () => form({ type: 'view_closed', team: { id: 'T0FAKE' }, user, view, is_cleared: false })],
    ['a view submission for a callback id we did not register', () => viewSubmissionBody({ modal: { id: 'V0X', hash: 'h', callbackId: 'someone_elses_modal' } })],
    ['a shortcut with a callback id we did not register', () => globalShortcutBody({ callbackId: 'not_a_shortcut_of_ours' })],
    ['a payload type nobody listens to', () => form({ type: 'interactive_message', user, callback_id: 'legacy' })],
  ])('%s gets 200 with an empty body', async (_name, body) => {
    expect(await answer(body(), FORM)).toEqual({ status: 200, text: '' });
  });

  it('block_suggestion gets an empty option list', async () => {
    const res = await answer(form({ type: 'block_suggestion', user, action_id: 'pick', block_id: 'b', value: 'ka', view }), FORM);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ options: [] });
  });

  it.each([
    ['an empty form body', '', FORM],
    ['an empty JSON body', '', JSON_TYPE],
    ['an object that is neither a command nor a typed payload', '{}', JSON_TYPE],
  ])('%s gets 400', async (_name, body, contentType) => {
    expect((await answer(body, contentType)).status).toBe(400);
    expect(rejections).toEqual([]);
  });
});

describe('bodies are capped before they are buffered', () => {
  const headers = (timestamp = now()) => ({ 'content-type': FORM, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': 'v0=' + '0'.repeat(64) });
  /** A body that sends `chunks` chunks of `chunkBytes` bytes and then stays open until the test ends it. */
  function endlessBody(chunkBytes: number, chunks: number): { body: ReadableStream<Uint8Array>; end: () => void } {
    let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        controller = c;
        for (let i = 0; i < chunks; i += 1) c.enqueue(new Uint8Array(chunkBytes).fill(97));
      },
    });
    return { body, end: () => controller?.close() };
  }

  it('refuses a declared Content-Length over 1 MB with 413', async () => {
    const res = await fetch(t.eventsUrl, { method: 'POST', headers: headers(), body: 'a'.repeat(MAX_BODY_BYTES + 1), signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(413);
  });

  it('refuses a streamed body with 413 as soon as it passes 1 MB, without waiting for its end', async () => {
    const stream = endlessBody(256 * 1024, 5);
    try {
      const res = await fetch(t.eventsUrl, { method: 'POST', headers: headers(), body: stream.body, duplex: 'half', signal: AbortSignal.timeout(5_000) } as RequestInit);
      expect(res.status).toBe(413);
    } finally {
      stream.end();
    }
  });

  it('refuses a stale timestamp with 401 before reading the body (the body never ends)', async () => {
    const stream = endlessBody(1024, 1);
    try {
      const res = await fetch(t.eventsUrl, { method: 'POST', headers: headers(now() - 10 * 60), body: stream.body, duplex: 'half', signal: AbortSignal.timeout(5_000) } as RequestInit);
      expect(res.status).toBe(401);
    } finally {
      stream.end();
    }
  });

  it('reads at most a few kB from a request without signature headers', async () => {
    const res = await fetch(t.eventsUrl, { method: 'POST', headers: { 'content-type': FORM }, body: 'a'.repeat(MAX_UNSIGNED_BODY_BYTES + 1), signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(413);
  });

  it('still takes a signed body just under the cap', async () => {
    const text = 'kafka '.repeat(Math.floor((MAX_BODY_BYTES - 2000) / 6));
    expect(await status({ body: commandBody({ text, response_url: t.fake.responseUrl('near-cap') }), contentType: FORM })).toBe(200);
  });
});
