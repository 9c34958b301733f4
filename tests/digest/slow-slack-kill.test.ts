/**
 * `catalog-bot digest --now` killed with SIGKILL in the middle of its fan-out to 30 channels while
 * Slack is slow (it takes 1.5 s over each post, and carries out a post it has received even when
 * the sender is gone), then run again: at once, after 1 s, and — with the lease held by a runner on
 * another host — once the lease has run out. Every channel must get its digest exactly once.
 * A probe saw 14 of 30 channels doubled by the rerun at once: it looked for the unconfirmed posts
 * before Slack had carried them out. An unconfirmed attempt is now looked up only once it is as
 * old as the post timeout (DIGEST_POST_TIMEOUT_MS).
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { DIGEST_LOCK } from '../../src/digest/run-digest.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { compileCli, startDigestProcess, type CompiledCli, type DigestProcess } from './cli-process.js';
import { createDigestRig, digestProcessEnv, expectStoreAgreesWithSlack, receivedByChannel, slugs, type DigestRig, type EntrySpec } from './helpers.js';

const CHANNELS = Array.from({ length: 30 }, (_, i) => `C_SLOW_${String(i + 1).padStart(2, '0')}`);
const SLACK_LATENCY_MS = 1_500;
/** The digest gives up on an answer after this long; it is also how old an attempt must be to be looked up. */
const POST_TIMEOUT_MS = 2_500;

let cli: CompiledCli;
let fake: FakeSlack;
let rig: DigestRig;

beforeAll(async () => {
  cli = await compileCli();
});
afterAll(() => cli?.remove());
beforeEach(async () => {
  fake = await startFakeSlack();
  rig = await createDigestRig(fake);
});
afterEach(async () => {
  await rig.cleanup();
  await fake.close();
});

function digestProcess(): DigestProcess {
  return startDigestProcess(cli, digestProcessEnv(rig, fake, { DIGEST_POST_TIMEOUT_MS: String(POST_TIMEOUT_MS) }));
}

/** Subscribed channels and two new articles; Slack slow from here on; a run killed mid-fan-out. */
async function killMidFanOut(): Promise<void> {
  const base: EntrySpec[] = [{ slug: 'base-1' }];
  rig.writeCatalog(base);
  await rig.run(); // baseline
  for (const channel of CHANNELS) await rig.subscribe(channel, '');
  rig.writeCatalog([...base, { slug: 'fresh-1', date: '01 MAY 2024' }, { slug: 'fresh-2', date: '02 MAY 2024' }]);
  fake.delayPostMessages(SLACK_LATENCY_MS, { carryOutIfClientLeaves: true });

  const doomed = digestProcess();
  // Part of the fan-out has reached Slack, none of it answered yet.
  await fake.waitFor(() => fake.callsTo('chat.postMessage').length >= 8, { timeoutMs: 20_000 });
  doomed.child.kill('SIGKILL');
  expect(await doomed.exit).toBeNull();
  expect(fake.callsTo('chat.postMessage').some((c) => c.outcome === 'ok')).toBe(false);
}

/** Every channel has exactly one digest with both new articles, and the store agrees. */
async function expectEachChannelServedOnce(): Promise<void> {
  // Let Slack finish what it was still carrying out.
  for (const call of fake.callsTo('chat.postMessage').filter((c) => c.outcome === 'held')) {
    await fake.waitFor((c) => c.seq === call.seq && c.outcome !== 'held', { timeoutMs: 10_000 });
  }
  const doubled = CHANNELS.filter((c) => fake.messagesIn(c).length > 1);
  const missing = CHANNELS.filter((c) => fake.messagesIn(c).length === 0);
  expect({ doubled, missing }).toEqual({ doubled: [], missing: [] });
  const received = receivedByChannel(fake);
  for (const channel of CHANNELS) expect(received.get(channel), channel).toEqual(slugs('fresh-2', 'fresh-1'));
  await expectStoreAgreesWithSlack(rig, fake, CHANNELS.length * 2);
}

it.each([
  ['at once', 0],
  ['after 1 s', 1_000],
])('rerun %s after a kill -9 mid-fan-out with a slow Slack: every channel served once', async (_when, delayMs) => {
  await killMidFanOut();
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs)); // the timing under test
  const rerun = digestProcess();
  expect(await rerun.exit, rerun.stderr()).toBe(0);
  await expectEachChannelServedOnce();
  const idle = digestProcess();
  expect(await idle.exit).toBe(0);
  expect(idle.stdout()).toMatch(/posted: 0 message/);
}, 90_000);

it('rerun while a runner on another host holds the lease: skipped; after the lease, every channel served once', async () => {
  await killMidFanOut();
  // The killed runner's lease, as if it had run on another host (not known to be dead): held 2 s more.
  const holder = await rig.store.lockHolder(DIGEST_LOCK);
  expect(holder).toBeDefined();
  const leaseMs = 2_000;
  expect(await rig.store.acquireLock(DIGEST_LOCK, 'far-away-host:4242:lease', { now: new Date(), ttlMs: leaseMs, takeOverFrom: holder!.owner })).toBe(true);
  const until = (await rig.store.lockHolder(DIGEST_LOCK))!.expiresAt.getTime();

  const postsBefore = fake.callsTo('chat.postMessage').length;
  const early = digestProcess();
  expect(await early.exit).toBe(0);
  expect(early.stdout()).toContain('another process is running the digest');
  expect(fake.callsTo('chat.postMessage')).toHaveLength(postsBefore);

  await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now()) + 50)); // the lease running out is the timing under test
  const late = digestProcess();
  expect(await late.exit, late.stderr()).toBe(0);
  await expectEachChannelServedOnce();
}, 90_000);
