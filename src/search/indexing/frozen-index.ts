/**
 * The search index: minisearch's radix-tree term dictionary (SearchableMap: exact, prefix and
 * fuzzy look-ups) over compact, read-only postings in typed arrays.
 *
 * Why not a MiniSearch instance: MiniSearch keeps its postings as a Map per term per field per
 * document. Measured here at 100,000 synthetic articles, that is ~720 MB of heap, a minute to build
 * and seconds of garbage collection per query burst; its JSON snapshot takes longer to load than
 * the 3 s we allow to be ready. The catalog is rebuilt, never edited, so the index can be frozen:
 * postings are stored once, sorted by term and field (CSR layout), which takes a tenth of the memory,
 * scores with plain array loops, and loads from a snapshot by viewing the file's bytes.
 * Scoring (scorer.ts) keeps minisearch's BM25 formula and parameters.
 */
import SearchableMap from 'minisearch/SearchableMap';
import { each, runToEnd, type Sliced } from '../../util/slices.js';
import type { Article } from '../../catalog/types.js';
import { SEARCH_OPTIONS, fieldText, type FieldTokenizer } from './options.js';

export interface FrozenIndex {
  readonly documentCount: number;
  /** Field names; a field's id is its position here. */
  readonly fields: readonly string[];
  /** Term id → term. */
  readonly terms: readonly string[];
  /** Term → term id; prefix and fuzzy look-ups. */
  readonly dictionary: SearchableMap<number>;
  /** Postings of (term, field) are docs/freqs[offsets[t*F+f] .. offsets[t*F+f+1]), docs ascending. */
  readonly offsets: Uint32Array;
  readonly docs: Uint32Array;
  readonly freqs: Uint16Array;
  /** Per field: number of distinct terms of each document (BM25 length normalisation). */
  readonly fieldLengths: readonly Uint16Array[];
  readonly averageFieldLength: Float64Array;
}

export interface BuildProgress {
  /** Called every `every` documents (default 5,000), e.g. to sample memory in a benchmark. */
  onProgress?: (indexed: number) => void;
  every?: number;
}

/** A typed array that grows (×1.5) as postings are appended. */
class Growable<T extends Uint32Array | Uint16Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}
  push(value: number) {
    if (this.length === this.data.length) {
      const bigger = this.make(Math.ceil(this.data.length * 1.5) + 16);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

const MAX_FREQ = 65_535;

/** Index every article's fields with `tokenize` and SEARCH_OPTIONS.index (fields, term processing). */
export function buildFrozenIndex(articles: readonly Article[], tokenize: FieldTokenizer, progress: BuildProgress = {}): FrozenIndex {
  const { fields, processTerm } = SEARCH_OPTIONS.index;
  const fieldCount = fields.length;
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // Postings in document order as (term*F + field, doc, freq) triples; grouped by key at the end.
  // (Sizing these from the articles' length, so they never grow, measured a worse peak heap at
  // 100,000 articles: V8 then collects the build's garbage much later.)
  const estimate = Math.max(1024, articles.length * 64);
  const keys = new Growable(new Uint32Array(estimate), (n) => new Uint32Array(n));
  const docs = new Growable(new Uint32Array(estimate), (n) => new Uint32Array(n));
  const freqs = new Growable(new Uint16Array(estimate), (n) => new Uint16Array(n));
  const fieldLengths = fields.map(() => new Uint16Array(articles.length));
  const lengthSums = new Float64Array(fieldCount);
  const every = progress.every ?? 5_000;

  const counts = new Map<string, number>();
  articles.forEach((article, doc) => {
    for (let f = 0; f < fieldCount; f += 1) {
      counts.clear();
      for (const token of tokenize(fieldText(article, fields[f]!))) {
        const term = processTerm(token);
        if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
      }
      fieldLengths[f]![doc] = Math.min(counts.size, MAX_FREQ);
      lengthSums[f] = lengthSums[f]! + counts.size;
      for (const [term, freq] of counts) {
        let id = termIds.get(term);
        if (id === undefined) {
          id = terms.length;
          termIds.set(term, id);
          terms.push(term);
        }
        keys.push(id * fieldCount + f);
        docs.push(doc);
        freqs.push(Math.min(freq, MAX_FREQ));
      }
    }
    if (progress.onProgress && (doc + 1) % every === 0) progress.onProgress(doc + 1);
  });

  // Counting sort by key; documents were visited in order, so each postings list stays sorted.
  const offsets = new Uint32Array(terms.length * fieldCount + 1);
  for (let i = 0; i < keys.length; i += 1) offsets[keys.data[i]! + 1] = offsets[keys.data[i]! + 1]! + 1;
  for (let k = 1; k < offsets.length; k += 1) offsets[k] = offsets[k]! + offsets[k - 1]!;
  const cursor = offsets.slice(0, -1);
  const sortedDocs = new Uint32Array(keys.length);
  const sortedFreqs = new Uint16Array(keys.length);
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys.data[i]!;
    const at = cursor[key]!;
    cursor[key] = at + 1;
    sortedDocs[at] = docs.data[i]!;
    sortedFreqs[at] = freqs.data[i]!;
  }

  const dictionary = dictionaryOf(terms);
  const count = Math.max(1, articles.length);
  return {
    documentCount: articles.length,
    fields: [...fields],
    terms,
    dictionary,
    offsets,
    docs: sortedDocs,
    freqs: sortedFreqs,
    fieldLengths,
    averageFieldLength: lengthSums.map((sum) => sum / count || 1),
  };
}

/** Rebuild the dictionary of a deserialised index. */
export function dictionaryOf(terms: readonly string[]): SearchableMap<number> {
  return runToEnd(dictionarySteps(terms));
}

/** `dictionaryOf` as work that yields every few thousand terms (~80 ms for 40,000 terms in one go). */
export function* dictionarySteps(terms: readonly string[]): Sliced<SearchableMap<number>> {
  const dictionary = new SearchableMap<number>();
  yield* each(terms, 2_000, (term, id) => dictionary.set(term, id));
  return dictionary;
}

/** How many documents hold `term` in any field (an upper bound: a document counts once per field). */
export function documentFrequency(index: FrozenIndex, term: string): number {
  const id = index.dictionary.get(term);
  if (id === undefined) return 0;
  const f = index.fields.length;
  return index.offsets[(id + 1) * f]! - index.offsets[id * f]!;
}
