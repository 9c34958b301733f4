/**
 * The digest wired for production, in one place: the catalog service's reload, the search engine as
 * matcher, the paced WebClient poster and the Block Kit renderer. `catalog-bot digest --now` and the
 * running bot (on DIGEST_CRON) both use it, so they behave the same.
 *
 *   const job = scheduleDigest({ config, catalog: catalogService, store, logger });
 *   …
 *   await job.stop();
 */
import type { WebClient } from '@slack/web-api';
import type { CatalogService } from '../../catalog/catalog-service.js';
import type { Catalog } from '../../catalog/types.js';
import type { Config } from '../../config.js';
import { runDigest } from '../../digest/run-digest.js';
import { scheduleJob, type ScheduledJob } from '../../schedule/schedule.js';
import type { DigestSummary, QueryMatcher } from '../../digest/types.js';
import type { Logger } from '../../logger.js';
import { createSearchEngine } from '../../search/engine.js';
import type { Store } from '../../store/types.js';
import { renderDigestMessage } from './digest-message.js';
import { createDigestWebClient, createWebClientPoster } from './poster.js';

export interface DigestJobOptions {
  config: Config;
  /** The catalog in service; each run reloads it (its change listeners refresh the app's index too). */
  catalog: CatalogService;
  store: Store;
  logger: Logger;
  /** Matcher over a catalog. Default: a search engine built for that catalog. */
  createMatcher?: (catalog: Catalog) => QueryMatcher;
  /** Default: `createDigestWebClient(config.slack)` (rate limits handed back, no silent retries). */
  client?: WebClient;
}

/** A function running one digest with this configuration. */
export function createDigestRunner(options: DigestJobOptions): () => Promise<DigestSummary> {
  const client = options.client ?? createDigestWebClient(options.config.slack, options.logger);
  const createMatcher = options.createMatcher ?? ((catalog: Catalog) => createSearchEngine(catalog.articles));
  const { catalog } = options;
  return () =>
    runDigest({
      reloadCatalog: async () => (catalog.loaded ? (await catalog.reload()).catalog : catalog.load()),
      createMatcher,
      store: options.store,
      // A poster per run: the pacer starts fresh, as Slack's limits may have changed since.
      poster: createWebClientPoster(client, options.logger),
      renderDigest: renderDigestMessage,
      logger: options.logger,
    });
}

/** Run the digest on DIGEST_CRON in DIGEST_TZ (validated; logged; never overlapping itself). */
export function scheduleDigest(options: DigestJobOptions): ScheduledJob {
  const run = createDigestRunner(options);
  return scheduleJob('digest', options.config.digest.cron, options.config.digest.timeZone, run, options.logger);
}
