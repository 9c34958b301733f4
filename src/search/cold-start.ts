/**
 * A new process's catalog and search engine, from the index snapshot when the catalog's text is
 * unchanged: the source is still read and hashed (the loader's fingerprint, ~0.1 s per 90 MB), but
 * neither parsed nor indexed. Used by `catalog-bot search`, `parse` and `digest --now`, and meant
 * for the bot's start-up too, so that a snapshot written by one is reused by the others.
 *
 * The snapshot is keyed by the loader's fingerprint (every file's name and content digest), the
 * index settings and the vocabulary's multi-word names (the compound terms the index holds), never
 * by a hash over the parsed articles: computing that would mean parsing.
 */
import { createHash } from 'node:crypto';
import type { CatalogService } from '../catalog/catalog-service.js';
import { loadCatalog, type LoadOptions, type SavedCatalogLookup } from '../catalog/load.js';
import { PARSE_RULES } from '../catalog/parse.js';
import type { Article, Catalog } from '../catalog/types.js';
import { errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { buildIndex, createSearchEngine, type SearchEngine } from './engine.js';
import { decodeSnapshot, indexSettingsLine, readSnapshot, readSnapshotFile, writeSnapshot, type FrozenIndex, type SnapshotFile } from './indexing/index.js';
import { defaultVocabulary, type Vocabulary } from './vocabulary.js';

export interface SnapshotCacheOptions {
  /** INDEX_SNAPSHOT_PATH. */
  path: string;
  /** The articles' stored text (url → text), indexed as passages and part of the snapshot's key. Default: none. */
  texts?: ReadonlyMap<string, string>;
  /** The vocabulary the engine searches with (its multi-word names are indexed). Default: the general one. */
  vocabulary?: Vocabulary;
  /** Snapshot problems are warnings, reuse and rebuilds info. Default silent. */
  logger?: Logger;
}

/**
 * The key a snapshot of the catalog read with this fingerprint and indexed with this vocabulary is
 * written for. The source is not part of it: the fingerprint covers every file's name as the
 * articles and warnings label it, so equal fingerprints mean equal catalogs (`data` and `data/` share one).
 */
export function catalogSnapshotKey(fingerprint: string, vocabulary: Vocabulary, texts?: ReadonlyMap<string, string>): string {
  return createHash('sha256').update(`catalog\0${fingerprint}\0parse ${PARSE_RULES}\0${indexSettingsLine(vocabulary)}\0${textsDigest(texts)}`).digest('hex');
}

/**
 * A digest of the articles' texts, by url ('' when there are none, so a blurb-only snapshot's key
 * does not depend on how "no texts" was passed): a crawl that changes a text makes the snapshot out
 * of date, an unchanged one reuses it. Sorted by url, so the store's row order does not matter.
 * About a second for 100,000 texts of 4 KB here.
 */
export function textsDigest(texts: ReadonlyMap<string, string> | undefined): string {
  if (texts === undefined || texts.size === 0) return '';
  // SHA-1: a cache key, not a signature (the catalog fingerprint is SHA-1 too), and faster over 400 MB.
  const hash = createHash('sha1');
  for (const url of [...texts.keys()].sort()) {
    const text = texts.get(url)!;
    hash.update(`${url}\0${text.length}\0`);
    hash.update(text);
    hash.update('\n');
  }
  return hash.digest('hex');
}

export interface SnapshotCache {
  /** For `LoadOptions.saved` / `CatalogService.load({ saved })`: the snapshot's catalog when its key matches. */
  saved: SavedCatalogLookup;
  /**
   * The engine for a catalog just loaded with `fingerprint`: with the snapshot's index when `saved`
   * supplied this very catalog, else built, and the snapshot rewritten with the catalog.
   */
  engineFor(catalog: Catalog, fingerprint: string): Promise<SearchEngine>;
  /** True once `saved` has supplied a catalog. */
  readonly reused: boolean;
}

export function createSnapshotCache(options: SnapshotCacheOptions): SnapshotCache {
  const { path, texts } = options;
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const logger = options.logger ?? silentLogger;
  let fromSnapshot: { catalog: Catalog; index: FrozenIndex } | undefined;
  // Read while the loader reads and hashes the source: the two reads overlap (~0.1–0.2 s at 100,000 articles).
  let file: Promise<SnapshotFile> | undefined = readSnapshotFile(path);

  const saved: SavedCatalogLookup = async (fingerprint, source) => {
    const started = performance.now();
    const bytes = await (file ?? readSnapshotFile(path));
    file = undefined; // a second look-up reads the file again; this one's bytes are not kept
    const read = decodeSnapshot(bytes, { key: catalogSnapshotKey(fingerprint, vocabulary, texts), catalog: true });
    if (read.status === 'corrupt') {
      logger.warn(`search snapshot ${path} cannot be used (${read.reason}); reading the catalog without it`, { path, reason: read.reason });
    } else if (read.status === 'stale') {
      logger.info('search snapshot is out of date', { path, reason: read.reason });
    }
    if (read.status !== 'loaded' || read.catalog === undefined) return undefined;
    const { articles, warnings } = read.catalog;
    const catalog: Catalog = Object.freeze({
      articles: Object.freeze(articles),
      byId: new Map(articles.map((a) => [a.id, a])),
      warnings: Object.freeze(warnings),
      source,
      loadedAt: new Date(),
    });
    fromSnapshot = { catalog, index: read.index };
    logger.info('catalog and search index loaded from snapshot', { path, articles: articles.length, ms: Math.round(performance.now() - started) });
    return catalog;
  };

  const engineFor = async (catalog: Catalog, fingerprint: string): Promise<SearchEngine> => {
    // CatalogService copies the catalog object, not its articles: the same array means the same catalog.
    if (fromSnapshot !== undefined && fromSnapshot.catalog.articles === catalog.articles) {
      return createSearchEngine(catalog.articles, { vocabulary, index: fromSnapshot.index, ...(texts ? { texts } : {}) });
    }
    return buildAndSaveEngine(catalog, fingerprint, options);
  };

  return {
    saved,
    engineFor,
    get reused() {
      return fromSnapshot !== undefined;
    },
  };
}

/**
 * Index `catalog` and write the snapshot with it, for the next process (or a reload's rebuild).
 * A snapshot that cannot be written is a warning: the engine is returned all the same.
 */
export async function buildAndSaveEngine(catalog: Catalog, fingerprint: string, options: SnapshotCacheOptions): Promise<SearchEngine> {
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const logger = options.logger ?? silentLogger;
  const texts = options.texts;
  const withTexts = texts ? { texts } : {};
  const started = performance.now();
  const index = buildIndex(catalog.articles, { vocabulary, ...withTexts });
  const engine = createSearchEngine(catalog.articles, { vocabulary, index, ...withTexts });
  logger.info('search index built', { articles: catalog.articles.length, passages: index.passages?.index.documentCount ?? 0, ms: Math.round(performance.now() - started) });
  try {
    await writeSnapshot(options.path, index, catalogSnapshotKey(fingerprint, vocabulary, texts), catalog);
  } catch (error) {
    logger.warn(`search snapshot ${options.path} could not be written (${errorMessage(error)}); continuing without it`, { path: options.path, error: errorMessage(error) });
  }
  return engine;
}

export interface ColdStartOptions extends Pick<LoadOptions, 'fetchTimeoutMs' | 'maxBytes' | 'cwd'> {
  /** INDEX_SNAPSHOT_PATH. Undefined: parse and index, never read or write a snapshot. */
  snapshotPath?: string;
  vocabulary?: Vocabulary;
  logger?: Logger;
  /** The articles' stored text (url → text), searched as passages. Default: none. */
  texts?: ReadonlyMap<string, string>;
}

export interface ColdStart {
  catalog: Catalog;
  engine: SearchEngine;
  /** The loader's fingerprint of the text read (pass it to `buildAndSaveEngine` after a reload). */
  fingerprint: string;
  /** Folder sources: files skipped as not markdown (empty when loaded through a service, which logs them). */
  skippedFiles: readonly string[];
  /** True when neither parsing nor indexing was needed. */
  fromSnapshot: boolean;
}

/**
 * Load the catalog of `from` — a CATALOG_SOURCE, or the bot's `CatalogService` (its first
 * `load()`, after which it holds the catalog; `fetchTimeoutMs`, `maxBytes` and `cwd` are then the
 * service's own) — and its search engine, from the snapshot when the catalog's text is unchanged
 * (else parsed, indexed, and the snapshot rewritten). Throws what `loadCatalog` throws.
 */
export async function loadCatalogAndEngine(from: string | CatalogService, options: ColdStartOptions = {}): Promise<ColdStart> {
  const { snapshotPath } = options;
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const texts = options.texts;
  const withTexts = texts ? { texts } : {};
  const cache =
    snapshotPath === undefined ? undefined : createSnapshotCache({ path: snapshotPath, vocabulary, ...withTexts, ...(options.logger ? { logger: options.logger } : {}) });
  const saved = cache ? { saved: cache.saved } : {};
  let catalog: Catalog;
  let fingerprint: string;
  let skippedFiles: readonly string[] = [];
  if (typeof from !== 'string') {
    catalog = await from.load(saved);
    fingerprint = from.fingerprint ?? '';
  } else {
    const loaded = await loadCatalog(from, { ...pickLoadOptions(options), ...saved });
    ({ fingerprint, skippedFiles } = loaded);
    catalog = loaded;
  }
  const engine = cache ? await cache.engineFor(catalog, fingerprint) : createSearchEngine(catalog.articles, { vocabulary, ...withTexts });
  return { catalog, engine, fingerprint, skippedFiles, fromSnapshot: cache?.reused ?? false };
}

function pickLoadOptions(options: ColdStartOptions): LoadOptions {
  const { fetchTimeoutMs, maxBytes, cwd } = options;
  return { ...(fetchTimeoutMs !== undefined ? { fetchTimeoutMs } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}), ...(cwd !== undefined ? { cwd } : {}) };
}

// Keyed by the articles themselves rather than the loader's fingerprint; here, not in
// indexing/snapshot.ts, because it builds an engine (engine.ts), which indexing/ sits below.

/**
 * A hash of the indexed fields of every article, in order (the index refers to articles by
 * position), plus the index settings. Only for callers that have the articles but not the loader's
 * fingerprint (`loadOrBuildSearchEngine`); a cold start keys by the fingerprint instead, since
 * hashing 100,000 parsed articles means parsing them first.
 */
export function contentHash(articles: readonly Article[], vocabulary: Vocabulary = defaultVocabulary(), texts?: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  hash.update(`content\0${indexSettingsLine(vocabulary)}\0${textsDigest(texts)}\0`);
  for (const a of articles) {
    hash.update(`${a.id}\0${a.title}\0${a.summary}\0${a.authors.join('\u0001')}\0`);
    hash.update(`${a.tags.map((t) => `${t.slug}\u0001${t.name}`).join('\u0002')}\n`);
  }
  return hash.digest('hex');
}


export interface LoadOrBuildOptions {
  articles: readonly Article[];
  /** Where the snapshot lives. Undefined: always build, never persist. */
  snapshotPath?: string;
  /** Default: silent. */
  logger?: Logger;
  /** Default: vocabulary/general.json. */
  vocabulary?: Vocabulary;
  /** The articles' text (url → text), searched as passages. Default: none. */
  texts?: ReadonlyMap<string, string>;
}

/**
 * A search engine for `articles`, from the snapshot when it matches them, else built from scratch
 * (and the snapshot rewritten, without the catalog). Snapshot problems are logged, never thrown.
 * For callers that only have the articles (a rebuild after a reload); a start-up that loads the
 * catalog itself uses `loadCatalogAndEngine` (cold-start.ts), which skips parsing too.
 */
export async function loadOrBuildSearchEngine(options: LoadOrBuildOptions): Promise<SearchEngine> {
  const { articles, snapshotPath } = options;
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const logger = options.logger ?? silentLogger;
  const texts = options.texts;
  const withTexts = texts ? { texts } : {};
  const started = performance.now();
  if (snapshotPath === undefined) return createSearchEngine(articles, { vocabulary, ...withTexts });

  const hash = contentHash(articles, vocabulary, texts);
  const read = await readSnapshot(snapshotPath, { key: hash, articleCount: articles.length });
  if (read.status === 'loaded') {
    logger.info('search index loaded from snapshot', {
      path: snapshotPath,
      articles: articles.length,
      ms: Math.round(performance.now() - started),
    });
    return createSearchEngine(articles, { vocabulary, index: read.index, ...withTexts });
  }
  if (read.status === 'corrupt') {
    logger.warn('search snapshot is unusable; rebuilding the index', { path: snapshotPath, reason: read.reason });
  } else if (read.status === 'stale') {
    logger.info('search snapshot is out of date; rebuilding the index', { path: snapshotPath, reason: read.reason });
  }
  const index = buildIndex(articles, { vocabulary, ...withTexts });
  const engine = createSearchEngine(articles, { vocabulary, index, ...withTexts });
  logger.info('search index built', { articles: articles.length, ms: Math.round(performance.now() - started) });
  try {
    await writeSnapshot(snapshotPath, index, hash);
  } catch (error) {
    logger.warn('search snapshot could not be written; continuing without it', {
      path: snapshotPath,
      error: errorMessage(error),
    });
  }
  return engine;
}
