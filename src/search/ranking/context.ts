/**
 * What every part of the engine shares about one indexed catalog: the articles, the index and its
 * scorer, the vocabulary, the date order, and the look-up tables built once per catalog (index terms
 * by stem, vocabulary words by spelling). The query plan, the filters, the ranking and the answers
 * for empty results each take this one object (engine.ts wires them).
 */
import SearchableMap from 'minisearch/SearchableMap';
import type { Article } from '../../catalog/types.js';
import { documentFrequency, type FrozenIndex, COMPOUND_MARK, SEARCH_OPTIONS, type SearchTuning, stem } from '../indexing/index.js';
import { passageText, splitPassages } from '../passages/index.js';
import { createScorer, type Scorer } from './scorer.js';
import { facetsOf, type Facets } from './facets.js';
import type { Vocabulary } from '../vocabulary.js';

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
  /** Authors and tags per article, for the `author:` / `tag:` filters (computed on first use unless given). */
  readonly facets: Facets;
  /** The index terms with the same Porter2 stem as `token` ("throttled" → throttle, throttling), the token itself included when indexed. */
  forms(token: string): readonly string[];
  /** One-word vocabulary names, for typo corrections to words the catalog may not use itself. */
  readonly vocabularyWords: SearchableMap<true>;
  /** How many articles hold `term` (an upper bound: see documentFrequency). */
  df(term: string): number;
  /** The text of the passage `passage` (a passage id) of the article at `position`, when its text is known. */
  passageText(position: number, passage: number): string | undefined;
}

/** At most this many words' forms are kept per catalog (queries repeat their words). */
const MAX_CACHED_FORMS = 20_000;

/**
 * The index terms sharing a word's stem, found when first asked: a stem is the start of its words,
 * but for a final y written i ("policy" → "polici") or an e put back ("writing" → "write"), so the
 * candidates are the terms starting with it (less that letter), checked one by one. Stemming every
 * term of a 100,000-article index up front would cost seconds.
 */
function formsFinder(dictionary: SearchableMap<number>): (token: string) => readonly string[] {
  const cache = new Map<string, readonly string[]>();
  return (token) => {
    const key = stem(token);
    let forms = cache.get(key);
    if (forms) return forms;
    const prefix = (key.endsWith('i') || key.endsWith('e')) && key.length > 3 ? key.slice(0, -1) : key;
    const found: string[] = [];
    for (const term of dictionary.atPrefix(prefix).keys()) {
      if (!term.startsWith(COMPOUND_MARK) && stem(term) === key) found.push(term);
    }
    forms = found;
    if (cache.size >= MAX_CACHED_FORMS) cache.clear();
    cache.set(key, forms);
    return forms;
  };
}

/** Articles by date, newest first, as positions (`newestFirst`), and each position's rank in that order (`dateRank`). */
export interface DateOrder {
  newestFirst: Uint32Array;
  dateRank: Uint32Array;
}

/**
 * The date order of `articles`. Ties (same day) keep catalog order, so results are stable across
 * runs. A reload computes it in its worker thread (sorting 100,000 articles is ~150 ms) and passes it in.
 */
export function dateOrderOf(articles: readonly Article[]): DateOrder {
  const count = articles.length;
  const newestFirst = new Uint32Array(count);
  for (let i = 0; i < count; i += 1) newestFirst[i] = i;
  newestFirst.sort((a, b) => {
    const pa = articles[a]!.published;
    const pb = articles[b]!.published;
    return pa < pb ? 1 : pa > pb ? -1 : a - b;
  });
  const dateRank = new Uint32Array(count);
  newestFirst.forEach((position, rank) => {
    dateRank[position] = rank;
  });
  return { newestFirst, dateRank };
}

/**
 * A passage's text, recomputed from its article's text (the index keeps no passage strings): only the
 * ~10 hits of a page ask. Undefined when the text is not the one indexed (fewer passages than the index has).
 */
function passageFinder(articles: readonly Article[], index: FrozenIndex, texts: ReadonlyMap<string, string> | undefined) {
  return (position: number, passage: number): string | undefined => {
    const passages = index.passages;
    const text = texts?.get(articles[position]!.url);
    if (passages === undefined || text === undefined) return undefined;
    const first = passages.firstPassage[position]!;
    const ranges = splitPassages(text);
    if (passage < first || first + ranges.length !== passages.firstPassage[position + 1]) return undefined;
    const range = ranges[passage - first];
    return range === undefined ? undefined : passageText(text, range);
  };
}

export function createSearchContext(
  articles: readonly Article[],
  index: FrozenIndex,
  vocabulary: Vocabulary,
  dateOrder?: DateOrder,
  facets?: Facets,
  texts?: ReadonlyMap<string, string>,
): SearchContext {
  const count = articles.length;
  const { newestFirst, dateRank } = dateOrder ?? dateOrderOf(articles);
  const vocabularyWords = new SearchableMap<true>();
  for (const word of vocabulary.words) vocabularyWords.set(word, true);
  return {
    articles,
    count,
    index,
    scorer: createScorer(index, SEARCH_OPTIONS.boost, {
      bodyWeight: SEARCH_OPTIONS.bodyWeight,
      bodyCredit: SEARCH_OPTIONS.bodyCredit,
      commonInText: SEARCH_OPTIONS.commonInText,
      commonInTextMin: SEARCH_OPTIONS.commonInTextMin,
    }),
    tuning: SEARCH_OPTIONS,
    vocabulary,
    compounds: new Set(vocabulary.phrases),
    newestFirst,
    dateRank,
    // Found when a filter first needs them (a start or a CLI run may never), unless a reload's worker brought them.
    get facets() {
      facets ??= facetsOf(articles);
      return facets;
    },
    forms: formsFinder(index.dictionary),
    vocabularyWords,
    df: (term) => documentFrequency(index, term),
    passageText: passageFinder(articles, index, texts),
  };
}
