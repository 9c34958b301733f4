/**
 * The fetching stage's vocabulary: what one request came to, and what a crawl did. Plain values,
 * so the CLI, the bot and the store's callers share them without importing the machinery.
 */

/**
 * Why a page gave no text, as a short stable code (summaries count failures by it; the store keeps
 * it with a sentence). `http_<status>` for an error status, e.g. `http_500`.
 */
export type FailureReason =
  | 'timeout'
  | 'too_large'
  | 'unsupported_type'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'bad_redirect'
  | 'network'
  | 'rate_limited'
  | 'robots_unreachable'
  | 'no_text'
  | `http_${number}`;

/** The settings of every request the crawler makes (defaults in `FETCH_DEFAULTS`). */
export interface FetchSettings {
  /** Sent as `User-Agent`; its first word is also the name robots.txt groups are matched against. */
  userAgent: string;
  /** The whole exchange of one page (redirects, headers and body). */
  timeoutMs: number;
  /** A body larger than this is abandoned while streaming (never buffered whole). */
  maxBytes: number;
  /** Redirects followed for one page. */
  maxRedirects: number;
  /** Requests at once per host (a robots.txt Crawl-delay makes it one at a time). */
  concurrency: number;
  /** A 429/503 `Retry-After` up to this long is waited out and the page asked again; a longer one fails the page until then. */
  maxRetryAfterMs: number;
  /** A robots.txt Crawl-delay is obeyed up to this long between requests. */
  maxCrawlDelayMs: number;
  /** Extracted text kept per article, in characters. */
  maxTextChars: number;
}

/** What one page fetch came to. */
export type PageResponse =
  | { kind: 'ok'; url: string; contentType: string; body: string; etag?: string; lastModified?: string }
  | { kind: 'not-modified'; etag?: string; lastModified?: string }
  | { kind: 'failed'; reason: FailureReason; detail: string; retryAfterMs?: number }
  /** A redirect led to a URL robots.txt refuses us (`mayFollow` said no). */
  | { kind: 'refused'; url: string }
  /** The caller's signal fired (shutting down): nothing to record. */
  | { kind: 'aborted' };

export interface CrawlProgress {
  done: number;
  total: number;
}

export interface CrawlSummary {
  /** False when another process held the crawl lease (it is crawling the same store) or full text is off. */
  ran: boolean;
  /** Why it did not run, or stopped early. */
  note?: string;
  /** Distinct article URLs in the catalog. */
  articles: number;
  /** Pages whose text was (re)extracted and stored. */
  fetched: number;
  /** Pages the server said are unchanged (304): text kept. */
  unchanged: number;
  /** Failed pages by reason code; their previous text (if any) keeps serving. */
  failed: Record<string, number>;
  /** Pages robots.txt refuses us. */
  refusedByRobots: number;
  /** Not asked for this run: not http(s), fetched recently enough, or a failure still backing off. */
  skipped: number;
  /** Texts dropped because their article left the catalog. */
  removed: number;
  /** Articles of the catalog with a stored text after the run. */
  withText: number;
  /** Whether the stored texts differ from before the run (a search index built on them is stale). */
  textsChanged: boolean;
  durationMs: number;
}

/** Total failed pages of a summary. */
export function failedCount(summary: Pick<CrawlSummary, 'failed'>): number {
  return Object.values(summary.failed).reduce((a, b) => a + b, 0);
}
