/**
 * One benchmark configuration, in its own process so heap figures do not mix (bench/search.ts
 * spawns it with --expose-gc). Prints one JSON line with the measurements on stdout.
 *
 *   node --import tsx --expose-gc bench/search-worker.ts <ours|naive> <size> <build|write|load> [snapshot]
 *
 * build: build the index, run the query sets. write: build, then persist a snapshot.
 * load:  a fresh process readies the engine from that snapshot (what a restart does), then queries.
 * BENCH_TEXT=1: every article also has ~4 KB of text (generateTexts), indexed as passages; ready
 * from snapshot then includes the texts' digest (the snapshot's key), as a real start does.
 */
import { statSync } from 'node:fs';
import MiniSearch from 'minisearch';
import type { Article } from '../src/catalog/types.js';
import { buildIndex, createSearchEngine, type SearchEngine, type FrozenIndex, parseQuery, contentHash, loadOrBuildSearchEngine, writeSnapshot, type ParsedQuery } from '../src/search/index.js';
import { createHeapSampler, peakRssMb } from './lib/heap.js';
import { generateFromBundledCatalog, generateTexts } from './lib/synthetic-catalog.js';
import { summarise, timed, type LatencySummary } from './lib/stats.js';
import { QUERY_SETS, type QueryCategory } from './lib/query-sets.js';

export interface WorkerResult {
  config: 'ours' | 'naive';
  size: number;
  mode: 'build' | 'write' | 'load';
  generateMs: number;
  buildMs?: number;
  writeMs?: number;
  snapshotMb?: number;
  /** load mode: from having the articles to answering queries. */
  readyMs?: number;
  /** load mode: from process start (node + tsx boot, catalog generation, snapshot load). */
  readyFromStartMs?: number;
  articlesHeapMb: number;
  retainedHeapMb: number;
  peakHeapMb: number;
  peakRssMb: number;
  gcExposed: boolean;
  latency: Partial<Record<QueryCategory, LatencySummary>>;
  /** Average number of matches per category (a sanity check that queries find things). */
  averageTotal: Partial<Record<QueryCategory, number>>;
}

const [config, sizeText, mode, snapshotPath] = process.argv.slice(2) as ['ours' | 'naive', string, WorkerResult['mode'], string?];
const size = Number(sizeText);
// The naive setup's queries take up to ~1 s each at 100,000 articles: fewer samples keep the whole
// run within a few minutes, and are plenty to show the gap.
const SAMPLES_PER_CATEGORY = Number(process.env.BENCH_SAMPLES ?? (config === 'naive' && size >= 50_000 ? 16 : 100));
const CHUNK = 5_000;

const heap = createHeapSampler();
const generated = timed(() => generateFromBundledCatalog(size));
const articles = generated.value;
// The texts as a crawl's store hands them over (url → string); the engine keeps its own packed copy,
// so they are dropped once it is made, as the bot drops what it read from the store.
let texts = process.env.BENCH_TEXT === '1' ? generateTexts(articles) : undefined;
const withTexts = () => (texts ? { texts } : {});
const articlesHeapMb = heap.settle();

/** A search function for the query sets: returns how many articles matched. */
type Runner = (query: string) => number;

function buildOurs(): { engine: SearchEngine; index: FrozenIndex; ms: number } {
  const start = performance.now();
  const index = buildIndex(articles, { onProgress: () => heap.sample(), every: CHUNK, ...withTexts() });
  const engine = createSearchEngine(articles, { index, ...withTexts() });
  return { engine, index, ms: performance.now() - start };
}

/** minisearch as the README shows it: prefix and fuzzy on every term, filters as a callback. */
function buildNaive(): { run: Runner; ms: number } {
  const start = performance.now();
  const byId = new Map<string, Article>();
  const index = new MiniSearch<Article>({
    fields: ['title', 'summary', 'authors', 'tags'],
    extractField: (a, field) =>
      field === 'authors' ? a.authors.join(', ') : field === 'tags' ? a.tags.map((t) => t.name).join(' ') : (a as unknown as Record<string, string>)[field]!,
    searchOptions: { prefix: true, fuzzy: 0.2, boost: { title: 2 } },
  });
  for (let i = 0; i < articles.length; i += CHUNK) {
    const chunk = articles.slice(i, i + CHUNK);
    index.addAll(chunk);
    for (const a of chunk) byId.set(a.id, a);
    heap.sample();
  }
  const run: Runner = (text) => {
    const q = parseQuery(text);
    const filter = naiveFilter(q);
    const words = [...q.terms, ...q.phrases].join(' ');
    if (!words) return articles.filter((a) => !filter || filter(a)).length;
    return index.search(words, filter ? { filter: (r) => filter(byId.get(r.id as string)!) } : {}).length;
  };
  return { run, ms: performance.now() - start };
}

function naiveFilter(q: ParsedQuery): ((a: Article) => boolean) | undefined {
  const checks: Array<(a: Article) => boolean> = [];
  for (const name of q.authors) checks.push((a) => a.authors.some((x) => x.toLowerCase().includes(name)));
  for (const tag of q.tags) checks.push((a) => a.tags.some((t) => t.slug === tag));
  for (const tag of q.excludeTags) checks.push((a) => !a.tags.some((t) => t.slug === tag));
  if (q.year !== undefined) checks.push((a) => a.published.startsWith(`${q.year}-`));
  if (q.after) checks.push((a) => a.published.slice(0, q.after!.length) > q.after!);
  if (q.before) checks.push((a) => a.published.slice(0, q.before!.length) < q.before!);
  return checks.length ? (a) => checks.every((c) => c(a)) : undefined;
}

function measure(run: Runner): Pick<WorkerResult, 'latency' | 'averageTotal'> {
  const latency: WorkerResult['latency'] = {};
  const averageTotal: WorkerResult['averageTotal'] = {};
  for (const [category, queries] of Object.entries(QUERY_SETS) as Array<[QueryCategory, string[]]>) {
    for (const q of queries) run(q); // warm-up: JIT, lazy structures
    const samples: number[] = [];
    let totals = 0;
    for (let i = 0; i < SAMPLES_PER_CATEGORY; i += 1) {
      const t = timed(() => run(queries[i % queries.length]!));
      samples.push(t.ms);
      totals += t.value;
      if (i % 10 === 0) heap.sample();
    }
    latency[category] = summarise(samples);
    averageTotal[category] = Math.round(totals / SAMPLES_PER_CATEGORY);
  }
  return { latency, averageTotal };
}

const oursRunner = (engine: SearchEngine): Runner => (q) => engine.search(q, { limit: 5 }).total;

async function main(): Promise<WorkerResult> {
  const base = { config, size, mode, generateMs: generated.ms, articlesHeapMb, gcExposed: heap.gcExposed };
  if (config === 'naive') {
    const built = buildNaive();
    const retainedHeapMb = heap.settle();
    const measured = measure(built.run);
    return { ...base, buildMs: built.ms, retainedHeapMb, peakHeapMb: heap.peakMb, peakRssMb: peakRssMb(), ...measured };
  }
  if (mode === 'load') {
    const start = performance.now();
    const engine = await loadOrBuildSearchEngine({ articles, snapshotPath: snapshotPath!, ...withTexts() });
    const readyMs = performance.now() - start;
    texts = undefined;
    const readyFromStartMs = performance.now(); // performance.now() counts from process start
    const retainedHeapMb = heap.settle();
    const measured = measure(oursRunner(engine));
    return { ...base, readyMs, readyFromStartMs, retainedHeapMb, peakHeapMb: heap.peakMb, peakRssMb: peakRssMb(), ...measured };
  }
  const built = buildOurs();
  const key = contentHash(articles, undefined, texts);
  texts = undefined;
  // Measured after a turn of the event loop: until the synchronous job that built the index ends,
  // V8 kept the dropped texts alive here (~800 MB at 100,000 articles, counted as retained).
  await new Promise((resolve) => setImmediate(resolve));
  const retainedHeapMb = heap.settle();
  let writeMs: number | undefined;
  let snapshotMb: number | undefined;
  if (mode === 'write') {
    const start = performance.now();
    await writeSnapshot(snapshotPath!, built.index, key);
    writeMs = performance.now() - start;
    snapshotMb = statSync(snapshotPath!).size / 1024 / 1024;
    heap.sample();
  }
  const measured = measure(oursRunner(built.engine));
  return { ...base, buildMs: built.ms, writeMs, snapshotMb, retainedHeapMb, peakHeapMb: heap.peakMb, peakRssMb: peakRssMb(), ...measured };
}

process.stdout.write(`${JSON.stringify(await main())}\n`);
