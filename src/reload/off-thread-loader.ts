/**
 * Catalog reloads off the main thread. `createOffThreadLoader` gives a `CatalogLoader` (what
 * `CatalogService` calls to read the source again) that sends the work to a worker thread
 * (reload-worker.ts): reading, parsing, indexing, date order, snapshot. What comes back is put
 * together here in slices of a few milliseconds (util/slices.ts), so requests keep being answered
 * while a 100,000-article catalog reloads:
 *
 * - the index's arrays are transferred (no copy), its term dictionary rebuilt in slices;
 * - the articles are pulled one chunk at a time (each chunk is one short deserialisation);
 * - the search engine for the new articles is made before the loader returns, and kept for
 *   `engineFor(articles)`, so the catalog and its engine go into service together.
 *
 * A failed reload (unreadable source, no article, a worker that crashed) rejects like
 * `loadCatalog` does, and `CatalogService` keeps the catalog in service. Each reload has a worker
 * of its own, stopped when the reload is over.
 */
import { Worker } from 'node:worker_threads';
import type { CatalogLoader } from '../catalog/catalog-service.js';
import type { LoadedCatalog, LoadOptions } from '../catalog/load.js';
import type { Article } from '../catalog/types.js';
import { CatalogBotError, CatalogError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { BODY_FIELD, createSearchEngine, type SearchEngine, dictionarySteps, packedTextsMap, type FrozenIndex, type PassageIndex, type Vocabulary } from '../search/index.js';
import { each, runInSlices, type Sliced } from '../util/slices.js';
import { TERM_SEPARATOR, type Chunk, type FromWorker, type Loaded, type TextsRequest, type ToWorker } from './protocol.js';

export interface OffThreadLoaderOptions {
  /** The vocabulary in service when a reload starts: the new index is built with its multi-word names. */
  vocabulary: () => Vocabulary;
  /** Where the worker persists the new index. Default: not persisted. */
  snapshotPath?: string;
  /** The articles' texts for the next reload's index (asked when a reload starts). Default: none, titles and blurbs only. */
  texts?: () => Promise<TextsRequest | undefined>;
  /** Articles per chunk pulled from the worker. Default 1,000 (~8 ms to receive at 100,000 articles). */
  chunkSize?: number;
  /** Default silent. */
  logger?: Logger;
}

export interface OffThreadLoader {
  /** Pass to `CatalogService` as its `reloader`. */
  load: CatalogLoader;
  /** The engine made for exactly these articles by the reload that returned them, if any. */
  engineFor(articles: readonly Article[]): SearchEngine | undefined;
  /** Stop the worker of a reload in progress (it rejects). */
  close(): Promise<void>;
}

const DEFAULT_CHUNK = 1_000;

export function createOffThreadLoader(options: OffThreadLoaderOptions): OffThreadLoader {
  const logger = options.logger ?? silentLogger;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  // Keyed by the articles array: an engine lives as long as its catalog (the one in service, and
  // the next one while CatalogService compares them), never longer.
  const engines = new WeakMap<readonly Article[], SearchEngine>();
  const running = new Set<WorkerLink>();
  let requestId = 0;

  const load: CatalogLoader = async (source: string, loadOptions: LoadOptions): Promise<LoadedCatalog> => {
    // A worker per reload: its heap (a parsed catalog and an index's worth of garbage, hundreds of MB
    // at 100,000 articles) goes with it, instead of lingering until the next reload.
    const link = startWorker(logger);
    running.add(link);
    try {
      return await loadWith(link, ++requestId, source, loadOptions);
    } finally {
      running.delete(link);
      void link.stop();
    }
  };

  async function loadWith(link: WorkerLink, id: number, source: string, loadOptions: LoadOptions): Promise<LoadedCatalog> {
    const vocabulary = options.vocabulary();
    const { previous } = loadOptions;
    const started = performance.now();
    const texts = await options.texts?.();
    const reply = await link.ask({
      type: 'load',
      id,
      source,
      ...(loadOptions.fetchTimeoutMs !== undefined ? { fetchTimeoutMs: loadOptions.fetchTimeoutMs } : {}),
      ...(loadOptions.maxBytes !== undefined ? { maxBytes: loadOptions.maxBytes } : {}),
      ...(previous !== undefined
        ? { previous: { ...(previous.fingerprint !== undefined ? { fingerprint: previous.fingerprint } : {}), ...(previous.etag !== undefined ? { etag: previous.etag } : {}), ...(previous.body !== undefined ? { body: previous.body } : {}) } }
        : {}),
      phrases: [...vocabulary.phrases],
      ...(options.snapshotPath !== undefined ? { snapshotPath: options.snapshotPath } : {}),
      ...(texts !== undefined ? { texts } : {}),
    });
    if (reply.type === 'failed') throw rebuiltError(reply.error, source);
    if (reply.type === 'chunk') throw new Error('reload worker: a chunk arrived before the catalog');
    const meta = { etag: reply.etag, body: reply.body, fingerprint: reply.fingerprint, skippedFiles: reply.skippedFiles };
    if (reply.type === 'unchanged') {
      // `loadCatalog` returns the previous catalog on no change; CatalogService only reads `notModified` then.
      if (previous?.catalog === undefined) throw new Error('reload worker: source unchanged, but no catalog in service was given');
      return { ...previous.catalog, ...meta, notModified: true, fromSaved: false };
    }
    if (reply.textsProblem !== undefined) logger.warn('article texts cannot be read; the new index searches titles and blurbs', { error: reply.textsProblem });
    if (reply.snapshotProblem !== undefined) logger.warn('search snapshot could not be written; continuing without it', { path: options.snapshotPath, error: reply.snapshotProblem });
    const workerMs = Math.round(performance.now() - started);
    const articles = await receiveArticles(link, id, reply.articleCount, chunkSize);
    const engine = await runInSlices(engineSteps(reply, articles, vocabulary));
    engines.set(articles, engine);
    const byId = new Map<string, Article>();
    await runInSlices(each(articles, 2_000, (a) => byId.set(a.id, a)));
    logger.info('catalog reloaded off the main thread', { articles: articles.length, workerMs, totalMs: Math.round(performance.now() - started) });
    return { articles, byId, warnings: reply.warnings, source: reply.source, loadedAt: new Date(reply.loadedAt), ...meta, notModified: false, fromSaved: false };
  }

  return {
    load,
    engineFor: (articles) => engines.get(articles),
    close: async () => {
      await Promise.all([...running].map((link) => link.stop()));
    },
  };
}

/** Pull the articles chunk by chunk: one chunk's deserialisation at a time holds the main thread. */
async function receiveArticles(link: WorkerLink, id: number, count: number, chunkSize: number): Promise<Article[]> {
  const articles: Article[] = [];
  for (let from = 0; from < count; from += chunkSize) {
    const chunk = await link.ask({ type: 'chunk', id, from, count: chunkSize });
    if (chunk.type !== 'chunk' || chunk.articles.length === 0) throw new Error(`reload worker: chunk ${from} of ${count} articles did not arrive`);
    for (const article of (chunk as Chunk).articles) articles.push(article);
  }
  return articles;
}

/** The index from its transferred parts, the dictionary rebuilt in slices, then the engine. */
function* engineSteps(reply: Loaded, articles: readonly Article[], vocabulary: Vocabulary): Sliced<SearchEngine> {
  const { index: parts } = reply;
  const terms = parts.terms === '' ? [] : parts.terms.split(TERM_SEPARATOR);
  yield;
  const dictionary = yield* dictionarySteps(terms);
  const body = parts.passages;
  const passages: PassageIndex | undefined = body && {
    index: {
      documentCount: body.count,
      fields: [BODY_FIELD],
      terms,
      dictionary,
      offsets: body.offsets,
      docs: body.docs,
      freqs: body.freqs,
      fieldLengths: [body.lengths],
      averageFieldLength: Float64Array.of(body.averageLength),
    },
    passageArticle: body.passageArticle,
    firstPassage: body.firstPassage,
  };
  const index: FrozenIndex = {
    documentCount: parts.documentCount,
    fields: parts.fields,
    terms,
    dictionary,
    offsets: parts.offsets,
    docs: parts.docs,
    freqs: parts.freqs,
    fieldLengths: parts.fieldLengths,
    averageFieldLength: parts.averageFieldLength,
    ...(passages ? { passages } : {}),
  };
  yield;
  const texts = reply.texts ? yield* packedTextsMap(articles, reply.texts) : undefined;
  return createSearchEngine(articles, {
    vocabulary,
    index,
    dateOrder: { newestFirst: reply.newestFirst, dateRank: reply.dateRank },
    facets: reply.facets,
    abbreviations: reply.abbreviations,
    ...(texts ? { texts } : {}),
  });
}

/** The loader's error as the caller would have seen it in-thread (CatalogError keeps its code and source). */
function rebuiltError(error: { name: string; message: string; code?: string; source?: string }, source: string): Error {
  if (error.code === 'catalog_unreadable' || error.code === 'catalog_empty') return new CatalogError(error.code, error.source ?? source, error.message);
  if (error.code === 'config_invalid') return new CatalogBotError('config_invalid', error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/** One worker thread and the request waiting for its reply (one reload per worker: requests never overlap). */
interface WorkerLink {
  ask(message: ToWorker): Promise<FromWorker>;
  stop(): Promise<void>;
}

function startWorker(logger: Logger): WorkerLink {
  const worker = new Worker(...workerEntry());
  // A reload worker must never keep the process alive (shutdown, CLI commands, tests).
  worker.unref();
  let waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void } | undefined;
  let gone: Error | undefined;
  const fail = (error: Error) => {
    gone ??= error;
    waiting?.reject(gone);
    waiting = undefined;
  };
  worker.on('message', (message: FromWorker) => {
    const w = waiting;
    waiting = undefined;
    w?.resolve(message);
  });
  worker.on('error', (error) => {
    logger.error('reload worker crashed; the catalog in service stays', { error: error.message });
    fail(new Error(`reload worker crashed: ${error.message}`));
  });
  worker.on('exit', (code) => fail(new Error(`reload worker stopped (exit code ${code})`)));
  return {
    ask(message) {
      if (gone) return Promise.reject(gone);
      return new Promise<FromWorker>((resolve, reject) => {
        waiting = { resolve, reject };
        worker.postMessage(message);
      });
    },
    async stop() {
      await worker.terminate();
    },
  };
}

/**
 * The worker's entry module: the compiled `.js` next to this file, or — when running from the
 * TypeScript sources (tests, `npm run dev`) — the `.ts` file, loaded after registering tsx's
 * loader in the worker (`execArgv: ['--import', 'tsx']` is not honoured by Node 20 workers).
 */
function workerEntry(): [URL | string, { eval?: boolean }] {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return [new URL('./reload-worker.js', here), {}];
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./reload-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return [boot, { eval: true }];
}
