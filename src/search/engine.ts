/**
 * The search engine: an index over title, summary, authors and tags (minisearch's term dictionary,
 * BM25 and field boosts; see indexing/frozen-index.ts), and over the articles' text as passages
 * when texts are given (passages/, scored in ranking/scorer.ts), queried in four steps, one module each,
 * sharing one SearchContext (ranking/context.ts):
 *
 * 1. ranking/plan.ts: what each word stands for in this index (its forms, completions, typo
 *    corrections, vocabulary names), one node per word or vocabulary name.
 * 2. ranking/filters.ts: the exact part (dates, authors, tags, phrases, negations).
 * 3. ranking/ranking.ts: which articles cover enough of the query (weighted by how telling each word
 *    is), whether the catalog has anything about it at all, the order, and the page.
 * 4. ranking/suggestions.ts: for a query with no result, "did you mean" queries and the nearest articles.
 *
 * Folder plan, bottom up; each sub-folder is imported only through its index.ts, imports point down:
 * - passages/: an article's text as passages, and a passage as a snippet. Imports nothing.
 * - indexing/: the tokenizer, index settings, the frozen index and its snapshot file. Named
 *   indexing/, not index/, so that `./index.js` (this stage's public surface) and `./index/index.js`
 *   are not one letter apart, and no tool resolving a bare `./index` meets both a file and a folder.
 * - query/: reading the query (operators, free text) and the line saying how it was read.
 * - ranking/: the four steps above. Uses indexing/ and query/.
 * - Here, at the top: this engine, cold-start.ts (a process's engine from the snapshot, or built
 *   and saved), and index.ts, the stage's public surface for the rest of src/ and bench/. types.ts
 *   (plain shared types) and vocabulary.ts sit beside them and may be imported from the sub-folders;
 *   they import only indexing/.
 */
import type { Article } from '../catalog/types.js';
import { CatalogBotError } from '../errors.js';
import { buildFrozenIndex, compoundTokenizer, type BuildProgress, type FrozenIndex } from './indexing/index.js';
import { packedFor } from './passages/index.js';
import { parseQuery, readingOf } from './query/index.js';
import { createFilters, createRanking, createSearchContext, createSuggestions, readNames, type DateOrder, type Facets } from './ranking/index.js';
import type { CatalogSearch, ParsedQuery, SearchOptions, SearchResult } from './types.js';
import { defaultVocabulary, type Vocabulary } from './vocabulary.js';
import { learnAbbreviations, withAbbreviations, type Abbreviation } from './abbreviations.js';

export interface SearchEngineOptions {
  /** Synonyms and jargon to expand queries with. Default: vocabulary/general.json. */
  vocabulary?: Vocabulary;
  /**
   * An index already built for exactly these articles, in this order, with this vocabulary (from a
   * snapshot). Default: build one.
   */
  index?: FrozenIndex;
  /** Today, for "last year" and the like in query text. Default: the current time. */
  now?: () => Date;
  /** The articles' date order (`dateOrderOf(articles)`), when already computed elsewhere. Default: computed here. */
  dateOrder?: DateOrder;
  /** The articles' authors and tags (`facetsOf(articles)`), when already computed elsewhere. Default: computed here. */
  facets?: Facets;
  /**
   * Article url → the article's text (crawled), searched as passages beside the title and blurb,
   * and the source of the hits' snippets. With `index`, it must be the texts that index was built
   * with. The engine keeps its own packed copy (passages/packed-texts.ts): the caller may drop the
   * map. Default: none (title, blurb, authors and tags only).
   */
  texts?: ReadonlyMap<string, string>;
  /**
   * The abbreviations the catalog defines (`abbreviationsOf(articles)`, or `learnAbbreviations`
   * over titles, blurbs and article text), when already computed elsewhere (a reload's worker).
   * Default: learned here from the titles and blurbs.
   */
  abbreviations?: readonly Abbreviation[];
}

export interface SearchEngine extends CatalogSearch {
  /** The indexed articles, in index order. */
  readonly articles: readonly Article[];
  /** The index (what a snapshot stores). */
  readonly index: FrozenIndex;
  /** The vocabulary queries are expanded with (its multi-word names are part of the index), without the learned abbreviations. */
  readonly vocabulary: Vocabulary;
  /** The abbreviations learned from the catalog, searched as synonyms (not part of the index). */
  readonly abbreviations: readonly Abbreviation[];
}

/** The strings abbreviations are learned from: each article's title and blurb. */
export function* abbreviationSources(articles: readonly Article[]): Iterable<string> {
  for (const article of articles) {
    yield article.title;
    yield article.summary;
  }
}

/** The abbreviations the articles' titles and blurbs define ("WebAssembly (Wasm)"). */
export function abbreviationsOf(articles: readonly Article[]): Abbreviation[] {
  return learnAbbreviations(abbreviationSources(articles));
}

export interface BuildIndexOptions extends BuildProgress {
  /** Whose multi-word names are indexed as compound terms. Default: the general vocabulary. */
  vocabulary?: Vocabulary;
  /** Article url → its text, indexed as passages (passages/split.ts). Default: none. */
  texts?: ReadonlyMap<string, string>;
}

/** Build the index over the articles (SEARCH_OPTIONS.index, the vocabulary's compound names) and their texts. */
export function buildIndex(articles: readonly Article[], options: BuildIndexOptions = {}): FrozenIndex {
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  return buildFrozenIndex(articles, compoundTokenizer(new Set(vocabulary.phrases)), options);
}

export function createSearchEngine(articles: readonly Article[], options: SearchEngineOptions = {}): SearchEngine {
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const given = options.texts;
  const index = options.index ?? buildIndex(articles, { vocabulary, ...(given ? { texts: given } : {}) });
  // Kept packed (passages/packed-texts.ts), and only when the index has passages to cut snippets from.
  const texts = given !== undefined && index.passages !== undefined ? packedFor(articles, given) : undefined;
  if (index.documentCount !== articles.length) {
    throw new CatalogBotError(
      'config_invalid',
      `search: the index holds ${index.documentCount} articles but ${articles.length} were given; build it from these articles`,
    );
  }
  if (options.dateOrder !== undefined && options.dateOrder.newestFirst.length !== articles.length) {
    throw new CatalogBotError('config_invalid', `search: the date order covers ${options.dateOrder.newestFirst.length} articles but ${articles.length} were given`);
  }
  const abbreviations = options.abbreviations ?? abbreviationsOf(articles);
  const ctx = createSearchContext(articles, index, withAbbreviations(vocabulary, abbreviations), options.dateOrder, options.facets, texts);
  const filters = createFilters(ctx);
  const ranking = createRanking(ctx, filters);
  const suggestions = createSuggestions(ctx, filters, ranking);
  const now = options.now ?? (() => new Date());
  // A word the catalog has only in authors' names is read as `author:` (ranking/names.ts).
  const parse = (query: string | ParsedQuery): ParsedQuery => readNames(ctx, typeof query === 'string' ? parseQuery(query, { now: now() }) : query);

  return {
    articles,
    index,
    vocabulary,
    abbreviations,
    size: articles.length,
    search(query, opts: SearchOptions = {}): SearchResult {
      const q = parse(query);
      const limit = Math.max(0, opts.limit ?? ctx.tuning.defaultLimit);
      const offset = Math.max(0, Math.floor(opts.offset ?? 0));
      const ranked = ranking.evaluate(q);
      const reading = readingOf(q, ranked.plan);
      if (ranked.weak) {
        const closest = ranking.hitsOf(ranked.closest, ranked, ctx.tuning.alternativeCount);
        return { query: q, hits: [], total: 0, suggestions: suggestions.respellings(q), alternatives: closest, weak: true, reading };
      }
      const hits = ranking.page(q, ranked, offset, limit);
      const total = ranked.ids.length;
      const empty = total === 0 ? suggestions.explainEmpty(q) : { suggestions: [], alternatives: [] };
      return { query: q, hits, total, ...empty, weak: false, reading };
    },
    matchingIds(query) {
      const ranked = ranking.evaluate(parse(query));
      return new Set(Array.from(ranked.ids.sort(), (i) => articles[i]!.id));
    },
  };
}
