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
  /** The engine the bot serves searches with now (it swaps in a rebuilt one after each change). */
  current: () => IndexedMatcher;
  /**
   * Resolves once the engine rebuild started by the latest catalog change is swapped in, or has
   * failed (the runtime's `whenIdle`). At once when none is running.
   */
  whenSwapped: () => Promise<void>;
  /** Used only when the engine in service has not caught up (its rebuild failed, or took longer than `waitMs`). */
  build: BuildMatcher;
  logger?: Logger;
  /** How long to wait for the bot's rebuild after a change. Default 2 minutes. */
  waitMs?: number;
}

/**
 * The running bot's engine. It is rebuilt asynchronously after a catalog change; after the run's
 * reload we wait for the runtime to say that rebuild is over (`whenSwapped`), then check that the
 * engine in service indexes the latest changed catalog: every catalog since that change has the
 * same articles, so that engine is right for the catalog in service. Construct it before any
 * reload, while the engine in service is the one built at start.
 */
export function runningEngineCatalog(options: RunningEngineOptions): DigestCatalog {
  const { service, current } = options;
  const logger = options.logger ?? silentLogger;
  const waitMs = options.waitMs ?? 120_000;
  // The articles of the last catalog that differed from the one before: the bot builds its engine from exactly these.
  let changed = service.current().articles;
  service.onChange((catalog) => {
    changed = catalog.articles;
  });
  // An engine that cannot say what it indexes is taken as current.
  const caughtUp = (engine: IndexedMatcher) => engine.articles === undefined || engine.articles === changed;

  return {
    async refresh() {
      await service.reload();
      if (!caughtUp(current())) await withDeadline(options.whenSwapped(), waitMs);
      const engine = current();
      const catalog = service.current();
      if (caughtUp(engine)) return { catalog, matcher: engine };
      logger.warn('the search index in service has not caught up with the catalog; building one for this digest run', {
        articles: catalog.articles.length,
        waitMs,
      });
      return { catalog, matcher: await options.build(catalog.articles) };
    },
  };
}

/** Resolves when `promise` settles or after `ms`, whichever is first; the timer never outlives it. */
async function withDeadline(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
