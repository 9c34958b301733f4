/**
 * The parts of minisearch we use beyond its public `search()`, kept in one place:
 *
 * - the term dictionary (`_index`, a SearchableMap of term → field → document → frequency):
 *   "is this word in the index?", prefix and fuzzy look-ups, and the postings themselves;
 * - the statistics BM25 needs (document count, field lengths).
 *
 * Why: minisearch's `search()` builds an object (score, terms, match) per matching document per
 * term and sorts every result. At 100,000 articles, where "tenant" or "saas" match nearly every
 * document, that costs 10× more than the scoring itself, and we only need the top page. Our
 * scorer (scorer.ts) reads the same index and adds scores into typed arrays instead.
 *
 * These members are `protected` in minisearch 7's typings but stable since 6.x. `checkAccess`
 * runs once per engine, so a future minisearch that changed them fails loudly at start, not with
 * wrong results.
 */
import type MiniSearch from 'minisearch';
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

interface Internals {
  _index: TermDictionary;
  _documentIds: Map<number, unknown>;
  _documentCount: number;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
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
    !(inner._fieldLength instanceof Map) ||
    !Array.isArray(inner._avgFieldLength) ||
    typeof inner._fieldIds !== 'object'
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

/** What scoring needs besides the postings: per-document field lengths and corpus statistics. */
export interface IndexStatistics {
  documentCount: number;
  /** Field name → field id used in the postings. */
  fieldIds: Record<string, number>;
  /** Document short id → length (distinct terms) of each field, by field id. */
  fieldLength: Map<number, number[]>;
  /** Average field length by field id. */
  averageFieldLength: number[];
  /** Document short id → the id we gave it (our article position). */
  documentIds: Map<number, unknown>;
}

export function indexStatistics(index: AnyIndex): IndexStatistics {
  const inner = internals(index);
  return {
    documentCount: inner._documentCount,
    fieldIds: inner._fieldIds,
    fieldLength: inner._fieldLength,
    averageFieldLength: inner._avgFieldLength,
    documentIds: inner._documentIds,
  };
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
