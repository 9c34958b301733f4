/**
 * `npm run bench digest-postgres`: the digest section's 1,000-channel fan-out with the PostgreSQL
 * store (a throwaway database on 127.0.0.1:5432, or BENCH_DATABASE_URL's server), same fake Slack
 * limits and the same targets: within 1.2 × the rate-limit floor, 0 lost, 0 doubled.
 */
import { openPostgresStore } from '../src/store/postgres-store.js';
import { freshDatabase } from '../tests/helpers/postgres-test-db.js';
import { clean, scenario, table } from './digest.js';

const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function run(): Promise<string> {
  const db = await freshDatabase(SERVER);
  try {
    const result = await scenario(1000, 50, () => openPostgresStore({ url: db.url }));
    const floor = result.channels / result.workspacePerSecond;
    const target = floor * 1.2;
    const verdict = result.seconds <= target && result.rateLimited429 <= 5 && clean(result) ? 'met' : 'MISSED';
    return [
      '## digest-postgres',
      '',
      `The 1,000-channel fan-out of the digest section with the PostgreSQL store (pool of the default size, a throwaway database on the local server). Floor ${floor} s, target ≤ ${target} s, 0 lost, 0 doubled: **${verdict}**.`,
      '',
      table(result),
    ].join('\n');
  } finally {
    await db.drop();
  }
}
