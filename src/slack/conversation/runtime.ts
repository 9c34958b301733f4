/**
 * The catalog and its search index, kept in step, as the `HandlerDeps` every conversation step
 * uses. Shared by the Slack app and the offline shell so both answer from the same pieces.
 */
import { CatalogService, type CatalogLoader } from '../../catalog/catalog-service.js';
import type { Config } from '../../config.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { createOffThreadLoader } from '../../reload/off-thread-loader.js';
import { loadCatalogAndEngine, loadSearchVocabulary, vocabularyFingerprint, type Vocabulary } from '../../search/index.js';
import { readStoredTexts } from '../../store/stored-texts.js';
import type { HandlerDeps } from './types.js';

export interface ConversationRuntime {
  catalogService: CatalogService;
  handlerDeps: HandlerDeps;
  /**
   * The stored texts changed (a crawl fetched or dropped some): re-index the catalog with them, off
   * the main thread as a reload does; the new engine goes into service when ready. Resolves then.
   */
  textsChanged(): Promise<void>;
  /** Stop the reload worker. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
  /**
   * Reads the articles' stored texts (url → text; CATALOG_FULL_TEXT=on): at start, and for each
   * re-index. A failed read is logged and the index made from titles and blurbs. Undefined: no texts.
   */
  readArticleTexts?: () => Promise<Map<string, string>>;
}

/**
 * Load the catalog (throws a CatalogError when the source is unreadable or empty) and the search
 * vocabulary (a bad CATALOG_VOCABULARY file is a ConfigError naming it), and index the catalog.
 *
 * Reloads run in a worker thread (reload/off-thread-loader.ts): a changed catalog is parsed and
 * indexed there, and the new catalog and its engine go into service together — `search()` serves
 * the engine made for the catalog `catalog()` returns, so no handler sees one without the other.
 * A failed reload keeps both. The vocabulary file is read again before each reload; when it
 * changed, the catalog is re-indexed even if it did not. A vocabulary file that turns bad later is
 * logged and the previous vocabulary kept.
 */
export async function loadConversationRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<ConversationRuntime> {
  const vocabularyPath = config.catalog.vocabularyPath;
  let vocabularyPrint = vocabularyFingerprint(vocabularyPath);
  let vocabulary: Vocabulary = loadSearchVocabulary(vocabularyPath);
  /** The vocabulary the engine in service was built with: a reload with another one must re-index. */
  let indexedWith = vocabulary;
  const snapshotPath = config.indexSnapshotPath;
  // CATALOG_FULL_TEXT=on: the texts the crawler keeps in the configured store (the CLI never crawls;
  // the bot's background crawl calls textsChanged()). Read here at start; by the worker for re-indexes.
  const storeTexts = config.crawl.fullText ? { databasePath: config.databasePath, databaseUrl: config.databaseUrl, databasePoolSize: 1 } : undefined;
  const readArticleTexts = options.readArticleTexts ?? (storeTexts ? () => readStoredTexts(storeTexts, logger) : undefined);
  /** The stored texts, or undefined (none configured, or they could not be read: titles and blurbs then). */
  const readTexts = async (): Promise<Map<string, string> | undefined> => {
    if (readArticleTexts === undefined) return undefined;
    try {
      return await readArticleTexts();
    } catch (error) {
      logger.warn('article texts cannot be read; searching titles and blurbs', { error: errorMessage(error) });
      return undefined;
    }
  };
  // Bumped by textsChanged(): a reload then re-indexes even an unchanged catalog.
  let textsVersion = 0;
  let indexedTexts = 0;
  const offThread = createOffThreadLoader({
    vocabulary: () => vocabulary,
    snapshotPath,
    logger,
    ...(options.readArticleTexts
      ? { texts: async () => mapOrUndefined(await readTexts()) }
      : storeTexts
        ? { texts: async () => ({ store: storeTexts }) }
        : {}),
  });

  const reloader: CatalogLoader = async (source, loadOptions) => {
    reloadVocabulary();
    // Without `previous`, the worker parses and indexes even an unchanged source.
    const reindex = indexedWith !== vocabulary || indexedTexts !== textsVersion;
    const { previous: _previous, ...fresh } = loadOptions;
    const used = vocabulary;
    const usedTexts = textsVersion;
    const loaded = await offThread.load(source, reindex ? fresh : loadOptions);
    if (!loaded.notModified) {
      indexedWith = used;
      indexedTexts = usedTexts;
    }
    return loaded;
  };
  const catalogService = new CatalogService({
    source: config.catalog.source,
    fetchTimeoutMs: config.catalog.fetchTimeoutMs,
    maxBytes: config.catalog.maxBytes,
    logger,
    reloader,
  });
  const started = performance.now();
  // From the snapshot (catalog and index) when the catalog's text is unchanged, as the CLI does.
  // The texts are read once here (nothing is served yet); the engine keeps its own packed copy.
  const texts = await readTexts();
  const { engine: startEngine } = await loadCatalogAndEngine(catalogService, { snapshotPath, vocabulary, logger, ...(texts ? { texts } : {}) });
  logger.info('search index ready', {
    articles: startEngine.size,
    passages: startEngine.index.passages?.index.documentCount ?? 0,
    ms: Math.round(performance.now() - started),
  });

  function reloadVocabulary(): void {
    const print = vocabularyFingerprint(vocabularyPath);
    if (print === vocabularyPrint) return;
    vocabularyPrint = print;
    try {
      vocabulary = loadSearchVocabulary(vocabularyPath);
    } catch (error) {
      logger.error('CATALOG_VOCABULARY cannot be used; keeping the previous vocabulary', { error: errorMessage(error) });
      return;
    }
    logger.info('vocabulary reloaded', { path: vocabularyPath });
  }

  // The engine for the catalog in service: the one the latest reload made with it, else (no reload
  // yet, or one that found the source unchanged) the one built at start.
  const search = () => offThread.engineFor(catalogService.current().articles) ?? startEngine;
  const handlerDeps: HandlerDeps = {
    catalog: () => catalogService.current(),
    search,
    config,
    logger,
    now: options.now ?? (() => new Date()),
  };
  const textsChanged = async (): Promise<void> => {
    textsVersion += 1;
    const wanted = textsVersion;
    // A reload already under way was asked for with the texts before this change: then once more.
    for (let round = 0; round < 2 && indexedTexts < wanted; round += 1) {
      const result = await catalogService.reload();
      if (!result.ok) throw result.error;
    }
  };
  return { catalogService, handlerDeps, textsChanged, close: () => offThread.close() };
}

/** The reload worker's texts: given, or none when there are none. */
const mapOrUndefined = (texts: Map<string, string> | undefined) => (texts !== undefined && texts.size > 0 ? { given: texts } : undefined);
