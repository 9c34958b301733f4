/**
 * The one place that reads the environment. `loadConfig(env)` checks every variable, collects every
 * problem, and throws a single ConfigError listing them all with how to fix each; tests pass their
 * own env object instead of touching process.env.
 */
import { validateDetailed } from 'node-cron';
import { LOAD_DEFAULTS } from './catalog/types.js';
import { ConfigError } from './errors.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import { isPostgresUrl, maskUrlText, parsePostgresUrl, postgresUrlSecrets } from './store/postgres-url.js';

export type SlackMode = 'socket' | 'http' | 'offline';

export interface Config {
  /** How the bot talks to Slack, decided by which credentials are set. */
  mode: SlackMode;
  slack: {
    /** `xoxb-…` bot token; required in socket and http modes. */
    botToken?: string;
    /** `xapp-…` app-level token with `connections:write`; selects Socket Mode. */
    appToken?: string;
    /** Signing secret; selects HTTP mode when there is no app token. */
    signingSecret?: string;
    /** Web API base URL override (tests, proxies), always ending in `/`. */
    apiUrl?: string;
  };
  /** HTTP port for `POST /slack/events` and `GET /healthz`. Default 3000. */
  port: number;
  logLevel: LogLevel;
  catalog: {
    /** A file, a folder of `*.md`, or an http(s) URL. Default `data/`. */
    source: string;
    /** node-cron expression for reloading the catalog. Default hourly. */
    refreshCron: string;
    /** Abort a URL fetch after this long. Default 10 s. */
    fetchTimeoutMs: number;
    /** Refuse a URL response larger than this. Default 10 MB. */
    maxBytes: number;
    /** The catalog owner's vocabulary file (CATALOG_VOCABULARY), merged over the general one; undefined: none. */
    vocabularyPath?: string;
  };
  /** Where the persisted search-index snapshot lives (start-up speed). Default `./var/index.snapshot`. */
  indexSnapshotPath: string;
  /** SQLite file for subscriptions and deliveries. Default `./var/catalog-bot.db`. Unused when `databaseUrl` is set. */
  databasePath: string;
  /** PostgreSQL URL (`postgres://…`): when set, the state lives there instead (several replicas). */
  databaseUrl?: string;
  /** PostgreSQL connections per process. Default 10. */
  databasePoolSize: number;
  /** Most subscriptions one channel may have (SUBSCRIPTIONS_PER_CHANNEL). Default 20. */
  subscriptionsPerChannel: number;
  crawl: {
    /** CATALOG_FULL_TEXT: fetch each article's page and search its text. Off: no request to any article host. Default on. */
    fullText: boolean;
    /** CRAWL_CONCURRENCY: requests at once per host. Default 4. */
    concurrency: number;
    /** CRAWL_CRON: node-cron expression for revalidating every page (read in DIGEST_TZ). Default Mondays 03:00. */
    cron: string;
    /** CRAWL_USER_AGENT: override of the User-Agent (undefined: the built-in one naming the bot and its documentation). */
    userAgent?: string;
  };
  digest: {
    /** node-cron expression for digests. Default weekdays 09:00. */
    cron: string;
    /** IANA time zone the digest cron is read in. Default UTC. */
    timeZone: string;
    /**
     * A digest post with no answer after this long has an unknown outcome (DIGEST_POST_TIMEOUT_MS);
     * a later run settles it only once it is this old, when Slack can no longer be carrying it out. Default 30 s.
     */
    postTimeoutMs: number;
  };
}

export const DEFAULTS = {
  port: 3000,
  logLevel: 'info' as LogLevel,
  catalogSource: 'data/',
  catalogRefreshCron: '0 * * * *',
  catalogFetchTimeoutMs: LOAD_DEFAULTS.fetchTimeoutMs,
  catalogMaxBytes: LOAD_DEFAULTS.maxBytes,
  indexSnapshotPath: './var/index.snapshot',
  databasePath: './var/catalog-bot.db',
  databasePoolSize: 10,
  subscriptionsPerChannel: 20,
  digestCron: '0 9 * * 1-5',
  fullText: true,
  crawlConcurrency: 4,
  crawlCron: '0 3 * * 1',
  digestTz: 'UTC',
  digestPostTimeoutMs: 30_000,
} as const;

type Env = Record<string, string | undefined>;

/** Read an env var, treating empty and whitespace-only values as unset (a blank line in .env). */
function read(env: Env, key: string): string | undefined {
  const value = env[key]?.trim();
  return value ? value : undefined;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Returns a problem sentence, or undefined when the cron expression is valid. */
export function cronProblem(key: string, expr: string): string | undefined {
  const result = validateDetailed(expr);
  if (result.valid) return undefined;
  const detail = result.errors.map((e) => e.message).join('; ');
  return `${key}="${expr}" is not a valid cron expression${detail ? ` (${detail})` : ''}. Use five fields "minute hour day-of-month month day-of-week", e.g. "0 9 * * 1-5" for weekdays at 09:00.`;
}

function positiveInt(env: Env, key: string, fallback: number, problems: string[], max = Number.MAX_SAFE_INTEGER): number {
  const raw = read(env, key);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n <= 0 || n > max) {
    problems.push(`${key}="${raw}" must be a whole number between 1 and ${max}.`);
    return fallback;
  }
  return n;
}

/** The catalog settings alone: what `catalog-bot search|parse` need, without any Slack variable. */
export function loadCatalogSettings(env: Env = process.env): Config['catalog'] {
  const problems: string[] = [];
  const settings = readCatalogSettings(env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

function readCatalogSettings(env: Env, problems: string[]): Config['catalog'] {
  const source = read(env, 'CATALOG_SOURCE') ?? DEFAULTS.catalogSource;
  const refreshCron = read(env, 'CATALOG_REFRESH_CRON') ?? DEFAULTS.catalogRefreshCron;
  const refreshProblem = cronProblem('CATALOG_REFRESH_CRON', refreshCron);
  if (refreshProblem) problems.push(refreshProblem);
  const fetchTimeoutMs = positiveInt(env, 'CATALOG_FETCH_TIMEOUT_MS', DEFAULTS.catalogFetchTimeoutMs, problems);
  const maxBytes = positiveInt(env, 'CATALOG_MAX_BYTES', DEFAULTS.catalogMaxBytes, problems);
  const vocabularyPath = read(env, 'CATALOG_VOCABULARY');
  return Object.freeze({ source, refreshCron, fetchTimeoutMs, maxBytes, vocabularyPath });
}

/** INDEX_SNAPSHOT_PATH, or its default: also what `catalog-bot search|parse` reuse. */
export function readIndexSnapshotPath(env: Env = process.env): string {
  return read(env, 'INDEX_SNAPSHOT_PATH') ?? DEFAULTS.indexSnapshotPath;
}

export function loadConfig(env: Env = process.env): Config {
  // Every problem is collected, in this order, so one error lists all there is to fix.
  const problems: string[] = [];
  const { mode, slack } = readSlackSettings(env, problems);
  const port = positiveInt(env, 'PORT', DEFAULTS.port, problems, 65535);
  const logLevel = readLogLevel(env, problems);
  const catalog = readCatalogSettings(env, problems);
  const schedule = readDigestSchedule(env, problems);
  const crawl = readCrawlSettings(env, problems);
  const databaseUrl = readDatabaseUrl(env, problems);
  const databasePoolSize = positiveInt(env, 'DATABASE_POOL_SIZE', DEFAULTS.databasePoolSize, problems, 1000);
  const subscriptionsPerChannel = positiveInt(env, 'SUBSCRIPTIONS_PER_CHANNEL', DEFAULTS.subscriptionsPerChannel, problems, 1000);
  const digestPostTimeoutMs = positiveInt(env, 'DIGEST_POST_TIMEOUT_MS', DEFAULTS.digestPostTimeoutMs, problems, 600_000);

  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    mode,
    slack,
    port,
    logLevel,
    catalog,
    indexSnapshotPath: readIndexSnapshotPath(env),
    databasePath: read(env, 'DATABASE_PATH') ?? DEFAULTS.databasePath,
    databaseUrl,
    databasePoolSize,
    subscriptionsPerChannel,
    crawl,
    digest: Object.freeze({ ...schedule, postTimeoutMs: digestPostTimeoutMs }),
  });
}

/** The tokens decide the mode: socket (bot + app token), http (bot token + signing secret), or offline (none). */
function readSlackSettings(env: Env, problems: string[]): { mode: SlackMode; slack: Config['slack'] } {
  const botToken = read(env, 'SLACK_BOT_TOKEN');
  const appToken = read(env, 'SLACK_APP_TOKEN');
  const signingSecret = read(env, 'SLACK_SIGNING_SECRET');

  let mode: SlackMode = 'offline';
  if (botToken && appToken) mode = 'socket';
  else if (botToken && signingSecret) mode = 'http';
  else if (botToken) {
    problems.push(
      'SLACK_BOT_TOKEN is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is. ' +
        'Add SLACK_APP_TOKEN=xapp-… (Basic Information → App-Level Tokens, scope connections:write) or SLACK_SIGNING_SECRET (Basic Information → App Credentials).',
    );
  } else if (appToken || signingSecret) {
    const which = appToken ? 'SLACK_APP_TOKEN (Socket Mode)' : 'SLACK_SIGNING_SECRET (HTTP mode)';
    problems.push(`${which} is set but SLACK_BOT_TOKEN is missing. Add SLACK_BOT_TOKEN=xoxb-… (OAuth & Permissions → Bot User OAuth Token), or unset it to run the offline shell.`);
  }
  // Never echo the secret values themselves, only their shape.
  if (botToken && !botToken.startsWith('xoxb-')) {
    problems.push(`SLACK_BOT_TOKEN must be a bot token starting with "xoxb-" (it starts with "${botToken.slice(0, 4)}…"); copy the Bot User OAuth Token from OAuth & Permissions.`);
  }
  if (appToken && !appToken.startsWith('xapp-')) {
    problems.push(`SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (it starts with "${appToken.slice(0, 4)}…"), needed by Socket Mode.`);
  }

  let apiUrl = read(env, 'SLACK_API_URL');
  if (apiUrl !== undefined) {
    if (!/^https?:\/\/[^\s]+$/i.test(apiUrl)) {
      problems.push(`SLACK_API_URL="${apiUrl}" must be an http(s) URL such as https://slack.com/api/.`);
    } else if (!apiUrl.endsWith('/')) {
      apiUrl += '/';
    }
  }
  return { mode, slack: Object.freeze({ botToken, appToken, signingSecret, apiUrl }) };
}

function readLogLevel(env: Env, problems: string[]): LogLevel {
  const raw = read(env, 'LOG_LEVEL')?.toLowerCase() ?? DEFAULTS.logLevel;
  if ((LOG_LEVELS as readonly string[]).includes(raw)) return raw as LogLevel;
  problems.push(`LOG_LEVEL="${raw}" is not one of ${LOG_LEVELS.join(', ')}.`);
  return DEFAULTS.logLevel;
}

function readDigestSchedule(env: Env, problems: string[]): { cron: string; timeZone: string } {
  const cron = read(env, 'DIGEST_CRON') ?? DEFAULTS.digestCron;
  const cronIssue = cronProblem('DIGEST_CRON', cron);
  if (cronIssue) problems.push(cronIssue);
  const timeZone = read(env, 'DIGEST_TZ') ?? DEFAULTS.digestTz;
  if (!isValidTimeZone(timeZone)) {
    problems.push(`DIGEST_TZ="${timeZone}" is not a known IANA time zone. Use a name such as "UTC", "Europe/Paris" or "America/New_York".`);
  }
  return { cron, timeZone };
}

function readCrawlSettings(env: Env, problems: string[]): Config['crawl'] {
  const rawFullText = read(env, 'CATALOG_FULL_TEXT')?.toLowerCase();
  let fullText: boolean = DEFAULTS.fullText;
  if (rawFullText !== undefined) {
    if (['on', 'true', '1', 'yes'].includes(rawFullText)) fullText = true;
    else if (['off', 'false', '0', 'no'].includes(rawFullText)) fullText = false;
    else problems.push(`CATALOG_FULL_TEXT="${rawFullText}" must be "on" (fetch each article's page and search its text) or "off" (blurbs only, no request to any article host).`);
  }
  const concurrency = positiveInt(env, 'CRAWL_CONCURRENCY', DEFAULTS.crawlConcurrency, problems, 64);
  const cron = read(env, 'CRAWL_CRON') ?? DEFAULTS.crawlCron;
  const cronIssue = cronProblem('CRAWL_CRON', cron);
  if (cronIssue) problems.push(cronIssue.replace('"0 9 * * 1-5" for weekdays at 09:00', '"0 3 * * 1" for Mondays at 03:00'));
  const userAgent = read(env, 'CRAWL_USER_AGENT');
  // A header value: printable ASCII, and a product token first (robots.txt groups are matched on it).
  if (userAgent !== undefined && !/^[A-Za-z0-9_-]+\/?[\x20-\x7e]{0,300}$/.test(userAgent)) {
    problems.push(
      `CRAWL_USER_AGENT must be printable ASCII of at most 300 characters starting with the bot's name, e.g. "catalog-bot/1.0 (+https://wiki.example.com/catalog-bot)"; its first word is what robots.txt rules are matched against.`,
    );
  }
  return Object.freeze({ fullText, concurrency, cron, ...(userAgent !== undefined ? { userAgent } : {}) });
}

/** DATABASE_URL, when set, must be a postgres:// URL; its password is never echoed. */
function readDatabaseUrl(env: Env, problems: string[]): string | undefined {
  const raw = read(env, 'DATABASE_URL');
  if (raw === undefined) return undefined;
  const example = 'e.g. postgres://catalog_bot:PASSWORD@db.example.com:5432/catalog_bot';
  if (!isPostgresUrl(raw)) {
    const scheme = raw.includes('://') ? `"${raw.slice(0, raw.indexOf('://') + 3)}…"` : 'no scheme';
    problems.push(
      `DATABASE_URL must be a PostgreSQL URL starting with postgres:// or postgresql:// (it has ${scheme}), ${example}. ` +
        'For the SQLite file, unset DATABASE_URL and set DATABASE_PATH instead.',
    );
    return undefined;
  }
  if (!parsePostgresUrl(raw)) {
    problems.push(`DATABASE_URL="${maskUrlText(raw)}" is not a valid URL; percent-encode special characters in the user and password (@ as %40, / as %2F), ${example}.`);
    return undefined;
  }
  return raw;
}

/** The secret values of a config, for the logger's redaction list. */
export function configSecrets(config: Config): string[] {
  const database = config.databaseUrl ? postgresUrlSecrets(config.databaseUrl) : [];
  return [config.slack.botToken, config.slack.appToken, config.slack.signingSecret, ...database].filter((s): s is string => !!s);
}
