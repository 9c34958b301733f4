import { describe, expect, test } from 'vitest';
import { configSecrets, DEFAULTS, loadCatalogSettings, loadConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { createLogger } from '../src/logger.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  test('no Slack credentials means the offline shell, with documented defaults', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('offline');
    expect(config.port).toBe(3000);
    expect(config.catalog.source).toBe('data/');
    expect(config.databasePath).toBe(DEFAULTS.databasePath);
    expect(config.digest).toEqual({ cron: '0 9 * * 1-5', timeZone: 'UTC', postTimeoutMs: 30_000 });
    expect(config.subscriptionsPerChannel).toBe(20);
    expect(config.catalog.refreshCron).toBe('0 * * * *');
  });

  test.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, 'socket'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abc123' }, 'http'],
    // Both present: Socket Mode wins, because it needs no public URL.
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 'abc123' }, 'socket'],
    // A blank line in .env counts as unset.
    [{ SLACK_BOT_TOKEN: '  ', SLACK_APP_TOKEN: '' }, 'offline'],
  ])('mode is chosen from the credentials present: %o → %s', (env, mode) => {
    expect(loadConfig(env).mode).toBe(mode);
  });

  test('a bot token alone names both ways to finish the set-up', () => {
    const [problem] = problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(problem).toMatch(/SLACK_APP_TOKEN/);
    expect(problem).toMatch(/SLACK_SIGNING_SECRET/);
  });

  test('an app token without a bot token names the missing variable and the mode', () => {
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1' })[0]).toMatch(/SLACK_BOT_TOKEN is missing.*Socket Mode|Socket Mode.*SLACK_BOT_TOKEN is missing/);
  });

  test('every problem is reported at once, and secrets are never echoed', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxp-user-token-secret',
      SLACK_SIGNING_SECRET: 's3cr3t',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      DIGEST_CRON: '61 * * * *',
      DIGEST_TZ: 'Mars/Olympus',
      CATALOG_REFRESH_CRON: 'hourly',
    });
    const text = problems.join('\n');
    expect(problems).toHaveLength(6);
    for (const key of ['SLACK_BOT_TOKEN', 'PORT="eighty"', 'LOG_LEVEL="loud"', 'DIGEST_CRON="61 * * * *"', 'DIGEST_TZ="Mars/Olympus"', 'CATALOG_REFRESH_CRON="hourly"']) {
      expect(text).toContain(key);
    }
    expect(text).not.toContain('user-token-secret');
    expect(text).not.toContain('s3cr3t');
  });

  test('SLACK_API_URL gets its trailing slash, and a non-URL is refused', () => {
    expect(loadConfig({ SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack.apiUrl).toBe('http://127.0.0.1:9/api/');
    expect(problemsOf({ SLACK_API_URL: 'localhost:9' })[0]).toContain('SLACK_API_URL="localhost:9"');
  });

  test('catalog settings can be read without any Slack variable being valid', () => {
    expect(loadCatalogSettings({ CATALOG_SOURCE: 'x.md', SLACK_BOT_TOKEN: 'xoxb-only' }).source).toBe('x.md');
    expect(() => loadCatalogSettings({ CATALOG_MAX_BYTES: '-1' })).toThrow(/CATALOG_MAX_BYTES="-1"/);
  });

  test('CATALOG_VOCABULARY: unset by default, a path when set', () => {
    expect(loadConfig({}).catalog.vocabularyPath).toBeUndefined();
    expect(loadConfig({ CATALOG_VOCABULARY: ' ./mine.json ' }).catalog.vocabularyPath).toBe('./mine.json');
    expect(loadCatalogSettings({ CATALOG_VOCABULARY: 'v.json' }).vocabularyPath).toBe('v.json');
  });
});

describe('the state database', () => {
  test('SQLite at DATABASE_PATH unless DATABASE_URL names a PostgreSQL database', () => {
    expect(loadConfig({ DATABASE_PATH: '/data/bot.db' })).toMatchObject({ databasePath: '/data/bot.db', databaseUrl: undefined, databasePoolSize: 10 });
    for (const url of ['postgres://bot:pw@db.internal:5432/catalog', 'postgresql://db.internal/catalog?sslmode=require', 'POSTGRES://db/x']) {
      expect(loadConfig({ DATABASE_URL: ` ${url} ` }).databaseUrl).toBe(url);
    }
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', DATABASE_POOL_SIZE: '25' }).databasePoolSize).toBe(25);
  });

  test('a DATABASE_URL that is not PostgreSQL says what it must look like and where SQLite is set, without the password', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://bot:hunter2@db/catalog' });
    expect(problem).toContain('DATABASE_URL must be a PostgreSQL URL starting with postgres:// or postgresql:// (it has "mysql://…")');
    expect(problem).toContain('DATABASE_PATH');
    expect(problem).not.toContain('hunter2');
    expect(problemsOf({ DATABASE_URL: './var/catalog-bot.db' })[0]).toMatch(/it has no scheme.*DATABASE_PATH/);
  });

  test('a PostgreSQL URL that does not parse is quoted with its password masked', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'postgres://bot:pa#ss/wo@rd@db:99999/catalog' });
    expect(problem).toContain('DATABASE_URL="postgres://bot:***@db:99999/catalog" is not a valid URL');
    expect(problem).not.toMatch(/pa#ss|wo@rd/);
  });

  test('DATABASE_POOL_SIZE must be a whole number from 1', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://db/x', DATABASE_POOL_SIZE: '0' })[0]).toContain('DATABASE_POOL_SIZE="0" must be a whole number between 1 and 1000');
  });

  test('the database password is masked in every log line, as written and as decoded', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://bot:p%40ss-w0rd@db/catalog' });
    const lines: string[] = [];
    const logger = createLogger({ secrets: configSecrets(config), write: (line) => lines.push(line) });
    logger.info('connecting', { url: config.databaseUrl, decoded: 'p@ss-w0rd' });
    expect(lines[0]).not.toMatch(/p%40ss-w0rd|p@ss-w0rd/);
    expect(lines[0]).toContain('[redacted]');
  });
  test('full text is on by default, fetched 4 at a time per host and revalidated weekly', () => {
    expect(loadConfig({}).crawl).toEqual({ fullText: true, concurrency: 4, cron: '0 3 * * 1' });
    const custom = loadConfig({ CATALOG_FULL_TEXT: 'OFF', CRAWL_CONCURRENCY: '2', CRAWL_CRON: '30 2 * * *', CRAWL_USER_AGENT: 'catalog-bot/1.0 (+https://wiki.example.com/bot)' }).crawl;
    expect(custom).toEqual({ fullText: false, concurrency: 2, cron: '30 2 * * *', userAgent: 'catalog-bot/1.0 (+https://wiki.example.com/bot)' });
  });

  test('crawl settings are checked with the others, each problem saying how to fix it', () => {
    const problems = problemsOf({ CATALOG_FULL_TEXT: 'maybe', CRAWL_CONCURRENCY: '0', CRAWL_CRON: 'weekly', CRAWL_USER_AGENT: 'bot\u0007' });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toContain('CATALOG_FULL_TEXT="maybe" must be "on"');
    expect(problems[1]).toContain('CRAWL_CONCURRENCY="0" must be a whole number between 1 and 64');
    expect(problems[2]).toContain('CRAWL_CRON="weekly" is not a valid cron expression');
    expect(problems[2]).toContain('"0 3 * * 1" for Mondays at 03:00');
    expect(problems[3]).toContain('CRAWL_USER_AGENT must be printable ASCII');
  });
});
