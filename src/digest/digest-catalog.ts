/**
 * Where a digest run gets its catalog and the matcher for saved queries (`DigestCatalog`).
 *
 * - The running bot: the search engine it answers `/catalog` with. The bot rebuilds that engine
 *   after every catalog change anyway, so building another one per run would be a second full
 *   build (seconds and hundreds of MB at 100,000 articles) for the same answer.
 * - `catalog-bot digest --now` (its own process), tests and benchmarks: an engine built (or loaded
 *   from the index snapshot) for the catalog, kept while the catalog is unchanged.
 */
import type { CatalogService } from '../catalog/catalog-service.js';
import { isEmptyDiff } from '../catalog/diff.js';
import type { Article } from '../catalog/types.js';
import { silentLogger, type Logger } from '../logger.js';
import type { DigestCatalog, QueryMatcher } from './types.js';

/** Builds (or loads) a matcher over exactly these articles. */
export type BuildMatcher = (articles: readonly Article[]) => QueryMatcher | Promise<QueryMatcher>;

/** Reload, and build a matcher whenever the catalog changed (the first time too). */
export function ownEngineCatalog(service: CatalogService, build: BuildMatcher): DigestCatalog {
  let matcher: QueryMatcher | undefined;
  return {
    async refresh() {
      const result = await service.reload();
      if (!matcher || (result.ok && !isEmptyDiff(result.diff))) matcher = await build(result.catalog.articles);
      return { catalog: result.catalog, matcher };
    },
  };
}

/** A search engine that can say which articles it indexes (the engine does: `SearchEngine.articles`). */
export interface IndexedMatcher extends QueryMatcher {
  readonly articles?: readonly Article[];
}

export interface RunningEngineOptions {
  /** The bot's catalog service, loaded. */
  service: CatalogService;
  /** The engine the bot serves searches with now (it swaps in a rebuilt one after each change). */
  current: () => IndexedMatcher;
  /** Used only when the engine in service has not caught up after `waitMs`. */
  build: BuildMatcher;
  logger?: Logger;
  /** How long to wait for the bot's rebuild after a change. Default 2 minutes. */
  waitMs?: number;
  /** How often to look. Default 50 ms. */
  pollMs?: number;
}

/**
 * The running bot's engine. It is rebuilt asynchronously after a catalog change and exposes no
 * completion signal, so after the run's reload we look (every `pollMs`) until the engine in
 * service indexes the latest changed catalog: every catalog since that change has the same
 * articles, so that engine is right for the catalog in service. Construct it before any reload,
 * while the engine in service is the one built at start.
 */
export function runningEngineCatalog(options: RunningEngineOptions): DigestCatalog {
  const { service, current } = options;
  const logger = options.logger ?? silentLogger;
  const waitMs = options.waitMs ?? 120_000;
  const pollMs = options.pollMs ?? 50;
  // The articles of the last catalog that differed from the one before: the bot builds its engine from exactly these.
  let changed = service.current().articles;
  service.onChange((catalog) => {
    changed = catalog.articles;
  });

  return {
    async refresh() {
      await service.reload();
      const deadline = Date.now() + waitMs;
      for (;;) {
        const engine = current();
        // An engine that cannot say what it indexes is taken as current.
        if (engine.articles === undefined || engine.articles === changed) return { catalog: service.current(), matcher: engine };
        if (Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
      const catalog = service.current();
      logger.warn('the search index in service has not caught up with the catalog; building one for this digest run', {
        articles: catalog.articles.length,
        waitedMs: waitMs,
      });
      return { catalog, matcher: await options.build(catalog.articles) };
    },
  };
}
