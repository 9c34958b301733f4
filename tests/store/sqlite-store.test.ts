import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

let dir: string;
const opened: Store[] = [];
const open = async (path = join(dir, 'state.db'), options = {}) => {
  const store = await openStore(path, options);
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

describe('openStore', () => {
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
    const error = await openStore(path).catch((e: unknown) => e);
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
    const error = await openStore(path).catch((e: unknown) => e);
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
    const error = await openStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(path);
  });

  it('says so when DATABASE_PATH is a folder', async () => {
    const error = await openStore(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/is a folder, not a database file/);
  });

  it('says so when the folder cannot be created (a file is in the way)', async () => {
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'x');
    const error = await openStore(join(blocker, 'bot.db')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/cannot create the folder/);
    expect((error as StoreError).message).toContain(blocker);
  });

  // Root can write anything, so the permission check can only be seen as another user.
  it.skipIf(process.getuid?.() === 0)('says so when the database file is not writable', async () => {
    const { chmodSync } = await import('node:fs');
    const path = join(dir, 'readonly.db');
    await (await openStore(path)).close();
    chmodSync(path, 0o444);
    const error = await openStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/is not writable/);
  });

  it('with mustExist, refuses a missing file instead of starting from nothing', async () => {
    const path = join(dir, 'missing.db');
    const error = await openStore(path, { mustExist: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toMatch(/no database at/);
    expect((error as StoreError).message).toMatch(/DATABASE_PATH/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('subscriptions', () => {
  it('hands out short typable ids, refuses duplicates per channel, lists oldest first', async () => {
    const store = await open();
    const a = await store.addSubscription({ channelId: 'C1', query: 'tag:saas', createdBy: 'U1', createdAt: at('2024-01-01T00:00:00Z') });
    const b = await store.addSubscription({ channelId: 'C1', query: 'author:golding', createdBy: 'U2', createdAt: at('2024-01-02T00:00:00Z') });
    const again = await store.addSubscription({ channelId: 'C1', query: 'tag:saas', createdBy: 'U3', createdAt: at('2024-01-03T00:00:00Z') });
    const otherChannel = await store.addSubscription({ channelId: 'C2', query: 'tag:saas', createdBy: 'U3', createdAt: at('2024-01-03T00:00:00Z') });
    expect(a.created).toBe(true);
    expect(a.subscription.id).toMatch(/^[a-z2-9]{5}$/);
    expect(again.created).toBe(false);
    expect(again.subscription.id).toBe(a.subscription.id);
    expect(otherChannel.created).toBe(true);
    expect((await store.listSubscriptions({ channelId: 'C1' })).map((s) => s.id)).toEqual([a.subscription.id, b.subscription.id]);
    expect(await store.getSubscription(a.subscription.id.toUpperCase())).toMatchObject({ query: 'tag:saas', createdBy: 'U1', state: 'active' });
  });

  it('pauses with a reason, resumes, and removes one or all of a channel with their deliveries', async () => {
    const store = await open();
    const { subscription: s1 } = await store.addSubscription({ channelId: 'C1', query: '', createdBy: 'U1', createdAt: new Date() });
    const { subscription: s2 } = await store.addSubscription({ channelId: 'C1', query: 'tag:x', createdBy: 'U1', createdAt: new Date() });
    await store.pauseSubscription(s1.id, 'the channel was archived', at('2024-05-01T00:00:00Z'));
    expect(await store.getSubscription(s1.id)).toMatchObject({ state: 'paused', pausedReason: 'the channel was archived' });
    expect((await store.listSubscriptions({ state: 'active' })).map((s) => s.id)).toEqual([s2.id]);
    await store.resumeSubscription(s1.id);
    expect((await store.getSubscription(s1.id))?.pausedReason).toBeUndefined();

    await store.recordDelivery({ subscriptionId: s1.id, articleIds: ['a1', 'a2'], channelId: 'C1', messageTs: '1.1', deliveredAt: new Date() });
    expect(await store.removeSubscription(s1.id)).toBe(true);
    expect(await store.removeSubscription(s1.id)).toBe(false);
    expect(await store.listDeliveries()).toEqual([]);
    expect((await store.removeChannelSubscriptions('C1')).map((s) => s.id)).toEqual([s2.id]);
    expect(await store.listSubscriptions()).toEqual([]);
  });
});

describe('seen articles and deliveries', () => {
  it('keeps the first-seen time and baseline flag of an article seen again', async () => {
    const store = await open();
    expect(await store.countSeenArticles()).toBe(0);
    expect(await store.markSeen(['a', 'b'], at('2024-01-01T00:00:00Z'), { baseline: true })).toBe(2);
    expect(await store.markSeen(['b', 'c'], at('2024-02-01T00:00:00Z'))).toBe(1);
    const seen = await store.seenArticles();
    expect(seen.get('b')).toEqual({ articleId: 'b', firstSeenAt: at('2024-01-01T00:00:00Z'), baseline: true });
    expect(seen.get('c')).toEqual({ articleId: 'c', firstSeenAt: at('2024-02-01T00:00:00Z'), baseline: false });
    expect(await store.countSeenArticles()).toBe(3);
  });

  it('records a delivery of several articles at once and the last delivery time', async () => {
    const store = await open();
    const { subscription } = await store.addSubscription({ channelId: 'C1', query: '', createdBy: 'U1', createdAt: new Date() });
    const when = at('2024-03-04T09:00:00Z');
    await store.recordDelivery({ subscriptionId: subscription.id, articleIds: ['a', 'b'], channelId: 'C1', messageTs: '171.000001', deliveredAt: when });
    // Recording the same pair again (a retry after a crash) changes nothing.
    await store.recordDelivery({ subscriptionId: subscription.id, articleIds: ['b'], channelId: 'C1', messageTs: '171.000009', deliveredAt: when });
    expect(await store.deliveredArticleIds(subscription.id)).toEqual(new Set(['a', 'b']));
    expect((await store.listDeliveries()).map((d) => [d.articleId, d.messageTs])).toEqual([
      ['a', '171.000001'],
      ['b', '171.000001'],
    ]);
    expect((await store.getSubscription(subscription.id))?.lastDeliveredAt).toEqual(when);
  });
});

describe('job lock', () => {
  it('lets one owner hold it across two connections to the same file until release or expiry', async () => {
    const path = join(dir, 'shared.db');
    const one = await open(path);
    const two = await open(path);
    const now = at('2024-01-01T09:00:00Z');
    const later = (ms: number) => new Date(now.getTime() + ms);
    expect(await one.acquireLock('digest', 'host:1', { now, ttlMs: 60_000 })).toBe(true);
    expect(await two.acquireLock('digest', 'host:2', { now: later(1000), ttlMs: 60_000 })).toBe(false);
    expect(await two.lockHolder('digest')).toMatchObject({ owner: 'host:1' });
    // Re-entrant for its owner, and renewal pushes expiry out.
    expect(await one.acquireLock('digest', 'host:1', { now: later(2000), ttlMs: 60_000 })).toBe(true);
    expect(await one.renewLock('digest', 'host:1', { now: later(50_000), ttlMs: 60_000 })).toBe(true);
    expect(await two.acquireLock('digest', 'host:2', { now: later(61_000), ttlMs: 60_000 })).toBe(false);
    // Expired: taken over, and the old owner can no longer renew.
    expect(await two.acquireLock('digest', 'host:2', { now: later(110_001), ttlMs: 60_000 })).toBe(true);
    expect(await one.renewLock('digest', 'host:1', { now: later(110_002), ttlMs: 60_000 })).toBe(false);
    // Release by a non-owner does nothing; by the owner frees it.
    await one.releaseLock('digest', 'host:2-not');
    await one.releaseLock('digest', 'host:1');
    expect(await one.lockHolder('digest')).toMatchObject({ owner: 'host:2' });
    await two.releaseLock('digest', 'host:2');
    expect(await one.lockHolder('digest')).toBeUndefined();
  });

  it('can be taken over from a named dead owner, but not from anyone else', async () => {
    const store = await open();
    const now = new Date();
    await store.acquireLock('digest', 'host:100', { now, ttlMs: 600_000 });
    expect(await store.acquireLock('digest', 'host:200', { now, ttlMs: 600_000, takeOverFrom: 'host:999' })).toBe(false);
    expect(await store.acquireLock('digest', 'host:200', { now, ttlMs: 600_000, takeOverFrom: 'host:100' })).toBe(true);
  });
});

describe('delivery attempts', () => {
  const attempt = (subscriptionId: string, key: string, startedAt = at('2024-03-04T09:00:00Z')) => ({ key, subscriptionId, channelId: 'C1', articleIds: ['a', 'b'], startedAt });

  it('keeps one open attempt per subscription, across connections, until it is recorded or abandoned', async () => {
    const path = join(dir, 'shared.db');
    const one = await open(path);
    const two = await open(path);
    const { subscription } = await one.addSubscription({ channelId: 'C1', query: '', createdBy: 'U1', createdAt: new Date() });
    expect(await one.openDeliveryAttempt(subscription.id)).toBeUndefined();
    expect(await one.beginDeliveryAttempt(attempt(subscription.id, 'k1'))).toBe(true);
    // Another runner on the same file cannot start a second attempt beside it.
    expect(await two.beginDeliveryAttempt(attempt(subscription.id, 'k2'))).toBe(false);
    expect(await two.openDeliveryAttempt(subscription.id)).toEqual(attempt(subscription.id, 'k1'));

    // Recording the delivery closes the attempt in the same transaction.
    await two.recordDelivery({ subscriptionId: subscription.id, articleIds: ['a', 'b'], channelId: 'C1', messageTs: '171.000001', deliveredAt: new Date(), attemptKey: 'k1' });
    expect(await one.openDeliveryAttempt(subscription.id)).toBeUndefined();
    expect(await one.deliveredArticleIds(subscription.id)).toEqual(new Set(['a', 'b']));

    expect(await one.beginDeliveryAttempt(attempt(subscription.id, 'k3'))).toBe(true);
    await one.abandonDeliveryAttempt('k3');
    expect(await two.openDeliveryAttempt(subscription.id)).toBeUndefined();
  });

  it('survives a reopen (a crashed run leaves it for the next), and goes with its subscription', async () => {
    const path = join(dir, 'bot.db');
    const first = await open(path);
    const { subscription } = await first.addSubscription({ channelId: 'C1', query: '', createdBy: 'U1', createdAt: new Date() });
    await first.beginDeliveryAttempt(attempt(subscription.id, 'k1'));
    await first.close();
    const second = await open(path);
    expect(await second.openDeliveryAttempt(subscription.id)).toMatchObject({ key: 'k1', articleIds: ['a', 'b'] });
    await second.removeSubscription(subscription.id);
    expect(await second.openDeliveryAttempt(subscription.id)).toBeUndefined();
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
    const other = await openStore(join(dir, 'other.db'));
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
