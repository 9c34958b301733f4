/**
 * Relevance benchmark: the judged query sets in bench/data/<set>/queries.json, each asked as a user
 * asks `/catalog <query>` and scored on what the answer shows.
 *
 * Every query goes through the product's own path: `loadConfig` with the documented defaults (only
 * CATALOG_SOURCE and a temporary INDEX_SNAPSHOT_PATH set), `loadConversationRuntime` (catalog,
 * vocabulary, index), the command router, and the Block Kit answer. The ranking is read from the
 * answer itself: the Share buttons of the result cards (they carry the article ids), then the Next
 * button's page. An answer without cards ("Nothing in the catalog is about …", or no match at all)
 * is a "nothing matches" answer: its closest articles are not results.
 *
 * Four columns per set, side by side:
 * - product, blurb only: CATALOG_FULL_TEXT=off (the catalog's title, blurb, authors, tags);
 * - product, full text: for sets with `pages`, the articles are served with site chrome from a
 *   local server (bench/lib/page-server.ts), the catalog is rewritten to the server's URLs, the
 *   product crawls it (`catalog-bot crawl` into a temporary SQLite store) and the runtime answers
 *   from that store (bench/lib/full-text-product.ts); "not available in this build" until the
 *   crawler is in;
 * - floor, blurb and full text: plain minisearch, English stop words removed, default options, over
 *   title + blurb (+ the page text Readability extracts from the same served pages) —
 *   bench/lib/floor-search.ts. The product should beat it.
 *
 * A set: `{name, catalog, heldOut, pages?, queries: [{q, kind, relevant: [url...], why, textOnly?}]}`,
 * `catalog` a path (or list of paths) relative to the set's folder; `pages: {source, commit}` names
 * where the article pages come from (bench/lib/page-sources.ts). Kinds: natural, jargon, typo,
 * filter, recency, age, noanswer; `textOnly` marks questions whose words are in the article body, not
 * in its blurb (reported on their own row too). Success@3: a relevant article among the first three
 * results. MRR@10: 1/rank of the first relevant article in the first ten (0 when none).
 * Recency/age: right when relevant[0] is first. No-answer queries (`relevant: []`) are right when the
 * answer is "nothing matches".
 *
 * `RELEVANCE_SETS=a,b` limits the sets; `RELEVANCE_DETAIL=1` prints every miss of the product columns
 * with what was shown (`RELEVANCE_DETAIL=all` the floor's too).
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { ACTION_IDS } from '../src/slack/blocks/actions.js';
import { pageReply } from '../src/slack/conversation/actions.js';
import { createCommandRouter } from '../src/slack/conversation/router.js';
import { loadConversationRuntime } from '../src/slack/conversation/runtime.js';
import type { SlackMessage } from '../src/slack/blocks/message.js';
import type { HandlerDeps, Invocation } from '../src/slack/conversation/types.js';
import type { Article } from '../src/catalog/types.js';
import { createFloorEngine, fetchTexts, type FloorEngine } from './lib/floor-search.js';
import { crawlWithProduct, fullTextEnv } from './lib/full-text-product.js';
import { localUrl, startPageServer } from './lib/page-server.js';
import { loadPages, type PagesSpec } from './lib/page-sources.js';
import { table } from './lib/stats.js';

const DATA = fileURLToPath(new URL('./data/', import.meta.url));
export const KINDS = ['natural', 'jargon', 'typo', 'filter', 'recency', 'age', 'noanswer'] as const;
export type QueryKind = (typeof KINDS)[number];

export interface JudgedQuery {
  q: string;
  kind: QueryKind;
  relevant: string[];
  why: string;
  /** The answer's words are in the article body, not in its catalog blurb. */
  textOnly?: boolean;
}

export interface RelevanceSet {
  name: string;
  catalog: string | string[];
  heldOut: boolean;
  /** Where the article pages come from; sets without it have blurb columns only. */
  pages?: PagesSpec;
  queries: JudgedQuery[];
}

/** What one query's answer showed. */
export interface Answer {
  /** Result URLs in the order shown (first two pages, up to 10). */
  urls: string[];
  /** The answer had no result cards. */
  nothing: boolean;
  /** The answer's first line, as the user reads it. */
  header: string;
}

export interface QueryScore {
  query: JudgedQuery;
  answer: Answer;
  /** 1-based rank of the first relevant result in the first 10; 0 when none. */
  firstRelevant: number;
  /** Success@3, or for noanswer: answered "nothing matches". */
  success: boolean;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null;

/** Article ids of the result cards (their Share buttons), in order, and the Next button's value. */
function readMessage(message: SlackMessage): { ids: string[]; next: string | undefined; header: string } {
  const ids: string[] = [];
  let next: string | undefined;
  let header = '';
  for (const block of (message.blocks ?? []) as unknown[]) {
    if (!isObject(block)) continue;
    if (!header && block.type === 'section' && isObject(block.text)) header = String(block.text.text ?? '');
    const accessory = block.accessory;
    if (isObject(accessory) && accessory.action_id === ACTION_IDS.share && typeof accessory.value === 'string') ids.push(accessory.value);
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const element of block.elements as unknown[]) {
        if (isObject(element) && element.action_id === ACTION_IDS.next && typeof element.value === 'string') next = element.value;
      }
    }
  }
  return { ids, next, header };
}

const PAGES = 2;

/** Ask `/catalog <q>` and read the first two pages of the answer. */
async function ask(q: string, deps: HandlerDeps, router: ReturnType<typeof createCommandRouter>): Promise<Answer> {
  const invocation: Invocation = { surface: 'command', text: q, userId: 'UBENCH', channelId: 'CBENCH' };
  const [reply] = await router.handle(invocation, deps);
  let page = readMessage(reply!.message);
  const header = page.header;
  const ids = [...page.ids];
  for (let p = 1; p < PAGES && page.next !== undefined; p += 1) {
    page = readMessage(pageReply({ ...invocation, surface: 'action' }, page.next, deps).message);
    ids.push(...page.ids);
  }
  const byId = deps.catalog().byId;
  return { urls: ids.slice(0, 10).map((id) => byId.get(id)?.url ?? id), nothing: ids.length === 0, header };
}

export function scoreQuery(query: JudgedQuery, answer: Answer): QueryScore {
  const relevant = new Set(query.relevant);
  const rank = answer.urls.findIndex((u) => relevant.has(u)) + 1;
  let success: boolean;
  if (query.kind === 'noanswer') success = answer.nothing;
  else if (query.kind === 'recency' || query.kind === 'age') success = answer.urls[0] === query.relevant[0];
  else success = rank > 0 && rank <= 3;
  return { query, answer, firstRelevant: rank, success };
}

export async function loadSets(): Promise<Array<{ folder: string; set: RelevanceSet }>> {
  const wanted = process.env.RELEVANCE_SETS?.split(',').filter(Boolean);
  const folders = (await readdir(DATA, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const sets = [];
  for (const name of folders) {
    if (wanted && !wanted.includes(name)) continue;
    const file = join(DATA, name, 'queries.json');
    if (!existsSync(file)) continue;
    sets.push({ folder: join(DATA, name), set: JSON.parse(await readFile(file, 'utf8')) as RelevanceSet });
  }
  return sets;
}

/** The set's one catalog path (a file or a folder). */
function catalogPath(folder: string, set: RelevanceSet): string {
  const catalogs = ([] as string[]).concat(set.catalog).map((c) => resolve(folder, c));
  if (catalogs.length !== 1) throw new Error(`${set.name}: one catalog path (a file or a folder) expected, got ${catalogs.length}`);
  return catalogs[0]!;
}

/**
 * Score every query of one set against the product's answers on `catalog`, with `env` on top of the
 * defaults. `toPublic` maps an answer's URL back to the judged one (the local server's URLs).
 */
async function scoreProduct(
  set: RelevanceSet,
  catalog: string,
  env: Record<string, string>,
  snapshotPath: string,
  toPublic: (url: string) => string = (u) => u,
): Promise<{ articles: Article[]; scores: QueryScore[] }> {
  const config = loadConfig({ CATALOG_SOURCE: catalog, INDEX_SNAPSHOT_PATH: snapshotPath, ...env });
  const runtime = await loadConversationRuntime(config, silentLogger);
  try {
    const router = createCommandRouter();
    const scores: QueryScore[] = [];
    for (const query of set.queries) {
      const answer = await ask(query.q, runtime.handlerDeps, router);
      scores.push(scoreQuery(query, { ...answer, urls: answer.urls.map(toPublic) }));
    }
    return { articles: [...runtime.handlerDeps.catalog().articles], scores };
  } finally {
    await runtime.close();
  }
}

function scoreFloor(set: RelevanceSet, engine: FloorEngine): QueryScore[] {
  return set.queries.map((query) => scoreQuery(query, { ...engine.ask(query.q), header: '' }));
}

interface Summary {
  queries: number;
  successAt3: number;
  mrr: number;
}

/** Success@3 and MRR@10 over answerable queries (recency/age count with their own rule for Success). */
export function summarise(scores: readonly QueryScore[]): Summary {
  const answerable = scores.filter((s) => s.query.kind !== 'noanswer');
  const n = answerable.length || 1;
  return {
    queries: answerable.length,
    successAt3: answerable.filter((s) => s.firstRelevant > 0 && s.firstRelevant <= 3).length / n,
    mrr: answerable.reduce((sum, s) => sum + (s.firstRelevant > 0 ? 1 / s.firstRelevant : 0), 0) / n,
  };
}

const fixed = (x: number) => x.toFixed(2);

/** One column of the side-by-side table: its scores, or why there are none. */
interface Column {
  title: string;
  scores?: QueryScore[];
  missing?: string;
}

/** A row's cell for one column: `S@3 / MRR`, or the no-answer count. */
function cell(column: Column, pick: (s: QueryScore) => boolean, rule: 'noanswer' | 'first' | 'top3', bold = false): string {
  if (!column.scores) return '–';
  const of = column.scores.filter(pick);
  if (of.length === 0) return '–';
  if (rule === 'noanswer') return `${of.filter((s) => s.success).length} of ${of.length}`;
  const s = summarise(of);
  const hit = rule === 'first' ? of.filter((x) => x.success).length / of.length : s.successAt3;
  const text = `${fixed(hit)} / ${fixed(s.mrr)}`;
  return bold ? `**${text}**` : text;
}

function misses(label: string, scores: readonly QueryScore[]): string[] {
  const lines = ['', `Misses (${label}):`, ''];
  for (const s of scores) {
    const ok = s.query.kind === 'noanswer' || s.query.kind === 'recency' || s.query.kind === 'age' ? s.success : s.firstRelevant > 0 && s.firstRelevant <= 3;
    if (ok) continue;
    lines.push(`- [${s.query.kind}${s.query.textOnly ? ', text' : ''}] "${s.query.q}" → ${s.answer.nothing ? 'NOTHING ' : ''}rank ${s.firstRelevant || '–'}${s.answer.header ? ` · ${s.answer.header.replace(/\n/g, ' ')}` : ''}`);
    lines.push(`  wanted: ${s.query.relevant.map((u) => u.replace(/^https?:\/\/[^/]+/, '')).join(' , ')}`);
    lines.push(`  shown:  ${s.answer.urls.slice(0, 5).map((u) => u.replace(/^https?:\/\/[^/]+/, '')).join(' , ')}`);
  }
  return lines;
}

function setReport(set: RelevanceSet, articles: number, columns: Column[], notes: string[]): string {
  const rows: string[][] = [];
  const all = set.queries;
  for (const kind of KINDS) {
    const n = all.filter((q) => q.kind === kind).length;
    if (n === 0) continue;
    const pick = (s: QueryScore) => s.query.kind === kind;
    const rule = kind === 'noanswer' ? 'noanswer' : kind === 'recency' || kind === 'age' ? 'first' : 'top3';
    rows.push([kind, String(n), ...columns.map((c) => cell(c, pick, rule))]);
  }
  const textOnly = all.filter((q) => q.textOnly).length;
  if (textOnly > 0) rows.push(['answer only in the body', String(textOnly), ...columns.map((c) => cell(c, (s) => s.query.textOnly === true, 'top3'))]);
  const answerable = all.filter((q) => q.kind !== 'noanswer').length;
  rows.push(['**all answerable**', String(answerable), ...columns.map((c) => cell(c, (s) => s.query.kind !== 'noanswer', 'top3', true))]);
  rows.push([
    'answerable answered "nothing matches"',
    String(answerable),
    ...columns.map((c) => (c.scores ? String(c.scores.filter((s) => s.query.kind !== 'noanswer' && s.answer.nothing).length) : '–')),
  ]);
  const lines = [
    `### ${set.name}${set.heldOut ? ' (held out: scored once, not tuned on)' : ''}`,
    '',
    `${articles} articles, ${all.length} queries. Cells: Success@3 / MRR@10 (recency and age rows: share with the judged article first / MRR@10; no-answer: answered "nothing matches"; the all-answerable row counts recency and age by Success@3).`,
    ...notes.map((n) => `${n}`),
    '',
    table(['kind', 'queries', ...columns.map((c) => c.title)], rows),
  ];
  for (const c of columns) if (c.missing) lines.push('', c.missing);
  const detail = process.env.RELEVANCE_DETAIL;
  if (detail === '1' || detail === 'all') {
    for (const c of columns) {
      if (!c.scores || (detail === '1' && c.title.startsWith('floor'))) continue;
      lines.push(...misses(c.title, c.scores));
    }
  }
  return lines.join('\n');
}

/** The set's catalog with every article URL that has a page moved to the local server. */
function localCatalog(markdown: string, pages: ReadonlyMap<string, unknown>, origin: string): string {
  return markdown.replace(/\]\((https?:\/\/[^)\s]+)\)/g, (whole, url: string) => (pages.has(url) ? `](${localUrl(url, origin)})` : whole));
}

/** The full-text columns of one set: serve its pages, measure the floor on their text, crawl with the product. */
async function textColumns(
  folder: string,
  set: RelevanceSet & { pages: PagesSpec },
  articles: readonly Article[],
  workDir: string,
): Promise<{ product: Column; floor: Column; notes: string[] }> {
  const product: Column = { title: 'product, full text' };
  const floor: Column = { title: 'floor, full text' };
  let pages;
  try {
    pages = await loadPages(set.pages);
  } catch (error) {
    const why = `full-text columns skipped: ${error instanceof Error ? error.message : String(error)}.`;
    return { product: { ...product, missing: why }, floor, notes: [] };
  }
  const server = await startPageServer(pages, { siteName: set.name });
  try {
    const toPublic = new Map([...pages.keys()].map((u) => [localUrl(u, server.origin), u]));
    const catalogFile = join(workDir, `${set.name}.md`);
    await writeFile(catalogFile, localCatalog(await readFile(catalogPath(folder, set), 'utf8'), pages, server.origin));

    const started = performance.now();
    const served = articles.filter((a) => pages.has(a.url)).map((a) => localUrl(a.url, server.origin));
    const { texts, failed } = await fetchTexts(served);
    const seconds = (performance.now() - started) / 1000;
    const publicTexts = new Map([...texts].map(([u, t]) => [toPublic.get(u) ?? u, t]));
    const chars = [...publicTexts.values()].reduce((n, t) => n + t.length, 0);
    floor.scores = scoreFloor(set, createFloorEngine(articles, publicTexts));
    const notes = [
      `Pages: ${pages.size} rendered from ${set.pages.source} @ ${set.pages.commit.slice(0, 12)}, served with chrome on 127.0.0.1; ` +
        `${served.length} of ${articles.length} catalog articles have a page; Readability text for ${publicTexts.size} ` +
        `(mean ${(chars / Math.max(1, publicTexts.size) / 1024).toFixed(1)} KB, ${seconds.toFixed(1)} s)${failed.length ? `, ${failed.length} failed: ${failed.slice(0, 3).join('; ')}` : ''}.`,
    ];

    const databasePath = join(workDir, `${set.name}.db`);
    const crawl = await crawlWithProduct(catalogFile, databasePath);
    if (!crawl.available) {
      product.missing = `full-text: not available in this build (${crawl.reason}).`;
    } else {
      notes.push(`Product crawl: ${crawl.summary}; ${crawl.texts} articles with text in the store.`);
      const run = await scoreProduct(set, catalogFile, fullTextEnv(databasePath), join(workDir, `${set.name}.text.snapshot`), (u) => toPublic.get(u) ?? u);
      product.scores = run.scores;
    }
    return { product, floor, notes };
  } finally {
    await server.close();
  }
}

export async function run(): Promise<string> {
  const workDir = await mkdtemp(join(tmpdir(), 'catalog-bot-relevance-'));
  const parts = [
    '## Relevance',
    '',
    'Judged query sets in bench/data/ (judged before the engine was run on them), asked as `/catalog <query>` through the product path (config defaults, catalog loader, vocabulary, index, router, Block Kit answer). Success@3 and MRR@10 over the answerable queries; recency/age queries are right when the judged newest/oldest article is first; no-answer queries are right when the answer shows no result card.',
    '',
    'Columns: the product from blurbs (CATALOG_FULL_TEXT=off); the product with article text (pages served with site chrome from 127.0.0.1, crawled by `catalog-bot crawl` into a temporary store); and the floor to beat — plain minisearch, English stop words removed, default options, over title + blurb and over title + blurb + the page text Readability extracts from the same pages.',
  ];
  try {
    for (const { folder, set } of await loadSets()) {
      const blurb = await scoreProduct(set, catalogPath(folder, set), { CATALOG_FULL_TEXT: 'off' }, join(workDir, `${set.name}.snapshot`));
      const columns: Column[] = [{ title: 'product, blurb only', scores: blurb.scores }];
      const floorBlurb: Column = { title: 'floor, blurb only', scores: scoreFloor(set, createFloorEngine(blurb.articles)) };
      let notes: string[] = [];
      if (set.pages) {
        const text = await textColumns(folder, set as RelevanceSet & { pages: PagesSpec }, blurb.articles, workDir);
        columns.push(text.product, floorBlurb, text.floor);
        notes = text.notes;
      } else {
        columns.push({ title: 'product, full text', missing: 'full-text: no article pages for this set (blurb only).' }, floorBlurb, { title: 'floor, full text' });
      }
      parts.push('', setReport(set, blurb.articles.length, columns, notes));
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return parts.join('\n');
}

// Run directly: `npx tsx bench/relevance.ts`.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await run());
}
