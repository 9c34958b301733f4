/**
 * The bot's crawler: the same `crawlCatalog` as `catalog-bot crawl`, run in the background so it
 * never holds start-up or an answer. After start and after each catalog change it fetches the pages
 * it has never fetched (new articles right away) and retries failures that are due; on CRAWL_CRON
 * it revalidates every page (conditional requests). One crawl at a time: a request made while one
 * runs is merged into a single follow-up run. Whoever keeps a search index on the texts listens
 * to `onTextsChanged`.
 */
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import { crawlCatalog, type TextExtractor } from './crawl.js';
import { failedCount, type CrawlSummary, type FetchSettings } from './types.js';
import { createWorkerExtractor } from './worker-extractor.js';

/**
 * A scheduled revalidation skips pages revalidated less than this long ago: replicas sharing a
 * store fire the same cron, and the ones that get the lease after the first find everything fresh.
 */
export const SCHEDULED_FRESHNESS_MS = 60 * 60_000;

export interface TextCoverage {
  /** Articles of the catalog with a stored text. */
  withText: number;
  articles: number;
}

export type TextsChangedListener = (summary: CrawlSummary) => unknown;

export interface BackgroundCrawler {
  /** Fetch pages never fetched, and failures due for a retry (after start, after a catalog change). Returns at once. */
  crawlNew(reason: string): void;
  /** Revalidate every page not revalidated within the last hour (CRAWL_CRON). Resolves when done. */
  revalidate(): Promise<void>;
  /** Called after a crawl that changed the stored texts. Returns an unsubscribe function. */
  onTextsChanged(listener: TextsChangedListener): () => void;
  /** What the last crawl (or the store, before any) says; undefined until known. */
  coverage(): TextCoverage | undefined;
  /** Resolves when no crawl is running or waiting. */
  idle(): Promise<void>;
  /** Stops a running crawl (what it fetched is kept) and any follow-up. */
  stop(): Promise<void>;
}

export interface BackgroundCrawlerOptions {
  store: Store;
  /** The catalog in service now. */
  articles: () => ReadonlyArray<{ url: string }>;
  fetchOptions?: Partial<FetchSettings>;
  logger: Logger;
  now?: () => Date;
  /** Default: `extractText` in a worker thread (answers never wait behind page parsing). */
  extract?: TextExtractor;
}

type Mode = 'new' | 'all';

export function createBackgroundCrawler(options: BackgroundCrawlerOptions): BackgroundCrawler {
  const { store, logger } = options;
  const listeners = new Set<TextsChangedListener>();
  const controller = new AbortController();
  let queued: Mode | undefined;
  let running: Promise<void> | undefined;
  let coverage: TextCoverage | undefined;
  const worker = options.extract ? undefined : createWorkerExtractor();
  // Created while the bot starts, so its modules load before the first answers, not during them.
  worker?.warm();
  const extract = options.extract ?? worker!.extract;

  const runOnce = async (mode: Mode) => {
    const articles = options.articles();
    try {
      const summary = await crawlCatalog({
        articles,
        store,
        fetchOptions: options.fetchOptions ?? {},
        logger,
        signal: controller.signal,
        revalidateOlderThanMs: mode === 'all' ? SCHEDULED_FRESHNESS_MS : Number.POSITIVE_INFINITY,
        extract,
        ...(options.now ? { now: options.now } : {}),
      });
      if (!summary.ran) return;
      coverage = { withText: summary.withText, articles: summary.articles };
      logger.info('crawl finished', {
        mode,
        fetched: summary.fetched,
        unchanged: summary.unchanged,
        failed: failedCount(summary),
        failedBy: summary.failed,
        refusedByRobots: summary.refusedByRobots,
        skipped: summary.skipped,
        removed: summary.removed,
        withText: summary.withText,
        articles: summary.articles,
        durationMs: summary.durationMs,
        ...(summary.note ? { note: summary.note } : {}),
      });
      if (!summary.textsChanged) return;
      for (const listener of listeners) {
        try {
          await listener(summary);
        } catch (error) {
          logger.error('a listener of changed article texts failed', { error: errorMessage(error) });
        }
      }
    } catch (error) {
      // The store unreachable, say: the next trigger (catalog change, CRAWL_CRON) tries again.
      logger.warn('crawl failed; will try again at the next catalog change or CRAWL_CRON', { mode, error: errorMessage(error) });
    }
  };

  const drain = async () => {
    while (queued !== undefined && !controller.signal.aborted) {
      const mode = queued;
      queued = undefined;
      await runOnce(mode);
    }
  };

  const request = (mode: Mode): Promise<void> => {
    if (controller.signal.aborted) return Promise.resolve();
    queued = queued === 'all' || mode === 'all' ? 'all' : 'new';
    running ??= drain().finally(() => (running = undefined));
    return running;
  };

  // Coverage before the first crawl ends, from what the store already holds (not awaited: start-up never waits on it).
  void store.articleTextStates().then(
    (states) => {
      const urls = new Set(options.articles().map((a) => a.url.trim()));
      coverage ??= { withText: [...urls].filter((url) => states.get(url)?.hasText).length, articles: urls.size };
    },
    (error: unknown) => logger.warn('could not read the stored article texts', { error: errorMessage(error) }),
  );

  return {
    crawlNew(reason) {
      logger.debug('crawl of new pages requested', { reason });
      void request('new');
    },
    revalidate: () => request('all'),
    onTextsChanged(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    coverage: () => coverage && { ...coverage },
    idle: async () => {
      while (running) await running;
    },
    async stop() {
      controller.abort();
      queued = undefined;
      await running;
      await worker?.close();
    },
  };
}
