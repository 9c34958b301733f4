/**
 * A persisted search index, so a restart serves queries without re-indexing the catalog.
 *
 * The file holds minisearch's own serialisation plus a content hash of the indexed articles and a
 * format version. It is reused only when both match; otherwise (or when it is missing, truncated
 * or corrupt) the index is rebuilt and the file rewritten. A snapshot is a cache: losing it costs
 * time, never correctness, so no snapshot problem is fatal.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import MiniSearch from 'minisearch';
import type { AsPlainObject } from 'minisearch';
import type { Article } from '../catalog/types.js';
import { errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { buildIndex, createSearchEngine, type SearchEngine } from './engine.js';
import { COMPOUND_PHRASES, SEARCH_OPTIONS, type IndexedDoc } from './options.js';
import { STOP_WORDS } from './text.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Bump when what goes into the index changes in a way the content hash cannot see (tokenizer,
 * fields, term processing), so old snapshots are rebuilt instead of silently half-matching.
 */
export const SNAPSHOT_FORMAT = 1;

export interface SnapshotFile {
  format: number;
  /** `contentHash(articles)` of the articles the index was built from. */
  contentHash: string;
  articleCount: number;
  createdAt: string;
  index: AsPlainObject;
}

/**
 * A hash of everything the index depends on: the indexed fields of every article, in order (the
 * index refers to articles by position), plus the index settings.
 */
export function contentHash(articles: readonly Article[]): string {
  const hash = createHash('sha256');
  hash.update(`format ${SNAPSHOT_FORMAT}\0${(SEARCH_OPTIONS.index.fields ?? []).join(',')}\0${[...STOP_WORDS].join(',')}\0${[...COMPOUND_PHRASES].join(',')}\n`);
  for (const a of articles) {
    hash.update(`${a.id}\0${a.title}\0${a.summary}\0${a.authors.join('\u0001')}\0`);
    hash.update(`${a.tags.map((t) => `${t.slug}\u0001${t.name}`).join('\u0002')}\n`);
  }
  return hash.digest('hex');
}

/** Write the index atomically (temporary file, then rename), creating the folder if needed. */
export async function writeSnapshot(path: string, index: MiniSearch<IndexedDoc>, hash: string): Promise<void> {
  const snapshot: SnapshotFile = {
    format: SNAPSHOT_FORMAT,
    contentHash: hash,
    articleCount: index.documentCount,
    createdAt: new Date().toISOString(),
    index: index.toJSON(),
  };
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(snapshot));
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export type SnapshotReadResult =
  | { status: 'loaded'; index: MiniSearch<IndexedDoc> }
  | { status: 'missing' }
  | { status: 'stale'; reason: string }
  | { status: 'corrupt'; reason: string };

/** Read a snapshot and load its index if it was built from exactly `hash`. Never throws. */
export async function readSnapshot(path: string, hash: string, articleCount: number): Promise<SnapshotReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'corrupt', reason: `cannot be read: ${errorMessage(error)}` };
  }
  try {
    const snapshot = JSON.parse(text) as Partial<SnapshotFile>;
    text = ''; // let the (large) text go before the index is rebuilt from it
    if (typeof snapshot !== 'object' || snapshot === null || typeof snapshot.index !== 'object') {
      return { status: 'corrupt', reason: 'not a search snapshot (no index)' };
    }
    if (snapshot.format !== SNAPSHOT_FORMAT) {
      return { status: 'stale', reason: `format ${String(snapshot.format)}, expected ${SNAPSHOT_FORMAT}` };
    }
    if (snapshot.contentHash !== hash) return { status: 'stale', reason: 'built from other articles' };
    const index = MiniSearch.loadJS<IndexedDoc>(snapshot.index, SEARCH_OPTIONS.index);
    if (index.documentCount !== articleCount) {
      return { status: 'corrupt', reason: `holds ${index.documentCount} articles, expected ${articleCount}` };
    }
    return { status: 'loaded', index };
  } catch (error) {
    return { status: 'corrupt', reason: errorMessage(error) };
  }
}

export interface LoadOrBuildOptions {
  articles: readonly Article[];
  /** Where the snapshot lives. Undefined: always build, never persist. */
  snapshotPath?: string;
  /** Default: silent. */
  logger?: Logger;
  /** Default: data/vocabulary.json. */
  vocabulary?: Vocabulary;
}

/**
 * A search engine for `articles`, from the snapshot when it matches them, else built from scratch
 * (and the snapshot rewritten). Snapshot problems are logged, never thrown.
 */
export async function loadOrBuildSearchEngine(options: LoadOrBuildOptions): Promise<SearchEngine> {
  const { articles, snapshotPath, vocabulary } = options;
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  if (snapshotPath === undefined) return createSearchEngine(articles, { vocabulary });

  const hash = contentHash(articles);
  const read = await readSnapshot(snapshotPath, hash, articles.length);
  if (read.status === 'loaded') {
    logger.info('search index loaded from snapshot', {
      path: snapshotPath,
      articles: articles.length,
      ms: Math.round(performance.now() - started),
    });
    return createSearchEngine(articles, { vocabulary, index: read.index });
  }
  if (read.status === 'corrupt') {
    logger.warn('search snapshot is unusable; rebuilding the index', { path: snapshotPath, reason: read.reason });
  } else if (read.status === 'stale') {
    logger.info('search snapshot is out of date; rebuilding the index', { path: snapshotPath, reason: read.reason });
  }
  const index = buildIndex(articles);
  const engine = createSearchEngine(articles, { vocabulary, index });
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
