/**
 * vitest globalSetup: one throwaway PostgreSQL database per test run, `catalog_bot_test_<random>`,
 * created on the server at TEST_POSTGRES_URL (default the machine's cluster, 127.0.0.1:5432, user
 * postgres, trust auth) and dropped when the run ends. Tests find its URL in TEST_DATABASE_URL.
 *
 * No server there: the PostgreSQL tests are skipped, with one loud line saying why; with CI set
 * the run fails instead, so a CI that forgot to start the cluster cannot pass by skipping them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describeFailure } from '../../src/store/postgres-errors.js';
import { describePostgresUrl } from '../../src/store/postgres-url.js';

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same server URL with another database name. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const serverUrl = process.env.TEST_POSTGRES_URL?.trim() || DEFAULT_TEST_POSTGRES_URL;
  const where = describePostgresUrl(serverUrl).location;
  const name = `catalog_bot_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    const why = `cannot use ${where} (${describeFailure(error)})`;
    if (process.env.CI) throw new Error(`PostgreSQL store tests cannot run: ${why}. CI is set, so this fails the run: start PostgreSQL first (.ci/run does).`);
    console.warn(`\n!!! PostgreSQL store tests SKIPPED: ${why}. Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n`);
    process.env.TEST_DATABASE_SKIPPED = why;
    return undefined;
  }
  process.env.TEST_DATABASE_URL = withDatabase(serverUrl, name);
  return async () => {
    await admin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
}
