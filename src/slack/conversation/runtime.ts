/**
 * The catalog and its search index, kept in step, as the `HandlerDeps` every conversation step
 * uses. Shared by the Slack app and the offline shell so both answer from the same pieces.
 */
import { CatalogService } from '../../catalog/catalog-service.js';
import type { Config } from '../../config.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { loadOrBuildSearchEngine } from '../../search/snapshot.js';
import type { CatalogSearch } from '../../search/types.js';
import type { HandlerDeps } from './types.js';

export interface ConversationRuntime {
  catalogService: CatalogService;
  handlerDeps: HandlerDeps;
  /** Stop following catalog changes. */
  close(): void;
}

export interface RuntimeOptions {
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
}

/**
 * Load the catalog (throws a CatalogError when the source is unreadable or empty), index it, and
 * re-index whenever a reload changes it. Handlers always see a catalog and the index built from it.
 */
export async function loadConversationRuntime(config: Config, logger: Logger, options: RuntimeOptions = {}): Promise<ConversationRuntime> {
  const catalogService = new CatalogService({
    source: config.catalog.source,
    fetchTimeoutMs: config.catalog.fetchTimeoutMs,
    maxBytes: config.catalog.maxBytes,
    logger,
  });
  const started = performance.now();
  const catalog = await catalogService.load();
  const snapshotPath = config.indexSnapshotPath;
  let engine: CatalogSearch = await loadOrBuildSearchEngine({ articles: catalog.articles, snapshotPath, logger });
  logger.info('search index ready', { articles: engine.size, ms: Math.round(performance.now() - started) });

  // Rebuilds are async (snapshot write); a newer reload's index must win over a slower older one.
  let generation = 0;
  const unsubscribe = catalogService.onChange((next) => {
    const mine = ++generation;
    loadOrBuildSearchEngine({ articles: next.articles, snapshotPath, logger }).then(
      (rebuilt) => {
        if (mine !== generation) return;
        engine = rebuilt;
        logger.info('search index rebuilt', { articles: engine.size });
      },
      // Keep answering from the previous index rather than from nothing.
      (error: unknown) => logger.error('search index rebuild failed; keeping the previous index', { error: errorMessage(error) }),
    );
  });

  const handlerDeps: HandlerDeps = {
    catalog: () => catalogService.current(),
    search: () => engine,
    config,
    logger,
    now: options.now ?? (() => new Date()),
  };
  return { catalogService, handlerDeps, close: unsubscribe };
}
