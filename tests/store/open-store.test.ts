import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { StoreError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
import { freshSchemaUrl, TEST_DATABASE_URL } from './postgres-test-db.js';

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
});
