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
import type { Article, Catalog } from '../catalog/types.js';
import { silentLogger, type Logger } from '../logger.js';
import type { DigestCatalog, QueryMatcher } from './types.js';

/** Builds (or loads) a matcher over exactly these articles. */
export type BuildMatcher = (articles: readonly Article[]) => QueryMatcher | Promise<QueryMatcher>;

/** The first load of a process and its matcher, when it has a faster way than load + build (the index snapshot). */
export type FirstLoad = () => Promise<{ catalog: Catalog; matcher: QueryMatcher }>;

/**
 * Reload, and build a matcher whenever the catalog changed (the first time too, unless `first`
 * is given: the first refresh is then `first()`, run only once the digest holds its lock).
 */
export function ownEngineCatalog(service: CatalogService, build: BuildMatcher, first?: FirstLoad): DigestCatalog {
  let matcher: QueryMatcher | undefined;
  return {
    async refresh() {
      if (!service.loaded && first !== undefined) {
        const loaded = await first();
        matcher = loaded.matcher;
        return loaded;
      }
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
  /** The engine the bot serves searches with now: the one made for the catalog in service. */
  current: () => IndexedMatcher;
  /** Used only when the engine in service does not index the catalog in service (it should always). */
  build: BuildMatcher;
  logger?: Logger;
}

/**
 * The running bot's engine. A reload puts the new catalog and the engine made for it into service
 * together (slack/conversation/runtime.ts), so after the run's reload the engine in service is the
 * one for the catalog in service; should it not be (a wiring mistake), one is built for the run
 * rather than matching saved queries against other articles.
 */
export function runningEngineCatalog(options: RunningEngineOptions): DigestCatalog {
  const { service, current } = options;
  const logger = options.logger ?? silentLogger;
  return {
    async refresh() {
      await service.reload();
      const engine = current();
      const catalog = service.current();
      // An engine that cannot say what it indexes is taken as current.
      if (engine.articles === undefined || engine.articles === catalog.articles) return { catalog, matcher: engine };
      logger.warn('the search index in service does not index the catalog in service; building one for this digest run', { articles: catalog.articles.length });
      return { catalog, matcher: await options.build(catalog.articles) };
    },
  };
}
