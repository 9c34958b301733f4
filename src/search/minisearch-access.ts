/**
 * The two pieces of minisearch we use beyond its public `search()`, kept in one place:
 *
 * - the term dictionary (`_index`, a SearchableMap): "is this word in the index?", prefix and
 *   fuzzy look-ups for "did you mean", and deciding which words need typo tolerance at all;
 * - the raw query executor (`executeQuery`): the scored matches as a Map, before minisearch turns
 *   every one into an object and sorts them all. At 100,000 articles that object-and-sort step
 *   costs more than the query itself, and we only need the top page.
 *
 * Both are `protected`/`private` in minisearch 7's typings but stable since 6.x. `checkAccess`
 * runs once per engine, so a future minisearch that changed them fails loudly at start, not with
 * wrong results.
 */
import type MiniSearch from 'minisearch';
import type { Query, SearchOptions } from 'minisearch';
import { CatalogBotError } from '../errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any document type: these helpers never touch documents
type AnyIndex = MiniSearch<any>;

/** Per term: field id → (document short id → term frequency). */
export type FieldTermData = Map<number, Map<number, number>>;

export interface TermDictionary {
  has(term: string): boolean;
  get(term: string): FieldTermData | undefined;
  atPrefix(prefix: string): { keys(): IterableIterator<string> };
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldTermData, number]>;
  readonly size: number;
}

export interface RawMatch {
  score: number;
  /** Query terms that matched (the leaf strings we passed in). */
  terms: string[];
  /** Document terms that matched → fields. */
  match: Record<string, string[]>;
}

interface Internals {
  _index: TermDictionary;
  _documentIds: Map<number, unknown>;
  executeQuery(query: Query, options?: SearchOptions): Map<number, RawMatch>;
}

function internals(index: AnyIndex): Internals {
  return index as unknown as Internals;
}

export function checkAccess(index: AnyIndex): void {
  const inner = internals(index);
  if (
    typeof inner._index?.fuzzyGet !== 'function' ||
    typeof inner._index?.has !== 'function' ||
    !(inner._documentIds instanceof Map) ||
    typeof inner.executeQuery !== 'function'
  ) {
    throw new CatalogBotError(
      'config_invalid',
      'search: the installed minisearch does not expose the term dictionary and query executor this engine relies on (tested with minisearch 7.x)',
    );
  }
}

export function termDictionary(index: AnyIndex): TermDictionary {
  return internals(index)._index;
}

/**
 * Run a query tree and visit each match with its document id (our article position), unsorted,
 * with minisearch's "number of matched terms" multiplier NOT applied (the engine applies its own).
 */
export function forEachMatch(
  index: AnyIndex,
  query: Query,
  options: SearchOptions,
  visit: (docId: number, match: RawMatch) => void,
): void {
  const inner = internals(index);
  for (const [shortId, match] of inner.executeQuery(query, options)) {
    visit(inner._documentIds.get(shortId) as number, match);
  }
}

/** Whether the dictionary holds `term` or a longer word starting with it. */
export function hasTermOrPrefix(dictionary: TermDictionary, term: string): boolean {
  if (dictionary.has(term)) return true;
  for (const key of dictionary.atPrefix(term).keys()) {
    if (key.length >= term.length) return true;
  }
  return false;
}

/** How many documents contain `term` in any field (an upper bound: a document may count per field). */
export function documentFrequency(data: FieldTermData | undefined): number {
  if (!data) return 0;
  let n = 0;
  for (const docs of data.values()) n += docs.size;
  return n;
}
