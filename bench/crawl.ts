/**
 * Crawl section of `npm run bench`: 10,000 generated pages with site chrome (navigation, a cookie
 * banner, a "recent posts" sidebar, a footer around a ~4 KB article) served from 127.0.0.1 on ten
 * ports (ten origins, as a catalog spanning several blogs), crawled by the real crawler
 * (`crawlCatalog`: robots.txt, per-host limit CRAWL_CONCURRENCY=4, Readability on linkedom) into a
 * real SQLite store, pages parsed in the extraction worker thread as the bot and the CLI do. The
 * server runs in a worker thread of its own, so it does not share the crawler's thread.
 *
 * Reported: the first crawl's time (target ≤ 3 min on the 2-core machine), pages per second, the
 * event loop's delay during it (what an answer would wait, as a proxy for ack latency), then a
 * second crawl of the unchanged site: every page request must be conditional and answered 304.
 * `CRAWL_BENCH_PAGES` changes the page count (a quick look).
 *
 * Then acks during a crawl: the real bot (HTTP mode, fake Slack, CATALOG_FULL_TEXT=on) with a
 * 2,000-article catalog whose pages are on the local site, crawling them in the background after
 * start, while signed `/catalog` requests arrive open-loop at 50/s. Ack = request sent → HTTP 200.
 * The client runs in the bot's process (a stall of the bot's event loop delays its clock too, so
 * it is counted, not hidden). Target: ack p99 < 100 ms. A control runs the same bot with full text off
 * for as long. `CRAWL_BENCH_DEBUG=1` prints each ack slower than 100 ms with when it was sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import { startApp } from '../src/app.js';
import { crawlCatalog, createWorkerExtractor, failedCount, type CrawlSummary } from '../src/fetching/index.js';
import { silentLogger } from '../src/logger.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { startFakeSlack } from '../tests/helpers/fake-slack.js';
import { commandBody, FORM, postSigned } from '../tests/helpers/signed-request.js';
import { percentile } from './lib/stats.js';
import { generateFromBundledCatalog, toCatalogMarkdown } from './lib/synthetic-catalog.js';

const PAGES = Number(process.env.CRAWL_BENCH_PAGES ?? 10_000);
const ACK_PAGES = 2_000;
const ACK_RATE = 50;
const ACK_TARGET_MS = 100;
const ORIGINS = 10;
const TARGET_MS = 3 * 60_000;

/** The site: pages generated on request from their number (deterministic), ETag per page, 304 on If-None-Match. */
const SERVER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
// The site stands in for servers elsewhere: on this 2-core machine it must not outrank the bot.
try { require('node:os').setPriority(15); } catch {}
const WORDS = 'latency tenant partition cluster throughput replica index query cache shard kernel profiler flame graph sampling allocator compiler linker wasm runtime container scheduler queue stream window watermark checkpoint state backend operator deploy rollout canary metric trace span budget quota billing storage bucket object lifecycle policy role token secret rotation audit event schema migration column vector embedding ranking passage snippet crawler robots delay retry backoff'.split(' ');
function rand(seed) { let s = seed >>> 0; return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; }; }
function sentence(r) { const n = 8 + Math.floor(r() * 12); const w = []; for (let i = 0; i < n; i++) w.push(WORDS[Math.floor(r() * WORDS.length)]); const t = w.join(' '); return t[0].toUpperCase() + t.slice(1) + '.'; }
function pageHtml(n) {
  const r = rand(n + 1);
  const paragraphs = [];
  let size = 0;
  while (size < 4000) { const p = Array.from({ length: 4 }, () => sentence(r)).join(' '); paragraphs.push('<p>' + p + '</p>'); size += p.length; }
  const recent = Array.from({ length: 8 }, (_, i) => '<li><a href="/p/' + ((n + i + 1) % 10000) + '">Recent post ' + ((n + i + 1) % 10000) + '</a></li>').join('');
  return '<!doctype html><html><head><meta charset="utf-8"><title>Post ' + n + ' | Bench Blog</title><script>window.dataLayer=[];</script><style>body{margin:0}</style></head><body>'
    + '<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>'
    + '<header><a href="/">Bench Blog</a><nav><a href="/">Home</a><a href="/tags">Tags</a><a href="/archive">Archive</a><a href="/about">About</a></nav></header>'
    + '<div class="layout"><main><article><h1>Post ' + n + ': ' + sentence(r) + '</h1><p class="byline">By Bench Author</p>' + paragraphs.join('') + '</article>'
    + '<section class="comments"><h3>Comments</h3><p>Nice post!</p></section></main>'
    + '<aside class="sidebar"><h2>Recent posts</h2><ul>' + recent + '</ul><h2>Newsletter</h2><p>Subscribe for updates.</p></aside></div>'
    + '<footer><p>Copyright 2024 Bench Blog. All rights reserved.</p><a href="/privacy">Privacy</a></footer></body></html>';
}
const counts = { pages: 0, conditional: 0, notModified: 0, robots: 0 };
const ports = [];
let ready = 0;
for (let i = 0; i < workerData.origins; i++) {
  const server = createServer((req, res) => {
    if (req.url === '/robots.txt') { counts.robots++; res.writeHead(200, { 'content-type': 'text/plain' }); res.end('User-agent: *\\nDisallow: /private/\\n'); return; }
    const n = Number(req.url.slice(3));
    const etag = '"p' + n + '-v1"';
    counts.pages++;
    if (req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined) counts.conditional++;
    if (req.headers['if-none-match'] === etag) { counts.notModified++; res.writeHead(304, { etag }); res.end(); return; }
    const body = pageHtml(n);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body), etag, 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => { ports[i] = server.address().port; if (++ready === workerData.origins) parentPort.postMessage({ ports }); });
}
parentPort.on('message', (m) => { if (m === 'counts') { parentPort.postMessage({ counts: { ...counts } }); for (const k in counts) counts[k] = 0; } });
`;

interface Counts {
  pages: number;
  conditional: number;
  notModified: number;
  robots: number;
}

async function startServer(): Promise<{ ports: number[]; counts(): Promise<Counts>; stop(): Promise<void> }> {
  const worker = new Worker(SERVER, { eval: true, workerData: { origins: ORIGINS } });
  const ports = await new Promise<number[]>((resolve) => worker.once('message', (m: { ports: number[] }) => resolve(m.ports)));
  return {
    ports,
    counts: () =>
      new Promise((resolve) => {
        worker.once('message', (m: { counts: Counts }) => resolve(m.counts));
        worker.postMessage('counts');
      }),
    stop: async () => void (await worker.terminate()),
  };
}

interface Run {
  summary: CrawlSummary;
  counts: Counts;
  loopP99Ms: number;
  loopMaxMs: number;
}

export async function run(): Promise<string> {
  return `${await crawlSection()}\n\n${await acksDuringCrawl()}`;
}

async function crawlSection(): Promise<string> {
  const server = await startServer();
  const dir = mkdtempSync(join(tmpdir(), 'bench-crawl-'));
  const store = await openSqliteStore(join(dir, 'state.db'));
  // As the bot and `catalog-bot crawl` do: pages parsed in a worker thread.
  const extractor = createWorkerExtractor();
  try {
    const articles = Array.from({ length: PAGES }, (_, n) => ({ url: `http://127.0.0.1:${server.ports[n % ORIGINS]}/p/${n}` }));
    const crawlOnce = async (): Promise<Run> => {
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const summary = await crawlCatalog({ articles, store, revalidateOlderThanMs: 0, extract: extractor.extract });
      loop.disable();
      return { summary, counts: await server.counts(), loopP99Ms: loop.percentile(99) / 1e6, loopMaxMs: loop.max / 1e6 };
    };
    const first = await crawlOnce();
    const second = await crawlOnce();
    const texts = await store.articleTexts();
    const sample = texts.get(articles[0]!.url) ?? '';
    const chromeLeft = ['cookies', 'Recent post', 'Newsletter', 'All rights reserved', 'Nice post'].filter((w) => sample.includes(w));

    const s1 = first.summary;
    const s2 = second.summary;
    const met1 = s1.durationMs <= TARGET_MS && s1.fetched === PAGES;
    const conditionalOnly = second.counts.pages === PAGES && second.counts.conditional === PAGES && second.counts.notModified === PAGES && s2.unchanged === PAGES;
    const row = (name: string, r: Run) =>
      `| ${name} | ${(r.summary.durationMs / 1000).toFixed(1)} s | ${Math.round((PAGES / r.summary.durationMs) * 1000)} | ${r.summary.fetched} | ${r.summary.unchanged} | ${failedCount(r.summary)} | ${r.counts.pages} | ${r.counts.conditional} | ${r.counts.notModified} | ${r.counts.robots} | ${r.loopP99Ms.toFixed(0)} / ${r.loopMaxMs.toFixed(0)} ms |`;
    return [
      '## crawl',
      '',
      `${PAGES.toLocaleString('en-US')} generated pages with chrome (~4 KB article each) on ${ORIGINS} local origins, crawled by \`crawlCatalog\` into SQLite (per-host limit 4, Readability on linkedom in the extraction worker thread, as the bot and \`catalog-bot crawl\` run it).`,
      '',
      '| run | time | pages/s | fetched | unchanged (304) | failed | page requests | conditional | answered 304 | robots.txt | event loop delay p99 / max |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
      row('first crawl', first),
      row('second crawl (site unchanged)', second),
      '',
      `- First crawl ≤ 3 min: **${met1 ? 'met' : 'NOT met'}** (${(s1.durationMs / 1000).toFixed(1)} s, ${s1.withText} of ${PAGES} pages with text).`,
      `- Second crawl sends only conditional requests, all answered 304: **${conditionalOnly ? 'met' : 'NOT met'}** (${second.counts.conditional} of ${second.counts.pages} conditional).`,
      `- Extraction check on page 0: ${sample.length} characters kept; chrome left in it: ${chromeLeft.length === 0 ? 'none' : chromeLeft.join(', ')}.`,
    ].join('\n');
  } finally {
    await extractor.close();
    await store.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface AckRun {
  seconds: number;
  requests: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
  loopP99: number;
  loopMax: number;
  texts: string;
}

/**
 * Acks of the real bot while `/catalog` requests come in at ACK_RATE per second: with full text on,
 * until its background crawl of the 2,000 pages ends; with it off (the control: same bot, same
 * catalog, same machine, no crawl), for `seconds`.
 */
async function ackRun(fullText: boolean, seconds: number): Promise<AckRun> {
  const server = await startServer();
  const fake = await startFakeSlack({ token: 'xoxb-bench' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-crawl-acks-'));
  const secret = 'bench-crawl-secret';
  try {
    const articles = generateFromBundledCatalog(ACK_PAGES).map((a, n) => ({ ...a, url: `http://127.0.0.1:${server.ports[n % ORIGINS]}/p/${n}` }));
    writeFileSync(join(dir, 'catalog.md'), toCatalogMarkdown(articles));
    const app = await startApp(
      {
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: secret,
        SLACK_API_URL: fake.apiUrl,
        CATALOG_SOURCE: join(dir, 'catalog.md'),
        DATABASE_PATH: join(dir, 'state.db'),
        INDEX_SNAPSHOT_PATH: join(dir, 'index.snapshot'),
        CATALOG_FULL_TEXT: fullText ? 'on' : 'off',
        LOG_LEVEL: 'warn',
      },
      { port: 0, logger: silentLogger, retryConfig: { retries: 0 } },
    );
    try {
      const url = `http://127.0.0.1:${app.port}/slack/events`;
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const queries = ['tenant isolation', 'dynamodb', 'latency', 'eks cluster', 'billing'];
      const acks: number[] = [];
      let failed = 0;
      const started = performance.now();
      let running = true;
      const done = fullText ? app.crawler!.idle() : new Promise<void>((resolve) => setTimeout(resolve, seconds * 1000));
      const finished = done.then(() => (running = false));
      const sent: Array<Promise<void>> = [];
      // Open loop: one request every 1000/ACK_RATE ms by the clock, whether or not earlier ones answered.
      for (let i = 0; running; i += 1) {
        const due = started + (i * 1000) / ACK_RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const at = performance.now();
        const body = commandBody({ text: queries[i % queries.length]!, response_url: fake.responseUrl(`r${i}`) });
        sent.push(
          postSigned(url, { secret, body, contentType: FORM }).then(
            async (res) => {
              await res.arrayBuffer();
              if (res.status === 200) acks.push(performance.now() - at);
              else failed += 1;
              if (process.env.CRAWL_BENCH_DEBUG && performance.now() - at > 100) console.error(`slow ack ${(performance.now() - at).toFixed(0)} ms sent at ${((at - started) / 1000).toFixed(2)} s`);
            },
            () => void (failed += 1),
          ),
        );
      }
      await finished;
      await Promise.all(sent);
      const elapsed = performance.now() - started;
      loop.disable();
      const health = (await (await fetch(`http://127.0.0.1:${app.port}/healthz`)).json()) as { texts?: { withText?: number; articles?: number } };
      return {
        seconds: elapsed / 1000,
        requests: acks.length + failed,
        failed,
        p50: percentile(acks, 50),
        p99: percentile(acks, 99),
        max: Math.max(...acks),
        loopP99: loop.percentile(99) / 1e6,
        loopMax: loop.max / 1e6,
        texts: fullText ? `${health.texts?.withText ?? '?'} of ${health.texts?.articles ?? '?'}` : 'off',
      };
    } finally {
      await app.stop();
    }
  } finally {
    await fake.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function acksDuringCrawl(): Promise<string> {
  const crawling = await ackRun(true, 0);
  const control = await ackRun(false, Math.max(5, Math.round(crawling.seconds)));
  const row = (name: string, r: AckRun) =>
    `| ${name} | ${r.seconds.toFixed(1)} s | ${r.texts} | ${r.requests} | ${r.failed} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(1)} ms | ${r.loopP99.toFixed(0)} / ${r.loopMax.toFixed(0)} ms |`;
  return [
    '### Acks while the bot crawls 2,000 pages',
    '',
    `The bot (HTTP mode, fake Slack) with ${ACK_PAGES.toLocaleString('en-US')} articles on the local site, signed \`/catalog\` requests open-loop at ${ACK_RATE}/s: with CATALOG_FULL_TEXT=on until its background crawl ended, then the same bot with it off for as long (the control).`,
    '',
    '| bot | time | texts after | requests | failed | ack p50 | ack p99 | ack max | event loop delay p99 / max |',
    '|---|---|---|---|---|---|---|---|---|',
    row('crawling (full text on)', crawling),
    row('control (full text off)', control),
    '',
    `- Ack p99 < ${ACK_TARGET_MS} ms during the crawl: **${crawling.p99 < ACK_TARGET_MS && crawling.failed === 0 ? 'met' : 'NOT met'}** (control: ${control.p99.toFixed(1)} ms).`,
  ].join('\n');
}
