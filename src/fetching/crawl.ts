/**
 * `crawlCatalog`: fetch or revalidate the page of every catalog article into the store. One pass:
 *
 * 1. Take the crawl lease (replicas sharing a store crawl once); drop the texts of articles that
 *    left the catalog.
 * 2. Decide per URL from its stored state: a page fetched less than `revalidateOlderThanMs` ago, or
 *    a failure still backing off, is skipped; a page with text is asked conditionally.
 * 3. Per origin: robots.txt once, then at most `concurrency` requests at a time (one at a time,
 *    `Crawl-delay` apart, when robots.txt asks for a delay); a 429/503 with a short Retry-After
 *    pauses that host and asks again. Only the catalog's URLs are fetched; links are never followed.
 * 4. Record each page as it completes (a crawl cut short keeps what it did).
 */
import pLimit from 'p-limit';
import { errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import type { ArticleTextState, Store } from '../store/types.js';
import { nextAttemptAt } from './backoff.js';
import { takeCrawlLease } from './crawl-lease.js';
import { extractText } from './extract-text.js';
import { fetchPage, PAGE_TYPES } from './fetch-page.js';
import { RobotsCache, type RobotsVerdict } from './robots.js';
import type { CrawlProgress, CrawlSummary, FetchSettings, PageResponse } from './types.js';
import { DEFAULT_USER_AGENT } from './user-agent.js';

export const FETCH_DEFAULTS: Readonly<FetchSettings> = Object.freeze({
  userAgent: DEFAULT_USER_AGENT,
  timeoutMs: 10_000,
  maxBytes: 2 * 1024 * 1024,
  maxRedirects: 5,
  concurrency: 4,
  maxRetryAfterMs: 120_000,
  maxCrawlDelayMs: 60_000,
  maxTextChars: 100_000,
});

/** Requests in flight at once over all hosts (each host also has its own limit). */
const GLOBAL_CONCURRENCY = 32;
/** Times one page is asked again after a short Retry-After, within one crawl. */
const RATE_LIMIT_RETRIES = 2;

/** Main text of a fetched body; may run elsewhere (a worker thread) and so may be async. */
export type TextExtractor = (body: string, contentType: string, options: { maxChars: number }) => string | Promise<string>;

export interface CrawlCatalogOptions {
  /** The catalog's articles; only their `url` is used. */
  articles: ReadonlyArray<{ url: string }>;
  store: Store;
  fetchOptions?: Partial<FetchSettings>;
  now?: () => Date;
  onProgress?: (progress: CrawlProgress) => void;
  /** Stops the crawl (shutdown); what was done is kept. */
  signal?: AbortSignal;
  /**
   * Pages fetched (or revalidated) more recently than this are not asked again. Default 0: every
   * page is revalidated. Infinity: only pages never fetched (and failures due for a retry).
   */
  revalidateOlderThanMs?: number;
  /** Ask failed pages again now, even while they back off (an operator's `catalog-bot crawl`). Default false. */
  retryFailedNow?: boolean;
  /** Lease lifetime (renewed every third of it). Default 60 s. */
  leaseTtlMs?: number;
  /** Lease owner, `host:pid:nonce`. Default a new one. */
  lockOwner?: string;
  logger?: Logger;
  /** Default `extractText`, in this thread. */
  extract?: TextExtractor;
}

interface PageJob {
  url: string;
  state?: ArticleTextState;
  retries: number;
}

export async function crawlCatalog(options: CrawlCatalogOptions): Promise<CrawlSummary> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? silentLogger;
  const settings: FetchSettings = { ...FETCH_DEFAULTS, ...options.fetchOptions };
  const extract = options.extract ?? extractText;
  const { store } = options;
  const urls = [...new Set(options.articles.map((a) => a.url.trim()))];
  const summary: CrawlSummary = {
    ran: false,
    articles: urls.length,
    fetched: 0,
    unchanged: 0,
    failed: {},
    refusedByRobots: 0,
    skipped: 0,
    removed: 0,
    withText: 0,
    textsChanged: false,
    durationMs: 0,
  };
  const finish = () => ({ ...summary, durationMs: Math.round(performance.now() - started) });

  const lease = await takeCrawlLease(store, { ttlMs: options.leaseTtlMs ?? 60_000, now, logger, ...(options.lockOwner ? { owner: options.lockOwner } : {}) });
  if (!lease) {
    summary.note = 'another process is crawling this store';
    return finish();
  }
  summary.ran = true;
  const stop = options.signal ? AbortSignal.any([options.signal, lease.lost]) : lease.lost;
  try {
    const before = await store.articleTextStates();
    const catalogUrls = new Set(urls);
    const removedWithText = [...before.values()].filter((s) => s.hasText && !catalogUrls.has(s.url)).length;
    summary.removed = await store.removeArticleTextsExcept(urls);
    if (removedWithText > 0) summary.textsChanged = true;

    // What to ask for, grouped by origin (robots.txt and politeness are per origin).
    const at = now().getTime();
    const revalidateOlderThanMs = options.revalidateOlderThanMs ?? 0;
    const byOrigin = new Map<string, PageJob[]>();
    let total = 0;
    for (const url of urls) {
      const origin = httpOrigin(url);
      const state = before.get(url);
      if (origin === undefined || !isDue(state, at, revalidateOlderThanMs, options.retryFailedNow ?? false)) {
        summary.skipped += 1;
        continue;
      }
      const jobs = byOrigin.get(origin) ?? [];
      jobs.push({ url, ...(state ? { state } : {}), retries: 0 });
      byOrigin.set(origin, jobs);
      total += 1;
    }

    let done = 0;
    const progress = () => {
      done += 1;
      options.onProgress?.({ done, total });
    };
    const robots = new RobotsCache({ userAgent: settings.userAgent, timeoutMs: settings.timeoutMs, maxCrawlDelayMs: settings.maxCrawlDelayMs, signal: stop });
    const global = pLimit(GLOBAL_CONCURRENCY);

    const record = async (job: PageJob, outcome: PageOutcome) => {
      const when = now();
      if (outcome.kind === 'fetched') {
        await store.saveArticleText({ url: job.url, outcome: 'fetched', at: when, text: outcome.text, ...outcome.validators });
        summary.fetched += 1;
        summary.textsChanged = true;
      } else if (outcome.kind === 'unchanged') {
        await store.saveArticleText({ url: job.url, outcome: 'unchanged', at: when, ...outcome.validators });
        summary.unchanged += 1;
      } else if (outcome.kind === 'robots') {
        await store.saveArticleText({ url: job.url, outcome: 'robots', at: when, reason: 'robots: disallowed by robots.txt' });
        summary.refusedByRobots += 1;
        if (job.state?.hasText) summary.textsChanged = true;
      } else {
        const failures = (job.state?.outcome === 'failed' ? job.state.failures : 0) + 1;
        await store.saveArticleText({
          url: job.url,
          outcome: 'failed',
          at: when,
          reason: `${outcome.reason}: ${outcome.detail}`,
          nextAttemptAt: nextAttemptAt(when, failures, outcome.retryAfterMs),
        });
        summary.failed[outcome.reason] = (summary.failed[outcome.reason] ?? 0) + 1;
      }
      progress();
    };

    const crawlOrigin = async (origin: string, jobs: PageJob[]) => {
      const verdict: RobotsVerdict = await robots.verdict(origin);
      if (stop.aborted) return;
      if (verdict.kind === 'unreachable') {
        for (const job of jobs) await record(job, { kind: 'failed', reason: 'robots_unreachable', detail: verdict.detail });
        return;
      }
      const queue: PageJob[] = [];
      for (const job of jobs) {
        if (verdict.allows(job.url)) queue.push(job);
        else await record(job, { kind: 'robots' });
      }
      const gate = new HostGate(verdict.crawlDelayMs);
      const workers = verdict.crawlDelayMs > 0 ? 1 : settings.concurrency;
      const worker = async () => {
        for (let job = queue.shift(); job && !stop.aborted; job = queue.shift()) {
          await gate.turn(stop);
          if (stop.aborted) return;
          const response = await global(() =>
            fetchPage(job!.url, {
              userAgent: settings.userAgent,
              timeoutMs: settings.timeoutMs,
              maxBytes: settings.maxBytes,
              maxRedirects: settings.maxRedirects,
              acceptTypes: PAGE_TYPES,
              signal: stop,
              // A redirect is followed only where robots.txt allows us (another site's included).
              mayFollow: async (target) => {
                const elsewhere = await robots.verdict(new URL(target).origin);
                return elsewhere.kind === 'rules' && elsewhere.allows(target);
              },
              ...(job!.state?.hasText && job!.state.etag !== undefined ? { etag: job!.state.etag } : {}),
              ...(job!.state?.hasText && job!.state.lastModified !== undefined ? { lastModified: job!.state.lastModified } : {}),
            }),
          );
          if (response.kind === 'aborted') return;
          if (response.kind === 'refused') {
            await record(job, { kind: 'robots' });
            continue;
          }
          if (response.kind === 'failed' && response.retryAfterMs !== undefined && response.retryAfterMs <= settings.maxRetryAfterMs && job.retries < RATE_LIMIT_RETRIES) {
            // The host asked us to slow down: every worker of this host waits, then this page is asked again.
            gate.pause(response.retryAfterMs);
            job.retries += 1;
            queue.unshift(job);
            continue;
          }
          await record(job, await pageOutcome(response, extract, settings.maxTextChars));
        }
      };
      await Promise.all(Array.from({ length: Math.min(workers, queue.length) }, worker));
    };

    const results = await Promise.allSettled([...byOrigin].map(([origin, jobs]) => crawlOrigin(origin, jobs)));
    for (const result of results) {
      if (result.status === 'rejected') throw result.reason;
    }
    if (lease.lost.aborted) summary.note = 'stopped early: the crawl lease was lost';
    else if (options.signal?.aborted) summary.note = 'stopped early: shutting down; the rest is fetched next time';

    const after = await store.articleTextStates();
    summary.withText = urls.filter((url) => after.get(url)?.hasText).length;
    return finish();
  } catch (error) {
    logger.error('crawl failed', { error: errorMessage(error) });
    throw error;
  } finally {
    await lease.release();
  }
}

type PageOutcome =
  | { kind: 'fetched'; text: string; validators: { etag?: string; lastModified?: string } }
  | { kind: 'unchanged'; validators: { etag?: string; lastModified?: string } }
  | { kind: 'robots' }
  | { kind: 'failed'; reason: string; detail: string; retryAfterMs?: number };

async function pageOutcome(response: Exclude<PageResponse, { kind: 'aborted' | 'refused' }>, extract: TextExtractor, maxChars: number): Promise<PageOutcome> {
  if (response.kind === 'failed') return response;
  const validators = { ...(response.etag !== undefined ? { etag: response.etag } : {}), ...(response.lastModified !== undefined ? { lastModified: response.lastModified } : {}) };
  if (response.kind === 'not-modified') return { kind: 'unchanged', validators };
  let text: string;
  try {
    text = await extract(response.body, response.contentType, { maxChars });
  } catch (error) {
    return { kind: 'failed', reason: 'no_text', detail: `text extraction failed: ${errorMessage(error)}` };
  }
  if (!text.trim()) return { kind: 'failed', reason: 'no_text', detail: 'no readable text in the page' };
  return { kind: 'fetched', text, validators };
}

/** Whether a page is asked for in this crawl. */
function isDue(state: ArticleTextState | undefined, at: number, revalidateOlderThanMs: number, retryFailedNow: boolean): boolean {
  if (!state) return true;
  if (state.outcome === 'failed') return retryFailedNow || (state.nextAttemptAt?.getTime() ?? 0) <= at;
  return at - state.fetchedAt.getTime() >= revalidateOlderThanMs;
}

/** `https://host:port` of an http(s) URL; undefined for anything else (mailto:, relative, garbage). */
function httpOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * When the next request to one host may start: `Crawl-delay` after the previous start, and not
 * before a Retry-After pause ends.
 */
class HostGate {
  private nextStart = 0;

  constructor(private readonly delayMs: number) {}

  pause(ms: number): void {
    this.nextStart = Math.max(this.nextStart, Date.now() + ms);
  }

  async turn(signal: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.nextStart - Date.now();
      if (wait <= 0 || signal.aborted) break;
      await sleep(wait, signal);
    }
    this.nextStart = Math.max(this.nextStart, Date.now() + this.delayMs);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
