/**
 * The PostgreSQL store when the connection goes away while it is in use: the server restarting or
 * stopped (a private server of our own, so the shared cluster and the test files running beside
 * this one are never disturbed), and connections dropped silently on the way (a proxy that cuts
 * them, as a failover or a NAT timeout does).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres-store.js';
import { CutProxy } from './cut-proxy.js';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';

const unavailable = privatePostgresUnavailable();
if (unavailable) {
  if (process.env.CI) throw new Error(`PostgreSQL connection-loss tests cannot run: ${unavailable}, and CI is set.`);
  console.warn(`\n!!! PostgreSQL connection-loss tests SKIPPED: ${unavailable}.\n`);
}

/** Trust auth ignores it; here to prove it never reaches a message or a log line. */
const PASSWORD = 'hunter2-never-printed';

describe.skipIf(unavailable !== undefined)('PostgreSQL store when connections are lost', () => {
  let server: PrivatePostgres;
  let proxy: CutProxy;
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const stores: PostgresStore[] = [];
  const open = async (port: number) => {
    const store = await openPostgresStore({ url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`, logger, poolSize: 4 });
    stores.push(store);
    return store;
  };
  const logged = (msg: string) => lines.map((l) => JSON.parse(l) as { msg: string }).filter((l) => l.msg.startsWith(msg)).length;
  /** Check out several connections at once so the pool holds that many idle ones afterwards. */
  const warm = (store: PostgresStore) => Promise.all(Array.from({ length: 4 }, () => store.listSubscriptions()));
  const sub = (store: PostgresStore, query = 'tag:saas') => store.addSubscription({ channelId: 'C1', query, createdBy: 'U1', createdAt: new Date() });

  beforeAll(async () => {
    server = await startPrivatePostgres();
    proxy = await CutProxy.start(server.port);
  }, 60_000);
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    // Every test leaves the server running with an empty schema.
    await server.start().catch(() => undefined);
    const cleaner = await open(server.port);
    for (const s of await cleaner.listSubscriptions()) await cleaner.removeSubscription(s.id);
    await cleaner.close();
    stores.splice(0);
    lines.splice(0);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.destroy();
  });

  it('replaces silently dropped pooled connections: reads and writes go through, each applied once', async () => {
    const store = await open(proxy.port);
    await warm(store);
    proxy.cutAll();
    expect(await store.listSubscriptions()).toEqual([]);
    const added = await sub(store);
    expect(added.created).toBe(true);
    expect(await store.markSeen(['a', 'b'], new Date())).toBe(2);
    expect((await store.listSubscriptions()).map((s) => s.id)).toEqual([added.subscription.id]);
    expect(logged('store: PostgreSQL connection lost; retrying once')).toBeGreaterThanOrEqual(3);
  });

  it('does not retry a write whose COMMIT may have been applied: it fails as store_unavailable, and was not applied', async () => {
    const store = await open(proxy.port);
    proxy.cutWhen((chunk) => chunk.includes('COMMIT'));
    const error = await sub(store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe('store_unavailable');
    expect((error as StoreError).message).toMatch(/could not add a subscription: PostgreSQL at 127\.0\.0\.1:\d+, database "postgres" is unreachable .*try again shortly/);
    // The server never got the COMMIT, so it rolled back: trying again (as the user is told) creates it.
    expect(await store.listSubscriptions()).toEqual([]);
    expect((await sub(store)).created).toBe(true);
  });

  it('retries an idempotent write cut at COMMIT, and it is recorded once', async () => {
    const store = await open(proxy.port);
    const { subscription } = await sub(store);
    proxy.cutWhen((chunk) => chunk.includes('COMMIT'));
    await store.recordDelivery({ subscriptionId: subscription.id, articleIds: ['a', 'b'], channelId: 'C1', messageTs: '1.1', deliveredAt: new Date() });
    expect((await store.listDeliveries()).map((d) => d.articleId)).toEqual(['a', 'b']);
    expect(logged('store: PostgreSQL connection lost; retrying once')).toBe(1);
  });

  it('survives the server restarting: the closed idle connections are dropped, no crash, and the next calls work', async () => {
    const store = await open(server.port);
    await warm(store);
    await server.restart();
    expect(logged('store: an idle PostgreSQL connection was closed')).toBeGreaterThanOrEqual(1);
    expect((await sub(store)).created).toBe(true);
    expect(await store.listSubscriptions()).toHaveLength(1);
  });

  it('while the server is down, calls fail as store_unavailable saying to try again; once it is back they work', async () => {
    const store = await open(server.port);
    const { subscription } = await sub(store);
    await server.stop();
    for (const call of [() => store.listSubscriptions(), () => sub(store, 'tag:other'), () => store.acquireLock('digest', 'me', { now: new Date(), ttlMs: 1000 })]) {
      const error = (await call().catch((e: unknown) => e)) as StoreError;
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('store_unavailable');
      expect(error.message).toMatch(/is unreachable .*try again shortly/);
    }
    await server.start();
    expect((await store.listSubscriptions()).map((s) => s.id)).toEqual([subscription.id]);
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });
});
