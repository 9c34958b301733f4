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
import { MAX_TEXT_CHARS, splitPassages } from '../passages/index.js';

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
  /** The articles' text as passages, when texts were indexed (none had text: undefined). */
  readonly passages?: PassageIndex;
}

/**
 * The articles' text, a few sentences per document (../passages/split.ts). The passages are the
 * documents of a second index with one field, `body`, that shares the article index's `terms` and
 * `dictionary`: a word found only in an article's text is a word of the catalog to the query plan
 * (its forms, completions and typo corrections), and a term id means the same in both.
 */
export interface PassageIndex {
  readonly index: FrozenIndex;
  /** Passage id → article position. */
  readonly passageArticle: Uint32Array;
  /** Article a's passages are firstPassage[a] .. firstPassage[a + 1] - 1 (documentCount + 1 entries). */
  readonly firstPassage: Uint32Array;
}

export interface BuildProgress {
  /** Called every `every` documents (default 5,000), e.g. to sample memory in a benchmark. */
  onProgress?: (indexed: number) => void;
  every?: number;
}

export interface BuildOptions extends BuildProgress {
  /** Article url → its text, indexed as passages. Articles without text are indexed by their fields alone. */
  texts?: ReadonlyMap<string, string>;
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

/**
 * Postings appended in document order as (key, doc, freq) triples, key = term * fields + field;
 * grouped by key at the end by a counting sort, which keeps each list in document order.
 * (Sizing these from the articles' length, so they never grow, measured a worse peak heap at
 * 100,000 articles: V8 then collects the build's garbage much later.)
 */
class PostingsBuilder {
  private readonly keys: Growable<Uint32Array>;
  private readonly docs: Growable<Uint32Array>;
  private readonly freqs: Growable<Uint16Array>;
  constructor(estimate: number) {
    this.keys = new Growable(new Uint32Array(estimate), (n) => new Uint32Array(n));
    this.docs = new Growable(new Uint32Array(estimate), (n) => new Uint32Array(n));
    this.freqs = new Growable(new Uint16Array(estimate), (n) => new Uint16Array(n));
  }
  add(key: number, doc: number, freq: number): void {
    this.keys.push(key);
    this.docs.push(doc);
    this.freqs.push(Math.min(freq, MAX_FREQ));
  }
  finish(keyCount: number): { offsets: Uint32Array; docs: Uint32Array; freqs: Uint16Array } {
    const { keys, docs, freqs } = this;
    const offsets = new Uint32Array(keyCount + 1);
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
    return { offsets, docs: sortedDocs, freqs: sortedFreqs };
  }
}

/**
 * The passages' postings as they come, in passage order: a term id and a frequency per posting (6
 * bytes; the passage is implied, each passage having as many postings as distinct terms). Sized
 * from the texts' length up front (about one posting per 9 characters here): growing by copies
 * would hold two arrays of hundreds of MB at once at 100,000 articles, and a (key, doc, freq)
 * triple per posting as for the fields would take 10 bytes.
 */
class PassagePostingsBuilder {
  private readonly ids: Growable<Uint32Array>;
  private readonly freqs: Growable<Uint16Array>;
  constructor(estimate: number) {
    this.ids = new Growable(new Uint32Array(estimate), (n) => new Uint32Array(n));
    this.freqs = new Growable(new Uint16Array(estimate), (n) => new Uint16Array(n));
  }
  add(id: number, freq: number): void {
    this.ids.push(id);
    this.freqs.push(Math.min(freq, MAX_FREQ));
  }
  /** Grouped by term (counting sort); `perPassage[p]` is how many postings passage p added. */
  finish(termCount: number, perPassage: Uint16Array): { offsets: Uint32Array; docs: Uint32Array; freqs: Uint16Array } {
    const { ids, freqs } = this;
    const offsets = new Uint32Array(termCount + 1);
    for (let i = 0; i < ids.length; i += 1) offsets[ids.data[i]! + 1] = offsets[ids.data[i]! + 1]! + 1;
    for (let k = 1; k < offsets.length; k += 1) offsets[k] = offsets[k]! + offsets[k - 1]!;
    const cursor = offsets.slice(0, -1);
    const sortedDocs = new Uint32Array(ids.length);
    const sortedFreqs = new Uint16Array(ids.length);
    let i = 0;
    for (let passage = 0; passage < perPassage.length; passage += 1) {
      for (let k = perPassage[passage]!; k > 0; k -= 1, i += 1) {
        const id = ids.data[i]!;
        const at = cursor[id]!;
        cursor[id] = at + 1;
        sortedDocs[at] = passage;
        sortedFreqs[at] = freqs.data[i]!;
      }
    }
    return { offsets, docs: sortedDocs, freqs: sortedFreqs };
  }
}

/**
 * Index every article's fields with `tokenize` and SEARCH_OPTIONS.index (fields, term processing),
 * and the text of those `options.texts` has as passages, with the same tokenizer.
 */
export function buildFrozenIndex(articles: readonly Article[], tokenize: FieldTokenizer, options: BuildOptions = {}): FrozenIndex {
  const { fields, processTerm } = SEARCH_OPTIONS.index;
  const fieldCount = fields.length;
  const termIds = new Map<string, number>();
  const terms: string[] = [];
  // A text's terms are counted by id in a typed array (the ids in first-seen order in `seen`):
  // one Map look-up per token instead of three, which matters for 400 MB of article text.
  let freqOf = new Uint32Array(1024);
  const seen: number[] = [];
  const idOf = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = terms.length;
      termIds.set(term, id);
      terms.push(term);
      if (id === freqOf.length) {
        const bigger = new Uint32Array(freqOf.length * 2);
        bigger.set(freqOf);
        freqOf = bigger;
      }
    }
    return id;
  };
  const postings = new PostingsBuilder(Math.max(1024, articles.length * 64));
  const fieldLengths = fields.map(() => new Uint16Array(articles.length));
  const lengthSums = new Float64Array(fieldCount);
  const every = options.every ?? 5_000;

  /** Count the index terms of `text` into `freqOf` / `seen`; returns how many distinct terms it has. */
  const count = (text: string): number => {
    seen.length = 0;
    for (const token of tokenize(text)) {
      const term = processTerm(token);
      if (!term) continue;
      const id = idOf(term);
      if (freqOf[id] === 0) seen.push(id);
      freqOf[id] = freqOf[id]! + 1;
    }
    return seen.length;
  };
  /** Append the counted terms' postings (key = keyOf(term id)) and reset their counts. */
  const emit = (into: PostingsBuilder, doc: number, keyOf: (id: number) => number) => {
    for (const id of seen) {
      into.add(keyOf(id), doc, freqOf[id]!);
      freqOf[id] = 0;
    }
  };
  articles.forEach((article, doc) => {
    for (let f = 0; f < fieldCount; f += 1) {
      const distinct = count(fieldText(article, fields[f]!));
      fieldLengths[f]![doc] = Math.min(distinct, MAX_FREQ);
      lengthSums[f] = lengthSums[f]! + distinct;
      emit(postings, doc, (id) => id * fieldCount + f);
    }
    if (options.onProgress && (doc + 1) % every === 0) options.onProgress(doc + 1);
  });

  // The passages, after every article's fields: without texts the term ids are exactly those of
  // an index without passages.
  let body: { builder: PassagePostingsBuilder; lengths: Uint16Array; lengthSum: number; passageArticle: Uint32Array; firstPassage: Uint32Array } | undefined;
  const texts = options.texts;
  if (texts !== undefined && texts.size > 0) {
    let characters = 0;
    for (const article of articles) characters += Math.min(texts.get(article.url)?.length ?? 0, MAX_TEXT_CHARS);
    const builder = new PassagePostingsBuilder(Math.max(1024, Math.ceil(characters / 9)));
    const lengths = new Growable(new Uint16Array(1024), (n) => new Uint16Array(n));
    const owners = new Growable(new Uint32Array(1024), (n) => new Uint32Array(n));
    const firstPassage = new Uint32Array(articles.length + 1);
    let lengthSum = 0;
    articles.forEach((article, doc) => {
      firstPassage[doc] = lengths.length;
      const text = texts.get(article.url);
      if (text !== undefined) {
        for (const range of splitPassages(text)) {
          const distinct = count(text.slice(range.start, range.end));
          // A passage is at most MAX_CHARS (600) characters: far fewer distinct terms than MAX_FREQ.
          lengths.push(distinct);
          owners.push(doc);
          lengthSum += distinct;
          for (const id of seen) {
            builder.add(id, freqOf[id]!);
            freqOf[id] = 0;
          }
        }
      }
      if (options.onProgress && (doc + 1) % every === 0) options.onProgress(doc + 1);
    });
    firstPassage[articles.length] = lengths.length;
    if (lengths.length > 0) {
      body = { builder, lengths: lengths.data.slice(0, lengths.length), lengthSum, passageArticle: owners.data.slice(0, owners.length), firstPassage };
    }
  }

  const head = postings.finish(terms.length * fieldCount);
  const dictionary = dictionaryOf(terms);
  const articleCount = Math.max(1, articles.length);
  const index: FrozenIndex = {
    documentCount: articles.length,
    fields: [...fields],
    terms,
    dictionary,
    ...head,
    fieldLengths,
    averageFieldLength: lengthSums.map((sum) => sum / articleCount || 1),
  };
  if (body === undefined) return index;
  const passageCount = body.lengths.length;
  const passageIndex: FrozenIndex = {
    documentCount: passageCount,
    fields: [BODY_FIELD],
    terms,
    dictionary,
    ...body.builder.finish(terms.length, body.lengths),
    fieldLengths: [body.lengths],
    averageFieldLength: Float64Array.of(body.lengthSum / passageCount || 1),
  };
  return { ...index, passages: { index: passageIndex, passageArticle: body.passageArticle, firstPassage: body.firstPassage } };
}

/** The one field of the passage index. */
export const BODY_FIELD = 'body';

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

/**
 * How many articles hold `term` in any field or passage (an upper bound: an article counts once per
 * field and once per passage that holds it).
 */
export function documentFrequency(index: FrozenIndex, term: string): number {
  const id = index.dictionary.get(term);
  if (id === undefined) return 0;
  const f = index.fields.length;
  const inFields = index.offsets[(id + 1) * f]! - index.offsets[id * f]!;
  const body = index.passages?.index;
  return body === undefined ? inFields : inFields + body.offsets[id + 1]! - body.offsets[id]!;
}
