/**
 * A Slack that carries out chat.postMessage but answers after the client has given up: the post is
 * in the channel, the bot does not know it. With the Web client's default retries on, each late
 * answer was a second (third, fourth) answer in the thread or public card. Now an unanswered post
 * is looked up by its metadata and never sent again when it is there. The real app, signed
 * requests, the fake Slack answering late; the app's Bolt client keeps its retries on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/slack/blocks/actions.js';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

let t: TestSlackApp;
beforeAll(async () => {
  // Retries on (quick ones), and a client timeout well under the late answer.
  t = await startTestSlackApp({}, { retryConfig: { retries: 3, factor: 1, minTimeout: 20, maxTimeout: 20 }, webApiTimeoutMs: 300 });
});
afterAll(async () => {
  t.fake.answerLate(undefined);
  t.fake.releaseLateAnswers();
  await t?.close();
});

/** The log line that closes a request of this kind (handled, or failed with an apology). */
const finished = (kind: string) => t.waitForLog((l) => (l.msg === 'request handled' || l.msg === 'request failed') && l.kind === kind);

describe('a chat.postMessage Slack carries out but answers late', () => {
  it('answers a mention once in its thread, found by its metadata instead of posted again', async () => {
    t.fake.answerLate({ method: 'chat.postMessage', ms: 2_000 });
    const ts = '1700000300.000100';
    expect(await t.event('EvLateMention', { type: 'app_mention', user: 'U0ALICE', text: `<@${t.fake.botUserId}> kafka`, ts, channel: 'C0LATE', event_ts: ts })).toBe(200);
    const line = await finished('mention');
    expect(line.msg).toBe('request handled');
    expect(t.fake.messagesIn('C0LATE').filter((m) => m.threadTs === ts)).toHaveLength(1);
    expect(t.logs.some((l) => l.msg === 'post outcome was unknown; found it in Slack, not posted again')).toBe(true);
  });

  it('makes one public card for one Share click', async () => {
    t.fake.answerLate({ method: 'chat.postMessage', ms: 2_000 });
    const articleId = t.app.runtime.handlerDeps.catalog().articles[0]!.id;
    const { status } = await t.click({ actionId: ACTION_IDS.share, value: articleId, channelId: 'C0LATESHARE' });
    expect(status).toBe(200);
    expect((await finished('action:share')).msg).toBe('request handled');
    expect(t.fake.messagesIn('C0LATESHARE')).toHaveLength(1);
  });

  it('does not post again when the conversation cannot be looked up (at most once), and says so in the log', async () => {
    t.fake.answerLate({ method: 'chat.postMessage', ms: 2_000 });
    t.fake.failChannel('C0BLIND', 'internal_error', { methods: ['conversations.replies'] });
    const ts = '1700000400.000100';
    await t.event('EvLateBlind', { type: 'app_mention', user: 'U0ALICE', text: `<@${t.fake.botUserId}> kafka`, ts, channel: 'C0BLIND', event_ts: ts });
    await t.waitForLog((l) => l.msg === 'post outcome unknown and the conversation could not be looked up; not posting again');
    await finished('mention');
    expect(t.fake.messagesIn('C0BLIND').filter((m) => m.threadTs === ts)).toHaveLength(1);
  });
});
