/**
 * A real `catalog-bot digest --now` process is killed (SIGKILL) in the middle of a run — one digest
 * accepted by Slack and recorded, the others in flight — then started again. Every channel must end
 * up with exactly one digest holding all its articles: nothing lost, nothing doubled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { articleUrl, createDigestRig, receivedByChannel, slugs, type DigestRig, type EntrySpec } from './helpers.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CHANNELS = ['C_ONE', 'C_TWO', 'C_THREE', 'C_FOUR'];

let fake: FakeSlack;
let rig: DigestRig;

beforeEach(async () => {
  fake = await startFakeSlack();
  rig = await createDigestRig(fake);
});
afterEach(async () => {
  await rig.cleanup();
  await fake.close();
});

function startDigestProcess(): { child: ChildProcess; stdout: () => string; stderrLines: (predicate: (line: string) => boolean) => Promise<string>; exit: Promise<number | null> } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('SLACK_') && !k.startsWith('DIGEST_')) env[k] = v;
  Object.assign(env, {
    SLACK_BOT_TOKEN: 'xoxb-crash-test',
    SLACK_SIGNING_SECRET: 'crash-test-signing-secret',
    SLACK_API_URL: fake.apiUrl,
    DATABASE_PATH: rig.dbPath,
    CATALOG_SOURCE: rig.catalogPath,
    LOG_LEVEL: 'info',
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'digest', '--now'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let allErr = '';
  const waiters: Array<{ predicate: (line: string) => boolean; resolve: (line: string) => void }> = [];
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    allErr += chunk.toString();
    const lines = err.split('\n');
    err = lines.pop() ?? '';
    for (const line of lines) {
      for (const w of [...waiters]) {
        if (w.predicate(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderrLines: (predicate) =>
      new Promise((resolve, reject) => {
        waiters.push({ predicate, resolve });
        void exit.then((code) => reject(new Error(`digest process exited (${code}) before the expected log line; stdout: ${out}\nstderr: ${allErr}`)));
      }),
    exit,
  };
}

it('a digest process killed mid-run and restarted delivers the rest, without duplicates', async () => {
  const base: EntrySpec[] = [{ slug: 'base-1' }, { slug: 'base-2' }];
  rig.writeCatalog(base);
  await rig.run(); // first run: baseline
  for (const channel of CHANNELS) await rig.subscribe(channel, '');
  const fresh: EntrySpec[] = [{ slug: 'fresh-1', date: '01 MAY 2024' }, { slug: 'fresh-2', date: '02 MAY 2024' }];
  rig.writeCatalog([...base, ...fresh]);

  // Slack accepts the first digest, then leaves every further post hanging.
  fake.holdPostMessagesAfter(1);
  const doomed = startDigestProcess();
  // Event-driven: the process logs "digest posted" only after Slack accepted it AND it was recorded.
  await doomed.stderrLines((line) => line.includes('"msg":"digest posted"'));
  await fake.waitFor((c) => c.method === 'chat.postMessage' && c.outcome === 'held');
  doomed.child.kill('SIGKILL');
  expect(await doomed.exit).toBeNull(); // killed by a signal, not exited
  // The posts in flight die with the process: wait until the fake has seen each connection close.
  const inFlight = fake.calls.filter((c) => c.outcome === 'held' || c.outcome === 'dropped');
  expect(inFlight.length).toBeGreaterThan(0);
  for (const call of inFlight) await fake.waitFor((c) => c.seq === call.seq && c.outcome === 'dropped');
  expect(fake.messages).toHaveLength(1);
  fake.releaseHeld(); // nothing left to release; Slack answers normally again

  const restarted = startDigestProcess();
  expect(await restarted.exit).toBe(0);
  expect(restarted.stdout()).toMatch(/posted: 3 message/);

  const received = receivedByChannel(fake);
  for (const channel of CHANNELS) {
    expect(fake.messagesIn(channel), channel).toHaveLength(1);
    expect(received.get(channel), channel).toEqual(slugs('fresh-2', 'fresh-1'));
  }
  // The store agrees with what Slack received: one delivery per (subscription, article), with the
  // ts of the message that carried it.
  const deliveries = await rig.store.listDeliveries();
  expect(deliveries).toHaveLength(CHANNELS.length * fresh.length);
  const ids = new Map((await rig.catalog.reload()).catalog.articles.map((a) => [a.url, a.id]));
  for (const d of deliveries) {
    expect(fake.messagesIn(d.channelId).map((m) => m.ts)).toEqual([d.messageTs]);
    expect([articleUrl('fresh-1'), articleUrl('fresh-2')].map((u) => ids.get(u))).toContain(d.articleId);
  }

  // And a third run posts nothing.
  const again = startDigestProcess();
  expect(await again.exit).toBe(0);
  expect(fake.messages.filter((m) => !m.channel.startsWith('D'))).toHaveLength(CHANNELS.length);
}, 60_000);
