import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { StoreError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
import { freshSchemaUrl, TEST_DATABASE_URL } from '../helpers/postgres-test-db.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-open-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens the SQLite file at DATABASE_PATH when DATABASE_URL is unset', async () => {
    const path = join(dir, 'bot.db');
    const store = await openStore(loadConfig({ DATABASE_PATH: path }));
    expect(store.location).toBe(path);
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('passes mustExist on: a missing SQLite file is refused', async () => {
    const error = await openStore(loadConfig({ DATABASE_PATH: join(dir, 'missing.db') }), { mustExist: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
  });

  it.skipIf(TEST_DATABASE_URL === undefined)('opens PostgreSQL when DATABASE_URL is set, and no SQLite file', async () => {
    const url = await freshSchemaUrl();
    const path = join(dir, 'unused.db');
    const store = await openStore(loadConfig({ DATABASE_URL: url, DATABASE_PATH: path, DATABASE_POOL_SIZE: '3' }));
    expect(store.location).toMatch(/^postgresql:\/\/.*\/catalog_bot_test_[0-9a-f]+$/);
    const { created } = await store.addSubscription({ channelId: 'C1', query: '', createdBy: 'U1', createdAt: new Date() });
    expect(created).toBe(true);
    await store.close();
    expect(existsSync(path)).toBe(false);
    // mustExist on a PostgreSQL database the bot never wrote to is refused too.
    const fresh = await freshSchemaUrl();
    await expect(openStore(loadConfig({ DATABASE_URL: fresh }), { mustExist: true })).rejects.toThrow(/has no catalog-bot tables/);
  });

  /** Which drivers a fresh process has loaded after opening the store at `location` (CommonJS modules are in require.cache). */
  function driversLoadedOpening(location: Record<string, unknown>): string[] {
    const script = `
      import { createRequire } from 'node:module';
      const { openStore } = await import(${JSON.stringify(new URL('../../src/store/open-store.ts', import.meta.url).pathname)});
      const store = await openStore(${JSON.stringify(location)});
      await store.close();
      const drivers = Object.keys(createRequire(import.meta.url).cache).map((k) => /node_modules\\/(better-sqlite3|pg)\\//.exec(k)?.[1]).filter(Boolean);
      console.log(JSON.stringify([...new Set(drivers)]));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as string[];
  }

  it('loads only the driver it picks: SQLite never loads pg', () => {
    expect(driversLoadedOpening({ databasePath: join(dir, 'lazy.db'), databasePoolSize: 1 })).toEqual(['better-sqlite3']);
  }, 30_000);

  it.skipIf(TEST_DATABASE_URL === undefined)('loads only the driver it picks: PostgreSQL never loads the native SQLite module', async () => {
    const url = await freshSchemaUrl();
    expect(driversLoadedOpening({ databasePath: join(dir, 'unused.db'), databaseUrl: url, databasePoolSize: 1 })).toEqual(['pg']);
  }, 30_000);
});
