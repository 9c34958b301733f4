/**
 * One digest run: reload the catalog, note which articles are new, and post each channel with
 * active subscriptions one message with the new articles their saved queries match.
 *
 * Guarantees, and how they are kept:
 * - Exactly once per (subscription, article): what a subscription gets is always computed as
 *   "matching, first seen after the subscription was made, not yet delivered", and each post is
 *   recorded as an attempt before it is made and carries the attempt's key, so a post whose
 *   outcome is unknown (timeout, crash between Slack's acceptance and the record) is looked for
 *   in the channel before anything is posted again (deliver.ts).
 * - No backfill: the first run on an empty database records the catalog as a baseline that is
 *   never delivered; a new subscription only gets articles first seen after it was made.
 * - One runner at a time: a lease (named lock with an expiry) in the store, renewed on a timer while
 *   the run goes, taken over at once from a dead process on this host, otherwise once it expires
 *   (a replica killed mid-run holds it up for at most `lockTtlMs`). A runner that cannot renew it
 *   in time, or finds it taken, stops before its next subscription; so does one asked to stop.
 * - One failing channel never stops the others; a rejected token stops the run at once (nothing
 *   else would get through), logged once, everything left pending. Every run logs a summary.
 */
import pLimit from 'p-limit';
import type { Catalog } from '../catalog/types.js';
import { errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import type { SeenArticle, Store, Subscription } from '../store/types.js';
import { channelDeliverer } from './deliver.js';
import { defaultLockOwner, isDeadLocalOwner } from '../store/lock-owner.js';
import { deliverableArticles, memoizedMatcher } from './pending.js';
import type { ChannelPoster, ChannelResult, DigestCatalog, DigestSummary, RenderDigest } from './types.js';

export const DIGEST_LOCK = 'digest';

export interface RunDigestOptions<M> {
  /** The catalog, reloaded at the start of the run, with the search engine that matches saved queries. */
  catalog: DigestCatalog;
  store: Store;
  poster: ChannelPoster<M>;
  renderDigest: RenderDigest<M>;
  /** Default silent. */
  logger?: Logger;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
  /** Lock owner name. Default `host:pid:nonce`. */
  owner?: string;
  /** Lease lifetime without renewal; renewed every third of it while the run goes. Default 60 s. */
  lockTtlMs?: number;
  /** Aborted: stop before the next subscription (shutdown); what is left goes out on the next run. */
  signal?: AbortSignal;
  /** Subscriptions handled at once; the poster does the pacing. Default 16. */
  concurrency?: number;
  /** How many 429s one message may meet before it is left for the next run. Default 5. */
  maxRateLimitRetries?: number;
  /** Wait used to honour Retry-After. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * An unconfirmed attempt is looked up only once it is this old: until then its post may still be
   * under way at Slack (a run killed a moment ago, Slack slow to answer), and a look-up that misses
   * it would post the digest twice. The production job passes the post timeout. Default 0.
   */
  settleAfterMs?: number;
}

const DEFAULTS = {
  lockTtlMs: 60_000,
  concurrency: 16,
  maxRateLimitRetries: 5,
} as const;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runDigest<M>(options: RunDigestOptions<M>): Promise<DigestSummary> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const owner = options.owner ?? defaultLockOwner();
  const lockTtlMs = options.lockTtlMs ?? DEFAULTS.lockTtlMs;
  const { store } = options;
  const started = Date.now();
  const summary = emptySummary();
  const finish = (): DigestSummary => {
    summary.durationMs = Date.now() - started;
    const { results: _results, ...counts } = summary;
    logger.info('digest run finished', counts);
    return summary;
  };

  if (!(await takeLock(store, owner, now(), lockTtlMs, logger))) {
    summary.note = 'another process is running the digest';
    return finish();
  }
  summary.ran = true;
  const lease = keepLease(store, owner, lockTtlMs, now, logger);
  try {
    const { catalog, matcher } = await options.catalog.refresh();
    const runAt = now();

    if ((await store.countSeenArticles()) === 0) {
      await recordBaseline(store, catalog, runAt, summary, logger);
      return finish();
    }

    const seen = await markNewArticlesSeen(store, catalog, runAt, summary);
    const subscriptions = await store.listSubscriptions({ state: 'active' });
    summary.channels = subscriptions.length;
    const deliver = channelDeliverer({
      store,
      poster: options.poster,
      renderDigest: options.renderDigest,
      logger,
      now,
      sleep: options.sleep ?? defaultSleep,
      maxRateLimitRetries: options.maxRateLimitRetries ?? DEFAULTS.maxRateLimitRetries,
      settleAfterMs: options.settleAfterMs ?? 0,
      summary,
      onTokenRejected: (error) => reportTokenRejected(summary, error, logger),
    });

    const stopped = () => lease.lost() || options.signal?.aborted === true || summary.tokenRejected !== undefined;
    const work: ChannelWork = { deliver, deliverable: deliverableArticles(catalog, seen), matcher: memoizedMatcher(matcher) };
    await deliverByChannel(subscriptions, work, options.concurrency ?? DEFAULTS.concurrency, stopped, summary, logger);
    const note = stopNote(summary, subscriptions.length, lease.lost(), options.signal?.aborted === true);
    if (note !== undefined) summary.note = note;
    return finish();
  } finally {
    lease.stop();
    await store.releaseLock(DIGEST_LOCK, owner).catch((error: unknown) => logger.warn('could not release the digest lock', { error: errorMessage(error) }));
  }
}

function emptySummary(): DigestSummary {
  return {
    ran: false,
    firstRun: false,
    newArticles: 0,
    channels: 0,
    posted: 0,
    articlesDelivered: 0,
    recovered: 0,
    failed: 0,
    paused: 0,
    rateLimited: 0,
    durationMs: 0,
    results: [],
  };
}

/** First run on an empty database: everything already in the catalog is the baseline. */
async function recordBaseline(store: Store, catalog: Catalog, runAt: Date, summary: DigestSummary, logger: Logger): Promise<void> {
  await store.markSeen(
    catalog.articles.map((a) => a.id),
    runAt,
    { baseline: true },
  );
  summary.firstRun = true;
  // `firstRun` says it is the first run; the note says only what it did (printed after "First digest run:").
  summary.note = `recorded ${catalog.articles.length} catalog article${catalog.articles.length === 1 ? '' : 's'} as already known; nothing posted`;
  logger.info('digest first run: catalog recorded as baseline', { articles: catalog.articles.length });
}

/**
 * Mark new articles seen first: what each subscription still needs is derived from deliveries,
 * so an article marked seen here but not posted (crash, failing channel) goes out next run.
 * Returns every seen article, the new ones included.
 */
async function markNewArticlesSeen(store: Store, catalog: Catalog, runAt: Date, summary: DigestSummary): Promise<Map<string, SeenArticle>> {
  const seen = await store.seenArticles();
  const fresh = catalog.articles.filter((a) => !seen.has(a.id)).map((a) => a.id);
  summary.newArticles = await store.markSeen(fresh, runAt);
  for (const id of fresh) if (!seen.has(id)) seen.set(id, { articleId: id, firstSeenAt: runAt, baseline: false });
  return seen;
}

function reportTokenRejected(summary: DigestSummary, error: string, logger: Logger): void {
  if (summary.tokenRejected !== undefined) return;
  summary.tokenRejected = error;
  logger.error('digest run stopped: Slack rejected SLACK_BOT_TOKEN', {
    error,
    fix: 'reinstall the app to the workspace (or copy its current Bot User OAuth Token into SLACK_BOT_TOKEN) and restart; every digest not posted yet goes out on the next run',
  });
}

/** What each channel's turn needs: the deliverer, the articles that may go out, the saved-query matcher. */
interface ChannelWork {
  deliver: ReturnType<typeof channelDeliverer>;
  deliverable: ReturnType<typeof deliverableArticles>;
  matcher: ReturnType<typeof memoizedMatcher>;
}

/** One message per channel per run, however many of its subscriptions have something new. */
async function deliverByChannel(subscriptions: Subscription[], work: ChannelWork, concurrency: number, stopped: () => boolean, summary: DigestSummary, logger: Logger): Promise<void> {
  const byChannel = new Map<string, Subscription[]>();
  for (const subscription of subscriptions) byChannel.set(subscription.channelId, [...(byChannel.get(subscription.channelId) ?? []), subscription]);
  await pLimit(concurrency).map([...byChannel.values()], async (channelSubscriptions) => {
    if (stopped()) return;
    const results = await work.deliver(channelSubscriptions, work.deliverable, work.matcher).catch((error: unknown): ChannelResult[] => {
      // A store or renderer failure for one channel: count it, log it, carry on with the others.
      summary.failed += 1;
      const channel = channelSubscriptions[0]!.channelId;
      logger.error('digest failed for a channel; will retry next run', { channel, subscriptions: channelSubscriptions.map((s) => s.id), error: errorMessage(error) });
      return channelSubscriptions.map((s) => ({ subscriptionId: s.id, channelId: channel, status: 'failed', error: errorMessage(error), articles: 0 }));
    });
    summary.results.push(...results);
  });
}

/** Why the run stopped before the end, if it did. */
function stopNote(summary: DigestSummary, subscriptionCount: number, leaseLost: boolean, aborted: boolean): string | undefined {
  if (summary.tokenRejected !== undefined) {
    const done = summary.results.filter((r) => r.status === 'posted' || r.status === 'recovered' || r.status === 'nothing_new').length;
    return `stopped: Slack rejected the bot token ("${summary.tokenRejected}"); the digests of ${subscriptionCount - done} subscription(s) wait for the next run`;
  }
  if (leaseLost) return 'stopped early: the lock was taken over';
  if (aborted) return 'stopped early: shutting down; the rest goes out on the next run';
  return undefined;
}

/**
 * Renew the lease every third of its lifetime. `lost()` turns true when another owner has it, or
 * when renewals kept failing (store unreachable) until it may have expired: then someone else may
 * be running, so this run must not post again.
 */
function keepLease(store: Store, owner: string, ttlMs: number, now: () => Date, logger: Logger): { lost(): boolean; stop(): void } {
  let lost = false;
  let heldUntil = now().getTime() + ttlMs;
  let renewing = false;
  const timer = setInterval(
    () => {
      if (lost || renewing) return;
      renewing = true;
      const at = now();
      store
        .renewLock(DIGEST_LOCK, owner, { now: at, ttlMs })
        .then((held) => {
          if (held) heldUntil = at.getTime() + ttlMs;
          else {
            lost = true;
            logger.error('digest lock lost mid-run; stopping so two runners never post the same digest', { owner });
          }
        })
        .catch((error: unknown) => logger.warn('could not renew the digest lock; will try again', { error: errorMessage(error) }))
        .finally(() => {
          renewing = false;
        });
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    lost: () => {
      if (!lost && now().getTime() >= heldUntil) {
        lost = true;
        logger.error('digest lock could not be renewed before it expired; stopping', { owner });
      }
      return lost;
    },
    stop: () => clearInterval(timer),
  };
}

async function takeLock(store: Store, owner: string, at: Date, ttlMs: number, logger: Logger): Promise<boolean> {
  const holder = await store.lockHolder(DIGEST_LOCK);
  const stale = holder && holder.owner !== owner && holder.expiresAt > at && isDeadLocalOwner(holder.owner) ? holder.owner : undefined;
  if (stale) logger.warn('taking over the digest lock from a process that is gone', { previousOwner: stale });
  const taken = await store.acquireLock(DIGEST_LOCK, owner, { now: at, ttlMs, ...(stale ? { takeOverFrom: stale } : {}) });
  if (!taken) {
    logger.info('digest skipped: another process holds the lock', { holder: holder?.owner, expiresAt: holder?.expiresAt.toISOString() });
  }
  return taken;
}
