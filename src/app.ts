/**
 * Composition root — what `npm start` runs. In order: configuration → without Slack credentials,
 * the offline shell (src/shell/start-shell.ts); otherwise catalog, search index, store and verbs
 * (src/slack/bot-core.ts, shared with the shell) → auth.test → Bolt app → listeners → start →
 * schedules (digest, catalog refresh, article crawl) → "ready" → the first crawl, in the
 * background. Nothing else lives here.
 *
 * `startApp(env, overrides)` does the wiring and returns a handle, so tests start the real app
 * in-process (HTTP mode on port 0, against a fake Slack); `main()` adds the process concerns:
 * .env, printing configuration problems, signals, and the shell on stdin/stdout.
 */
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { App } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import dotenv from 'dotenv';
import { configSecrets, loadConfig, type Config, type SlackMode } from './config.js';
import { CatalogBotError, SlackStartError, errorMessage } from './errors.js';
import { exitQuietlyWhenOutputCloses } from './util/output.js';
import { createLogger, type Logger } from './logger.js';
import { startShell } from './shell/start-shell.js';
import { openBotCore } from './slack/bot-core.js';
import { createPostingClient, createSlackApp, startSlackApp, verifyBotToken } from './slack/create-app.js';
import type { ConversationRuntime } from './slack/conversation/runtime.js';
import { HomePublisher } from './slack/home/home-publisher.js';
import { HANDLED_CALLBACKS, registerListeners } from './slack/listeners/index.js';
import { storeEventClaims } from './slack/listeners/events/event-claims.js';
import type { ListenerDeps } from './slack/listeners/types.js';
import { createHealthChecks } from './health.js';
import { scheduleJob, type ScheduledJob } from './schedule/schedule.js';
import { runningEngineCatalog } from './digest/digest-catalog.js';
import { createSearchEngine } from './search/index.js';
import { scheduleDigest } from './slack/digest-posting/digest-job.js';
import { createBackgroundCrawler, type BackgroundCrawler } from './fetching/index.js';
import { countingStoreErrors, createBotMetrics, timedSearch, type BotMetrics } from './metrics/index.js';

/** A shutdown waits this long for acknowledged requests to be answered (SIGTERM: exit within 10 s). */
export const DRAIN_TIMEOUT_MS = 8_000;
/** After SIGTERM / SIGINT the process exits within this long, drained or not. */
export const SHUTDOWN_LIMIT_MS = 10_000;

/** No credentials and nothing to type on (a container, a service manager): a shell would just read end of input and exit 0. */
export const NO_CREDENTIALS_NO_TERMINAL =
  'No Slack credentials, and stdin is not a terminal, so there is no offline shell to open. Set SLACK_BOT_TOKEN plus SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode), e.g. in the --env-file — see README "Creating the Slack app". To pipe commands into the shell, run `catalog-bot shell`.';

export const OFFLINE_HINT =
  'No Slack credentials: starting the offline shell. To connect Slack, set SLACK_BOT_TOKEN plus SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) in .env — see README "Creating the Slack app".';

export interface StartOverrides {
  /** Slack modes: default a JSON-lines logger on stderr at LOG_LEVEL, masking the configured secrets. (The shell logs to its own file.) */
  logger?: Logger;
  /** Listen on this port instead of PORT (tests: 0 for any free port). */
  port?: number;
  /** Offline mode: where the shell reads and writes. Default process.stdin / process.stdout. */
  shell?: { input: Readable; output: Writable; json?: boolean };
  /** Web API retry policy (tests: `{ retries: 0 }`). Default create-app's DEFAULT_RETRY_CONFIG. */
  retryConfig?: RetryOptions;
  /** Web API call timeout in ms (tests: short, to meet late answers). Default create-app's DEFAULT_WEB_API_TIMEOUT_MS. */
  webApiTimeoutMs?: number;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
  /** SQLite: how long a write waits for another process's write (tests: short). Default the store's 5 s. */
  storeBusyTimeoutMs?: number;
  /** How long an unanswered event claim keeps other replicas off (tests). Default EVENT_CLAIM_LEASE_MS. */
  eventClaimLeaseMs?: number;
}

export interface RunningApp {
  mode: SlackMode;
  config: Config;
  logger: Logger;
  runtime: ConversationRuntime;
  /** HTTP mode: the port actually bound (useful with port 0). */
  port?: number;
  slackApp?: App;
  /** Resolves when the app has finished on its own: the shell reached `quit` or end of input. Never, otherwise. */
  finished: Promise<void>;
  /** Slack modes: the scheduled jobs, so operators and tests can run one now (`runNow()`). */
  jobs: { digest?: ScheduledJob; catalogRefresh?: ScheduledJob; crawl?: ScheduledJob };
  /**
   * Slack modes with CATALOG_FULL_TEXT=on: the background crawler. `crawler.onTextsChanged` is the
   * hook a search index built on the article texts listens to.
   */
  crawler?: BackgroundCrawler;
  /** Stop serving and release everything; safe to call twice. */
  stop(): Promise<void>;
}

/** Start the bot as the environment says. Throws ConfigError / CatalogError / SlackStartError with fix-it messages. */
export async function startApp(env: Record<string, string | undefined>, overrides: StartOverrides = {}): Promise<RunningApp> {
  const startedAt = performance.now();
  const config = loadConfig(env);
  if (config.mode === 'offline') {
    const io = overrides.shell ?? { input: process.stdin, output: process.stdout };
    const shell = await startShell(config, { ...io, now: overrides.now });
    return { mode: config.mode, config, logger: shell.logger, runtime: shell.core.runtime, jobs: {}, finished: shell.finished, stop: shell.stop };
  }

  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  // Created before the store so its errors are counted from the first; the catalog is read only when scraped.
  let catalogOf: () => { articles: readonly unknown[]; loadedAt: Date } = () => ({ articles: [], loadedAt: new Date() });
  const metrics: BotMetrics = createBotMetrics({ catalogArticles: () => catalogOf().articles.length, catalogLoadedAt: () => catalogOf().loadedAt, ...(overrides.now ? { now: overrides.now } : {}) });
  const core = await openBotCore(config, logger, { now: overrides.now, storeBusyTimeoutMs: overrides.storeBusyTimeoutMs, wrapStore: (s) => countingStoreErrors(s, metrics) });
  const { runtime, store, router } = core;
  catalogOf = () => runtime.handlerDeps.catalog();
  const articles = () => runtime.handlerDeps.catalog().articles.length;
  // Created now (it only reads the store) so /healthz reports coverage; it crawls only once ready.
  const crawler = config.crawl.fullText
    ? createBackgroundCrawler({
        store,
        articles: () => runtime.handlerDeps.catalog().articles,
        fetchOptions: { concurrency: config.crawl.concurrency, ...(config.crawl.userAgent ? { userAgent: config.crawl.userAgent } : {}) },
        logger,
        ...(overrides.now ? { now: overrides.now } : {}),
      })
    : undefined;
  const health = createHealthChecks({ mode: config.mode, store, articles, ...(crawler ? { textCoverage: () => crawler.coverage() } : {}) });
  let slackApp: App;
  let listeners: ListenerDeps;
  let boundPort: number;
  try {
    // auth.test once, before anything is served: a wrong token or an unreachable Slack fails here.
    const identity = await verifyBotToken(config, logger);
    slackApp = createSlackApp(config, logger, { identity, health, metrics, retryConfig: overrides.retryConfig, webApiTimeoutMs: overrides.webApiTimeoutMs, handled: HANDLED_CALLBACKS });
    const home = new HomePublisher({ store, catalog: runtime.handlerDeps.catalog, search: runtime.handlerDeps.search, timeZone: config.digest.timeZone, logger, now: runtime.handlerDeps.now });
    listeners = registerListeners(slackApp, {
      // Searches from Slack are timed and their answers counted for /metrics.
      handlerDeps: { ...runtime.handlerDeps, search: () => timedSearch(runtime.handlerDeps.search(), metrics) },
      router,
      home,
      postClient: createPostingClient(config, logger, { timeoutMs: overrides.webApiTimeoutMs }),
      eventClaims: storeEventClaims(store, overrides.eventClaimLeaseMs === undefined ? {} : { leaseMs: overrides.eventClaimLeaseMs }),
    });
    const app = slackApp;
    // A reload that changed articles makes the newest cards stale for whoever has Home open.
    runtime.catalogService.onChange((_catalog, diff) => {
      if (diff.added.length + diff.removed.length + diff.changed.length === 0) return;
      // Home's newest cards come from the search engine, which went into service with this catalog.
      void home.republishRecent(app.client).then((n) => n > 0 && logger.info('home re-published after reload', { users: n }));
    });
    boundPort = await startSlackApp(slackApp, config, overrides.port ?? config.port);
  } catch (error) {
    await crawler?.stop();
    await core.close();
    throw error;
  }
  const jobs: RunningApp['jobs'] = {};
  // Schedules start last: a digest must never run before the app can answer the people it pings.
  // The digest matches saved queries with the engine the bot keeps current, not a second index.
  const digestCatalog = runningEngineCatalog({
    service: runtime.catalogService,
    current: () => runtime.handlerDeps.search(),
    // A safety net that should never run: built in memory, so it cannot overwrite the snapshot (which holds the catalog too).
    build: (articles) => createSearchEngine(articles),
    logger,
  });
  jobs.digest = scheduleDigest({
    config,
    catalog: digestCatalog,
    store,
    logger,
    onRun: (outcome) => ('summary' in outcome ? metrics.digest(outcome.summary) : metrics.digestRunFailed()),
  });
  jobs.catalogRefresh = scheduleJob(
    'catalog-refresh',
    config.catalog.refreshCron,
    config.digest.timeZone,
    () =>
      runtime.catalogService.reload().then((result) => {
        metrics.reload(result.ok);
        return result;
      }),
    logger,
  );
  if (crawler) {
    jobs.crawl = scheduleJob('article-crawl', config.crawl.cron, config.digest.timeZone, () => crawler.revalidate(), logger);
    // New articles are fetched right after the catalog change that brought them; removed ones lose their text.
    runtime.catalogService.onChange((_catalog, diff) => {
      if (diff.added.length + diff.removed.length + diff.changed.length > 0) crawler.crawlNew('catalog changed');
    });
    crawler.onTextsChanged((summary) => {
      // The hook for the search index on article texts (it re-reads `store.articleTexts()`).
      logger.info('article texts changed', { fetched: summary.fetched, removed: summary.removed, withText: summary.withText });
      // Re-indexed off the main thread, as a catalog reload; the engine in service answers meanwhile.
      runtime.textsChanged().catch((error: unknown) => logger.error('re-index with the new article texts failed; the previous index stays', { error: errorMessage(error) }));
    });
  }
  health.markReady();
  logger.info('ready', { mode: config.mode, port: boundPort, articles: articles(), startupMs: Math.round(performance.now() - startedAt) });
  // In the background, after "ready": answers never wait for it.
  crawler?.crawlNew('start');

  let stopped = false;
  return {
    mode: config.mode,
    config,
    logger,
    runtime,
    port: boundPort,
    slackApp,
    jobs,
    ...(crawler ? { crawler } : {}),
    finished: new Promise<void>(() => {}),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Load balancers see /readyz go 503 first; then no new work starts, and what was acknowledged
      // is answered (bounded: a hung Slack call must not hold a rolling restart).
      health.markDraining();
      for (const job of [jobs.digest, jobs.catalogRefresh, jobs.crawl]) await job?.stop();
      // A crawl in progress stops between pages; what it fetched is kept.
      await crawler?.stop();
      await slackApp.stop();
      logger.info('draining', { inFlight: listeners.inFlight.count });
      if (!(await listeners.inFlight.settled(DRAIN_TIMEOUT_MS))) {
        logger.warn('stopping with answers still in flight', { inFlight: listeners.inFlight.count, waitedMs: DRAIN_TIMEOUT_MS });
      }
      await runtime.close();
      // Last: requests still in flight while Bolt stopped may have needed the store.
      await store.close();
      logger.info('stopped', { mode: config.mode });
    },
  };
}

/** One line saying why the start failed and, when we can tell, what to fix. */
export function startFailure(error: unknown): string {
  if (error instanceof SlackStartError) return `could not start: ${error.message}`;
  if (error instanceof CatalogBotError) return error.message;
  return `could not start: ${errorMessage(error)}`;
}

/**
 * `npm start`: load .env, start, stop cleanly on SIGINT/SIGTERM, reload the catalog on SIGHUP. Resolves with the exit code.
 * `stdinIsTTY`: whether a person can type into the offline shell (default: process.stdin is a terminal).
 */
export async function main(env: Record<string, string | undefined> = process.env, stdinIsTTY = process.stdin.isTTY === true): Promise<number> {
  dotenv.config({ quiet: true });
  if (!env.SLACK_BOT_TOKEN?.trim() && !env.SLACK_APP_TOKEN?.trim() && !env.SLACK_SIGNING_SECRET?.trim()) {
    // A container without its tokens must fail visibly, not run a shell that reads nothing and exits 0.
    if (!stdinIsTTY) {
      process.stderr.write(`catalog-bot: ${NO_CREDENTIALS_NO_TERMINAL}\n`);
      return 1;
    }
    process.stderr.write(`${OFFLINE_HINT}\n`);
  }
  // Listen before starting: a SIGTERM right after "ready" (or during the start) must stop cleanly,
  // not kill the process because the handlers were not installed yet.
  let shutdown: ((signal: string) => void) | undefined;
  let signalledEarly: string | undefined;
  const onSignal = (signal: string) => (shutdown ? shutdown(signal) : (signalledEarly ??= signal));
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  let running: RunningApp;
  try {
    running = await startApp(env);
  } catch (error) {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    // Configuration and catalog problems are the operator's to fix: say what, not a stack trace.
    process.stderr.write(`catalog-bot: ${startFailure(error)}\n`);
    return 1;
  }
  const { logger } = running;
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection (kept running)', { error: reason }));

  return new Promise<number>((resolve) => {
    shutdown = (signal: string) => {
      logger.info('shutting down', { signal });
      // Whatever hangs (a Web API call, a database), the process is gone within SHUTDOWN_LIMIT_MS.
      setTimeout(() => {
        logger.error('shutdown took too long; exiting now', { limitMs: SHUTDOWN_LIMIT_MS });
        resolve(1);
      }, SHUTDOWN_LIMIT_MS).unref();
      running.stop().then(
        () => resolve(0),
        (error: unknown) => {
          logger.error('shutdown failed', { error });
          resolve(1);
        },
      );
    };
    // The daemon habit: `kill -HUP <pid>` re-reads the catalog now instead of at the next CATALOG_REFRESH_CRON.
    process.on('SIGHUP', () => {
      logger.info('reloading the catalog', { signal: 'SIGHUP' });
      void running.runtime.catalogService.reload();
    });
    const stop = shutdown;
    void running.finished.then(() => stop('end of shell'));
    if (signalledEarly !== undefined) stop(signalledEarly);
  });
}

// Run when executed directly (`node dist/app.js`, `tsx src/app.ts`), not when imported by tests or the CLI.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  exitQuietlyWhenOutputCloses();
  void main().then((code) => {
    process.exit(code);
  });
}
