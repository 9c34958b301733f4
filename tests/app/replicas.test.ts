/**
 * Replicas on one store, end to end. Every topic of the replicas lives here (tests/app holds the
 * whole-app tests):
 * - Two replicas of the real app in this process, on one store, each with its own HTTP port and its
 *   own fake Slack (a load balancer sends each request to one of them). A Slack retry that lands on
 *   the other replica must not be answered twice: the event claim lives in the store, not in one
 *   process's memory. Run on SQLite (one file, two connections) and on PostgreSQL (the run's
 *   throwaway database). A replica stopping answers what it acknowledged first.
 * - Two replicas as processes (`npm start` in HTTP mode) on one PostgreSQL database and one fake
 *   Slack: a Slack retry that reaches the other replica is answered once, also when the replica that
 *   had the event was killed (kill -9) before or just after posting its answer; both report the
 *   store in /healthz and /readyz; SIGTERM lets an answer still on its way to Slack arrive, then
 *   exits 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAppProcess, readyPort, type AppProcess } from '../helpers/app-process.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { freePort } from '../helpers/free-port.js';
import { eventBody, JSON_TYPE, postSigned } from '../helpers/signed-request.js';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';
import { freshDatabase, freshSchemaUrl, TEST_DATABASE_URL, type FreshDatabase } from '../helpers/postgres-test-db.js';


let apps: TestSlackApp[] = [];
afterEach(async () => {
  await Promise.all(apps.map((r) => r.close()));
  apps = [];
});

const stores: Array<[string, () => Promise<Record<string, string>>]> = [
  ['SQLite', async () => ({ DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'catalog-bot-replicas-')), 'shared.db') })],
];
if (TEST_DATABASE_URL) stores.push(['PostgreSQL', async () => ({ DATABASE_URL: await freshSchemaUrl() })]);

describe.each(stores)('two replicas in this process on one %s store', (_name, storeEnv) => {
  it('answers an event once when Slack retries it on the other replica', async () => {
    const env = await storeEnv();
    apps = [await startTestSlackApp(env), await startTestSlackApp(env)];
    const [a, b] = apps as [TestSlackApp, TestSlackApp];
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
    apps = [await startTestSlackApp(env, { eventClaimLeaseMs: leaseMs }), await startTestSlackApp(env, { eventClaimLeaseMs: leaseMs })];
    const [a, b] = apps as [TestSlackApp, TestSlackApp];
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
    apps = [await startTestSlackApp(env), await startTestSlackApp(env)];
    const [a, b] = apps as [TestSlackApp, TestSlackApp];
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
    apps = [t];
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


const SECRET = 'replica-secret';
const TOKEN = 'xoxb-replicas';

describe.skipIf(TEST_DATABASE_URL === undefined)('two replicas on one PostgreSQL', () => {
  let fake: FakeSlack;
  let db: FreshDatabase;
  let dir: string;
  const replicas: AppProcess[] = [];
  const ports: number[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack({ token: TOKEN });
    db = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'catalog-bot-replicas-'));
    // Started together: both migrate the empty database under the advisory lock.
    for (const name of ['a', 'b']) replicas.push(await spawnReplica(name));
    for (const p of replicas) {
      await p.waitForStderr('"msg":"ready"');
      ports.push(readyPort(p));
    }
  }, 60_000);

  const spawnReplica = async (name: string) =>
    startAppProcess({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      DATABASE_URL: db.url,
      INDEX_SNAPSHOT_PATH: join(dir, `index-${name}.json`),
      PORT: String(await freePort()),
    });

  /** A third replica, to be killed; it answers nothing before the test says. */
  const startVictim = async (name: string) => {
    const victim = await spawnReplica(name);
    replicas.push(victim);
    await victim.waitForStderr('"msg":"ready"');
    return { victim, port: readyPort(victim) };
  };
  const RETRY = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' };
  const postsIn = (ts: string) => fake.messagesIn('C0REPLICA').filter((m) => m.threadTs === ts);

  afterAll(async () => {
    for (const p of replicas) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await Promise.all(replicas.map((p) => p.exited));
    await fake.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const mention = (eventId: string, ts: string, port: number, headers: Record<string, string> = {}) =>
    postSigned(`http://127.0.0.1:${port}/slack/events`, {
      secret: SECRET,
      contentType: JSON_TYPE,
      body: eventBody({ eventId, event: { type: 'app_mention', user: 'U0PERSON', text: `<@${fake.botUserId}> badges`, channel: 'C0REPLICA', ts, event_ts: ts } }),
      headers,
    });

  it('report the store in /healthz and are ready', async () => {
    for (const port of ports) {
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { store: unknown };
      expect(health.store).toEqual({ kind: 'postgres', reachable: true });
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    }
  });

  it('answer a retried event once, whichever replica it reaches', async () => {
    const ts = '1700000000.000100';
    expect((await mention('Ev0RETRIED', ts, ports[0]!)).status).toBe(200);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.thread_ts === ts && c.outcome === 'ok');
    // Slack's retry of the same delivery, to the other replica behind the load balancer.
    expect((await mention('Ev0RETRIED', ts, ports[1]!, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status).toBe(200);
    await replicas[1]!.waitForStderr('"eventId":"Ev0RETRIED"');
    expect(replicas[1]!.stderr()).toContain('duplicate event dropped');
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === ts)).toHaveLength(1);
  }, 20_000);

  it('answer once on the other replica, after Slack\'s retry, an event whose replica was killed (kill -9) before answering it', async () => {
    const ts = '1700000000.000300';
    const { victim, port } = await startVictim('killed-before');
    fake.holdPostMessagesAfter(0);
    try {
      const delivery = mention('Ev0KILLED', ts, port).then(
        (res) => res.status,
        () => 'no answer',
      );
      // The victim has claimed the event and worked out its answer; the post has not reached Slack.
      const held = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.thread_ts === ts && c.outcome === 'held');
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBeNull();
      await fake.waitFor((c) => c.seq === held.seq && c.outcome === 'dropped');
      // Never acknowledged, so Slack retries it; the load balancer sends the retry to a live replica.
      expect(await delivery).toBe('no answer');
    } finally {
      fake.releaseHeld();
    }
    expect((await mention('Ev0KILLED', ts, ports[0]!, RETRY)).status).toBe(200);
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.thread_ts === ts && c.outcome === 'ok');
    expect(replicas[0]!.stderr()).toContain('"msg":"event taken over from a replica that did not answer it","eventId":"Ev0KILLED"');
    expect(postsIn(ts)).toHaveLength(1);
    // A further retry (Slack's second) is dropped: the answer is recorded.
    expect((await mention('Ev0KILLED', ts, ports[1]!, { ...RETRY, 'x-slack-retry-num': '2' })).status).toBe(200);
    await replicas[1]!.waitForStderr('"eventId":"Ev0KILLED"');
    expect(postsIn(ts)).toHaveLength(1);
  }, 30_000);

  it('do not answer twice an event whose replica posted the answer and was killed (kill -9) before recording it', async () => {
    const ts = '1700000000.000400';
    const { victim, port } = await startVictim('killed-after');
    // Slack takes the post and never tells the victim: it dies with its answer out but unrecorded.
    fake.answerLate({});
    try {
      const delivery = mention('Ev0POSTED', ts, port).then(
        (res) => res.status,
        () => 'no answer',
      );
      await fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.thread_ts === ts && c.outcome === 'late');
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBeNull();
      expect(await delivery).toBe('no answer');
    } finally {
      fake.answerLate(undefined);
    }
    expect((await mention('Ev0POSTED', ts, ports[0]!, RETRY)).status).toBe(200);
    await replicas[0]!.waitForStderr('"msg":"event already answered in Slack; not posted again","eventId":"Ev0POSTED"');
    expect(postsIn(ts)).toHaveLength(1);
  }, 30_000);

  it('on SIGTERM deliver the answer still on its way to Slack, then exit 0 within 10 s', async () => {
    const ts = '1700000000.000200';
    const victim = replicas[1]!;
    const slowMs = 1_500;
    // Slack takes its time to answer this reply: the shutdown lands while it is under way.
    fake.answerLate({ ms: slowMs });
    try {
      // The ack follows the answer: not awaited before the shutdown.
      const delivery = mention('Ev0SLOW', ts, ports[1]!);
      const slow = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.thread_ts === ts);
      const signalledAt = Date.now();
      victim.child.kill('SIGTERM');
      expect(await victim.exited).toBe(0);
      const exitedAt = Date.now();
      expect(exitedAt - signalledAt).toBeLessThan(10_000);
      // It waited for Slack's answer instead of leaving the reply's outcome unknown.
      expect(exitedAt - slow.receivedAt).toBeGreaterThanOrEqual(slowMs);
      expect(victim.stderr()).not.toContain('stopping with answers still under way');
      expect(postsIn(ts)).toHaveLength(1);
      expect((await delivery).status).toBe(200);
    } finally {
      fake.answerLate(undefined);
      fake.releaseLateAnswers();
    }
  }, 20_000);
});
