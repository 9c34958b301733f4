/**
 * Two replicas of the real app on one store, each with its own HTTP port and its own fake Slack
 * (a load balancer sends each request to one of them). A Slack retry that lands on the other
 * replica must not be answered twice: the event claim lives in the store, not in one process's
 * memory. Run on SQLite (one file, two connections) and on PostgreSQL (the run's throwaway database).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';
import { TEST_DATABASE_URL, freshSchemaUrl } from '../store/postgres-test-db.js';

let replicas: TestSlackApp[] = [];
afterEach(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  replicas = [];
});

const stores: Array<[string, () => Promise<Record<string, string>>]> = [
  ['SQLite', async () => ({ DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'catalog-bot-replicas-')), 'shared.db') })],
];
if (TEST_DATABASE_URL) stores.push(['PostgreSQL', async () => ({ DATABASE_URL: await freshSchemaUrl() })]);

describe.each(stores)('two replicas on one %s store', (_name, storeEnv) => {
  it('answers an event once when Slack retries it on the other replica', async () => {
    const env = await storeEnv();
    replicas = [await startTestSlackApp(env), await startTestSlackApp(env)];
    const [a, b] = replicas as [TestSlackApp, TestSlackApp];
    const event = { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> eks', ts: '1700001600.000100', channel: 'C0FLEET', event_ts: '1700001600.000100' };

    expect(await a.event('Ev0FLEET', event)).toBe(200);
    await a.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0FLEET');
    expect(await b.event('Ev0FLEET', event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
    await b.waitForLog((l) => l.msg === 'duplicate event dropped' && l.eventId === 'Ev0FLEET' && l.seenBy === 'another replica');

    const posts = [...a.fake.callsTo('chat.postMessage'), ...b.fake.callsTo('chat.postMessage')].filter((c) => c.params.channel === 'C0FLEET');
    expect(posts).toHaveLength(1);
  });

  it('answers a retry on the other replica once the first has held the event past its lease without answering', async () => {
    const env = await storeEnv();
    const leaseMs = 300;
    replicas = [await startTestSlackApp(env, { eventClaimLeaseMs: leaseMs }), await startTestSlackApp(env, { eventClaimLeaseMs: leaseMs })];
    const [a, b] = replicas as [TestSlackApp, TestSlackApp];
    const event = { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> eks', ts: '1700001650.000100', channel: 'C0STUCK', event_ts: '1700001650.000100' };
    // a claims the event and is stuck posting its answer (alive: its claim is not taken over at once).
    a.fake.holdPostMessagesAfter(0);
    const firstDelivery = a.event('Ev0STUCK', event);
    await a.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0STUCK' && c.outcome === 'held');

    expect(await b.event('Ev0STUCK', event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
    const takenOver = await b.waitForLog((l) => l.msg === 'event taken over from a replica that did not answer it' && l.eventId === 'Ev0STUCK');
    const posted = await b.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0STUCK' && c.outcome === 'ok');
    expect(String(takenOver.from)).toMatch(/:\d+:/);
    // b waited for a's lease before answering.
    const aPost = a.fake.callsTo('chat.postMessage').find((c) => c.params.channel === 'C0STUCK')!;
    expect(posted.receivedAt - aPost.receivedAt).toBeGreaterThanOrEqual(leaseMs - 50);
    // The answer says what it answers, so a later taker can find it.
    expect(posted.params.metadata).toEqual({ event_type: 'catalog_bot_answer', event_payload: { event_id: 'Ev0STUCK' } });
    // a's ack did not wait for Slack past the deadline.
    expect(await firstDelivery).toBe(200);
    a.fake.dropHeld();
  });

  it('still answers a new event on either replica', async () => {
    const env = await storeEnv();
    replicas = [await startTestSlackApp(env), await startTestSlackApp(env)];
    const [a, b] = replicas as [TestSlackApp, TestSlackApp];
    const mention = (ts: string) => ({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> tenant isolation', ts, channel: 'C0BOTH', event_ts: ts });
    await a.event('Ev0ONE', mention('1700001700.000100'));
    await b.event('Ev0TWO', mention('1700001800.000100'));
    await a.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0BOTH');
    await b.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0BOTH');
  });
});

describe('shutting down', () => {
  it('answers what was acknowledged before it stops (SIGTERM during a rolling restart)', async () => {
    const t = await startTestSlackApp();
    replicas = [t];
    // Slack takes the post but answers it only when the test says: the mention is in flight.
    t.fake.answerLate({});
    await t.event('Ev0DRAIN', { type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> eks', ts: '1700001900.000100', channel: 'C0DRAIN', event_ts: '1700001900.000100' });
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0DRAIN');

    const stopping = t.app.stop();
    const draining = await t.waitForLog((l) => l.msg === 'draining');
    expect(draining.inFlight).toBe(1);
    t.fake.releaseLateAnswers();
    await stopping;

    const handled = t.logs.findIndex((l) => l.msg === 'request handled' && l.kind === 'mention' && l.channel === 'C0DRAIN');
    const stopped = t.logs.findIndex((l) => l.msg === 'stopped');
    expect(handled).toBeGreaterThan(-1);
    expect(handled).toBeLessThan(stopped);
  });
});
