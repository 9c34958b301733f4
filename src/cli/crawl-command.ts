/**
 * `catalog-bot crawl [--catalog SRC] [--json]`: fetch or revalidate the page of every catalog article
 * into the configured store (DATABASE_PATH / DATABASE_URL), as the bot does in the background, but
 * now: every page is asked again (conditionally), failed ones too. Progress on stderr, the summary
 * on stdout. Exit 0 when the run completed (failures are listed), 1 when nothing could be fetched,
 * another process is crawling, or the configuration is wrong. Safe next to a running bot: the crawl
 * lease makes one of them wait for the next turn.
 */
import { loadCatalog } from '../catalog/load.js';
import { loadConfig } from '../config.js';
import { CatalogBotError } from '../errors.js';
import { crawlCatalog, createWorkerExtractor, failedCount, type CrawlSummary } from '../fetching/index.js';
import { openStore } from '../store/open-store.js';
import { blamingCatalogFlag, parseCliArgs, UsageError, warningsLogger, type CliIo } from './io.js';
import { progressReporter } from './progress.js';

export async function runCrawlCommand(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, { catalog: { type: 'string' }, json: { type: 'boolean', default: false } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; use --catalog SRC to choose the catalog.`);
  const config = loadConfig(io.env);
  if (!config.crawl.fullText) {
    throw new CatalogBotError(
      'config_invalid',
      'CATALOG_FULL_TEXT=off: the bot searches blurbs only and makes no request to any article host, so there is nothing to crawl. Set CATALOG_FULL_TEXT=on to fetch article pages.',
    );
  }
  const logger = warningsLogger(io);
  const catalog = await blamingCatalogFlag(values.catalog, () =>
    loadCatalog(values.catalog ?? config.catalog.source, { fetchTimeoutMs: config.catalog.fetchTimeoutMs, maxBytes: config.catalog.maxBytes }),
  );
  for (const w of catalog.warnings) io.stderr(`warning: ${w.source}:${w.line}: ${w.message}\n`);

  const store = await openStore(config, { logger });
  // Pages are parsed in a worker thread: on two cores, parsing runs beside the network and the store.
  const extractor = createWorkerExtractor();
  try {
    const progress = progressReporter(io.stderr, io.stderrIsTTY ?? false, 'crawl');
    const summary = await crawlCatalog({
      articles: catalog.articles,
      store,
      fetchOptions: { concurrency: config.crawl.concurrency, ...(config.crawl.userAgent ? { userAgent: config.crawl.userAgent } : {}) },
      onProgress: ({ done, total }) => progress.update(done, total),
      // An operator asked: every page now, failed ones included.
      revalidateOlderThanMs: 0,
      retryFailedNow: true,
      logger,
      extract: extractor.extract,
      ...(signal ? { signal } : {}),
    });
    progress.finish();
    io.stdout(values.json ? JSON.stringify(summary, null, 2) + '\n' : formatCrawlSummary(summary));
    return crawlExitCode(summary);
  } finally {
    await extractor.close();
    await store.close();
  }
}

/** 0 when the run completed; 1 when it did not run, or pages were asked for and none answered. */
export function crawlExitCode(summary: CrawlSummary): number {
  if (!summary.ran) return 1;
  const asked = summary.fetched + summary.unchanged + failedCount(summary) + summary.refusedByRobots;
  return asked > 0 && summary.fetched + summary.unchanged === 0 ? 1 : 0;
}

/** The run in a few lines a person reads at a glance. */
export function formatCrawlSummary(summary: CrawlSummary): string {
  if (!summary.ran) return `Crawl not run: ${summary.note ?? 'another process is crawling'}.\n`;
  const failed = failedCount(summary);
  const lines = [
    `Crawled ${summary.articles} article page(s) in ${(summary.durationMs / 1000).toFixed(1)} s: ` +
      `${summary.fetched} fetched, ${summary.unchanged} unchanged (304), ${failed} failed, ${summary.refusedByRobots} refused by robots.txt, ${summary.skipped} skipped.`,
  ];
  if (failed > 0) {
    const reasons = Object.entries(summary.failed)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    lines.push(`  failed: ${reasons} (asked again later with back-off; those articles keep their previous text, or their blurb)`);
  }
  if (summary.removed > 0) lines.push(`  removed: the text of ${summary.removed} page(s) no longer in the catalog`);
  lines.push(`  ${summary.withText} of ${summary.articles} article(s) have text.`);
  if (summary.note) lines.push(`  note: ${summary.note}`);
  return lines.join('\n') + '\n';
}
