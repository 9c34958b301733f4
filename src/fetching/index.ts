/**
 * The fetching stage: the text of each catalog article's page, fetched politely and kept in the
 * store (`crawlCatalog`), and the extraction it uses. Imported only through this file.
 */
export { crawlCatalog, FETCH_DEFAULTS, type CrawlCatalogOptions, type TextExtractor } from './crawl.js';
export { CRAWL_LOCK } from './crawl-lease.js';
export { extractText } from './extract-text.js';
export { BACKOFF } from './backoff.js';
export { DEFAULT_USER_AGENT } from './user-agent.js';
export { failedCount, type CrawlProgress, type CrawlSummary, type FailureReason, type FetchSettings } from './types.js';
export { createBackgroundCrawler, SCHEDULED_FRESHNESS_MS, type BackgroundCrawler, type TextCoverage, type TextsChangedListener } from './background-crawler.js';
export { createWorkerExtractor, type WorkerExtractor } from './worker-extractor.js';
