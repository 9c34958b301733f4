/**
 * The digest wired for production, in one place: the catalog with its search engine, the paced
 * WebClient poster and the Block Kit renderer. `catalog-bot digest --now` and the running bot (on
 * DIGEST_CRON) both use it, so they behave the same; they differ only in where the search engine
 * comes from (`DigestCatalog`: the bot's own engine, or one `digest --now` loads for itself).
 *
 *   const job = scheduleDigest({ config, catalog: runningEngineCatalog({ … }), store, logger });
 *   …
 *   await job.stop();
 */
import type { WebClient } from '@slack/web-api';
import type { Config } from '../../config.js';
import { runDigest } from '../../digest/run-digest.js';
import type { DigestCatalog, DigestSummary } from '../../digest/types.js';
import type { Logger } from '../../logger.js';
import { scheduleJob, type ScheduledJob } from '../../schedule/schedule.js';
import type { Store } from '../../store/types.js';
import { renderDigestMessage } from './digest-message.js';
import { createDigestWebClient, createWebClientPoster } from './poster.js';

export interface DigestJobOptions {
  config: Config;
  /** The catalog, reloaded at the start of each run, and the engine matching saved queries. */
  catalog: DigestCatalog;
  store: Store;
  logger: Logger;
  /** Default: `createDigestWebClient(config.slack)` (rate limits handed back, no silent retries). */
  client?: WebClient;
  /** Aborted: the run stops before its next subscription. */
  signal?: AbortSignal;
}

/**
 * After a run that failed (store unreachable, say) or left subscriptions undelivered, the next
 * tries come after these waits instead of at the next DIGEST_CRON tick, which may be a day away.
 * Every try is safe: what a subscription gets is derived from what was delivered.
 */
export const DIGEST_RETRY_DELAYS_MS: readonly number[] = [30_000, 60_000, 2 * 60_000, 5 * 60_000, 15 * 60_000];

/** A function running one digest with this configuration. */
export function createDigestRunner(options: DigestJobOptions): () => Promise<DigestSummary> {
  const client = options.client ?? createDigestWebClient(options.config.slack, options.logger);
  return () =>
    runDigest({
      catalog: options.catalog,
      store: options.store,
      // A poster per run: the pacer starts fresh, as Slack's limits may have changed since.
      poster: createWebClientPoster(client, options.logger),
      renderDigest: renderDigestMessage,
      logger: options.logger,
      signal: options.signal,
    });
}

/** Run the digest on DIGEST_CRON in DIGEST_TZ (logged; never overlapping itself), retried sooner after a failure. */
export function scheduleDigest(options: DigestJobOptions & { retryDelaysMs?: readonly number[] }): ScheduledJob {
  const { logger } = options;
  const delays = options.retryDelaysMs ?? DIGEST_RETRY_DELAYS_MS;
  const stopping = new AbortController();
  const run = createDigestRunner({ ...options, signal: stopping.signal });
  let retries = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  const retryLater = (why: string) => {
    const delayMs = delays[retries];
    if (delayMs === undefined || stopping.signal.aborted) {
      retries = 0;
      logger.warn('digest: giving up retrying until the next scheduled run', { why });
      return;
    }
    retries += 1;
    logger.warn('digest: retrying soon', { why, inMs: delayMs, retry: retries });
    retryTimer = setTimeout(() => void job.runNow(), delayMs);
    retryTimer.unref();
  };
  const attempt = async (): Promise<DigestSummary> => {
    clearTimeout(retryTimer);
    let summary: DigestSummary;
    try {
      summary = await run();
    } catch (error) {
      retryLater(error instanceof Error ? error.message : String(error));
      throw error;
    }
    // A rejected token does not fix itself; another runner holding the lease is doing the work.
    if (summary.ran && summary.failed > 0 && summary.tokenRejected === undefined) retryLater(`${summary.failed} subscription(s) not delivered`);
    else retries = 0;
    return summary;
  };
  const job = scheduleJob('digest', options.config.digest.cron, options.config.digest.timeZone, attempt, logger);
  return {
    ...job,
    stop: async () => {
      stopping.abort();
      clearTimeout(retryTimer);
      await job.stop();
    },
  };
}
