/**
 * PostgreSQL for tests: the run's throwaway database (TEST_DATABASE_URL, made by
 * postgres-global-setup.ts), a fresh schema in it per test, or a fresh database of its own where a
 * test needs one (migrations on an empty database, connection counts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from './postgres-global-setup.js';

/** Undefined when the run has no PostgreSQL (the tests using it are skipped). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

const suffix = () => randomBytes(5).toString('hex');

/**
 * Session settings for test connections: commits do not wait for the disk (the data is thrown
 * away anyway), which keeps the many small migrations and transactions fast on a busy machine.
 */
const TEST_SESSION = '-c synchronous_commit=off';

function withSessionOptions(databaseUrl: string, options: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `${options} ${TEST_SESSION}`.trim());
  return url.toString();
}

/** Run one piece of SQL on its own connection. */
export async function sql<R extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** A new, empty schema in the run's database, and a URL whose connections use it (search_path). */
export async function freshSchemaUrl(databaseUrl = TEST_DATABASE_URL!): Promise<string> {
  const schema = `t_${suffix()}`;
  await sql(databaseUrl, `CREATE SCHEMA ${schema}`);
  return withSessionOptions(databaseUrl, `-c search_path=${schema}`);
}

export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the same server. */
export async function freshDatabase(databaseUrl = TEST_DATABASE_URL!): Promise<FreshDatabase> {
  const name = `${new URL(databaseUrl).pathname.slice(1)}_${suffix()}`;
  await sql(databaseUrl, `CREATE DATABASE ${name}`);
  return { name, url: withSessionOptions(withDatabase(databaseUrl, name), ''), drop: async () => void (await sql(databaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
}
