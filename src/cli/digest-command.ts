/**
 * `catalog-bot digest --now`: one digest run immediately, with the same configuration as the bot
 * (CATALOG_SOURCE, DATABASE_PATH, INDEX_SNAPSHOT_PATH, SLACK_BOT_TOKEN, SLACK_API_URL). Safe next
 * to a running bot: the store's job lock makes one of them wait its turn. Its catalog and search
 * engine come from the index snapshot when the catalog's text is unchanged (else it is parsed and
 * indexed, and the snapshot rewritten). Prints the run's summary; exit code 0 when every digest went out (or there was
 * nothing to do), 1 when some did not.
 */
import { CatalogService } from '../catalog/catalog-service.js';
import { configSecrets, loadConfig } from '../config.js';
import { ownEngineCatalog } from '../digest/digest-catalog.js';
import type { DigestSummary } from '../digest/types.js';
import { CatalogBotError } from '../errors.js';
import { createLogger } from '../logger.js';
import { loadCatalogAndEngine, createSearchEngine, loadSearchVocabulary } from '../search/index.js';
import { createDigestRunner } from '../slack/digest-posting/digest-job.js';
import { openStore } from '../store/open-store.js';
import { parseCliArgs, UsageError, type CliIo } from './io.js';

export const DIGEST_USAGE = 'catalog-bot digest --now [--json]';

export async function runDigestCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { now: { type: 'boolean' }, json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}". Usage: ${DIGEST_USAGE}`);
  if (!values.now) {
    throw new UsageError(`digests run on DIGEST_CRON inside the bot; to run one immediately, type "${DIGEST_USAGE}".`);
  }
  const config = loadConfig(io.env);
  if (!config.slack.botToken) {
    throw new CatalogBotError('config_invalid', 'digest --now posts to Slack and needs SLACK_BOT_TOKEN (xoxb-…, OAuth & Permissions → Bot User OAuth Token).');
  }
  const logger = createLogger({ level: config.logLevel, secrets: configSecrets(config), write: (line) => io.stderr(line + '\n'), name: 'digest' });
  // A wrong DATABASE_PATH must not quietly start a new, empty state: refuse a missing file.
  const store = await openStore(config, { logger, mustExist: true });
  try {
    const service = new CatalogService({
      source: config.catalog.source,
      fetchTimeoutMs: config.catalog.fetchTimeoutMs,
      maxBytes: config.catalog.maxBytes,
      logger,
    });
    // The bot's vocabulary, so the snapshot key is the bot's too (each reuses what the other wrote).
    const vocabulary = loadSearchVocabulary(config.catalog.vocabularyPath);
    // CATALOG_FULL_TEXT=on: the texts the bot's crawl stored, as the bot searches with them.
    const stored = config.crawl.fullText ? await store.articleTexts() : undefined;
    const texts = stored !== undefined && stored.size > 0 ? { texts: stored } : {};
    const catalog = ownEngineCatalog(
      service,
      (articles) => createSearchEngine(articles, { vocabulary, ...texts }),
      async () => {
        const { catalog: loaded, engine } = await loadCatalogAndEngine(service, { snapshotPath: config.indexSnapshotPath, vocabulary, logger, ...texts });
        return { catalog: loaded, matcher: engine };
      },
    );
    const summary = await createDigestRunner({ config, catalog, store, logger })();
    io.stdout(values.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary));
    return summary.failed > 0 || summary.tokenRejected !== undefined ? 1 : 0;
  } finally {
    await store.close();
  }
}

/** The run in a few lines a person reads at a glance. */
export function formatSummary(summary: DigestSummary): string {
  if (!summary.ran) return `Digest not run: ${summary.note ?? 'another process holds the lock'}.\n`;
  if (summary.firstRun) return `First digest run: ${summary.note ?? 'catalog recorded'}.\n`;
  const lines = [
    `Digest run: ${summary.newArticles} new article(s) in the catalog, ${summary.channels} active subscription(s).`,
    `  posted: ${summary.posted} message(s) with ${summary.articlesDelivered} article(s)`,
    ...(summary.recovered > 0 ? [`  recovered: ${summary.recovered} digest(s) an earlier run posted without confirmation, found in their channel and recorded`] : []),
    `  failed: ${summary.failed}, paused: ${summary.paused}, rate limited: ${summary.rateLimited} time(s), took ${(summary.durationMs / 1000).toFixed(1)} s`,
  ];
  if (summary.tokenRejected !== undefined) {
    lines.push(`  ! Slack rejected SLACK_BOT_TOKEN ("${summary.tokenRejected}"): reinstall the app (or copy its current Bot User OAuth Token), then run again`);
  }
  for (const r of summary.results) {
    // A rejected token is said once above, not once per channel.
    if (r.status === 'failed' && r.error !== summary.tokenRejected) lines.push(`  ! ${r.subscriptionId} in ${r.channelId}: ${r.error} (retried next run)`);
    if (r.status === 'unconfirmed') lines.push(`  ? ${r.subscriptionId} in ${r.channelId}: Slack did not confirm the post (${r.error}); the next run checks the channel before posting again`);
    if (r.status === 'paused') lines.push(`  ! ${r.subscriptionId} in ${r.channelId} paused: ${r.reason} (creator told by DM)`);
    if (r.status === 'needs_invite') lines.push(`  ! ${r.subscriptionId} in ${r.channelId}: the bot must be /invited to this private channel (creator told by DM)`);
  }
  if (summary.note) lines.push(`  note: ${summary.note}`);
  return lines.join('\n') + '\n';
}
