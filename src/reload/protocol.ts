/**
 * Messages between the bot's main thread and its reload worker (reload-worker.ts). Plain values
 * only: they are structured-cloned, and the index's typed arrays are transferred, not copied.
 *
 * One reload is: main → `load`; worker → `unchanged` | `failed` | `loaded` (header, index, date
 * order); then main pulls the articles with `chunk` requests, one at a time, so that receiving
 * 100,000 articles never holds the main thread for more than one chunk's deserialisation. Then
 * the worker is stopped (one worker per reload).
 */
import type { Article, CatalogWarning } from '../catalog/types.js';
import type { Abbreviation, Facets, PackedTexts } from '../search/index.js';
import type { StoreLocation } from '../store/open-store.js';

/**
 * The articles' texts for the new index (CATALOG_FULL_TEXT=on). `store`: the worker reads them from
 * the configured store through a connection of its own, so 100,000 texts never cross the main
 * thread. `given`: url → text, structured-cloned into the worker (tests, embedders with few articles).
 */
export type TextsRequest = { store: StoreLocation } | { given: Map<string, string> };

export interface LoadRequest {
  type: 'load';
  id: number;
  source: string;
  fetchTimeoutMs?: number;
  maxBytes?: number;
  /** What the catalog in service was loaded from (see PreviousLoad), without the catalog itself. */
  previous?: { fingerprint?: string; etag?: string; body?: string };
  /** The search vocabulary's multi-word names (all the index needs of the vocabulary). */
  phrases: string[];
  /** Where to persist the new index (as the bot does at start). Undefined: not persisted. */
  snapshotPath?: string;
  /** The articles' texts, indexed as passages. Undefined: titles and blurbs only. */
  texts?: TextsRequest;
}

export interface ChunkRequest {
  type: 'chunk';
  id: number;
  from: number;
  count: number;
}

export type ToWorker = LoadRequest | ChunkRequest;

/** What the loader says of the source besides its articles (LoadedCatalog's extra fields). */
export interface SourceMeta {
  etag: string | null;
  body: string | null;
  fingerprint: string;
  skippedFiles: string[];
}

/** A FrozenIndex without its dictionary (rebuilt on the receiving side), terms joined by NUL. */
export interface IndexTransfer {
  documentCount: number;
  fields: string[];
  terms: string;
  offsets: Uint32Array;
  docs: Uint32Array;
  freqs: Uint16Array;
  fieldLengths: Uint16Array[];
  averageFieldLength: Float64Array;
  /** The passage index (same terms), when texts were indexed. */
  passages?: PassageTransfer;
}

/** A PassageIndex's arrays (its index has one field, `body`, and the article index's terms). */
export interface PassageTransfer {
  count: number;
  offsets: Uint32Array;
  docs: Uint32Array;
  freqs: Uint16Array;
  lengths: Uint16Array;
  averageLength: number;
  passageArticle: Uint32Array;
  firstPassage: Uint32Array;
}

export interface Unchanged extends SourceMeta {
  type: 'unchanged';
  id: number;
}

export interface Loaded extends SourceMeta {
  type: 'loaded';
  id: number;
  source: string;
  loadedAt: string;
  warnings: CatalogWarning[];
  articleCount: number;
  index: IndexTransfer;
  newestFirst: Uint32Array;
  dateRank: Uint32Array;
  facets: Facets;
  /** The abbreviations the catalog defines, learned in the worker (plain pairs). */
  abbreviations: Abbreviation[];
  /** The texts indexed, packed in article order, for the engine's snippets. */
  texts?: PackedTexts;
  /** Set when the stored texts could not be read: the index was made from titles and blurbs. */
  textsProblem?: string;
  /** Set when the new index could not be persisted (the reload still succeeds). */
  snapshotProblem?: string;
}

export interface Failed {
  type: 'failed';
  id: number;
  error: { name: string; message: string; code?: string; source?: string };
}

export interface Chunk {
  type: 'chunk';
  id: number;
  articles: Article[];
}

export type FromWorker = Unchanged | Loaded | Failed | Chunk;

/** Separates terms in `IndexTransfer.terms`: index terms never hold a NUL (the tokenizer splits on it). */
export const TERM_SEPARATOR = '\0';
