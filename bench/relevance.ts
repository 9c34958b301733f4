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
 * A set: `{name, catalog, heldOut, queries: [{q, kind, relevant: [url...], why}]}`, `catalog` a path
 * (or list of paths) relative to the set's folder. Kinds: natural, jargon, typo, filter, recency,
 * age, noanswer. Success@3: a relevant article among the first three results. MRR@10: 1/rank of the
 * first relevant article in the first ten (0 when none). Recency/age: right when relevant[0] is first.
 * No-answer queries (`relevant: []`) are right when the answer is "nothing matches".
 *
 * `RELEVANCE_SETS=a,b` limits the sets; `RELEVANCE_DETAIL=1` prints every miss with what was shown.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
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
import { table } from './lib/stats.js';

const DATA = fileURLToPath(new URL('./data/', import.meta.url));
export const KINDS = ['natural', 'jargon', 'typo', 'filter', 'recency', 'age', 'noanswer'] as const;
export type QueryKind = (typeof KINDS)[number];

export interface JudgedQuery {
  q: string;
  kind: QueryKind;
  relevant: string[];
  why: string;
}

export interface RelevanceSet {
  name: string;
  catalog: string | string[];
  heldOut: boolean;
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

/** Score every query of one set against the product's answers on its catalog. */
export async function scoreSet(folder: string, set: RelevanceSet, snapshotDir: string): Promise<{ articles: number; scores: QueryScore[] }> {
  const catalogs = ([] as string[]).concat(set.catalog).map((c) => resolve(folder, c));
  if (catalogs.length !== 1) throw new Error(`${set.name}: one catalog path (a file or a folder) expected, got ${catalogs.length}`);
  const config = loadConfig({ CATALOG_SOURCE: catalogs[0], INDEX_SNAPSHOT_PATH: join(snapshotDir, `${set.name}.snapshot`) });
  const runtime = await loadConversationRuntime(config, silentLogger);
  try {
    const router = createCommandRouter();
    const scores: QueryScore[] = [];
    for (const query of set.queries) scores.push(scoreQuery(query, await ask(query.q, runtime.handlerDeps, router)));
    return { articles: runtime.handlerDeps.catalog().articles.length, scores };
  } finally {
    runtime.close();
  }
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

function setReport(name: string, heldOut: boolean, articles: number, scores: QueryScore[]): string {
  const all = summarise(scores);
  const rows: string[][] = [];
  for (const kind of KINDS) {
    const of = scores.filter((s) => s.query.kind === kind);
    if (of.length === 0) continue;
    if (kind === 'noanswer') {
      rows.push([kind, String(of.length), '–', '–', `${of.filter((s) => s.success).length} of ${of.length} answered "nothing matches"`]);
      continue;
    }
    const s = summarise(of);
    const extra = kind === 'recency' || kind === 'age' ? `${of.filter((x) => x.success).length} of ${of.length} with relevant[0] first` : '';
    rows.push([kind, String(of.length), fixed(s.successAt3), fixed(s.mrr), extra]);
  }
  const answerable = scores.filter((s) => s.query.kind !== 'noanswer');
  const wrongNothing = answerable.filter((s) => s.answer.nothing).length;
  rows.push(['**all answerable**', String(all.queries), `**${fixed(all.successAt3)}**`, `**${fixed(all.mrr)}**`, `${wrongNothing} answered "nothing matches" wrongly`]);
  const lines = [
    `### ${name}${heldOut ? ' (held out: scored once, not tuned on)' : ''}`,
    '',
    `${articles} articles, ${scores.length} queries.`,
    '',
    table(['kind', 'queries', 'Success@3', 'MRR@10', ''], rows),
  ];
  if (process.env.RELEVANCE_DETAIL === '1') {
    lines.push('', 'Misses:', '');
    for (const s of scores) {
      const ok = s.query.kind === 'noanswer' || s.query.kind === 'recency' || s.query.kind === 'age' ? s.success : s.firstRelevant > 0 && s.firstRelevant <= 3;
      if (ok) continue;
      lines.push(`- [${s.query.kind}] "${s.query.q}" → ${s.answer.nothing ? 'NOTHING ' : ''}rank ${s.firstRelevant || '–'} · ${s.answer.header.replace(/\n/g, ' ')}`);
      lines.push(`  wanted: ${s.query.relevant.map((u) => u.replace(/^https?:\/\/[^/]+/, '')).join(' , ')}`);
      lines.push(`  shown:  ${s.answer.urls.slice(0, 5).map((u) => u.replace(/^https?:\/\/[^/]+/, '')).join(' , ')}`);
    }
  }
  return lines.join('\n');
}

export async function run(): Promise<string> {
  const snapshotDir = await mkdtemp(join(tmpdir(), 'catalog-bot-relevance-'));
  const parts = [
    '## Relevance',
    '',
    'Judged query sets in bench/data/ (judged from the catalog text before the engine was run on them), asked as `/catalog <query>` through the product path (config defaults, catalog loader, vocabulary, index, router, Block Kit answer). Success@3 and MRR@10 over the answerable queries; recency/age queries are right when the judged newest/oldest article is first; no-answer queries are right when the answer shows no result card.',
  ];
  try {
    for (const { folder, set } of await loadSets()) {
      const { articles, scores } = await scoreSet(folder, set, snapshotDir);
      parts.push('', setReport(set.name, set.heldOut, articles, scores));
    }
  } finally {
    await rm(snapshotDir, { recursive: true, force: true });
  }
  return parts.join('\n');
}

// Run directly: `npx tsx bench/relevance.ts`.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await run());
}

