/**
 * The PostgreSQL store: the store contract (a fresh schema per test in the run's throwaway
 * database), then what only PostgreSQL has: migrations under the advisory lock, connection
 * failures at start, the pool size. Connection loss while in use: postgres-connection-loss.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { POSTGRES_LATEST_SCHEMA_VERSION, POSTGRES_MIGRATIONS } from '../../src/store/postgres-migrations.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres-store.js';
import { freePort } from '../helpers/free-port.js';
import { describeStoreContract } from './store-contract.js';
import { freshDatabase, freshSchemaUrl, sql, TEST_DATABASE_URL, type FreshDatabase } from '../helpers/postgres-test-db.js';

const enabled = TEST_DATABASE_URL !== undefined;

if (enabled) {
  describeStoreContract('PostgreSQL', async () => {
    const url = await freshSchemaUrl();
    return {
      open: () => openPostgresStore({ url }),
      countRows: async (table) => (await sql<{ n: number }>(url, `SELECT COUNT(*)::int AS n FROM ${table}`))[0]!.n,
      // The schema goes with the run's database.
      drop: async () => undefined,
    };
  });
}

describe.skipIf(!enabled)('openPostgresStore', () => {
  const stores: PostgresStore[] = [];
  const databases: FreshDatabase[] = [];
  const open = async (options: Parameters<typeof openPostgresStore>[0]) => {
    const store = await openPostgresStore(options);
    stores.push(store);
    return store;
  };
  const database = async () => {
    const db = await freshDatabase();
    databases.push(db);
    return db;
  };
  /** A logger that keeps its lines, to see who migrated. */
  const recordingLogger = () => {
    const lines: Array<Record<string, unknown>> = [];
    return { lines, logger: createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
  };
  const versions = async (url: string) => (await sql<{ version: number }>(url, 'SELECT version FROM schema_version ORDER BY version')).map((r) => r.version);

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const db of databases.splice(0)) await db.drop();
  });

  it('migrates a fresh database once when two replicas start together', async () => {
    const db = await database();
    const one = recordingLogger();
    const other = recordingLogger();
    await Promise.all([open({ url: db.url, logger: one.logger }), open({ url: db.url, logger: other.logger })]);
    const migrated = [...one.lines, ...other.lines].filter((l) => l.msg === 'store migrated');
    expect(migrated).toEqual([expect.objectContaining({ from: 0, to: POSTGRES_LATEST_SCHEMA_VERSION })]);
    expect(await versions(db.url)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    // A third start, later: nothing left to migrate.
    const third = recordingLogger();
    await open({ url: db.url, logger: third.logger });
    expect(third.lines.filter((l) => l.msg === 'store migrated')).toEqual([]);
  });

  it('upgrades a database written by an older catalog-bot, keeping its data', async () => {
    const url = await freshSchemaUrl();
    await sql(url, `CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO schema_version (version) VALUES (1); ${POSTGRES_MIGRATIONS[0]!.sql}`);
    await sql(url, "INSERT INTO subscriptions (id, channel_id, query, created_by, created_at) VALUES ('abcde', 'C1', 'tag:saas', 'U1', now())");
    const { lines, logger } = recordingLogger();
    const store = await open({ url, logger });
    expect(lines.find((l) => l.msg === 'store migrated')).toMatchObject({ from: 1, to: POSTGRES_LATEST_SCHEMA_VERSION });
    expect(await versions(url)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    expect(await store.getSubscription('abcde')).toMatchObject({ channelId: 'C1', query: 'tag:saas' });
    expect(await store.beginDeliveryAttempt({ key: 'k', subscriptionId: 'abcde', channelId: 'C1', articleIds: ['a'], startedAt: new Date() })).toBe(true);
  });

  it('upgrades event claims made before claims had two states as answered: their retries stay dropped', async () => {
    const url = await freshSchemaUrl();
    const before = POSTGRES_MIGRATIONS.filter((m) => m.version <= 3);
    await sql(
      url,
      `CREATE TABLE schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now()); INSERT INTO schema_version (version) VALUES ${before.map((m) => `(${m.version})`).join(', ')}; ${before.map((m) => m.sql).join('\n')}`,
    );
    await sql(url, "INSERT INTO event_claims (event_id, claimed_at) VALUES ('Ev-before', '2024-06-01T12:00:00Z')");
    const store = await open({ url, logger: recordingLogger().logger });
    const claim = (eventId: string) => store.claimEvent(eventId, { claimant: 'new', now: new Date('2024-06-01T12:01:00Z'), leaseMs: 5_000 });
    expect(await claim('Ev-before')).toEqual({ outcome: 'answered' });
    expect(await claim('Ev-after')).toEqual({ outcome: 'claimed' });
  });

  it('refuses a database written by a newer catalog-bot, naming both versions, and leaves it unchanged', async () => {
    const url = await freshSchemaUrl();
    await sql(url, `CREATE TABLE schema_version (version integer PRIMARY KEY); INSERT INTO schema_version VALUES (${POSTGRES_LATEST_SCHEMA_VERSION + 41})`);
    const error = await openPostgresStore({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(`schema version ${POSTGRES_LATEST_SCHEMA_VERSION + 41}`);
    expect((error as StoreError).message).toContain(`up to ${POSTGRES_LATEST_SCHEMA_VERSION}`);
    expect((await sql(url, "SELECT to_regclass('subscriptions') AS t"))[0]).toEqual({ t: null });
  });

  it('with mustExist, refuses a database catalog-bot never wrote to, creating nothing', async () => {
    const url = await freshSchemaUrl();
    const error = await openPostgresStore({ url, mustExist: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/has no catalog-bot tables/);
    expect((error as StoreError).message).toMatch(/DATABASE_URL/);
    expect((await sql(url, "SELECT to_regclass('schema_version') AS t"))[0]).toEqual({ t: null });
    // Once the bot has created it, mustExist opens it.
    await (await openPostgresStore({ url })).close();
    await (await openPostgresStore({ url, mustExist: true })).close();
  });

  it('cannot connect: says where and what to check, never the password', async () => {
    const port = await freePort();
    const refused = await openPostgresStore({ url: `postgres://bot:s3cr3t-pw@127.0.0.1:${port}/catalog`, connectTimeoutMs: 2000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StoreError);
    const refusedError = refused as StoreError;
    expect(refusedError.message).toContain(`PostgreSQL at 127.0.0.1:${port}, database "catalog"`);
    expect(refusedError.message).toMatch(/is PostgreSQL running/);
    expect(refusedError.path).toBe(`postgresql://bot@127.0.0.1:${port}/catalog`);

    const server = new URL(TEST_DATABASE_URL!);
    server.password = 's3cr3t-pw';
    server.pathname = '/no_such_database_here';
    const missing = (await openPostgresStore({ url: server.toString() }).catch((e: unknown) => e)) as StoreError;
    expect(missing).toBeInstanceOf(StoreError);
    expect(missing.message).toContain('database "no_such_database_here"');
    expect(missing.message).toMatch(/does not exist.*createdb no_such_database_here/);
    for (const error of [refusedError, missing]) expect(`${error.message} ${error.path} ${error.stack}`).not.toContain('s3cr3t-pw');
  });

  it('opens at most the configured number of connections', async () => {
    const url = new URL(await freshSchemaUrl());
    const name = `pool-test-${Date.now()}`;
    url.searchParams.set('application_name', name);
    const store = await open({ url: url.toString(), poolSize: 2 });
    await Promise.all(Array.from({ length: 20 }, () => store.listSubscriptions()));
    const [row] = await sql<{ n: number }>(TEST_DATABASE_URL!, 'SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name]);
    expect(row!.n).toBe(2);
  });
});
