/**
 * `catalog-bot digest --now` processes sharing one PostgreSQL database, as replicas do: two started
 * together post each digest once (the lease), and one killed with SIGKILL mid fan-out leaves the
 * rest to the next runner with nothing lost and nothing doubled.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { freshDatabase, TEST_DATABASE_URL, type FreshDatabase } from '../helpers/postgres-test-db.js';
import { compileCli, startDigestProcess, type CompiledCli, type DigestProcess } from './cli-process.js';
import { createDigestRig, digestProcessEnv, expectStoreAgreesWithSlack, receivedByChannel, slugs, type DigestRig, type EntrySpec } from './helpers.js';

const CHANNELS = ['C_P1', 'C_P2', 'C_P3', 'C_P4', 'C_P5', 'C_P6'];

describe.skipIf(TEST_DATABASE_URL === undefined)('digest runners on one PostgreSQL', () => {
  let cli: CompiledCli;
  let fake: FakeSlack;
  let db: FreshDatabase;
  let rig: DigestRig;

  beforeAll(async () => {
    cli = await compileCli();
  });
  afterAll(() => cli?.remove());
  beforeEach(async () => {
    fake = await startFakeSlack();
    db = await freshDatabase();
    rig = await createDigestRig(fake, { databaseUrl: db.url });
    const base: EntrySpec[] = [{ slug: 'base-1' }];
    rig.writeCatalog(base);
    await rig.run(); // baseline
    for (const channel of CHANNELS) await rig.subscribe(channel, '');
    rig.writeCatalog([...base, { slug: 'fresh-1', date: '01 MAY 2024' }, { slug: 'fresh-2', date: '02 MAY 2024' }]);
  });
  afterEach(async () => {
    await rig.cleanup();
    await fake.close();
    await db.drop();
  });

  const digestProcess = (): DigestProcess =>
    startDigestProcess(cli, digestProcessEnv(rig, fake, { DATABASE_URL: db.url, DIGEST_POST_TIMEOUT_MS: '1000' }));

  const expectEachChannelOnce = async () => {
    const received = receivedByChannel(fake);
    for (const channel of CHANNELS) {
      expect(fake.messagesIn(channel), channel).toHaveLength(1);
      expect(received.get(channel), channel).toEqual(slugs('fresh-2', 'fresh-1'));
    }
    await expectStoreAgreesWithSlack(rig, fake, CHANNELS.length * 2);
  };

  it('two processes started together post each digest once', async () => {
    // Slack answers slowly, so the two runs overlap.
    fake.answerLate({ ms: 50 });
    const runs = [digestProcess(), digestProcess()];
    expect(await Promise.all(runs.map((r) => r.exit))).toEqual([0, 0]);
    await expectEachChannelOnce();
  }, 60_000);

  it('a runner killed with SIGKILL mid fan-out: the next runner delivers the rest, nothing doubled', async () => {
    fake.holdPostMessagesAfter(2);
    const doomed = digestProcess();
    await doomed.stderrLine((line) => line.includes('"msg":"digest posted"'));
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.outcome === 'held');
    doomed.child.kill('SIGKILL');
    expect(await doomed.exit).toBeNull();
    for (const call of fake.calls.filter((c) => c.outcome === 'held')) await fake.waitFor((c) => c.seq === call.seq && c.outcome === 'dropped');
    const beforeRestart = fake.messages.length;
    expect(beforeRestart).toBeGreaterThan(0);
    expect(beforeRestart).toBeLessThan(CHANNELS.length);
    fake.releaseHeld();

    const next = digestProcess();
    expect(await next.exit, next.stderr()).toBe(0);
    await expectEachChannelOnce();
  }, 60_000);
});
