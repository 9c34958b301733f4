/**
 * What every part of the engine shares about one indexed catalog: the articles, the index and its
 * scorer, the vocabulary, the date order, and the look-up tables built once per catalog (index terms
 * by stem, vocabulary words by spelling). The query plan, the filters, the ranking and the answers
 * for empty results each take this one object (engine.ts wires them).
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Article } from '../catalog/types.js';
import { documentFrequency, type FrozenIndex } from './frozen-index.js';
import { COMPOUND_MARK, SEARCH_OPTIONS, type SearchTuning } from './options.js';
import { createScorer, type Scorer } from './scorer.js';
import { stem } from './text.js';
import type { Vocabulary } from './vocabulary.js';

export interface SearchContext {
  readonly articles: readonly Article[];
  readonly count: number;
  readonly index: FrozenIndex;
  readonly scorer: Scorer;
  readonly tuning: SearchTuning;
  readonly vocabulary: Vocabulary;
  /** The vocabulary's multi-word names: indexed as compound terms where articles use them. */
  readonly compounds: ReadonlySet<string>;
  /** newestFirst[k] is the position of the k-th newest article; dateRank is its inverse. */
  readonly newestFirst: Uint32Array;
  readonly dateRank: Uint32Array;
  /** The index terms sharing a Porter2 stem ("throttl" → throttle, throttled, throttling). */
  readonly stemFamilies: ReadonlyMap<string, readonly string[]>;
  /** One-word vocabulary names, for typo corrections to words the catalog may not use itself. */
  readonly vocabularyWords: SearchableMap<true>;
  /** How many articles hold `term` (an upper bound: see documentFrequency). */
  df(term: string): number;
}

/** Index terms grouped by stem (compound terms left out). */
function stemFamiliesOf(terms: readonly string[]): Map<string, string[]> {
  const families = new Map<string, string[]>();
  for (const term of terms) {
    if (term.startsWith(COMPOUND_MARK)) continue;
    const key = stem(term);
    const family = families.get(key);
    if (family) family.push(term);
    else families.set(key, [term]);
  }
  return families;
}

export function createSearchContext(articles: readonly Article[], index: FrozenIndex, vocabulary: Vocabulary): SearchContext {
  const count = articles.length;
  // Ties (same day) keep catalog order, so results are stable across runs.
  const newestFirst = Uint32Array.from({ length: count }, (_, i) => i).sort((a, b) => {
    const pa = articles[a]!.published;
    const pb = articles[b]!.published;
    return pa < pb ? 1 : pa > pb ? -1 : a - b;
  });
  const dateRank = new Uint32Array(count);
  newestFirst.forEach((position, rank) => {
    dateRank[position] = rank;
  });
  const vocabularyWords = new SearchableMap<true>();
  for (const word of vocabulary.words) vocabularyWords.set(word, true);
  return {
    articles,
    count,
    index,
    scorer: createScorer(index, SEARCH_OPTIONS.boost),
    tuning: SEARCH_OPTIONS,
    vocabulary,
    compounds: new Set(vocabulary.phrases),
    newestFirst,
    dateRank,
    stemFamilies: stemFamiliesOf(index.terms),
    vocabularyWords,
    df: (term) => documentFrequency(index, term),
  };
}
