/**
 * The catalog and its search index, kept in step, as the `HandlerDeps` every conversation step
 * uses. Shared by the Slack app and the offline shell so both answer from the same pieces.
 */
import { CatalogService, type CatalogServiceOptions, type ReloadResult } from '../../catalog/catalog-service.js';
import type { Article } from '../../catalog/types.js';
import type { Config } from '../../config.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { loadOrBuildSearchEngine } from '../../search/snapshot.js';
import type { CatalogSearch } from '../../search/types.js';
import { loadSearchVocabulary, vocabularyFingerprint, type Vocabulary } from '../../search/vocabulary.js';
import type { HandlerDeps } from './types.js';

export interface ConversationRuntime {
  catalogService: CatalogService;
  handlerDeps: HandlerDeps;
  /** Stop following catalog changes. */
  close(): void;
  /**
   * Resolves once the index rebuild started by the latest catalog or vocabulary change is in place
   * or has failed (at once when none is running); a rebuild started while waiting is waited for too.
   */
  whenIdle(): Promise<void>;
}

export interface RuntimeOptions {
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
}

/** A catalog service that also runs `afterReload` after every reload (the vocabulary is reloaded with the catalog). */
class CatalogServiceWithVocabulary extends CatalogService {
  constructor(
    options: CatalogServiceOptions,
    private readonly afterReload: () => void,
  ) {
    super(options);
  }
  override reload(): Promise<ReloadResult> {
    return super.reload().then((result) => {
      this.afterReload();
      return result;
    });
  }
}

/**
 * Load the catalog (throws a CatalogError when the source is unreadable or empty) and the search
 * vocabulary (a bad CATALOG_VOCABULARY file is a ConfigError naming it), index the catalog, and
 * re-index whenever a reload changes the catalog or the vocabulary file. A vocabulary file that
 * turns bad later is logged and the previous vocabulary kept. Handlers always see a catalog and the
 * index built from it.
 */
export async function loadConversationRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<ConversationRuntime> {
  const vocabularyPath = config.catalog.vocabularyPath;
  let vocabularyPrint = vocabularyFingerprint(vocabularyPath);
  let vocabulary: Vocabulary = loadSearchVocabulary(vocabularyPath);
  const catalogService: CatalogService = new CatalogServiceWithVocabulary(
    { source: config.catalog.source, fetchTimeoutMs: config.catalog.fetchTimeoutMs, maxBytes: config.catalog.maxBytes, logger },
    () => reloadVocabulary(),
  );
  const started = performance.now();
  const catalog = await catalogService.load();
  const snapshotPath = config.indexSnapshotPath;
  let engine: CatalogSearch = await loadOrBuildSearchEngine({ articles: catalog.articles, snapshotPath, logger, vocabulary });
  logger.info('search index ready', { articles: engine.size, ms: Math.round(performance.now() - started) });

  // Rebuilds are async (snapshot write); a newer reload's index must win over a slower older one.
  let generation = 0;
  let pending: Promise<void> = Promise.resolve();
  const rebuild = (articles: readonly Article[]) => {
    const mine = ++generation;
    pending = loadOrBuildSearchEngine({ articles, snapshotPath, logger, vocabulary }).then(
      (rebuilt) => {
        if (mine !== generation) return;
        engine = rebuilt;
        logger.info('search index rebuilt', { articles: engine.size });
      },
      // Keep answering from the previous index rather than from nothing.
      (error: unknown) => logger.error('search index rebuild failed; keeping the previous index', { error: errorMessage(error) }),
    );
  };
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
    rebuild(catalogService.current().articles);
  }
  const unsubscribe = catalogService.onChange((next) => rebuild(next.articles));

  const handlerDeps: HandlerDeps = {
    catalog: () => catalogService.current(),
    search: () => engine,
    config,
    logger,
    now: options.now ?? (() => new Date()),
  };
  const whenIdle = async () => {
    let waited: Promise<void>;
    do {
      waited = pending;
      await waited;
    } while (waited !== pending);
  };
  return { catalogService, handlerDeps, close: unsubscribe, whenIdle };
}
