/**
 * Real `catalog-bot digest --now` processes killed with SIGKILL in the middle of a run, then
 * started again. Every channel must end up with each of its new articles exactly once: nothing
 * lost, nothing doubled, and the store agreeing with what Slack received.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { seededRandom } from '../../bench/lib/synthetic-catalog.js';
import { startFakeSlack, type FakeSlack, type FakeSlackMessage } from '../helpers/fake-slack.js';
import { compileCli, startDigestProcess, type CompiledCli, type DigestProcess } from './cli-process.js';
import { articleUrl, createDigestRig, digestProcessEnv, expectStoreAgreesWithSlack, linkedUrls, receivedByChannel, slugs, type DigestRig, type EntrySpec } from './helpers.js';

const CHANNELS = ['C_ONE', 'C_TWO', 'C_THREE', 'C_FOUR'];

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
  // Slack answers at once here: an unconfirmed attempt may be looked up a second after it was made.
  return startDigestProcess(cli, digestProcessEnv(rig, fake, { DIGEST_POST_TIMEOUT_MS: '1000' }));
}

const channelMessages = () => fake.messages.filter((m) => !m.channel.startsWith('D'));

const expectStoreMatchesSlack = (expectedDeliveries: number) => expectStoreAgreesWithSlack(rig, fake, expectedDeliveries);

async function subscribeAndGrow(): Promise<EntrySpec[]> {
  const base: EntrySpec[] = [{ slug: 'base-1' }, { slug: 'base-2' }];
  rig.writeCatalog(base);
  await rig.run(); // first run: baseline
  for (const channel of CHANNELS) await rig.subscribe(channel, '');
  rig.writeCatalog([...base, { slug: 'fresh-1', date: '01 MAY 2024' }, { slug: 'fresh-2', date: '02 MAY 2024' }]);
  return base;
}

it('a digest process killed mid-run and restarted delivers the rest, without duplicates', async () => {
  await subscribeAndGrow();

  // Slack accepts the first digest, then leaves every further post hanging.
  fake.holdPostMessagesAfter(1);
  const doomed = digestProcess();
  // Event-driven: the process logs "digest posted" only after Slack accepted it AND it was recorded.
  await doomed.stderrLine((line) => line.includes('"msg":"digest posted"'));
  await fake.waitFor((c) => c.method === 'chat.postMessage' && c.outcome === 'held');
  doomed.child.kill('SIGKILL');
  expect(await doomed.exit).toBeNull(); // killed by a signal, not exited
  // The posts in flight die with the process: wait until the fake has seen each connection close.
  const inFlight = fake.calls.filter((c) => c.outcome === 'held' || c.outcome === 'dropped');
  expect(inFlight.length).toBeGreaterThan(0);
  for (const call of inFlight) await fake.waitFor((c) => c.seq === call.seq && c.outcome === 'dropped');
  expect(fake.messages).toHaveLength(1);
  fake.releaseHeld(); // nothing left to release; Slack answers normally again

  const restarted = digestProcess();
  expect(await restarted.exit).toBe(0);
  expect(restarted.stdout()).toMatch(/posted: 3 message/);

  const received = receivedByChannel(fake);
  for (const channel of CHANNELS) {
    expect(fake.messagesIn(channel), channel).toHaveLength(1);
    expect(received.get(channel), channel).toEqual(slugs('fresh-2', 'fresh-1'));
  }
  // The store agrees with what Slack received: one delivery per (subscription, article), with the
  // ts of the message that carried it.
  await expectStoreMatchesSlack(CHANNELS.length * 2);
  const ids = new Map((await rig.catalog.reload()).catalog.articles.map((a) => [a.url, a.id]));
  for (const d of await rig.store.listDeliveries()) {
    expect(fake.messagesIn(d.channelId).map((m) => m.ts)).toEqual([d.messageTs]);
    expect([articleUrl('fresh-1'), articleUrl('fresh-2')].map((u) => ids.get(u))).toContain(d.articleId);
  }

  // And a third run posts nothing.
  const again = digestProcess();
  expect(await again.exit).toBe(0);
  expect(channelMessages()).toHaveLength(CHANNELS.length);
}, 60_000);

it('a digest process killed after Slack accepted a digest but before recording it: the restart finds it in the channel and posts it once', async () => {
  await subscribeAndGrow();

  // Slack answers the first post; from the second on it posts the message but never answers.
  fake.answerLate({ after: 1 });
  const doomed = digestProcess();
  await fake.waitFor((c) => c.method === 'chat.postMessage' && c.outcome === 'late');
  doomed.child.kill('SIGKILL');
  expect(await doomed.exit).toBeNull();
  fake.answerLate(undefined);

  const restarted = digestProcess();
  expect(await restarted.exit).toBe(0);
  // Posted by Slack, never answered: every one of them is found and recorded, none posted again.
  const acceptedUnanswered = fake.callsTo('chat.postMessage').filter((c) => c.outcome === 'late').length;
  expect(acceptedUnanswered).toBeGreaterThan(0);
  const recovered = Number(/recovered: (\d+) digest/.exec(restarted.stdout())?.[1] ?? 0);
  // (One more when the kill also fell between the first post's answer and its record.)
  expect(recovered).toBeGreaterThanOrEqual(acceptedUnanswered);
  for (const channel of CHANNELS) {
    expect(fake.messagesIn(channel), channel).toHaveLength(1);
    expect(receivedByChannel(fake).get(channel), channel).toEqual(slugs('fresh-2', 'fresh-1'));
  }
  await expectStoreMatchesSlack(CHANNELS.length * 2);
}, 60_000);

type KillPoint = 'post sent, not accepted' | 'post accepted, not answered' | 'digest recorded' | 'looking in the history';

it('20 kills at random points of runs, each followed by a restart: nothing lost, nothing doubled', async () => {
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
  // Seeded, so a failing sequence of kills can be replayed.
  const rand = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const context = `seed ${seed} (CRASH_SEED=${seed} replays it)`;

  const channels = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'];
  const saasOnly = new Set(['C5', 'C6']);
  const base: EntrySpec[] = [{ slug: 'base-1', tags: ['saas'] }];
  rig.writeCatalog(base);
  await rig.run(); // baseline
  for (const channel of channels) await rig.subscribe(channel, saasOnly.has(channel) ? 'tag:saas' : '');

  const articles: EntrySpec[] = [...base];
  const kills: KillPoint[] = [];
  for (let round = 0; kills.length < 20; round += 1) {
    expect(round, `${context}: too many runs finished before their kill point`).toBeLessThan(60);
    // Every round adds an article (every other one tagged saas), so each run has digests to post.
    articles.push({ slug: `fresh-${round}`, date: `${String((round % 28) + 1).padStart(2, '0')} JUN 2024`, ...(round % 2 === 0 ? { tags: ['saas'] } : {}) });
    rig.writeCatalog(articles);

    const point = pick<KillPoint>(['post sent, not accepted', 'post accepted, not answered', 'digest recorded', 'looking in the history']);
    const k = Math.floor(rand() * 4);
    if (point === 'post sent, not accepted') fake.holdPostMessagesAfter(fake.messages.length + k);
    if (point === 'post accepted, not answered') fake.answerLate({ after: k });
    if (point === 'looking in the history') fake.answerLate({ method: 'conversations.history', after: 0 });

    const callsBefore = fake.calls.length;
    const run = digestProcess();
    let posted = 0;
    const reached =
      point === 'digest recorded'
        ? run.stderrLine((line) => line.includes('"msg":"digest posted"') && (posted += 1) > k)
        : fake.waitFor((c) => c.seq > callsBefore && (c.outcome === 'held' || c.outcome === 'late'), { timeoutMs: 30_000 });
    const killed = await Promise.race([reached.then(() => true), run.exit.then(() => false)]).catch(() => false);
    if (killed) {
      run.child.kill('SIGKILL');
      expect(await run.exit, context).toBeNull();
      kills.push(point);
    } else {
      expect(await run.exit, `${context}: ${run.stderr()}`).not.toBeNull();
    }
    // Posts held unanswered die with the process; make sure the fake saw them go before Slack behaves again.
    for (const call of fake.calls.filter((c) => c.outcome === 'held')) await fake.waitFor((c) => c.seq === call.seq && c.outcome === 'dropped');
    fake.releaseHeld();
    fake.answerLate(undefined);
    void reached.catch(() => undefined);
  }

  // A run without faults finishes the work; the one after has nothing left.
  const last = digestProcess();
  expect(await last.exit, `${context}: ${last.stderr()}`).toBe(0);
  const idle = digestProcess();
  expect(await idle.exit).toBe(0);
  expect(idle.stdout(), context).toMatch(/posted: 0 message/);

  const fresh = articles.filter((a) => a.slug.startsWith('fresh-'));
  let expectedDeliveries = 0;
  for (const channel of channels) {
    const expected = fresh.filter((a) => !saasOnly.has(channel) || a.tags?.includes('saas')).map((a) => articleUrl(a.slug));
    expectedDeliveries += expected.length;
    const received = fake.messagesIn(channel).flatMap((m: FakeSlackMessage) => linkedUrls(m));
    const doubled = received.filter((url, i) => received.indexOf(url) !== i);
    const lost = expected.filter((url) => !received.includes(url));
    expect({ channel, doubled, lost }, `${context}, kills: ${kills.join(' / ')}`).toEqual({ channel, doubled: [], lost: [] });
    expect(new Set(received), context).toEqual(new Set(expected));
  }
  await expectStoreMatchesSlack(expectedDeliveries);
  // Every message was posted under its own delivery key.
  const keys = channelMessages().map((m) => JSON.stringify(m.metadata));
  expect(new Set(keys).size).toBe(keys.length);
}, 100_000);
