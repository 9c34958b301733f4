/**
 * The SQLite implementation of `Store` (better-sqlite3, WAL mode). One file at DATABASE_PATH; its
 * folder is created; migrations run at open. WAL plus a busy timeout lets a second process (say a
 * `catalog-bot digest --now` next to the running bot) share the file safely; the job lock decides
 * which of them posts.
 *
 * better-sqlite3 is synchronous; the async `Store` methods simply wrap it so that a networked
 * implementation can share the interface.
 *
 * An open SQLite connection keeps writing to its file even after someone deletes it (or moves
 * another file into its place): every write would be confirmed and then lost on restart. So each
 * write first checks that the path still names the file we opened (device and inode, one stat)
 * and otherwise refuses with a `store_file_gone` StoreError, logged once at error level.
 *
 * A write that fails (I/O error, full disk, the file locked by someone else past the busy timeout)
 * while reads still work must not leave the bot looking healthy: from then until a write goes
 * through again, `ping` answers false (after trying a small write of its own) and `writeProblem`
 * says why, so /readyz is 503 meanwhile.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { silentLogger } from '../logger.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { newSubscriptionId } from './subscription-id.js';
import type {
  AcquireLockOptions,
  AddSubscriptionResult,
  ArticleTextOutcome,
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
import { ARTICLE_TEXT_UPSERT, articleTextParams, toArticleTextState } from './article-text-sql.js';

export interface OpenSqliteStoreOptions {
  /** Default: silent. */
  logger?: Logger;
  /**
   * Refuse to create a new database when the file does not exist (one-off commands such as
   * `digest --now`, where a wrong DATABASE_PATH would otherwise silently start from nothing).
   * Default false: the file and its folder are created.
   */
  mustExist?: boolean;
  /** How long a write waits for another process's write to finish. Default 5000 ms. */
  busyTimeoutMs?: number;
}

interface SubscriptionRow {
  id: string;
  channel_id: string;
  query: string;
  created_by: string;
  created_at: number;
  state: SubscriptionState;
  paused_reason: string | null;
  paused_at: number | null;
  last_delivered_at: number | null;
  invite_requested_at: number | null;
}

interface DeliveryRow {
  subscription_id: string;
  article_id: string;
  channel_id: string;
  message_ts: string;
  delivered_at: number;
}

interface AttemptRow {
  key: string;
  subscription_id: string;
  channel_id: string;
  article_ids: string;
  started_at: number;
}

interface EventClaimRow {
  claimant: string;
  claimed_at: number;
  answered_at: number | null;
}

interface ArticleTextStateRow {
  url: string;
  has_text: number;
  etag: string | null;
  last_modified: string | null;
  fetched_at: number;
  outcome: ArticleTextOutcome;
  reason: string | null;
  failures: number;
  next_attempt_at: number | null;
}

interface LockRow {
  name: string;
  owner: string;
  acquired_at: number;
  expires_at: number;
}

const toSubscription = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  channelId: row.channel_id,
  query: row.query,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at),
  state: row.state,
  ...(row.paused_reason !== null ? { pausedReason: row.paused_reason } : {}),
  ...(row.paused_at !== null ? { pausedAt: new Date(row.paused_at) } : {}),
  ...(row.last_delivered_at !== null ? { lastDeliveredAt: new Date(row.last_delivered_at) } : {}),
  ...(row.invite_requested_at !== null ? { inviteRequestedAt: new Date(row.invite_requested_at) } : {}),
});

/** Open (creating if needed) and migrate the database at `path`. Throws StoreError with what to do. */
export async function openSqliteStore(path: string, options: OpenSqliteStoreOptions = {}): Promise<Store> {
  return SqliteStore.open(path, options);
}

/** Which file a path names: the same device and inode means the same file, whatever its name. */
interface FileIdentity {
  dev: number;
  ino: number;
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly location: string;
  private readonly db: Database.Database;
  private readonly logger: Logger;
  /** The file we opened; writes are refused once the path names another file, or none. */
  private readonly opened: FileIdentity;
  private fileGoneLogged = false;
  /** Statements compiled once per connection (a digest to 1,000 channels runs each thousands of times). */
  private readonly statements = new Map<string, Database.Statement>();
  /** The last write failed (and none has succeeded since): what and why. */
  private failedWrite: string | undefined;

  private constructor(location: string, db: Database.Database, logger: Logger, opened: FileIdentity) {
    this.location = location;
    this.db = db;
    this.logger = logger;
    this.opened = opened;
  }

  static open(path: string, options: OpenSqliteStoreOptions = {}): SqliteStore {
    const logger = options.logger ?? silentLogger;
    const location = resolve(path);
    prepareLocation(location, options.mustExist ?? false);

    let db: Database.Database;
    try {
      db = new Database(location, { timeout: options.busyTimeoutMs ?? 5000 });
    } catch (error) {
      throw explainOpenFailure(location, error);
    }
    try {
      // The first statements touch the file header: a file that is not SQLite fails here.
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      // FULL: every commit is fsynced to the WAL before it returns, so what the bot has confirmed
      // (a subscription, a delivery) survives a power loss. NORMAL lost confirmed subscriptions, and
      // after fsck the schema, in a probe's machine crash (docs/operations.md, "What the bot promises").
      db.pragma('synchronous = FULL');
      const applied = migrate(db, location);
      if (applied.length > 0) logger.info('store migrated', { path: location, from: applied[0]! - 1, to: applied[applied.length - 1] });
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new StoreError(location, corruptMessage(location, String(check)));
    } catch (error) {
      db.close();
      throw error instanceof StoreError ? error : explainOpenFailure(location, error);
    }
    logger.debug('store opened', { path: location, schemaVersion: LATEST_SCHEMA_VERSION });
    const { dev, ino } = statSync(location);
    return new SqliteStore(location, db, logger, { dev, ino });
  }

  /** Wrap a database call so any SQLite failure surfaces as a StoreError naming the file. */
  private run<T>(what: string, fn: () => T): Promise<T> {
    try {
      return Promise.resolve(fn());
    } catch (error) {
      if (error instanceof StoreError) return Promise.reject(error);
      return Promise.reject(new StoreError(this.location, `Store "${this.location}": could not ${what}: ${errorMessage(error)}`, { cause: error }));
    }
  }

  private sql<P extends unknown[] | object = unknown[], R = unknown>(source: string): Database.Statement<P, R> {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }

  /** `run` for a write: first make sure the file at `location` is still the one we opened. Remembers whether it went through. */
  private write<T>(what: string, fn: () => T): Promise<T> {
    return this.run(what, () => {
      this.refuseIfFileGone(what);
      return fn();
    }).then(
      (value) => {
        this.failedWrite = undefined;
        return value;
      },
      (error: unknown) => {
        this.failedWrite = `could not ${what}: ${errorMessage(error).slice(0, 300)}`;
        throw error;
      },
    );
  }

  /** The durability setting in force on this connection, as SQLite reports it (for /healthz). */
  durability(): string {
    if (!this.db.open) return 'closed';
    const level = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][Number(this.db.pragma('synchronous', { simple: true }))] ?? 'unknown';
    return `synchronous=${level}, journal_mode=${String(this.db.pragma('journal_mode', { simple: true })).toUpperCase()}`;
  }

  /** Why writes are refused, when the last one failed and none has gone through since. */
  writeProblem(): string | undefined {
    return this.failedWrite;
  }

  private refuseIfFileGone(what: string): void {
    let now: Stats | undefined;
    try {
      now = statSync(this.location);
    } catch (error) {
      // Only a missing file is a verdict; any other stat failure is left to SQLite to report.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
    }
    if (now && now.dev === this.opened.dev && now.ino === this.opened.ino) return;
    const happened = now ? 'was replaced by another file' : 'was deleted';
    if (!this.fileGoneLogged) {
      this.fileGoneLogged = true;
      this.logger.error('database file is gone: refusing every write until the bot is restarted', { path: this.location, happened, refused: what });
    }
    throw new StoreError(
      this.location,
      `Store: the database file "${this.location}" ${happened} while the bot was running, so nothing more can be saved (it would be lost on restart). ` +
        'Restore the file from a backup, or restart the bot to create a new one at DATABASE_PATH (subscriptions would have to be made again).',
      { code: 'store_file_gone' },
    );
  }

  addSubscription(input: NewSubscription): Promise<AddSubscriptionResult>;
  addSubscription(input: NewSubscription, limit: { maxPerChannel: number }): Promise<AddSubscriptionResult | ChannelFull>;
  addSubscription(input: NewSubscription, limit?: { maxPerChannel: number }): Promise<AddSubscriptionResult | ChannelFull> {
    return this.write('add a subscription', () =>
      this.db.transaction((): AddSubscriptionResult | ChannelFull => {
        const existing = this.sql<[string, string], SubscriptionRow>('SELECT * FROM subscriptions WHERE channel_id = ? AND query = ?').get(input.channelId, input.query);
        if (existing) return { subscription: toSubscription(existing), created: false };
        if (limit) {
          const { count } = this.sql<[string], { count: number }>('SELECT count(*) AS count FROM subscriptions WHERE channel_id = ?').get(input.channelId)!;
          if (count >= limit.maxPerChannel) return { full: true, count };
        }
        const taken = (id: string) => this.sql('SELECT 1 FROM subscriptions WHERE id = ?').get(id) !== undefined;
        let id = newSubscriptionId();
        for (let attempt = 0; taken(id); attempt += 1) {
          // 31^5 ≈ 28.6 M ids; collisions are rare, so a few retries and then a longer id.
          id = newSubscriptionId(attempt < 5 ? 5 : 7);
        }
        this.sql('INSERT INTO subscriptions (id, channel_id, query, created_by, created_at, state) VALUES (?, ?, ?, ?, ?, ?)').run(
          id,
          input.channelId,
          input.query,
          input.createdBy,
          input.createdAt.getTime(),
          'active',
        );
        const row = this.sql<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE id = ?').get(id);
        return { subscription: toSubscription(row!), created: true };
      }).immediate(),
    );
  }

  getSubscription(id: string): Promise<Subscription | undefined> {
    return this.run('read a subscription', () => {
      const row = this.sql<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE id = ?').get(id.trim().toLowerCase());
      return row ? toSubscription(row) : undefined;
    });
  }

  listSubscriptions(filter: SubscriptionFilter = {}): Promise<Subscription[]> {
    return this.run('list subscriptions', () => {
      const where: string[] = [];
      const args: string[] = [];
      if (filter.channelId !== undefined) {
        where.push('channel_id = ?');
        args.push(filter.channelId);
      }
      if (filter.state !== undefined) {
        where.push('state = ?');
        args.push(filter.state);
      }
      if (filter.createdBy !== undefined) {
        where.push('created_by = ?');
        args.push(filter.createdBy);
      }
      const sql = `SELECT * FROM subscriptions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
      return this.sql<string[], SubscriptionRow>(sql).all(...args).map(toSubscription);
    });
  }

  removeSubscription(id: string): Promise<boolean> {
    return this.write('remove a subscription', () => this.sql('DELETE FROM subscriptions WHERE id = ?').run(id.trim().toLowerCase()).changes > 0);
  }

  removeChannelSubscriptions(channelId: string): Promise<Subscription[]> {
    return this.write('remove subscriptions', () =>
      this.db.transaction(() => {
        const rows = this.sql<[string], SubscriptionRow>('SELECT * FROM subscriptions WHERE channel_id = ? ORDER BY created_at, id').all(channelId);
        this.sql('DELETE FROM subscriptions WHERE channel_id = ?').run(channelId);
        return rows.map(toSubscription);
      }).immediate(),
    );
  }

  pauseSubscription(id: string, reason: string, at: Date): Promise<void> {
    return this.write('pause a subscription', () => {
      this.sql("UPDATE subscriptions SET state = 'paused', paused_reason = ?, paused_at = ? WHERE id = ?").run(reason, at.getTime(), id);
    });
  }

  resumeSubscription(id: string): Promise<void> {
    return this.write('resume a subscription', () => {
      this.sql("UPDATE subscriptions SET state = 'active', paused_reason = NULL, paused_at = NULL WHERE id = ?").run(id);
    });
  }

  markInviteRequested(id: string, at: Date): Promise<void> {
    return this.write('note an invite request', () => {
      this.sql('UPDATE subscriptions SET invite_requested_at = ? WHERE id = ?').run(at.getTime(), id);
    });
  }

  countSeenArticles(): Promise<number> {
    return this.run('count seen articles', () => (this.sql('SELECT COUNT(*) AS n FROM seen_articles').get() as { n: number }).n);
  }

  seenArticles(): Promise<Map<string, SeenArticle>> {
    return this.run('read seen articles', () => {
      const rows = this.sql('SELECT article_id, first_seen_at, baseline FROM seen_articles').all() as Array<{ article_id: string; first_seen_at: number; baseline: number }>;
      return new Map(rows.map((r) => [r.article_id, { articleId: r.article_id, firstSeenAt: new Date(r.first_seen_at), baseline: r.baseline === 1 }]));
    });
  }

  markSeen(articleIds: readonly string[], at: Date, options: { baseline?: boolean } = {}): Promise<number> {
    return this.write('record seen articles', () => {
      const insert = this.sql('INSERT OR IGNORE INTO seen_articles (article_id, first_seen_at, baseline) VALUES (?, ?, ?)');
      const baseline = options.baseline ? 1 : 0;
      return this.db.transaction(() => articleIds.reduce((added, id) => added + insert.run(id, at.getTime(), baseline).changes, 0)).immediate();
    });
  }

  deliveredArticleIds(subscriptionId: string): Promise<Set<string>> {
    return this.run('read deliveries', () => {
      const rows = this.sql<[string], { article_id: string }>('SELECT article_id FROM deliveries WHERE subscription_id = ?').all(subscriptionId);
      return new Set(rows.map((r) => r.article_id));
    });
  }

  recordDelivery(delivery: DeliveryRecord): Promise<void> {
    return this.write('record a delivery', () => {
      const insert = this.sql(
        'INSERT OR IGNORE INTO deliveries (subscription_id, article_id, channel_id, message_ts, delivered_at) VALUES (?, ?, ?, ?, ?)',
      );
      const at = delivery.deliveredAt.getTime();
      this.db.transaction(() => {
        for (const articleId of delivery.articleIds) insert.run(delivery.subscriptionId, articleId, delivery.channelId, delivery.messageTs, at);
        this.sql('UPDATE subscriptions SET last_delivered_at = ?, invite_requested_at = NULL WHERE id = ?').run(at, delivery.subscriptionId);
        if (delivery.attemptKey !== undefined) this.sql('DELETE FROM delivery_attempts WHERE key = ?').run(delivery.attemptKey);
      }).immediate();
    });
  }

  beginDeliveryAttempt(attempt: DeliveryAttempt): Promise<boolean> {
    return this.write('record a delivery attempt', () => {
      // The unique subscription_id decides, not a prior read: safe with any number of writers.
      const insert = this.sql(
        'INSERT INTO delivery_attempts (key, subscription_id, channel_id, article_ids, started_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (subscription_id) DO NOTHING',
      );
      const result = insert.run(attempt.key, attempt.subscriptionId, attempt.channelId, JSON.stringify(attempt.articleIds), attempt.startedAt.getTime());
      return result.changes > 0;
    });
  }

  openDeliveryAttempt(subscriptionId: string): Promise<DeliveryAttempt | undefined> {
    return this.run('read a delivery attempt', () => {
      const row = this.sql<[string], AttemptRow>('SELECT * FROM delivery_attempts WHERE subscription_id = ?').get(subscriptionId);
      if (!row) return undefined;
      return {
        key: row.key,
        subscriptionId: row.subscription_id,
        channelId: row.channel_id,
        articleIds: JSON.parse(row.article_ids) as string[],
        startedAt: new Date(row.started_at),
      };
    });
  }

  abandonDeliveryAttempt(key: string): Promise<void> {
    return this.write('close a delivery attempt', () => {
      this.sql('DELETE FROM delivery_attempts WHERE key = ?').run(key);
    });
  }

  listDeliveries(filter: { subscriptionId?: string; channelId?: string } = {}): Promise<Delivery[]> {
    return this.run('list deliveries', () => {
      const where: string[] = [];
      const args: string[] = [];
      if (filter.subscriptionId !== undefined) {
        where.push('subscription_id = ?');
        args.push(filter.subscriptionId);
      }
      if (filter.channelId !== undefined) {
        where.push('channel_id = ?');
        args.push(filter.channelId);
      }
      const sql = `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY delivered_at, rowid`;
      return this.sql<string[], DeliveryRow>(sql).all(...args).map((r) => ({
        subscriptionId: r.subscription_id,
        articleId: r.article_id,
        channelId: r.channel_id,
        messageTs: r.message_ts,
        deliveredAt: new Date(r.delivered_at),
      }));
    });
  }

  acquireLock(name: string, owner: string, options: AcquireLockOptions): Promise<boolean> {
    return this.write('take the job lock', () => {
      const now = options.now.getTime();
      // One atomic statement: insert, or take over when expired / our own / the named dead owner.
      const upsert = this.sql(
        `INSERT INTO job_locks (name, owner, acquired_at, expires_at) VALUES (@name, @owner, @now, @expires)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
         WHERE job_locks.expires_at <= @now OR job_locks.owner = @owner OR job_locks.owner = @takeOver`,
      );
      const result = upsert.run({ name, owner, now, expires: now + options.ttlMs, takeOver: options.takeOverFrom ?? null });
      return result.changes > 0;
    });
  }

  renewLock(name: string, owner: string, options: { now: Date; ttlMs: number }): Promise<boolean> {
    return this.write('renew the job lock', () => {
      const result = this.sql('UPDATE job_locks SET expires_at = ? WHERE name = ? AND owner = ?').run(options.now.getTime() + options.ttlMs, name, owner);
      return result.changes > 0;
    });
  }

  releaseLock(name: string, owner: string): Promise<void> {
    return this.write('release the job lock', () => {
      this.sql('DELETE FROM job_locks WHERE name = ? AND owner = ?').run(name, owner);
    });
  }

  lockHolder(name: string): Promise<LockHolder | undefined> {
    return this.run('read the job lock', () => {
      const row = this.sql<[string], LockRow>('SELECT * FROM job_locks WHERE name = ?').get(name);
      return row ? { name: row.name, owner: row.owner, acquiredAt: new Date(row.acquired_at), expiresAt: new Date(row.expires_at) } : undefined;
    });
  }

  claimEvent(eventId: string, options: EventClaimOptions): Promise<EventClaim> {
    return this.write('claim an event', () => {
      const now = options.now.getTime();
      return this.db
        .transaction(() => {
          this.sql('DELETE FROM event_claims WHERE claimed_at <= ?').run(now - EVENT_CLAIM_TTL_MS);
          const row = this.sql<[string], EventClaimRow>('SELECT claimant, claimed_at, answered_at FROM event_claims WHERE event_id = ?').get(eventId);
          const claim = decideEventClaim(row && { claimant: row.claimant, claimedAtMs: row.claimed_at, answered: row.answered_at !== null }, options);
          if (claim.outcome === 'claimed' || claim.outcome === 'taken-over') {
            this.sql(
              'INSERT INTO event_claims (event_id, claimant, claimed_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET claimant = excluded.claimant, claimed_at = excluded.claimed_at',
            ).run(eventId, options.claimant, now);
          }
          return claim;
        })
        .immediate();
    });
  }

  renewEventClaim(eventId: string, claimant: string, now: Date): Promise<boolean> {
    return this.write('renew an event claim', () => {
      const result = this.sql('UPDATE event_claims SET claimed_at = ? WHERE event_id = ? AND claimant = ? AND answered_at IS NULL').run(now.getTime(), eventId, claimant);
      return result.changes > 0;
    });
  }

  markEventAnswered(eventId: string, at: Date): Promise<void> {
    return this.write('mark an event answered', () => {
      this.sql('UPDATE event_claims SET answered_at = ? WHERE event_id = ? AND answered_at IS NULL').run(at.getTime(), eventId);
    });
  }

  articleTexts(): Promise<Map<string, string>> {
    return this.run('read article texts', () => {
      const rows = this.sql<[], { url: string; text: string }>('SELECT url, text FROM article_texts WHERE text IS NOT NULL').all();
      return new Map(rows.map((r) => [r.url, r.text]));
    });
  }

  articleTextStates(): Promise<Map<string, ArticleTextState>> {
    return this.run('read article text states', () => {
      const rows = this.sql<[], ArticleTextStateRow>(
        'SELECT url, text IS NOT NULL AS has_text, etag, last_modified, fetched_at, outcome, reason, failures, next_attempt_at FROM article_texts',
      ).all();
      return new Map(
        rows.map((r) => [
          r.url,
          toArticleTextState({ ...r, has_text: r.has_text === 1, fetched_at: new Date(r.fetched_at), next_attempt_at: r.next_attempt_at === null ? null : new Date(r.next_attempt_at) }),
        ]),
      );
    });
  }

  saveArticleText(update: ArticleTextUpdate): Promise<void> {
    return this.write('save an article text', () => {
      this.sql(ARTICLE_TEXT_UPSERT.replace(/\$\d+/g, '?')).run(...articleTextParams(update, (d) => d.getTime()));
    });
  }

  removeArticleTextsExcept(keep: readonly string[]): Promise<number> {
    return this.write('remove article texts', () => {
      const kept = new Set(keep);
      const urls = this.sql<[], { url: string }>('SELECT url FROM article_texts').all().map((r) => r.url);
      const gone = urls.filter((url) => !kept.has(url));
      const remove = this.sql('DELETE FROM article_texts WHERE url = ?');
      this.db.transaction(() => gone.forEach((url) => remove.run(url))).immediate();
      return gone.length;
    });
  }

  async ping(): Promise<boolean> {
    // After a failed write, only a write that goes through says the store serves again: take and drop a probe lock.
    if (this.failedWrite !== undefined) {
      const owner = `write-probe:${process.pid}`;
      const wrote = await this.acquireLock(WRITE_PROBE_LOCK, owner, { now: new Date(), ttlMs: 1_000 }).then(
        () => this.releaseLock(WRITE_PROBE_LOCK, owner).then(() => true),
        () => false,
      );
      if (!wrote) return false;
    }
    return this.run('check the database', () => {
      this.refuseIfFileGone('check the database');
      this.sql('SELECT 1').get();
    }).then(
      () => true,
      (error: unknown) => {
        this.logger.debug('store ping failed', { error: errorMessage(error) });
        return false;
      },
    );
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

/** The lock `ping` takes and releases to find out whether writes go through again. */
const WRITE_PROBE_LOCK = 'store-write-probe';

/** Create the folder (or check the file exists when asked), failing with what to do. */
function prepareLocation(location: string, mustExist: boolean): void {
  if (existsSync(location) && statSync(location).isDirectory()) {
    throw new StoreError(location, `Store: DATABASE_PATH "${location}" is a folder, not a database file. Point DATABASE_PATH at a file inside it, e.g. "${location}/catalog-bot.db".`);
  }
  if (mustExist && !existsSync(location)) {
    throw new StoreError(
      location,
      `Store: no database at "${location}". Check DATABASE_PATH (it must be the same file the running bot uses); the bot creates it on its first start.`,
    );
  }
  const folder = dirname(location);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new StoreError(location, `Store: cannot create the folder "${folder}" for the database (${errorMessage(error)}). Choose a DATABASE_PATH in a writable folder.`, {
      cause: error,
    });
  }
  // SQLite opens a file it may not write read-only without complaint and fails at the first write;
  // say it now. (Typical: a Docker volume owned by root, the bot running as a non-root user.)
  const unwritable = [existsSync(location) ? location : undefined, folder].find((path) => {
    if (path === undefined) return false;
    try {
      accessSync(path, constants.W_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (unwritable) {
    throw new StoreError(
      location,
      `Store: "${unwritable}" is not writable by this process (uid ${process.getuid?.() ?? '?'}). The bot writes the database and its -wal/-shm files next to it: fix the owner or permissions, or choose another DATABASE_PATH.`,
    );
  }
}

function corruptMessage(location: string, detail: string): string {
  return (
    `Store: "${location}" is not a readable SQLite database (${detail}). ` +
    `If it is corrupted, stop the bot, move the file aside (e.g. rename it to "${location}.corrupt") and restore it from a backup, ` +
    'or start without it to create an empty database (subscriptions would have to be made again). Check that DATABASE_PATH points at the right file.'
  );
}

function explainOpenFailure(location: string, error: unknown): StoreError {
  const code = (error as { code?: unknown }).code;
  const detail = errorMessage(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) {
    return new StoreError(location, corruptMessage(location, detail), { cause: error });
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || (typeof code === 'string' && code.startsWith('SQLITE_READONLY'))) {
    return new StoreError(
      location,
      `Store: cannot open "${location}" for writing (${detail}). The bot needs to write the file and its folder (for the -wal and -shm files): check permissions and free space, or choose another DATABASE_PATH.`,
      { cause: error },
    );
  }
  return new StoreError(location, `Store: cannot open "${location}": ${detail}. Check DATABASE_PATH and the file's permissions.`, { cause: error });
}

/** Apply pending migrations; refuse a database written by a newer catalog-bot. Returns the versions applied. */
function migrate(db: Database.Database, location: string): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  if (current > LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      location,
      `Store: "${location}" has schema version ${current}, but this catalog-bot only knows versions up to ${LATEST_SCHEMA_VERSION}. ` +
        'It was written by a newer catalog-bot: upgrade this one, or point DATABASE_PATH at another file. The file was not changed.',
    );
  }
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version);
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
