/**
 * The store contract against the SQLite store: a fresh file in a temp folder per test. The
 * SQLite-only behaviours (files, folders, corruption, WAL) are in sqlite-store.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-store-contract-'));
  const path = join(dir, 'state.db');
  return {
    open: () => openSqliteStore(path),
    countRows: async (table) => {
      const raw = new Database(path, { readonly: true });
      try {
        return (raw.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      } finally {
        raw.close();
      }
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
