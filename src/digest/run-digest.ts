/**
 * One digest run: reload the catalog, note which articles are new, and post each active
 * subscription one message with the new articles its saved query matches.
 *
 * Guarantees, and how they are kept:
 * - Exactly once per (subscription, article): a delivery is recorded right after Slack accepted the
 *   message, and what a subscription gets is always computed as "matching, first seen after the
 *   subscription was made, not yet delivered". A crash mid-run therefore loses nothing (the rest
 *   goes out next run) and repeats nothing that was recorded. The one window left is a crash
 *   between Slack's answer and the (synchronous, immediate) database write.
 * - No backfill: the first run on an empty database records the catalog as a baseline that is
 *   never delivered; a new subscription only gets articles first seen after it was made.
 * - One runner at a time: a named lock in the store, renewed as the run goes, taken over at once
 *   from a dead process on this host, otherwise only after it expires.
 * - One failing channel never stops the others; every run logs and returns a summary.
 */
import type { Article, Catalog } from '../catalog/types.js';
import { errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import type { SeenArticle, Store, Subscription } from '../store/types.js';
import { defaultLockOwner, isDeadLocalOwner } from './lock.js';
import type { ChannelPoster, ChannelResult, DigestSummary, PostOutcome, QueryMatcher, RenderDigest } from './types.js';

export const DIGEST_LOCK = 'digest';

export interface RunDigestOptions<M> {
  /** Reload the catalog source and return the catalog now in service (a failed reload may return the previous one). */
  reloadCatalog: () => Promise<Catalog>;
  /** Build the matcher (the search engine) over a catalog: the same parser and matching as search. */
  createMatcher: (catalog: Catalog) => QueryMatcher;
  store: Store;
  poster: ChannelPoster<M>;
  renderDigest: RenderDigest<M>;
  /** Default silent. */
  logger?: Logger;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
  /** Lock owner name. Default `host:pid:nonce`. */
  owner?: string;
  /** Lock lifetime without renewal; renewed after each subscription. Default 10 minutes. */
  lockTtlMs?: number;
  /** Subscriptions handled at once; the poster does the pacing. Default 16. */
  concurrency?: number;
  /** How many 429s one message may meet before it is left for the next run. Default 5. */
  maxRateLimitRetries?: number;
  /** Wait used to honour Retry-After. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = {
  lockTtlMs: 10 * 60_000,
  concurrency: 16,
  maxRateLimitRetries: 5,
} as const;

/** Words shown to people for why a subscription was paused. */
export const PAUSE_REASONS = {
  channel_not_found: 'the channel no longer exists, or the bot can no longer see it',
  is_archived: 'the channel was archived',
} as const;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runDigest<M>(options: RunDigestOptions<M>): Promise<DigestSummary> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const owner = options.owner ?? defaultLockOwner();
  const lockTtlMs = options.lockTtlMs ?? DEFAULTS.lockTtlMs;
  const { store } = options;
  const started = Date.now();
  const summary: DigestSummary = {
    ran: false,
    firstRun: false,
    newArticles: 0,
    channels: 0,
    posted: 0,
    articlesDelivered: 0,
    failed: 0,
    paused: 0,
    rateLimited: 0,
    durationMs: 0,
    results: [],
  };
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
  try {
    const catalog = await options.reloadCatalog();
    const runAt = now();

    if ((await store.countSeenArticles()) === 0) {
      // First run on an empty database: everything already in the catalog is the baseline.
      await store.markSeen(
        catalog.articles.map((a) => a.id),
        runAt,
        { baseline: true },
      );
      summary.firstRun = true;
      summary.note = `first run: recorded ${catalog.articles.length} catalog articles as already known; nothing posted`;
      logger.info('digest first run: catalog recorded as baseline', { articles: catalog.articles.length });
      return finish();
    }

    // Mark new articles seen first: what each subscription still needs is derived from deliveries,
    // so an article marked seen here but not posted (crash, failing channel) goes out next run.
    const seen = await store.seenArticles();
    const fresh = catalog.articles.filter((a) => !seen.has(a.id)).map((a) => a.id);
    summary.newArticles = await store.markSeen(fresh, runAt);
    for (const id of fresh) if (!seen.has(id)) seen.set(id, { articleId: id, firstSeenAt: runAt, baseline: false });

    const subscriptions = await store.listSubscriptions({ state: 'active' });
    summary.channels = subscriptions.length;
    const matcher = memoizedMatcher(options.createMatcher(catalog));
    const deliverable = deliverableArticles(catalog, seen);
    const deliver = channelDeliverer(options, logger, summary);

    let lockLost = false;
    await forEachConcurrently(subscriptions, options.concurrency ?? DEFAULTS.concurrency, async (subscription) => {
      if (lockLost) return;
      const result = await deliver(subscription, deliverable, matcher).catch((error: unknown): ChannelResult => {
        // A store or renderer failure for one subscription: count it, log it, carry on with the others.
        summary.failed += 1;
        logger.error('digest failed for a subscription; will retry next run', { subscription: subscription.id, channel: subscription.channelId, error: errorMessage(error) });
        return { subscriptionId: subscription.id, channelId: subscription.channelId, status: 'failed', error: errorMessage(error), articles: 0 };
      });
      summary.results.push(result);
      if (!(await store.renewLock(DIGEST_LOCK, owner, { now: now(), ttlMs: lockTtlMs }))) {
        // Someone took the lock over (we were too slow): stop rather than race them.
        lockLost = true;
        logger.error('digest lock lost mid-run; stopping so two runners never post the same digest', { owner });
      }
    });
    if (lockLost) summary.note = 'stopped early: the lock was taken over';
    return finish();
  } finally {
    await store.releaseLock(DIGEST_LOCK, owner).catch((error: unknown) => logger.warn('could not release the digest lock', { error: errorMessage(error) }));
  }
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

/**
 * The articles any subscription could still get: seen after the baseline, in catalog order
 * (newest first). Usually a handful, so per-subscription work stays small on a large catalog.
 */
export function deliverableArticles(catalog: Catalog, seen: ReadonlyMap<string, SeenArticle>): Array<{ article: Article; firstSeenAt: Date }> {
  const out: Array<{ article: Article; firstSeenAt: Date }> = [];
  for (const article of catalog.articles) {
    const first = seen.get(article.id);
    if (first && !first.baseline) out.push({ article, firstSeenAt: first.firstSeenAt });
  }
  return out;
}

/** A matcher that runs each distinct saved query once per run (many channels share a query). */
export function memoizedMatcher(matcher: QueryMatcher): QueryMatcher {
  const cache = new Map<string, Set<string>>();
  return {
    matchingIds(query) {
      let ids = cache.get(query);
      if (!ids) {
        ids = matcher.matchingIds(query);
        cache.set(query, ids);
      }
      return ids;
    },
  };
}

/** The new articles a subscription should get now, newest first (the catalog's order). */
export function pendingArticles(
  subscription: Subscription,
  deliverable: ReadonlyArray<{ article: Article; firstSeenAt: Date }>,
  delivered: ReadonlySet<string>,
  matcher: QueryMatcher,
): Article[] {
  // Only articles first seen after the subscription was made (no backfill), not yet delivered.
  const fresh = deliverable.filter((d) => d.firstSeenAt > subscription.createdAt && !delivered.has(d.article.id)).map((d) => d.article);
  if (fresh.length === 0 || subscription.query.trim() === '') return fresh;
  const matches = matcher.matchingIds(subscription.query);
  return fresh.filter((article) => matches.has(article.id));
}

function channelDeliverer<M>(options: RunDigestOptions<M>, logger: Logger, summary: DigestSummary) {
  const { store, poster } = options;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? defaultSleep;
  const maxRetries = options.maxRateLimitRetries ?? DEFAULTS.maxRateLimitRetries;

  /** Post, honouring Retry-After up to `maxRetries` times. */
  const postPatiently = async (channelId: string, message: M): Promise<PostOutcome> => {
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await poster.post(channelId, message);
      if (outcome.ok || outcome.kind !== 'rate_limited') return outcome;
      summary.rateLimited += 1;
      if (attempt >= maxRetries) return outcome;
      const waitMs = Math.max(1, outcome.retryAfterSec ?? 1) * 1000;
      logger.warn('rate limited by Slack; waiting as told', { channel: channelId, retryAfterSec: waitMs / 1000 });
      await sleep(waitMs);
    }
  };

  const pause = async (subscription: Subscription, reason: string, articles: number): Promise<ChannelResult> => {
    await store.pauseSubscription(subscription.id, reason, now());
    summary.paused += 1;
    logger.warn('subscription paused', { subscription: subscription.id, channel: subscription.channelId, reason });
    const told = await poster.notify(subscription.createdBy, { kind: 'paused', subscription, reason });
    if (!told.ok) logger.warn('could not tell the subscriber', { subscription: subscription.id, user: subscription.createdBy, error: told.error });
    return { subscriptionId: subscription.id, channelId: subscription.channelId, status: 'paused', reason, articles };
  };

  return async (subscription: Subscription, deliverable: ReadonlyArray<{ article: Article; firstSeenAt: Date }>, matcher: QueryMatcher): Promise<ChannelResult> => {
    const base = { subscriptionId: subscription.id, channelId: subscription.channelId };
    // Read deliveries now, not at the start of the run, so a retried or concurrent run sees the latest.
    const delivered = await store.deliveredArticleIds(subscription.id);
    const articles = pendingArticles(subscription, deliverable, delivered, matcher);
    if (articles.length === 0) return { ...base, status: 'nothing_new' };

    // The renderer gets every pending article and decides how many become cards ("and N more").
    const message = options.renderDigest(articles, subscription, articles.length);
    let outcome = await postPatiently(subscription.channelId, message);

    if (!outcome.ok && outcome.kind === 'not_in_channel') {
      const joined = await poster.join(subscription.channelId);
      if (joined.ok) {
        logger.info('joined the channel to post a digest', { channel: subscription.channelId });
        outcome = await postPatiently(subscription.channelId, message);
      } else if (joined.kind === 'private') {
        summary.failed += 1;
        // Ask once; asking again every run would nag. The next delivery clears the mark.
        let told = false;
        if (!subscription.inviteRequestedAt) {
          told = (await poster.notify(subscription.createdBy, { kind: 'needs_invite', subscription })).ok;
          if (told) await store.markInviteRequested(subscription.id, now());
        }
        logger.warn('digest not posted: the bot must be invited to the private channel', {
          subscription: subscription.id,
          channel: subscription.channelId,
          toldSubscriber: told,
          askedBefore: subscription.inviteRequestedAt?.toISOString(),
        });
        return { ...base, status: 'needs_invite', articles: articles.length };
      } else if (joined.kind === 'channel_not_found' || joined.kind === 'is_archived') {
        return pause(subscription, PAUSE_REASONS[joined.kind], articles.length);
      }
    }

    if (outcome.ok) {
      await store.recordDelivery({
        subscriptionId: subscription.id,
        articleIds: articles.map((a) => a.id),
        channelId: subscription.channelId,
        messageTs: outcome.ts,
        deliveredAt: now(),
      });
      summary.posted += 1;
      summary.articlesDelivered += articles.length;
      logger.info('digest posted', { subscription: subscription.id, channel: subscription.channelId, articles: articles.length, ts: outcome.ts });
      return { ...base, status: 'posted', articles: articles.length, ts: outcome.ts };
    }
    if (outcome.kind === 'channel_not_found' || outcome.kind === 'is_archived') {
      return pause(subscription, PAUSE_REASONS[outcome.kind], articles.length);
    }
    summary.failed += 1;
    logger.warn('digest not posted; will retry next run', { subscription: subscription.id, channel: subscription.channelId, error: outcome.error });
    return { ...base, status: 'failed', error: outcome.error, articles: articles.length };
  };
}

/** Run `task` over `items` with at most `limit` in flight; never rejects (tasks handle their errors). */
async function forEachConcurrently<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
