/**
 * The search contract shared by the CLI, Slack handlers and the digest. Plain values only.
 */
import type { Article } from '../catalog/types.js';

export type SortOrder = 'relevance' | 'newest' | 'oldest';

/**
 * A parsed query. A plain, JSON-serialisable value: a channel subscription stores its canonical
 * text form (`formatQuery`) and parses it back, so parse(format(q)) must equal q.
 */
export interface ParsedQuery {
  /** Free words, lower-cased, stop/question words removed. */
  terms: string[];
  /** "quoted phrases", lower-cased. */
  phrases: string[];
  /** -word / -"phrase": articles containing them are excluded. */
  excludeTerms: string[];
  excludePhrases: string[];
  /** author:golding, author:"Tod Golding" — case-insensitive substring of an author's name. */
  authors: string[];
  excludeAuthors: string[];
  /** tag:saas — tag slug (or name) match. */
  tags: string[];
  excludeTags: string[];
  /** after:YYYY[-MM[-DD]] — published strictly after the END of that period. Stored as given. */
  after?: string;
  /** before:YYYY[-MM[-DD]] — published strictly before the START of that period. */
  before?: string;
  /** year:2022 */
  year?: number;
  sort: SortOrder;
  /** The bare words `latest` / `new`: the newest articles (sort newest, no word needed). */
  latest: boolean;
  /** Problems met while parsing (e.g. `after:2022-13`), shown to the user; the rest of the query still runs. */
  problems: string[];
}

export interface SearchHit {
  article: Article;
  score: number;
  /** Query terms (after expansion) that matched this article, for "matched: …" hints. */
  matched: string[];
  /** The best passage of the article's text when the match came from its body (plain text, <= 300 chars, cut at word boundaries). */
  snippet?: string;
}

/** How a query was read, for the answer's first line (see reading.ts). */
export interface QueryReading {
  /** The words and "phrases" searched, as the canonical query writes them ('' when none). */
  topic: string;
  /** Everything else, in reading order: "newest first", "2023", "by golding", "also searched: kubernetes"… */
  notes: string[];
}

/**
 * What the query plan (ranking/plan.ts) read besides the typed words. Here rather than in plan.ts
 * because the query's reading (query/reading.ts) reports it, and query/ sits below ranking/.
 */
export interface PlanNotes {
  /** Typed words read as another known word ("kubernets" → "kubernetes", "dynamo db" → "dynamodb"). */
  corrections: Array<{ from: string; to: string }>;
  /**
   * Vocabulary names searched besides the words (as read: a typo's correction), with how many
   * articles hold them. `alone`: no article has the word itself (nor a synonym), so any article
   * found for it was found only through this name — the reading line says so.
   */
  expansions: Array<{ from: string; to: string; synonym: boolean; articles: number; alone?: boolean }>;
}

export interface SearchResult {
  query: ParsedQuery;
  /** The requested page of hits, best first (equal scores newest first). */
  hits: SearchHit[];
  /** How many articles match in all (for "5 of 12"). */
  total: number;
  /** When total is 0: "did you mean" corrected query texts (canonical form), best first. */
  suggestions: string[];
  /** When total is 0: nearest alternatives (e.g. the articles matching any one word), best first. */
  alternatives: SearchHit[];
  /**
   * The catalog has nothing about the query: even the best article covers too little of it (or
   * only its commonest words). Then `total` is 0, `hits` is empty and `alternatives` holds the
   * closest articles, which are not results.
   */
  weak?: boolean;
  /** How the query was read (order, filters from free text, corrections, other names searched). */
  reading?: QueryReading;
}

export interface SearchOptions {
  /** Page size. Default 5. Use Infinity for all. */
  limit?: number;
  /** Hits to skip (paging). Default 0. */
  offset?: number;
}

/** What every consumer needs from the search engine. */
export interface CatalogSearch {
  search(query: string | ParsedQuery, options?: SearchOptions): SearchResult;
  /** The ids of every article the query matches: a subscription's saved search applied to the catalog. */
  matchingIds(query: string | ParsedQuery): Set<string>;
  /** Number of articles indexed. */
  readonly size: number;
}
