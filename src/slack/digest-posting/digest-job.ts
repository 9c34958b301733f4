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
import { DEFAULT_RETRY_DELAYS_MS, scheduleJob, type ScheduledJob } from '../../schedule/schedule.js';
import { StoreError } from '../../errors.js';
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
  /** Told each run's summary, or that the run failed (metrics). Default none. */
  onRun?: (outcome: { summary: DigestSummary } | { error: unknown }) => void;
}

/** A function running one digest with this configuration. */
export function createDigestRunner(options: DigestJobOptions): () => Promise<DigestSummary> {
  const postTimeoutMs = options.config.digest.postTimeoutMs;
  const client = options.client ?? createDigestWebClient({ ...options.config.slack, timeoutMs: postTimeoutMs }, options.logger);
  const report = options.onRun;
  const digestOnce = () =>
    runDigest({
      catalog: options.catalog,
      store: options.store,
      // A poster per run: the pacer starts fresh, as Slack's limits may have changed since.
      poster: createWebClientPoster(client, options.logger),
      renderDigest: renderDigestMessage,
      logger: options.logger,
      // A post left unconfirmed by a run killed a moment ago may still be under way at Slack.
      settleAfterMs: postTimeoutMs,
    });
  if (!report) return digestOnce;
  return () =>
    digestOnce().then(
      (summary) => {
        report({ summary });
        return summary;
      },
      (error: unknown) => {
        report({ error });
        throw error;
      },
    );
}

/** Run the digest on DIGEST_CRON in DIGEST_TZ (logged; never overlapping itself). */
export function scheduleDigest(options: DigestJobOptions): ScheduledJob {
  const digestOnce = createDigestRunner(options);
  // The database unreachable (PostgreSQL restarting, a network blip): the pending digests are kept in
  // the store, so try again in a little while instead of waiting for tomorrow's tick.
  const retry = { retryable: (error: unknown) => error instanceof StoreError && error.code === 'store_unavailable', delaysMs: DEFAULT_RETRY_DELAYS_MS };
  return scheduleJob('digest', options.config.digest.cron, options.config.digest.timeZone, digestOnce, options.logger, retry);
}
