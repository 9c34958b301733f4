import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

let dir: string;
const opened: Store[] = [];
const open = async (path = join(dir, 'state.db'), options = {}) => {
  const store = await openSqliteStore(path, options);
  opened.push(store);
  return store;
};
const at = (iso: string) => new Date(iso);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-store-'));
});
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('openSqliteStore', () => {
  it('creates the folder and the file, in WAL mode, at the latest schema version', async () => {
    const path = join(dir, 'nested', 'deeper', 'bot.db');
    await open(path);
    expect(existsSync(path)).toBe(true);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT MAX(version) AS v FROM schema_version').get()).toEqual({ v: LATEST_SCHEMA_VERSION });
    raw.close();
  });

  it('keeps data across a close and reopen without re-running migrations', async () => {
    const path = join(dir, 'bot.db');
    const first = await open(path);
    await first.addSubscription({ channelId: 'C1', query: 'tag:saas', createdBy: 'U1', createdAt: at('2024-01-01T00:00:00Z') });
    await first.close();
    const second = await open(path);
    const subs = await second.listSubscriptions();
    expect(subs.map((s) => [s.channelId, s.query])).toEqual([['C1', 'tag:saas']]);
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: LATEST_SCHEMA_VERSION });
    raw.close();
  });

  it('upgrades event claims made before claims had two states as answered: their retries stay dropped', async () => {
    const path = join(dir, 'v4.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1), (2), (3), (4);');
    for (const m of MIGRATIONS.filter((m) => m.version <= 4)) raw.exec(m.sql);
    const claimedAt = Date.parse('2024-06-01T12:00:00Z');
    raw.prepare("INSERT INTO event_claims (event_id, claimed_at) VALUES ('Ev-before', ?)").run(claimedAt);
    raw.close();
    const store = await open(path);
    const claim = (eventId: string) => store.claimEvent(eventId, { claimant: 'new', now: new Date(claimedAt + 60_000), leaseMs: 5_000 });
    expect(await claim('Ev-before')).toEqual({ outcome: 'answered' });
    expect(await claim('Ev-after')).toEqual({ outcome: 'claimed' });
  });

  it('upgrades a database written by an older catalog-bot, keeping its data', async () => {
    const path = join(dir, 'v1.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);');
    raw.exec(MIGRATIONS[0]!.sql);
    raw.prepare("INSERT INTO subscriptions (id, channel_id, query, created_by, created_at, state) VALUES ('abcde', 'C1', 'tag:saas', 'U1', 0, 'active')").run();
    raw.close();
    const store = await open(path);
    expect(await store.getSubscription('abcde')).toMatchObject({ channelId: 'C1', query: 'tag:saas' });
    await store.markInviteRequested('abcde', at('2024-01-01T00:00:00Z'));
    expect((await store.getSubscription('abcde'))?.inviteRequestedAt).toEqual(at('2024-01-01T00:00:00Z'));
    await store.recordDelivery({ subscriptionId: 'abcde', articleIds: ['a'], channelId: 'C1', messageTs: '1.1', deliveredAt: new Date() });
    expect((await store.getSubscription('abcde'))?.inviteRequestedAt).toBeUndefined();
  });

  it('refuses a database written by a newer catalog-bot, naming both versions, and leaves it unchanged', async () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (${LATEST_SCHEMA_VERSION + 41});`);
    raw.close();
    const error = await openSqliteStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 41}`);
    expect((error as StoreError).message).toContain(`up to ${LATEST_SCHEMA_VERSION}`);
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'subscriptions'").get()).toBeUndefined();
    after.close();
  });

  it('turns a corrupted file into a StoreError naming the path and what to do', async () => {
    const path = join(dir, 'corrupt.db');
    writeFileSync(path, 'this is not a database, just some text that happens to be here\n'.repeat(100));
    const error = await openSqliteStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    const storeError = error as StoreError;
    expect(storeError.path).toBe(path);
    expect(storeError.message).toContain(path);
    expect(storeError.message).toMatch(/not a readable SQLite database/);
    expect(storeError.message).toMatch(/move the file aside/);
  });

  it('turns a SQLite file with a damaged page into a StoreError', async () => {
    const path = join(dir, 'damaged.db');
    const store = await open(path);
    for (let i = 0; i < 200; i += 1) {
      await store.addSubscription({ channelId: `C${i}`, query: `word${i} `.repeat(20), createdBy: 'U1', createdAt: new Date() });
    }
    await store.close();
    // Checkpointed into the main file by close; now scribble over the middle pages.
    const { openSync, writeSync, closeSync, statSync } = await import('node:fs');
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const error = await openSqliteStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(path);
  });

  it('says so when DATABASE_PATH is a folder', async () => {
    const error = await openSqliteStore(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/is a folder, not a database file/);
  });

  it('says so when the folder cannot be created (a file is in the way)', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'x');
    const error = await openSqliteStore(join(blocker, 'bot.db')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/cannot create the folder/);
    expect((error as StoreError).message).toContain(blocker);
  });

  // Root can write anything, so the permission check can only be seen as another user.
  it.skipIf(process.getuid?.() === 0)('says so when the database file is not writable', async () => {
    const { chmodSync } = await import('node:fs');
    const path = join(dir, 'readonly.db');
    await (await openSqliteStore(path)).close();
    chmodSync(path, 0o444);
    const error = await openSqliteStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/is not writable/);
  });

  it('with mustExist, refuses a missing file instead of starting from nothing', async () => {
    const path = join(dir, 'missing.db');
    const error = await openSqliteStore(path, { mustExist: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/no database at/);
    expect((error as StoreError).message).toMatch(/DATABASE_PATH/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('a database file deleted or replaced while open', () => {
  function capturingLogger() {
    const lines: Array<Record<string, unknown>> = [];
    return { lines, logger: createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
  }

  it('refuses every write with a store_file_gone error naming the file, logs it once, and never recreates the file', async () => {
    const path = join(dir, 'bot.db');
    const { lines, logger } = capturingLogger();
    const store = await open(path, { logger });
    await store.addSubscription({ channelId: 'C1', query: 'tag:saas', createdBy: 'U1', createdAt: new Date() });
    for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });

    const attempts = [
      () => store.addSubscription({ channelId: 'C1', query: 'tag:eks', createdBy: 'U1', createdAt: new Date() }),
      () => store.markSeen(['a'], new Date()),
      () => store.acquireLock('digest', 'host:1', { now: new Date(), ttlMs: 1000 }),
    ];
    for (const write of attempts) {
      const error = await write().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect(error).toMatchObject({ code: 'store_file_gone', path });
      expect((error as StoreError).message).toContain(`"${path}" was deleted while the bot was running`);
    }
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path, happened: 'was deleted' });
    expect(existsSync(path)).toBe(false);
  });

  it('refuses writes when another file was moved into its place', async () => {
    const path = join(dir, 'bot.db');
    const store = await open(path);
    const other = await openSqliteStore(join(dir, 'other.db'));
    await other.close();
    rmSync(path);
    const { renameSync } = await import('node:fs');
    renameSync(join(dir, 'other.db'), path);
    const error = await store.pauseSubscription('abcde', 'x', new Date()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'store_file_gone' });
    expect((error as StoreError).message).toContain('was replaced by another file');
  });

  it('goes on writing while the file is the one it opened', async () => {
    const store = await open(join(dir, 'bot.db'));
    expect(await store.markSeen(['a', 'b'], new Date())).toBe(2);
  });
});
