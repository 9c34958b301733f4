/**
 * Slack section of `npm run bench`: the HTTP mode under load, on 127.0.0.1.
 *
 * - Acknowledgement latency: signed `/catalog <query>` requests sent open-loop (at a fixed rate,
 *   whether or not earlier ones answered) to the app running as its own process, at rising rates.
 *   Latency = request sent → HTTP 200 (the ack). Also "answer" latency: request sent → the
 *   ephemeral answer reaching the (fake) response_url. The highest rate whose ack p99 stays under
 *   100 ms with no failed request is the sustained rate.
 * - Start → ready: process spawn until `GET /healthz` answers 200 (catalog loaded, index ready,
 *   auth.test done, port bound), median of a few starts, from the built `dist/app.js` when present
 *   and from the TypeScript sources through tsx.
 *
 * - The same start with a 100,000-article markdown catalog (BENCH_BIG_START=0 skips it): the
 *   first start builds and writes the index snapshot, later ones load it.
 * - Bursts: 1,000 and then 2,000 signed `/catalog` requests sent at the same instant, each on a new
 *   connection (the worst case for the server: every one must be accepted, read, verified and
 *   acknowledged while the others queue). Ack p50 / p99 / max, and how many took longer than
 *   Slack's 3 s. `BENCH_SLACK=burst npx tsx bench/run.ts slack` runs only this case.
 *
 * Bounded: at most 10 rates × 3 s (a rate that misses is tried once more) plus the starts; about two minutes. The fake Slack runs in this
 * process (it only records the answers), the app in another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeSlack, type FakeSlack } from '../tests/helpers/fake-slack.js';
import { commandBody, FORM, slackSignature } from '../tests/helpers/signed-request.js';
import type { BurstClientReport } from './lib/burst-client.js';
import { percentile } from './lib/stats.js';
import { generateFromBundledCatalog, toCatalogMarkdown } from './lib/synthetic-catalog.js';
import { freePort } from '../tests/helpers/free-port.js';

export const SECRET = 'bench-signing-secret';
const TOKEN = 'xoxb-bench';
/** Requests per second tried, in order; stops after the first rate that misses the target. */
const RATES = [25, 50, 75, 100, 150, 200, 300, 400, 600, 800];
const SECONDS_PER_RATE = 3;
const P99_TARGET_MS = 100;
const STARTS = 3;
/** Simultaneous requests per burst; Slack's deadline for an ack. */
const BURSTS = [1_000, 2_000];
const ACK_DEADLINE_MS = 3_000;
const QUERIES = ['dynamodb', 'multi-tenant saas', 'tag:saas latest', 'author:golding', 'tenant isolation', 'eks', 'serverless', 'iam policies per tenant'];

interface Started {
  child: ChildProcess;
  port: number;
  readyMs: number;
}

interface StartOptions {
  /** Variables added to (or overriding) the app's environment. Default none. */
  env?: Record<string, string>;
  /** Give up after this long. Default 30 s. */
  timeoutMs?: number;
  /** Where the app's stdout and stderr go. Default: discarded. */
  logPath?: string;
}

/** Spawn the app and wait (polling /healthz every 5 ms) until it serves. */
export async function startProcess(args: string[], fake: FakeSlack, dir: string, { env: extraEnv = {}, timeoutMs = 30_000, logPath }: StartOptions = {}): Promise<Started> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      LOG_LEVEL: 'info',
      INDEX_SNAPSHOT_PATH: join(dir, 'index.json'),
      DATABASE_PATH: join(dir, 'state.db'),
      ...extraEnv,
    },
    stdio: logPath === undefined ? ['ignore', 'ignore', 'ignore'] : ['ignore', openSync(logPath, 'a'), openSync(logPath, 'a')],
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  while (performance.now() - started < timeoutMs) {
    if (exited) throw new Error(`bench: the app (${args.join(' ')}) exited before it was ready`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      if (res.ok) return { child, port, readyMs: performance.now() - started };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill();
  throw new Error(`bench: the app was not ready within ${timeoutMs / 1000} s`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface RateResult {
  rate: number;
  sent: number;
  achievedRate: number;
  failed: number;
  ackP50: number;
  ackP99: number;
  answerP50: number;
  answerP99: number;
  answered: number;
  /** Missed the target once and was run again; the better of the two is kept. */
  retried?: boolean;
}

async function loadAt(rate: number, url: string, fake: FakeSlack, round: number): Promise<RateResult> {
  const total = rate * SECONDS_PER_RATE;
  const interval = 1000 / rate;
  const acks: number[] = [];
  const sentAt = new Map<string, number>();
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const id = `bench-${round}-${i}`;
    const body = commandBody({ text: QUERIES[i % QUERIES.length]!, response_url: fake.responseUrl(id), user_id: 'U0BENCH' });
    const ts = Math.floor(Date.now() / 1000);
    const sent = performance.now();
    sentAt.set(id, Date.now());
    inFlight.push(
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': FORM, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': slackSignature(SECRET, ts, body) },
        body,
      }).then(
        async (res) => {
          await res.arrayBuffer();
          if (res.status === 200) acks.push(performance.now() - sent);
          else failed++;
        },
        () => {
          failed++;
        },
      ),
    );
  }
  const sendingMs = performance.now() - start;
  await Promise.all(inFlight);
  // Answers are posted after the ack; wait (bounded) for the stragglers.
  const deadline = Date.now() + 5_000;
  const answeredIds = () => fake.callsTo('respond').filter((c) => c.responseUrlId?.startsWith(`bench-${round}-`));
  while (answeredIds().length < acks.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const answers = answeredIds().map((c) => c.receivedAt - (sentAt.get(c.responseUrlId!) ?? c.receivedAt));
  return {
    rate,
    sent: total,
    achievedRate: total / (sendingMs / 1000),
    failed,
    ackP50: percentile(acks, 50),
    ackP99: percentile(acks, 99),
    answerP50: percentile(answers, 50),
    answerP99: percentile(answers, 99),
    answered: answers.length,
  };
}

interface BurstResult {
  size: number;
  acked: number;
  failed: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  overDeadline: number;
  /** From the first request sent to the last ack. */
  spanMs: number;
  /** Connections that took longer than 1 s to be established (a full accept queue: SYN retransmits). */
  slowConnects: number;
  connectP99: number;
  answered: number;
  /** From the burst's first send to each answer reaching the response_url. */
  answerP99: number;
}

/** Run bench/lib/burst-client.ts in its own process: `size` simultaneous signed requests. */
function runBurstClient(url: string, size: number, responsePrefix: string): Promise<BurstClientReport> {
  const client = fileURLToPath(new URL('./lib/burst-client.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', client, url, SECRET, String(size), responsePrefix], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as BurstClientReport) : reject(new Error(`bench: burst client exited with ${code}`))));
  });
}

/** One burst: the acks as the client saw them, the answers as the fake Slack received them. */
async function burst(size: number, url: string, fake: FakeSlack, round: string): Promise<BurstResult> {
  const prefix = `burst-${round}-`;
  const report = await runBurstClient(url, size, fake.responseUrl(prefix));
  const deadline = Date.now() + 30_000;
  const answeredCalls = () => fake.callsTo('respond').filter((c) => c.responseUrlId?.startsWith(prefix));
  while (answeredCalls().length < report.acks.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const answers = answeredCalls().map((c) => c.receivedAt - report.startedAt);
  return {
    size,
    acked: report.acks.length,
    failed: report.failed,
    ackP50: percentile(report.acks, 50),
    ackP99: percentile(report.acks, 99),
    ackMax: percentile(report.acks, 100),
    overDeadline: report.acks.filter((ms) => ms > ACK_DEADLINE_MS).length + report.failed,
    spanMs: report.spanMs,
    slowConnects: report.connects.filter((ms) => ms > 1_000).length,
    connectP99: percentile(report.connects, 99),
    answered: answers.length,
    answerP99: percentile(answers, 99),
  };
}

/** The burst case on its own app process (so the rate ladder's backlog does not count). */
export async function runBursts(fake: FakeSlack, dir: string, args: string[]): Promise<BurstResult[]> {
  const app = await startProcess(args, fake, dir);
  const url = `http://127.0.0.1:${app.port}/slack/events`;
  const results: BurstResult[] = [];
  try {
    // Warm-up: JIT and the search index's first queries, as a running bot has had.
    await loadAt(50, url, fake, 1_000);
    for (const size of BURSTS) {
      results.push(await burst(size, url, fake, String(size)));
      // Let the answers of one burst drain before the next.
      await new Promise((r) => setTimeout(r, 2_000));
    }
  } finally {
    await stopProcess(app.child);
  }
  return results;
}

function burstSection(results: readonly BurstResult[], label: string): string[] {
  const cpu = cpus();
  return [
    '### Bursts',
    '',
    `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}; app \`${label}\` in its own process (LOG_LEVEL=info), load generator and fake Slack in the benchmark process. Every request of a burst is sent in one loop by a client in its own process, each on a new connection; ack = request sent → HTTP status received; answer = the burst's start → the answer reaching the (fake) response_url.`,
    '',
    '| simultaneous requests | acked | failed | ack p50 ms | ack p99 ms | ack max ms | over 3 s | all acked after ms | connect p99 ms | connects over 1 s | answered | answer p99 ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.size} | ${r.acked} | ${r.failed} | ${f1(r.ackP50)} | ${f1(r.ackP99)} | ${f1(r.ackMax)} | ${r.overDeadline} | ${f1(r.spanMs)} | ${f1(r.connectP99)} | ${r.slowConnects} | ${r.answered} | ${f1(r.answerP99)} |`,
    ),
  ];
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

export async function run(): Promise<string> {
  const fake = await startFakeSlack({ token: TOKEN });
  const dir = mkdtempSync(join(tmpdir(), 'catalog-bot-bench-slack-'));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const built = join(root, 'dist/app.js');
  const sources = join(root, 'src/app.ts');
  const lines: string[] = [];
  try {
    if (process.env.BENCH_SLACK === 'burst') {
      const only: [string, string[]] = existsSync(built) ? ['node dist/app.js', [built]] : ['node --import tsx src/app.ts', ['--import', 'tsx', sources]];
      return ['## Slack app: HTTP mode on 127.0.0.1', '', ...burstSection(await runBursts(fake, dir, only[1]), only[0]), ''].join('\n');
    }
    // Start → ready.
    const startRows: string[] = [];
    const variants: Array<[string, string[]]> = [];
    if (existsSync(built)) variants.push(['node dist/app.js', [built]]);
    variants.push(['node --import tsx src/app.ts', ['--import', 'tsx', sources]]);
    const working: Array<[string, string[]]> = [];
    for (const [label, args] of variants) {
      const times: number[] = [];
      try {
        for (let i = 0; i < STARTS; i++) {
          const s = await startProcess(args, fake, dir);
          times.push(s.readyMs);
          await stopProcess(s.child);
        }
        working.push([label, args]);
        startRows.push(`| \`${label}\` | ${f1(percentile(times, 50))} | ${times.map(f1).join(', ')} |`);
      } catch (error) {
        // A stale or half-built dist/ must not sink the whole section.
        startRows.push(`| \`${label}\` | failed: ${error instanceof Error ? error.message : String(error)} | |`);
      }
    }
    if (working.length === 0) throw new Error('bench: the app did not start in any variant');

    // The same start with a 100,000-article markdown catalog (~90 MB): once without a snapshot
    // (parse + index build + snapshot write), then from the snapshot (parse + snapshot load).
    const bigRows: string[] = [];
    if (existsSync(built) && process.env.BENCH_BIG_START !== '0') {
      const bigDir = join(dir, 'big');
      mkdirSync(bigDir);
      const catalogFile = join(bigDir, 'catalog.md');
      writeFileSync(catalogFile, toCatalogMarkdown(generateFromBundledCatalog(100_000)));
      const megabytes = statSync(catalogFile).size / 1024 ** 2;
      const env = { CATALOG_SOURCE: catalogFile, INDEX_SNAPSHOT_PATH: join(bigDir, 'index.bin'), DATABASE_PATH: join(bigDir, 'state.db') };
      const cold = await startProcess([built], fake, dir, { env, timeoutMs: 120_000 });
      await stopProcess(cold.child);
      const times: number[] = [];
      for (let i = 0; i < STARTS; i++) {
        const s = await startProcess([built], fake, dir, { env, timeoutMs: 120_000 });
        times.push(s.readyMs);
        await stopProcess(s.child);
      }
      bigRows.push(
        `| \`node dist/app.js\`, 100,000 articles (${megabytes.toFixed(0)} MB of markdown), no snapshot yet | ${f1(cold.readyMs)} | ${f1(cold.readyMs)} |`,
        `| \`node dist/app.js\`, 100,000 articles, from the snapshot | ${f1(percentile(times, 50))} | ${times.map(f1).join(', ')} |`,
      );
    }

    // Load at rising rates, against the first variant that started (the built one when it works).
    const [label, args] = working[0]!;
    const app = await startProcess(args, fake, dir);
    const url = `http://127.0.0.1:${app.port}/slack/events`;
    const results: RateResult[] = [];
    try {
      // Warm-up: JIT, keep-alive sockets, snapshot already loaded.
      await loadAt(50, url, fake, 0);
      const misses = (r: RateResult) => r.failed > 0 || r.ackP99 >= P99_TARGET_MS;
      let round = 0;
      for (const rate of RATES) {
        let r = await loadAt(rate, url, fake, ++round);
        // One retry for a miss: on a shared machine a neighbour's burst can spoil a 3-second window.
        if (misses(r)) {
          const again = await loadAt(rate, url, fake, ++round);
          r = { ...(again.ackP99 < r.ackP99 ? again : r), retried: true };
        }
        results.push(r);
        if (misses(r)) break;
      }
    } finally {
      await stopProcess(app.child);
    }
    const bursts = await runBursts(fake, dir, args);
    const sustained = results.filter((r) => r.failed === 0 && r.ackP99 < P99_TARGET_MS && r.achievedRate >= r.rate * 0.9).at(-1);

    const cpu = cpus();
    lines.push(
      '## Slack app: HTTP mode on 127.0.0.1',
      '',
      `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}. App: \`${label}\` in its own process, LOG_LEVEL=info; load generator and fake Slack Web API in the benchmark process. Signed \`/catalog <query>\` requests, open loop, ${SECONDS_PER_RATE} s per rate, ${QUERIES.length} queries in rotation.`,
      '',
      '| target req/s | sent | achieved req/s | failed | ack p50 ms | ack p99 ms | answer p50 ms | answer p99 ms | answered |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...results.map((r) => `| ${r.rate}${r.retried ? ' (2nd try)' : ''} | ${r.sent} | ${f1(r.achievedRate)} | ${r.failed} | ${f1(r.ackP50)} | ${f1(r.ackP99)} | ${f1(r.answerP50)} | ${f1(r.answerP99)} | ${r.answered} |`),
      '',
      sustained
        ? `**Highest sustained rate with ack p99 < ${P99_TARGET_MS} ms: ${sustained.rate} req/s** (p99 ${f1(sustained.ackP99)} ms).${sustained === results.at(-1) && results.length === RATES.length ? ' The highest rate tried; the ceiling is above it.' : ''}`
        : `No rate tried kept ack p99 under ${P99_TARGET_MS} ms.`,
      '',
      '"ack" = request sent → HTTP 200 (Slack needs it within 3 s); "answer" = request sent → the ephemeral answer posted to the response_url (millisecond clock).',
      '',
      ...burstSection(bursts, label),
      '',
      '### Start → ready',
      '',
      `Process spawn until \`GET /healthz\` answers 200 (catalog loaded, index from snapshot after the first start, auth.test, port bound); ${STARTS} starts each.`,
      '',
      '| command | median ms | all runs ms |',
      '|---|---:|---:|',
      ...startRows,
      ...bigRows,
      '',
    );
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then(
    (md) => process.stdout.write(md + '\n'),
    (error: unknown) => {
      process.stderr.write(`bench/slack: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
