/**
 * The PostgreSQL implementation of `Store` (node-postgres, one connection pool per process), for
 * several replicas sharing one database. Selected by DATABASE_URL (`open-store.ts`).
 *
 * - Migrations (`postgres-migrations.ts`) run at open, each in its own transaction, all under an
 *   advisory lock: replicas starting together wait for each other and the schema is migrated once.
 * - Nothing relies on a single writer. The rules that must hold across replicas are unique keys
 *   used by single atomic statements (`ON CONFLICT`): one subscription per channel and query, one
 *   lock holder, one claimer per Slack event; a delivery's rows are one transaction.
 * - A dropped connection (server restart, failover, network cut) is retried once on a fresh
 *   connection when that cannot apply a write twice: reads and idempotent writes always; other
 *   writes run in an explicit transaction and are retried only if the connection was lost before
 *   COMMIT was sent (so nothing was applied). Otherwise, and when the server stays unreachable, the
 *   call fails with a StoreError (`store_unavailable`) saying to try again shortly.
 */
import pg from 'pg';
import { StoreError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { describeFailure, explainConnectFailure, explainUseFailure, isConnectionFailure, where } from './postgres-errors.js';
import { POSTGRES_LATEST_SCHEMA_VERSION, POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { describePostgresUrl, type PostgresTarget } from './postgres-url.js';
import { newSubscriptionId } from './subscription-id.js';
import type {
  AcquireLockOptions,
  AddSubscriptionResult,
  ArticleTextState,
  ArticleTextUpdate,
  ChannelFull,
  Delivery,
  DeliveryAttempt,
  DeliveryRecord,
  LockHolder,
  NewSubscription,
  SeenArticle,
  Store,
  Subscription,
  SubscriptionFilter,
  SubscriptionState,
} from './types.js';
import { EVENT_CLAIM_TTL_MS, type EventClaim, type EventClaimOptions } from './types.js';
import { decideEventClaim } from './event-claim.js';
import { ARTICLE_TEXT_UPSERT, articleTextParams, toArticleTextState, type ArticleTextStateColumns } from './article-text-sql.js';

export const POSTGRES_DEFAULTS = {
  /** Connections per process; each replica has its own pool. */
  poolSize: 10,
  /** Give up opening a connection (or waiting for a free one) after this long. */
  connectTimeoutMs: 5000,
} as const;

/**
 * Key of the advisory lock held while migrating (`pg_advisory_lock(bigint)`): any fixed
 * number no other application on the database uses; this one spells "catbot" in ASCII.
 */
export const MIGRATION_LOCK_KEY = 0x636174626f74;

export interface OpenPostgresStoreOptions {
  /** `postgres://user:password@host:port/database` (query parameters such as `sslmode` are honoured). */
  url: string;
  /** Default `POSTGRES_DEFAULTS.poolSize`. */
  poolSize?: number;
  /** Default `POSTGRES_DEFAULTS.connectTimeoutMs`. */
  connectTimeoutMs?: number;
  /** Default: silent. */
  logger?: Logger;
  /**
   * Refuse a database catalog-bot has never written to (one-off commands such as `digest --now`,
   * where a wrong DATABASE_URL would otherwise silently start from nothing). Default false.
   */
  mustExist?: boolean;
}

interface SubscriptionRow {
  id: string;
  channel_id: string;
  query: string;
  created_by: string;
  created_at: Date;
  state: SubscriptionState;
  paused_reason: string | null;
  paused_at: Date | null;
  last_delivered_at: Date | null;
  invite_requested_at: Date | null;
}

const toSubscription = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  channelId: row.channel_id,
  query: row.query,
  createdBy: row.created_by,
  createdAt: row.created_at,
  state: row.state,
  ...(row.paused_reason !== null ? { pausedReason: row.paused_reason } : {}),
  ...(row.paused_at !== null ? { pausedAt: row.paused_at } : {}),
  ...(row.last_delivered_at !== null ? { lastDeliveredAt: row.last_delivered_at } : {}),
  ...(row.invite_requested_at !== null ? { inviteRequestedAt: row.invite_requested_at } : {}),
});

/**
 * When a call may run again after its connection dropped: `always` (reads, idempotent writes) or
 * `unless-committing` (a transaction that may have been applied if COMMIT was already sent).
 */
type RetryRule = 'always' | 'unless-committing';

/** `ping()` gives up after this long: a health check answers in about a second, whatever the network does. */
export const PING_TIMEOUT_MS = 1_000;

/** A connection lent to one call, and how to give it back (`failed`: close it rather than reuse it). */
interface Lease {
  client: pg.ClientBase;
  done(failed: boolean): void;
}

const ignore = () => undefined;

interface Attempt {
  /** Set just before COMMIT is sent: from then on, a lost connection leaves the outcome unknown. */
  committing: boolean;
}

type Queryable = Pick<pg.ClientBase, 'query'>;

export async function openPostgresStore(options: OpenPostgresStoreOptions): Promise<PostgresStore> {
  return PostgresStore.open(options);
}

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly location: string;
  private readonly target: PostgresTarget;
  private readonly clientConfig: pg.ClientConfig;
  private readonly pool: pg.Pool;
  private readonly logger: Logger;
  private closed = false;

  private constructor(target: PostgresTarget, clientConfig: pg.ClientConfig, pool: pg.Pool, logger: Logger) {
    this.location = target.location;
    this.target = target;
    this.clientConfig = clientConfig;
    this.pool = pool;
    this.logger = logger;
  }

  static async open(options: OpenPostgresStoreOptions): Promise<PostgresStore> {
    const logger = options.logger ?? silentLogger;
    const target = describePostgresUrl(options.url);
    const clientConfig: pg.ClientConfig = {
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? POSTGRES_DEFAULTS.connectTimeoutMs,
      // Notice a peer that vanished without closing (a failover, a NAT timeout) instead of waiting forever.
      keepAlive: true,
      application_name: 'catalog-bot',
    };
    const pool = new pg.Pool({ ...clientConfig, max: options.poolSize ?? POSTGRES_DEFAULTS.poolSize });
    // An idle pooled connection that the server closes (restart, failover) is reported here; the
    // pool has already dropped it. Without a listener Node would treat it as a crash.
    pool.on('error', (error) => {
      logger.warn('store: an idle PostgreSQL connection was closed; the next call opens a new one', { location: target.location, error: describeFailure(error) });
    });

    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw explainConnectFailure(target, error);
    }
    try {
      const applied = await migrate(client, target, options.mustExist ?? false);
      if (applied.length > 0) logger.info('store migrated', { location: target.location, from: applied[0]! - 1, to: applied[applied.length - 1] });
      client.release();
    } catch (error) {
      client.release(true);
      await pool.end().catch(() => undefined);
      throw explainUseFailure(target, 'migrate the schema', error);
    }
    logger.debug('store opened', { location: target.location, schemaVersion: POSTGRES_LATEST_SCHEMA_VERSION });
    return new PostgresStore(target, clientConfig, pool, logger);
  }

  /**
   * Run `work` on one pooled connection. If the connection turns out to be gone, once more when
   * `retry` allows, on a connection opened for the purpose: the pool's other idle connections are
   * as old as the one that failed and may be just as dead. Every failure comes out as a StoreError.
   */
  private async withClient<T>(what: string, retry: RetryRule, work: (client: pg.ClientBase, attempt: Attempt) => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreError(this.location, `Store: could not ${what}: the store was closed.`);
    for (let round = 1; ; round += 1) {
      const attempt: Attempt = { committing: false };
      let lease: Lease;
      try {
        lease = round === 1 ? await this.pooledConnection() : await this.freshConnection();
      } catch (error) {
        // No connection at all: nothing was sent, but an immediate second try would meet the same server.
        throw explainUseFailure(this.target, what, error);
      }
      try {
        const result = await work(lease.client, attempt);
        lease.done(false);
        return result;
      } catch (error) {
        // Never hand a connection that failed back to the pool: it may be broken or mid-transaction.
        lease.done(true);
        const lost = isConnectionFailure(error);
        if (lost && round === 1 && (retry === 'always' || !attempt.committing)) {
          this.logger.warn('store: PostgreSQL connection lost; retrying once on a fresh connection', { location: this.location, what, error: describeFailure(error) });
          continue;
        }
        throw explainUseFailure(this.target, what, error);
      }
    }
  }

  private async pooledConnection(): Promise<Lease> {
    const client = await this.pool.connect();
    // While checked out, a connection dropping between statements is an 'error' event; without a
    // listener it would crash the process. The next statement on it fails and is handled above.
    client.on('error', ignore);
    return {
      client,
      done: (failed) => {
        client.removeListener('error', ignore);
        client.release(failed);
      },
    };
  }

  private async freshConnection(): Promise<Lease> {
    const client = new pg.Client(this.clientConfig);
    client.on('error', ignore);
    await client.connect();
    return { client, done: () => void client.end().catch(ignore) };
  }

  /**
   * `SELECT 1` on a pooled connection, without the lost-connection retry, bounded by
   * PING_TIMEOUT_MS: an unreachable server must not hold a health check for the TCP timeout.
   */
  async ping(): Promise<boolean> {
    if (this.closed) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.withClient('check the database', 'always', (client) => client.query('SELECT 1')), timeout]);
      return true;
    } catch (error) {
      this.logger.debug('store ping failed', { location: this.location, error: errorMessage(error) });
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** One statement, retried after a lost connection: for reads and idempotent writes only. */
  private async query<R extends pg.QueryResultRow>(what: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.withClient(what, 'always', (client) => client.query<R>(sql, params));
  }

  /** BEGIN … COMMIT on one connection, retried after a lost connection as `retry` allows. */
  private async transaction<T>(what: string, retry: RetryRule, body: (client: Queryable) => Promise<T>): Promise<T> {
    return this.withClient(what, retry, async (client, attempt) => {
      await client.query('BEGIN');
      const result = await body(client);
      attempt.committing = true;
      await client.query('COMMIT');
      return result;
    });
  }

  addSubscription(input: NewSubscription): Promise<AddSubscriptionResult>;
  addSubscription(input: NewSubscription, limit: { maxPerChannel: number }): Promise<AddSubscriptionResult | ChannelFull>;
  addSubscription(input: NewSubscription, limit?: { maxPerChannel: number }): Promise<AddSubscriptionResult | ChannelFull> {
    // Not idempotent (a second run would answer "already subscribed"): retried only if not applied.
    return this.transaction('add a subscription', 'unless-committing', async (client): Promise<AddSubscriptionResult | ChannelFull> => {
      if (limit) {
        // One subscribe per channel at a time (until commit), so two replicas cannot both pass the count.
        await client.query("SELECT pg_advisory_xact_lock(hashtext('catalog-bot:subscriptions:' || $1))", [input.channelId]);
        const same = await client.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE channel_id = $1 AND query = $2', [input.channelId, input.query]);
        if (same.rows[0]) return { subscription: toSubscription(same.rows[0]), created: false };
        const counted = await client.query<{ count: string }>('SELECT count(*) AS count FROM subscriptions WHERE channel_id = $1', [input.channelId]);
        const count = Number(counted.rows[0]?.count ?? 0);
        if (count >= limit.maxPerChannel) return { full: true, count };
      }
      for (let round = 0; ; round += 1) {
        // 31^5 ≈ 28.6 M ids; collisions are rare, so a few retries and then a longer id.
        const id = newSubscriptionId(round < 5 ? 5 : 7);
        // ON CONFLICT without a target: a taken id and an existing (channel, query) both insert nothing.
        const inserted = await client.query<SubscriptionRow>(
          `INSERT INTO subscriptions (id, channel_id, query, created_by, created_at, state) VALUES ($1, $2, $3, $4, $5, 'active')
           ON CONFLICT DO NOTHING RETURNING *`,
          [id, input.channelId, input.query, input.createdBy, input.createdAt],
        );
        if (inserted.rows[0]) return { subscription: toSubscription(inserted.rows[0]), created: true };
        // Another replica may have just added the same one: its committed row is visible to this statement.
        const existing = await client.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE channel_id = $1 AND query = $2', [input.channelId, input.query]);
        if (existing.rows[0]) return { subscription: toSubscription(existing.rows[0]), created: false };
      }
    });
  }

  async getSubscription(id: string): Promise<Subscription | undefined> {
    const { rows } = await this.query<SubscriptionRow>('read a subscription', 'SELECT * FROM subscriptions WHERE id = $1', [id.trim().toLowerCase()]);
    return rows[0] ? toSubscription(rows[0]) : undefined;
  }

  async listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
    const { rows } = await this.query<SubscriptionRow>(
      'list subscriptions',
      'SELECT * FROM subscriptions WHERE ($1::text IS NULL OR channel_id = $1) AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR created_by = $3) ORDER BY created_at, id',
      [filter.channelId ?? null, filter.state ?? null, filter.createdBy ?? null],
    );
    return rows.map(toSubscription);
  }

  removeSubscription(id: string): Promise<boolean> {
    // Not idempotent in its answer (a second run says "no such id"): retried only if not applied.
    return this.transaction('remove a subscription', 'unless-committing', async (client) => {
      const result = await client.query('DELETE FROM subscriptions WHERE id = $1', [id.trim().toLowerCase()]);
      return (result.rowCount ?? 0) > 0;
    });
  }

  removeChannelSubscriptions(channelId: string): Promise<Subscription[]> {
    return this.transaction('remove subscriptions', 'unless-committing', async (client) => {
      const { rows } = await client.query<SubscriptionRow>(
        'WITH removed AS (DELETE FROM subscriptions WHERE channel_id = $1 RETURNING *) SELECT * FROM removed ORDER BY created_at, id',
        [channelId],
      );
      return rows.map(toSubscription);
    });
  }

  async pauseSubscription(id: string, reason: string, at: Date): Promise<void> {
    await this.query('pause a subscription', "UPDATE subscriptions SET state = 'paused', paused_reason = $2, paused_at = $3 WHERE id = $1", [id, reason, at]);
  }

  async resumeSubscription(id: string): Promise<void> {
    await this.query('resume a subscription', "UPDATE subscriptions SET state = 'active', paused_reason = NULL, paused_at = NULL WHERE id = $1", [id]);
  }

  async markInviteRequested(id: string, at: Date): Promise<void> {
    await this.query('note an invite request', 'UPDATE subscriptions SET invite_requested_at = $2 WHERE id = $1', [id, at]);
  }

  async countSeenArticles(): Promise<number> {
    const { rows } = await this.query<{ n: number }>('count seen articles', 'SELECT COUNT(*)::int AS n FROM seen_articles');
    return rows[0]!.n;
  }

  async seenArticles(): Promise<Map<string, SeenArticle>> {
    const { rows } = await this.query<{ article_id: string; first_seen_at: Date; baseline: boolean }>(
      'read seen articles',
      'SELECT article_id, first_seen_at, baseline FROM seen_articles',
    );
    return new Map(rows.map((r) => [r.article_id, { articleId: r.article_id, firstSeenAt: r.first_seen_at, baseline: r.baseline }]));
  }

  markSeen(articleIds: readonly string[], at: Date, options: { baseline?: boolean } = {}): Promise<number> {
    if (articleIds.length === 0) return Promise.resolve(0);
    // One statement: two replicas marking overlapping ids count each new id once between them.
    // Sorted, so that both take the rows' locks in the same order (in any other order, two such
    // inserts can deadlock). Its count is not idempotent (a second run finds none new): retried
    // only if not applied.
    return this.transaction('record seen articles', 'unless-committing', async (client) => {
      const result = await client.query(
        `INSERT INTO seen_articles (article_id, first_seen_at, baseline)
         SELECT DISTINCT id, $2::timestamptz, $3::boolean FROM unnest($1::text[]) AS ids (id) ORDER BY id
         ON CONFLICT (article_id) DO NOTHING`,
        [articleIds, at, options.baseline ?? false],
      );
      return result.rowCount ?? 0;
    });
  }

  async deliveredArticleIds(subscriptionId: string): Promise<Set<string>> {
    const { rows } = await this.query<{ article_id: string }>('read deliveries', 'SELECT article_id FROM deliveries WHERE subscription_id = $1', [subscriptionId]);
    return new Set(rows.map((r) => r.article_id));
  }

  recordDelivery(delivery: DeliveryRecord): Promise<void> {
    // Idempotent (rows already there are kept as they are), so always safe to run again. The
    // subscription's row is updated first: two transactions recording for one subscription then
    // queue on it instead of locking delivery rows in opposite orders.
    return this.transaction('record a delivery', 'always', async (client) => {
      await client.query('UPDATE subscriptions SET last_delivered_at = $2, invite_requested_at = NULL WHERE id = $1', [delivery.subscriptionId, delivery.deliveredAt]);
      await client.query(
        `INSERT INTO deliveries (subscription_id, article_id, channel_id, message_ts, delivered_at)
         SELECT $1, id, $3, $4, $5 FROM unnest($2::text[]) WITH ORDINALITY AS ids (id, n) ORDER BY n
         ON CONFLICT (subscription_id, article_id) DO NOTHING`,
        [delivery.subscriptionId, delivery.articleIds, delivery.channelId, delivery.messageTs, delivery.deliveredAt],
      );
      if (delivery.attemptKey !== undefined) await client.query('DELETE FROM delivery_attempts WHERE key = $1', [delivery.attemptKey]);
    });
  }

  beginDeliveryAttempt(attempt: DeliveryAttempt): Promise<boolean> {
    // The unique subscription_id decides, not a prior read: safe with any number of replicas. Its
    // answer is not idempotent (a second run finds its own attempt open): retried only if not applied.
    return this.transaction('record a delivery attempt', 'unless-committing', async (client) => {
      const result = await client.query(
        `INSERT INTO delivery_attempts (key, subscription_id, channel_id, article_ids, started_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subscription_id) DO NOTHING`,
        [attempt.key, attempt.subscriptionId, attempt.channelId, attempt.articleIds, attempt.startedAt],
      );
      return (result.rowCount ?? 0) > 0;
    });
  }

  async openDeliveryAttempt(subscriptionId: string): Promise<DeliveryAttempt | undefined> {
    const { rows } = await this.query<{ key: string; subscription_id: string; channel_id: string; article_ids: string[]; started_at: Date }>(
      'read a delivery attempt',
      'SELECT key, subscription_id, channel_id, article_ids, started_at FROM delivery_attempts WHERE subscription_id = $1',
      [subscriptionId],
    );
    const row = rows[0];
    return row ? { key: row.key, subscriptionId: row.subscription_id, channelId: row.channel_id, articleIds: row.article_ids, startedAt: row.started_at } : undefined;
  }

  async abandonDeliveryAttempt(key: string): Promise<void> {
    await this.query('close a delivery attempt', 'DELETE FROM delivery_attempts WHERE key = $1', [key]);
  }

  async listDeliveries(filter: { subscriptionId?: string; channelId?: string } = {}): Promise<Delivery[]> {
    const { rows } = await this.query<{ subscription_id: string; article_id: string; channel_id: string; message_ts: string; delivered_at: Date }>(
      'list deliveries',
      `SELECT subscription_id, article_id, channel_id, message_ts, delivered_at FROM deliveries
       WHERE ($1::text IS NULL OR subscription_id = $1) AND ($2::text IS NULL OR channel_id = $2) ORDER BY delivered_at, seq`,
      [filter.subscriptionId ?? null, filter.channelId ?? null],
    );
    return rows.map((r) => ({ subscriptionId: r.subscription_id, articleId: r.article_id, channelId: r.channel_id, messageTs: r.message_ts, deliveredAt: r.delivered_at }));
  }

  async acquireLock(name: string, owner: string, options: AcquireLockOptions): Promise<boolean> {
    const expires = new Date(options.now.getTime() + options.ttlMs);
    // One atomic statement: insert, or take over when expired / our own / the named dead owner. A
    // concurrent acquirer waits on the row and then sees the new holder. Idempotent for its owner
    // (a second run finds the lock its own), so always safe to run again.
    const result = await this.query(
      'take the job lock',
      `INSERT INTO job_locks (name, owner, acquired_at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
       WHERE job_locks.expires_at <= $3 OR job_locks.owner = $2 OR job_locks.owner = $5::text`,
      [name, owner, options.now, expires, options.takeOverFrom ?? null],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async renewLock(name: string, owner: string, options: { now: Date; ttlMs: number }): Promise<boolean> {
    const result = await this.query('renew the job lock', 'UPDATE job_locks SET expires_at = $3 WHERE name = $1 AND owner = $2', [
      name,
      owner,
      new Date(options.now.getTime() + options.ttlMs),
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async releaseLock(name: string, owner: string): Promise<void> {
    await this.query('release the job lock', 'DELETE FROM job_locks WHERE name = $1 AND owner = $2', [name, owner]);
  }

  async lockHolder(name: string): Promise<LockHolder | undefined> {
    const { rows } = await this.query<{ name: string; owner: string; acquired_at: Date; expires_at: Date }>('read the job lock', 'SELECT * FROM job_locks WHERE name = $1', [
      name,
    ]);
    const row = rows[0];
    return row ? { name: row.name, owner: row.owner, acquiredAt: row.acquired_at, expiresAt: row.expires_at } : undefined;
  }

  claimEvent(eventId: string, options: EventClaimOptions): Promise<EventClaim> {
    const { claimant, now } = options;
    // The primary key decides between replicas: a concurrent claimer waits on the row (the insert,
    // then the row lock), then reads what the other wrote. Re-run after a lost commit, the claimant
    // finds its own unanswered claim: `taken-over`, so its answer is looked for before it is posted.
    return this.transaction('claim an event', 'unless-committing', async (client) => {
      await client.query('DELETE FROM event_claims WHERE claimed_at <= $1', [new Date(now.getTime() - EVENT_CLAIM_TTL_MS)]);
      const inserted = await client.query('INSERT INTO event_claims (event_id, claimant, claimed_at) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING', [
        eventId,
        claimant,
        now,
      ]);
      if ((inserted.rowCount ?? 0) > 0) return { outcome: 'claimed' } as const;
      const { rows } = await client.query<{ claimant: string; claimed_at: Date; answered_at: Date | null }>(
        'SELECT claimant, claimed_at, answered_at FROM event_claims WHERE event_id = $1 FOR UPDATE',
        [eventId],
      );
      const row = rows[0];
      const claim = decideEventClaim(row && { claimant: row.claimant, claimedAtMs: row.claimed_at.getTime(), answered: row.answered_at !== null }, options);
      if (claim.outcome === 'claimed' || claim.outcome === 'taken-over') {
        await client.query(
          `INSERT INTO event_claims (event_id, claimant, claimed_at) VALUES ($1, $2, $3)
           ON CONFLICT (event_id) DO UPDATE SET claimant = excluded.claimant, claimed_at = excluded.claimed_at`,
          [eventId, claimant, now],
        );
      }
      return claim;
    });
  }

  async renewEventClaim(eventId: string, claimant: string, now: Date): Promise<boolean> {
    const result = await this.query('renew an event claim', 'UPDATE event_claims SET claimed_at = $1 WHERE event_id = $2 AND claimant = $3 AND answered_at IS NULL', [
      now,
      eventId,
      claimant,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async markEventAnswered(eventId: string, at: Date): Promise<void> {
    await this.query('mark an event answered', 'UPDATE event_claims SET answered_at = $1 WHERE event_id = $2 AND answered_at IS NULL', [at, eventId]);
  }

  async articleTexts(): Promise<Map<string, string>> {
    const { rows } = await this.query<{ url: string; text: string }>('read article texts', 'SELECT url, text FROM article_texts WHERE text IS NOT NULL');
    return new Map(rows.map((r) => [r.url, r.text]));
  }

  async articleTextStates(): Promise<Map<string, ArticleTextState>> {
    const { rows } = await this.query<ArticleTextStateColumns>(
      'read article text states',
      'SELECT url, text IS NOT NULL AS has_text, etag, last_modified, fetched_at, outcome, reason, failures, next_attempt_at FROM article_texts',
    );
    return new Map(rows.map((r) => [r.url, toArticleTextState(r)]));
  }

  async saveArticleText(update: ArticleTextUpdate): Promise<void> {
    // Not idempotent for `failed` (the count goes up), but a count one too high after a lost
    // connection only lengthens one back-off: retried like a read.
    await this.query('save an article text', ARTICLE_TEXT_UPSERT, articleTextParams(update, (d) => d));
  }

  async removeArticleTextsExcept(keep: readonly string[]): Promise<number> {
    const result = await this.query('remove article texts', 'DELETE FROM article_texts WHERE NOT (url = ANY($1::text[]))', [keep]);
    return result.rowCount ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/**
 * Apply pending migrations, one transaction each, all under the migration lock (session-scoped,
 * released at the end or when the connection dies): a replica that waited finds the schema current
 * and does nothing. Refuses a schema newer than this code. Returns the versions applied.
 */
async function migrate(client: pg.PoolClient, target: PostgresTarget, mustExist: boolean): Promise<number[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    const exists = (await client.query<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t")).rows[0]!.t !== null;
    if (!exists && mustExist) {
      throw new StoreError(
        target.location,
        `Store: ${where(target)} has no catalog-bot tables. Check DATABASE_URL (it must be the database the running bot uses); the bot creates its tables on its first start.`,
      );
    }
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const current = (await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version')).rows[0]!.v ?? 0;
    if (current > POSTGRES_LATEST_SCHEMA_VERSION) {
      throw new StoreError(
        target.location,
        `Store: ${where(target)} has schema version ${current}, but this catalog-bot only knows versions up to ${POSTGRES_LATEST_SCHEMA_VERSION}. ` +
          'It was written by a newer catalog-bot: upgrade this one, or point DATABASE_URL at another database. The database was not changed.',
      );
    }
    const applied: number[] = [];
    for (const migration of POSTGRES_MIGRATIONS) {
      if (migration.version <= current) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [migration.version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      applied.push(migration.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
}
