/**
 * The behaviour every Store implementation must have, run against each of them
 * (sqlite-store-contract.test.ts, postgres-store.test.ts). A test here never looks behind the
 * store's back except through `countRows`; implementation details (files, schemas, migrations,
 * connection failures) are tested next to each implementation.
 *
 * "Two processes" are two stores opened on the same database: two connections for SQLite, two
 * pools for PostgreSQL, as two replicas would have.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors.js';
import { EVENT_CLAIM_TTL_MS, type Store } from '../../src/store/types.js';

export interface ContractDatabase {
  /** Open a store on this database; may be called more than once (another process on the same data). */
  open(): Promise<Store>;
  /** Rows in one of the store's tables, read behind its back. */
  countRows(table: string): Promise<number>;
  /** Remove the database (after every store on it was closed). */
  drop(): Promise<void>;
}

/** `fresh` gives a new, empty database for each test. */
export function describeStoreContract(name: string, fresh: () => Promise<ContractDatabase>): void {
  describe(`Store contract: ${name}`, () => {
    const opened: Store[] = [];
    const databases: ContractDatabase[] = [];
    const at = (iso: string) => new Date(iso);

    /** A fresh database and `count` stores open on it. */
    const setUp = async (count = 1): Promise<{ db: ContractDatabase; stores: Store[] }> => {
      const db = await fresh();
      databases.push(db);
      const stores: Store[] = [];
      for (let i = 0; i < count; i += 1) stores.push(await db.open());
      opened.push(...stores);
      return { db, stores };
    };
    const one = async () => (await setUp(1)).stores[0]!;
    const two = async () => (await setUp(2)).stores as [Store, Store];
    const sub = (store: Store, channelId = 'C1', query = '', createdAt = new Date()) => store.addSubscription({ channelId, query, createdBy: 'U1', createdAt });

    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      for (const db of databases.splice(0)) await db.drop();
    });

    describe('subscriptions', () => {
      it('hands out short typable ids, refuses duplicates per channel, lists oldest first', async () => {
        const store = await one();
        const a = await store.addSubscription({ channelId: 'C1', query: 'tag:saas', createdBy: 'U1', createdAt: at('2024-01-01T00:00:00Z') });
        const b = await store.addSubscription({ channelId: 'C1', query: 'author:golding', createdBy: 'U2', createdAt: at('2024-01-02T00:00:00Z') });
        const again = await store.addSubscription({ channelId: 'C1', query: 'tag:saas', createdBy: 'U3', createdAt: at('2024-01-03T00:00:00Z') });
        const otherChannel = await store.addSubscription({ channelId: 'C2', query: 'tag:saas', createdBy: 'U3', createdAt: at('2024-01-03T00:00:00Z') });
        expect(a.created).toBe(true);
        expect(a.subscription.id).toMatch(/^[a-z2-9]{5}$/);
        expect(again.created).toBe(false);
        expect(again.subscription.id).toBe(a.subscription.id);
        expect(again.subscription.createdBy).toBe('U1');
        expect(otherChannel.created).toBe(true);
        expect((await store.listSubscriptions({ channelId: 'C1' })).map((s) => s.id)).toEqual([a.subscription.id, b.subscription.id]);
        expect(await store.getSubscription(a.subscription.id.toUpperCase())).toMatchObject({ query: 'tag:saas', createdBy: 'U1', state: 'active' });
        expect(await store.getSubscription(` ${a.subscription.id} `)).toMatchObject({ id: a.subscription.id });
        expect(await store.getSubscription('zzzzz')).toBeUndefined();
      });

      it('keeps every field as given, times to the millisecond and text of any script', async () => {
        const store = await one();
        const createdAt = at('2024-02-29T23:59:59.123Z');
        const { subscription } = await store.addSubscription({ channelId: 'C9', query: 'tag:"größe" 日本語 🚀', createdBy: 'U7', createdAt });
        expect(subscription).toEqual({ id: subscription.id, channelId: 'C9', query: 'tag:"größe" 日本語 🚀', createdBy: 'U7', createdAt, state: 'active' });
        await store.pauseSubscription(subscription.id, 'the channel was archived', at('2024-03-01T00:00:00.007Z'));
        await store.markInviteRequested(subscription.id, at('2024-03-02T00:00:00.999Z'));
        expect(await store.getSubscription(subscription.id)).toEqual({
          ...subscription,
          state: 'paused',
          pausedReason: 'the channel was archived',
          pausedAt: at('2024-03-01T00:00:00.007Z'),
          inviteRequestedAt: at('2024-03-02T00:00:00.999Z'),
        });
      });

      it('filters by channel and by state', async () => {
        const store = await one();
        const { subscription: s1 } = await sub(store, 'C1', 'a', at('2024-01-01T00:00:00Z'));
        const { subscription: s2 } = await sub(store, 'C2', 'b', at('2024-01-02T00:00:00Z'));
        const { subscription: s3 } = await sub(store, 'C1', 'c', at('2024-01-03T00:00:00Z'));
        await store.pauseSubscription(s3.id, 'why', new Date());
        const ids = async (filter: Parameters<Store['listSubscriptions']>[0]) => (await store.listSubscriptions(filter)).map((s) => s.id);
        expect(await ids(undefined)).toEqual([s1.id, s2.id, s3.id]);
        expect(await ids({ channelId: 'C1' })).toEqual([s1.id, s3.id]);
        expect(await ids({ state: 'active' })).toEqual([s1.id, s2.id]);
        expect(await ids({ channelId: 'C1', state: 'paused' })).toEqual([s3.id]);
        expect(await ids({ channelId: 'C404' })).toEqual([]);
      });

      it('lists the subscriptions one user created, in any channel, oldest first (their App Home)', async () => {
        const store = await one();
        const mine = (channelId: string, query: string, createdBy: string, when: string) =>
          store.addSubscription({ channelId, query, createdBy, createdAt: at(when) });
        const { subscription: late } = await mine('C2', 'b', 'U7', '2024-02-01T00:00:00Z');
        await mine('C1', 'a', 'U8', '2024-01-15T00:00:00Z');
        const { subscription: early } = await mine('C1', 'c', 'U7', '2024-01-01T00:00:00Z');
        await store.pauseSubscription(late.id, 'the channel was archived', new Date());
        expect((await store.listSubscriptions({ createdBy: 'U7' })).map((s) => s.id)).toEqual([early.id, late.id]);
        expect((await store.listSubscriptions({ createdBy: 'U7', state: 'paused' })).map((s) => s.id)).toEqual([late.id]);
        expect(await store.listSubscriptions({ createdBy: 'U404' })).toEqual([]);
      });

      it('pauses with a reason, resumes, and removes one or all of a channel with their deliveries', async () => {
        const store = await one();
        const { subscription: s1 } = await sub(store, 'C1', '');
        const { subscription: s2 } = await sub(store, 'C1', 'tag:x');
        await store.pauseSubscription(s1.id, 'the channel was archived', at('2024-05-01T00:00:00Z'));
        expect(await store.getSubscription(s1.id)).toMatchObject({ state: 'paused', pausedReason: 'the channel was archived' });
        expect((await store.listSubscriptions({ state: 'active' })).map((s) => s.id)).toEqual([s2.id]);
        await store.resumeSubscription(s1.id);
        expect(await store.getSubscription(s1.id)).toMatchObject({ state: 'active' });
        expect((await store.getSubscription(s1.id))?.pausedReason).toBeUndefined();
        expect((await store.getSubscription(s1.id))?.pausedAt).toBeUndefined();

        await store.recordDelivery({ subscriptionId: s1.id, articleIds: ['a1', 'a2'], channelId: 'C1', messageTs: '1.1', deliveredAt: new Date() });
        expect(await store.removeSubscription(s1.id.toUpperCase())).toBe(true);
        expect(await store.removeSubscription(s1.id)).toBe(false);
        expect(await store.listDeliveries()).toEqual([]);
        expect((await store.removeChannelSubscriptions('C1')).map((s) => s.id)).toEqual([s2.id]);
        expect(await store.removeChannelSubscriptions('C1')).toEqual([]);
        expect(await store.listSubscriptions()).toEqual([]);
      });

      it('returns a channel’s removed subscriptions oldest first, leaving other channels alone', async () => {
        const store = await one();
        const { subscription: late } = await sub(store, 'C1', 'late', at('2024-01-03T00:00:00Z'));
        const { subscription: early } = await sub(store, 'C1', 'early', at('2024-01-01T00:00:00Z'));
        const { subscription: other } = await sub(store, 'C2', 'early', at('2024-01-02T00:00:00Z'));
        expect((await store.removeChannelSubscriptions('C1')).map((s) => s.query)).toEqual(['early', 'late']);
        expect((await store.listSubscriptions()).map((s) => s.id)).toEqual([other.id]);
        expect([late.id, early.id]).not.toContain(other.id);
      });

      it('two processes adding the same channel and query at once create it once', async () => {
        const [first, second] = await two();
        const attempts = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? first : second).addSubscription({ channelId: 'C1', query: 'tag:saas', createdBy: `U${i}`, createdAt: new Date() }));
        const results = await Promise.all(attempts);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.subscription.id)).size).toBe(1);
        expect(await first.listSubscriptions()).toHaveLength(1);
      });

      it('two processes adding different queries to one channel at once never pass its limit', async () => {
        const [first, second] = await two();
        const attempts = Array.from({ length: 12 }, (_, i) =>
          (i % 2 === 0 ? first : second).addSubscription({ channelId: 'C1', query: `q${i}`, createdBy: `U${i}`, createdAt: new Date() }, { maxPerChannel: 5 }),
        );
        const results = await Promise.all(attempts);
        expect(results.filter((r) => 'full' in r)).toHaveLength(7);
        expect(results.filter((r) => 'full' in r).every((r) => 'full' in r && r.count === 5)).toBe(true);
        expect(await first.listSubscriptions({ channelId: 'C1' })).toHaveLength(5);
        // The same query again is "already there", not "full"; another channel has its own room.
        const kept = (await first.listSubscriptions({ channelId: 'C1' }))[0]!;
        expect(await first.addSubscription({ channelId: 'C1', query: kept.query, createdBy: 'U9', createdAt: new Date() }, { maxPerChannel: 5 })).toEqual({ subscription: kept, created: false });
        expect(await second.addSubscription({ channelId: 'C2', query: 'q0', createdBy: 'U9', createdAt: new Date() }, { maxPerChannel: 5 })).toMatchObject({ created: true });
      });

      it('is still there after every store was closed and the database reopened', async () => {
        const { db, stores } = await setUp(1);
        const { subscription } = await sub(stores[0]!, 'C1', 'tag:saas', at('2024-01-01T00:00:00Z'));
        await stores[0]!.markSeen(['a'], at('2024-01-01T00:00:00Z'));
        await stores[0]!.close();
        const reopened = await db.open();
        opened.push(reopened);
        expect(await reopened.listSubscriptions()).toEqual([subscription]);
        expect(await reopened.countSeenArticles()).toBe(1);
      });

      it('refuses calls once closed, with a StoreError', async () => {
        const { db } = await setUp(0);
        const store = await db.open();
        await store.close();
        await expect(store.listSubscriptions()).rejects.toBeInstanceOf(StoreError);
        await store.close(); // closing twice is harmless
      });
    });

    describe('health', () => {
      it('answers a ping while open and says unreachable once closed, without throwing', async () => {
        const { db } = await setUp(0);
        const store = await db.open();
        expect(['sqlite', 'postgres']).toContain(store.kind);
        expect(await store.ping()).toBe(true);
        await store.close();
        expect(await store.ping()).toBe(false);
      });
    });

    describe('seen articles', () => {
      it('keeps the first-seen time and baseline flag of an article seen again', async () => {
        const store = await one();
        expect(await store.countSeenArticles()).toBe(0);
        expect(await store.markSeen(['a', 'b'], at('2024-01-01T00:00:00Z'), { baseline: true })).toBe(2);
        expect(await store.markSeen(['b', 'c'], at('2024-02-01T00:00:00Z'))).toBe(1);
        const seen = await store.seenArticles();
        expect(seen.get('b')).toEqual({ articleId: 'b', firstSeenAt: at('2024-01-01T00:00:00Z'), baseline: true });
        expect(seen.get('c')).toEqual({ articleId: 'c', firstSeenAt: at('2024-02-01T00:00:00Z'), baseline: false });
        expect(await store.countSeenArticles()).toBe(3);
      });

      it('counts nothing for an empty list, and an id repeated in one call once', async () => {
        const store = await one();
        expect(await store.markSeen([], new Date())).toBe(0);
        expect(await store.markSeen(['x', 'x', 'y'], new Date())).toBe(2);
        expect(await store.countSeenArticles()).toBe(2);
      });

      it('two processes marking overlapping articles at once count each new article once between them', async () => {
        const [first, second] = await two();
        const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `article-${from + i}`);
        const counts = await Promise.all([first.markSeen(ids(0, 600), new Date()), second.markSeen(ids(300, 900), new Date()), first.markSeen(ids(450, 1000), new Date())]);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
        expect(await second.countSeenArticles()).toBe(1000);
      });
    });

    describe('deliveries', () => {
      it('records a delivery of several articles at once and the last delivery time', async () => {
        const store = await one();
        const { subscription } = await sub(store);
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

      it('a delivery clears the invite request', async () => {
        const store = await one();
        const { subscription } = await sub(store);
        await store.markInviteRequested(subscription.id, at('2024-01-01T00:00:00Z'));
        expect((await store.getSubscription(subscription.id))?.inviteRequestedAt).toEqual(at('2024-01-01T00:00:00Z'));
        await store.recordDelivery({ subscriptionId: subscription.id, articleIds: ['a'], channelId: 'C1', messageTs: '1.1', deliveredAt: new Date() });
        expect((await store.getSubscription(subscription.id))?.inviteRequestedAt).toBeUndefined();
      });

      it('lists deliveries oldest first, by subscription or by channel', async () => {
        const store = await one();
        const { subscription: s1 } = await sub(store, 'C1');
        const { subscription: s2 } = await sub(store, 'C2');
        await store.recordDelivery({ subscriptionId: s2.id, articleIds: ['late'], channelId: 'C2', messageTs: '3.0', deliveredAt: at('2024-01-03T00:00:00Z') });
        await store.recordDelivery({ subscriptionId: s1.id, articleIds: ['z', 'y', 'x'], channelId: 'C1', messageTs: '1.0', deliveredAt: at('2024-01-01T00:00:00Z') });
        const all = await store.listDeliveries();
        expect(all.map((d) => d.articleId)).toEqual(['z', 'y', 'x', 'late']);
        expect(all[0]).toEqual({ subscriptionId: s1.id, articleId: 'z', channelId: 'C1', messageTs: '1.0', deliveredAt: at('2024-01-01T00:00:00Z') });
        expect((await store.listDeliveries({ subscriptionId: s2.id })).map((d) => d.articleId)).toEqual(['late']);
        expect((await store.listDeliveries({ channelId: 'C1' })).map((d) => d.articleId)).toEqual(['z', 'y', 'x']);
        expect(await store.listDeliveries({ subscriptionId: s1.id, channelId: 'C2' })).toEqual([]);
      });

      it('refuses a delivery for a subscription that no longer exists, recording none of it', async () => {
        const store = await one();
        const { subscription } = await sub(store);
        await store.removeSubscription(subscription.id);
        const error = await store
          .recordDelivery({ subscriptionId: subscription.id, articleIds: ['a', 'b'], channelId: 'C1', messageTs: '1.1', deliveredAt: new Date() })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoreError);
        expect((error as StoreError).code).toBe('store_unavailable');
        expect(await store.listDeliveries()).toEqual([]);
      });
    });

    describe('delivery attempts', () => {
      const attempt = (subscriptionId: string, key: string, startedAt = at('2024-03-04T09:00:00.250Z')) => ({ key, subscriptionId, channelId: 'C1', articleIds: ['b', 'a', 'c'], startedAt });

      it('keeps one open attempt per subscription, across processes, until it is recorded or abandoned', async () => {
        const [first, second] = await two();
        const { subscription } = await sub(first);
        expect(await first.openDeliveryAttempt(subscription.id)).toBeUndefined();
        expect(await first.beginDeliveryAttempt(attempt(subscription.id, 'k1'))).toBe(true);
        // Another runner cannot start a second attempt beside it.
        expect(await second.beginDeliveryAttempt(attempt(subscription.id, 'k2'))).toBe(false);
        expect(await second.openDeliveryAttempt(subscription.id)).toEqual(attempt(subscription.id, 'k1'));

        // Recording the delivery closes the attempt in the same transaction.
        await second.recordDelivery({ subscriptionId: subscription.id, articleIds: ['a', 'b'], channelId: 'C1', messageTs: '171.000001', deliveredAt: new Date(), attemptKey: 'k1' });
        expect(await first.openDeliveryAttempt(subscription.id)).toBeUndefined();
        expect(await first.deliveredArticleIds(subscription.id)).toEqual(new Set(['a', 'b']));

        expect(await first.beginDeliveryAttempt(attempt(subscription.id, 'k3'))).toBe(true);
        await first.abandonDeliveryAttempt('k3');
        await first.abandonDeliveryAttempt('k3'); // twice is harmless
        expect(await second.openDeliveryAttempt(subscription.id)).toBeUndefined();
      });

      it('lets several processes racing to begin one get it, and keeps attempts of other subscriptions apart', async () => {
        const [first, second] = await two();
        const { subscription: s1 } = await sub(first, 'C1', 'a');
        const { subscription: s2 } = await sub(first, 'C1', 'b');
        const begun = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? first : second).beginDeliveryAttempt(attempt(s1.id, `k${i}`))));
        expect(begun.filter(Boolean)).toHaveLength(1);
        expect(await first.beginDeliveryAttempt(attempt(s2.id, 'other'))).toBe(true);
        expect((await second.openDeliveryAttempt(s1.id))?.key).toBe(`k${begun.indexOf(true)}`);
      });

      it('survives a reopen (a crashed run leaves it for the next), and goes with its subscription', async () => {
        const { db, stores } = await setUp(1);
        const { subscription } = await sub(stores[0]!);
        await stores[0]!.beginDeliveryAttempt(attempt(subscription.id, 'k1'));
        await stores[0]!.close();
        const reopened = await db.open();
        opened.push(reopened);
        expect(await reopened.openDeliveryAttempt(subscription.id)).toEqual(attempt(subscription.id, 'k1'));
        await reopened.removeSubscription(subscription.id);
        expect(await reopened.openDeliveryAttempt(subscription.id)).toBeUndefined();
        expect(await db.countRows('delivery_attempts')).toBe(0);
      });
    });

    describe('event claims', () => {
      const LEASE = 5_000;
      const claim = (store: Store, eventId: string, claimant: string, now: Date, takeOverFrom?: string) =>
        store.claimEvent(eventId, { claimant, now, leaseMs: LEASE, ...(takeOverFrom ? { takeOverFrom } : {}) });

      it('answers an event once: the first claim wins, a retry of an answered event reaching any process loses', async () => {
        const [first, second] = await two();
        const t0 = at('2024-06-01T12:00:00Z');
        const later = (ms: number) => new Date(t0.getTime() + ms);
        expect(await claim(first, 'Ev01', 'a', t0)).toEqual({ outcome: 'claimed' });
        await first.markEventAnswered('Ev01', later(20));
        // Slack's retries: at once, after about a minute, after about five.
        expect(await claim(second, 'Ev01', 'b', later(21))).toEqual({ outcome: 'answered' });
        expect(await claim(first, 'Ev01', 'a', later(60_000))).toEqual({ outcome: 'answered' });
        expect(await claim(second, 'Ev01', 'b', later(5 * 60_000))).toEqual({ outcome: 'answered' });
        expect(await claim(second, 'Ev02', 'b', later(5 * 60_000))).toEqual({ outcome: 'claimed' });
      });

      it('keeps an unanswered claim its claimant\'s for the lease, then lets a retry take it over', async () => {
        const [first, second] = await two();
        const t0 = at('2024-06-01T12:00:00Z');
        const later = (ms: number) => new Date(t0.getTime() + ms);
        expect(await claim(first, 'Ev03', 'a', t0)).toEqual({ outcome: 'claimed' });
        expect(await claim(second, 'Ev03', 'b', later(LEASE - 1))).toEqual({ outcome: 'held', claimant: 'a', until: later(LEASE) });
        expect(await claim(second, 'Ev03', 'b', later(LEASE))).toEqual({ outcome: 'taken-over', from: 'a' });
        // Now b's, with a lease of its own: a (come back) must wait for it.
        expect(await claim(first, 'Ev03', 'a', later(LEASE + 1))).toEqual({ outcome: 'held', claimant: 'b', until: later(2 * LEASE) });
        await second.markEventAnswered('Ev03', later(LEASE + 2));
        expect(await claim(first, 'Ev03', 'a', later(3 * LEASE))).toEqual({ outcome: 'answered' });
      });

      it('lets a retry take over at once from a claimant known to be gone, and only that claimant', async () => {
        const [first, second] = await two();
        const t0 = at('2024-06-01T12:00:00Z');
        expect(await claim(first, 'Ev04', 'a', t0)).toEqual({ outcome: 'claimed' });
        expect(await claim(second, 'Ev04', 'b', new Date(t0.getTime() + 1), 'somebody-else')).toMatchObject({ outcome: 'held', claimant: 'a' });
        expect(await claim(second, 'Ev04', 'b', new Date(t0.getTime() + 2), 'a')).toEqual({ outcome: 'taken-over', from: 'a' });
        expect(await claim(first, 'Ev04', 'c', new Date(t0.getTime() + 3), 'a')).toMatchObject({ outcome: 'held', claimant: 'b' });
      });

      it('renews a claim for its claimant only, while unanswered, restarting its lease', async () => {
        const [first, second] = await two();
        const t0 = at('2024-06-01T12:00:00Z');
        const later = (ms: number) => new Date(t0.getTime() + ms);
        expect(await claim(first, 'Ev06', 'a', t0)).toEqual({ outcome: 'claimed' });
        expect(await second.renewEventClaim('Ev06', 'b', later(LEASE - 10))).toBe(false);
        expect(await first.renewEventClaim('Ev06', 'a', later(LEASE - 10))).toBe(true);
        expect(await claim(second, 'Ev06', 'b', later(LEASE))).toEqual({ outcome: 'held', claimant: 'a', until: later(2 * LEASE - 10) });
        expect(await claim(second, 'Ev06', 'b', later(2 * LEASE))).toEqual({ outcome: 'taken-over', from: 'a' });
        // a, late, learns it lost the event: it must not answer.
        expect(await first.renewEventClaim('Ev06', 'a', later(2 * LEASE + 1))).toBe(false);
        await second.markEventAnswered('Ev06', later(2 * LEASE + 2));
        expect(await second.renewEventClaim('Ev06', 'b', later(2 * LEASE + 3))).toBe(false);
      });

      it('says taken-over when a claimant meets its own unanswered claim (its answer may be out)', async () => {
        const store = await one();
        const t0 = at('2024-06-01T12:00:00Z');
        expect(await claim(store, 'Ev05', 'a', t0)).toEqual({ outcome: 'claimed' });
        expect(await claim(store, 'Ev05', 'a', new Date(t0.getTime() + 1))).toEqual({ outcome: 'taken-over', from: 'a' });
      });

      it('goes to exactly one of several processes claiming one event at once, and to one of several taking it over', async () => {
        const [first, second] = await two();
        const now = new Date();
        const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => claim(i % 2 ? first : second, 'Ev-race', `p${i}`, now)));
        expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1);
        const afterLease = new Date(now.getTime() + LEASE);
        const takeOvers = await Promise.all(Array.from({ length: 10 }, (_, i) => claim(i % 2 ? first : second, 'Ev-race', `q${i}`, afterLease)));
        expect(takeOvers.filter((c) => c.outcome === 'taken-over')).toHaveLength(1);
      });

      it('forgets a claim EVENT_CLAIM_TTL_MS later, pruning old claims as new ones come in', async () => {
        const { db, stores } = await setUp(1);
        const store = stores[0]!;
        const t0 = at('2024-06-01T12:00:00Z');
        const later = (ms: number) => new Date(t0.getTime() + ms);
        expect(await claim(store, 'Ev-old', 'a', t0)).toEqual({ outcome: 'claimed' });
        await store.markEventAnswered('Ev-old', t0);
        expect(await claim(store, 'Ev-old', 'b', later(EVENT_CLAIM_TTL_MS - 1))).toEqual({ outcome: 'answered' });
        expect(await db.countRows('event_claims')).toBe(1);
        expect(await claim(store, 'Ev-new', 'b', later(EVENT_CLAIM_TTL_MS + 1))).toEqual({ outcome: 'claimed' });
        expect(await db.countRows('event_claims')).toBe(1);
        expect(await claim(store, 'Ev-old', 'b', later(EVENT_CLAIM_TTL_MS + 2))).toEqual({ outcome: 'claimed' });
      });
    });

    describe('job lock', () => {
      it('lets one owner hold it across two processes until release or expiry', async () => {
        const [first, second] = await two();
        const now = at('2024-01-01T09:00:00Z');
        const later = (ms: number) => new Date(now.getTime() + ms);
        expect(await first.acquireLock('digest', 'host:1', { now, ttlMs: 60_000 })).toBe(true);
        expect(await second.acquireLock('digest', 'host:2', { now: later(1000), ttlMs: 60_000 })).toBe(false);
        expect(await second.lockHolder('digest')).toEqual({ name: 'digest', owner: 'host:1', acquiredAt: now, expiresAt: later(60_000) });
        // Re-entrant for its owner, and renewal pushes expiry out.
        expect(await first.acquireLock('digest', 'host:1', { now: later(2000), ttlMs: 60_000 })).toBe(true);
        expect(await first.renewLock('digest', 'host:1', { now: later(50_000), ttlMs: 60_000 })).toBe(true);
        expect((await second.lockHolder('digest'))?.expiresAt).toEqual(later(110_000));
        expect(await second.acquireLock('digest', 'host:2', { now: later(61_000), ttlMs: 60_000 })).toBe(false);
        // Expired: taken over, and the old owner can no longer renew.
        expect(await second.acquireLock('digest', 'host:2', { now: later(110_001), ttlMs: 60_000 })).toBe(true);
        expect(await first.renewLock('digest', 'host:1', { now: later(110_002), ttlMs: 60_000 })).toBe(false);
        // Release by a non-owner does nothing; by the owner frees it.
        await first.releaseLock('digest', 'host:2-not');
        await first.releaseLock('digest', 'host:1');
        expect(await first.lockHolder('digest')).toMatchObject({ owner: 'host:2' });
        await second.releaseLock('digest', 'host:2');
        expect(await first.lockHolder('digest')).toBeUndefined();
        expect(await first.renewLock('digest', 'host:2', { now: later(120_000), ttlMs: 60_000 })).toBe(false);
      });

      it('can be taken over from a named dead owner, but not from anyone else', async () => {
        const store = await one();
        const now = new Date();
        await store.acquireLock('digest', 'host:100', { now, ttlMs: 600_000 });
        expect(await store.acquireLock('digest', 'host:200', { now, ttlMs: 600_000, takeOverFrom: 'host:999' })).toBe(false);
        expect(await store.acquireLock('digest', 'host:200', { now, ttlMs: 600_000, takeOverFrom: 'host:100' })).toBe(true);
        expect(await store.lockHolder('digest')).toMatchObject({ owner: 'host:200' });
      });

      it('goes to exactly one of several processes racing for it, and locks of other names are separate', async () => {
        const [first, second] = await two();
        const now = new Date();
        const wins = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? first : second).acquireLock('digest', `host:${i}`, { now, ttlMs: 60_000 })));
        expect(wins.filter(Boolean)).toHaveLength(1);
        expect((await first.lockHolder('digest'))?.owner).toBe(`host:${wins.indexOf(true)}`);
        expect(await second.acquireLock('catalog-refresh', 'host:x', { now, ttlMs: 60_000 })).toBe(true);
      });
    });

    describe('article texts', () => {
      const t0 = new Date('2030-01-01T00:00:00Z');
      const later = (ms: number) => new Date(t0.getTime() + ms);

      it('keeps each page\'s text with its validators; lists states without text; texts only where there is text', async () => {
        const store = await one();
        const long = 'Paragraph one.\n\nParagraph two — with ünïcode and <html> & "quotes".'.repeat(2000);
        await store.saveArticleText({ url: 'https://a.example/1', outcome: 'fetched', at: t0, text: long, etag: '"e1"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' });
        await store.saveArticleText({ url: 'https://a.example/2', outcome: 'failed', at: t0, reason: 'timeout: no answer', nextAttemptAt: later(3_600_000) });
        expect(await store.articleTexts()).toEqual(new Map([['https://a.example/1', long]]));
        const states = await store.articleTextStates();
        expect(states.get('https://a.example/1')).toEqual({
          url: 'https://a.example/1',
          hasText: true,
          etag: '"e1"',
          lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT',
          fetchedAt: t0,
          outcome: 'fetched',
          failures: 0,
        });
        expect(states.get('https://a.example/2')).toEqual({
          url: 'https://a.example/2',
          hasText: false,
          fetchedAt: t0,
          outcome: 'failed',
          reason: 'timeout: no answer',
          failures: 1,
          nextAttemptAt: later(3_600_000),
        });
      });

      it('unchanged and failed keep the text; failures count up and reset on success; robots drops the text', async () => {
        const store = await one();
        const url = 'https://a.example/p';
        await store.saveArticleText({ url, outcome: 'fetched', at: t0, text: 'old text', etag: '"v1"' });
        await store.saveArticleText({ url, outcome: 'failed', at: later(1), reason: 'http_500: answered 500', nextAttemptAt: later(10) });
        await store.saveArticleText({ url, outcome: 'failed', at: later(2), reason: 'http_500: answered 500', nextAttemptAt: later(20) });
        expect((await store.articleTexts()).get(url)).toBe('old text');
        expect((await store.articleTextStates()).get(url)).toMatchObject({ outcome: 'failed', failures: 2, etag: '"v1"', hasText: true, nextAttemptAt: later(20) });
        await store.saveArticleText({ url, outcome: 'unchanged', at: later(3) });
        expect((await store.articleTextStates()).get(url)).toEqual({ url, hasText: true, etag: '"v1"', fetchedAt: later(3), outcome: 'unchanged', failures: 0 });
        await store.saveArticleText({ url, outcome: 'fetched', at: later(4), text: 'new text', etag: '"v2"' });
        expect((await store.articleTexts()).get(url)).toBe('new text');
        await store.saveArticleText({ url, outcome: 'robots', at: later(5), reason: 'robots: disallowed by robots.txt' });
        expect((await store.articleTexts()).has(url)).toBe(false);
        expect((await store.articleTextStates()).get(url)).toEqual({ url, hasText: false, fetchedAt: later(5), outcome: 'robots', reason: 'robots: disallowed by robots.txt', failures: 0 });
      });

      it('drops the pages of articles no longer in the catalog, and is shared by every process on the database', async () => {
        const [first, second] = await two();
        for (const n of [1, 2, 3]) await first.saveArticleText({ url: `https://a.example/${n}`, outcome: 'fetched', at: t0, text: `text ${n}` });
        expect(await second.articleTexts()).toEqual(new Map([1, 2, 3].map((n) => [`https://a.example/${n}`, `text ${n}`])));
        expect(await second.removeArticleTextsExcept(['https://a.example/2', 'https://other.example/'])).toBe(2);
        expect([...(await first.articleTexts()).keys()]).toEqual(['https://a.example/2']);
        expect(await first.removeArticleTextsExcept([])).toBe(1);
        expect((await first.articleTextStates()).size).toBe(0);
      });
    });
  });
}
