/**
 * One channel's turn in a digest run: settle what an earlier run left unconfirmed, then post what
 * its subscriptions still need as one message, so that every (subscription, article) reaches the
 * channel exactly once and a channel gets one digest per run however many subscriptions it has.
 *
 * 1. An open delivery attempt (a post whose outcome nobody learned: a timeout, a crash between
 *    Slack's acceptance and the record) is settled first, by looking for its key in the channel's
 *    history. Found: recorded as delivered, not posted again. Not there: closed; its articles are
 *    still pending. History unreadable (a history scope missing): closed with a warning that the
 *    digest may be doubled, because posting again is then the only way not to lose it.
 * 2. The attempt is recorded before the post, and the post carries its key (message metadata).
 * 3. Slack's answer closes it: accepted → delivery recorded in the same transaction; refused →
 *    closed, nothing was posted; no answer → left open for step 1 of the next run.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Article } from '../catalog/types.js';
import type { Store, Subscription } from '../store/types.js';
import { pendingArticles, type DeliverableArticle } from './pending.js';
import type { ChannelPoster, ChannelResult, DigestSummary, JoinOutcome, PostFailure, QueryMatcher, RenderDigest } from './types.js';

/** Words shown to people for why a subscription was paused. */
export const PAUSE_REASONS = {
  channel_not_found: 'the channel no longer exists, or the bot can no longer see it',
  is_archived: 'the channel was archived',
} as const;

export interface DeliverContext<M> {
  store: Store;
  poster: ChannelPoster<M>;
  renderDigest: RenderDigest<M>;
  logger: Logger;
  now: () => Date;
  /** Wait used to honour Retry-After. */
  sleep: (ms: number) => Promise<void>;
  /** How many 429s one call may meet before it is left for the next run. */
  maxRateLimitRetries: number;
  /** An open attempt is looked up only once it is this old (its post may still be under way at Slack). */
  settleAfterMs: number;
  /** Counters of the run, updated as subscriptions are handled. */
  summary: DigestSummary;
  /** Slack rejected the bot token (called for every such answer; the run stops at the first). */
  onTokenRejected: (error: string) => void;
}

type Failure = PostFailure | Extract<JoinOutcome, { ok: false }>;

export function channelDeliverer<M>(context: DeliverContext<M>) {
  const { store, poster, logger, now, summary } = context;

  /** Run a Slack call, honouring Retry-After up to `maxRateLimitRetries` times. */
  const patiently = async <T extends { ok: true }>(channelId: string, call: () => Promise<T | PostFailure>): Promise<T | PostFailure> => {
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await call();
      if (outcome.ok || outcome.kind !== 'rate_limited') return outcome;
      summary.rateLimited += 1;
      if (attempt >= context.maxRateLimitRetries) return outcome;
      const waitMs = Math.max(1, outcome.retryAfterSec ?? 1) * 1000;
      logger.warn('rate limited by Slack; waiting as told', { channel: channelId, retryAfterSec: waitMs / 1000 });
      await context.sleep(waitMs);
    }
  };

  /** Run a channel call; when the bot is not a member, join (public channels) and run it again. */
  const inChannel = async <T extends { ok: true }>(channelId: string, call: () => Promise<T | PostFailure>): Promise<T | Failure> => {
    const outcome = await patiently(channelId, call);
    if (outcome.ok || outcome.kind !== 'not_in_channel') return outcome;
    const joined = await poster.join(channelId);
    if (!joined.ok) return joined;
    logger.info('joined the channel to deliver a digest', { channel: channelId });
    return patiently(channelId, call);
  };

  const told = (outcome: { ok: boolean; kind?: string; error?: string }, subscription: Subscription) => {
    if (outcome.ok) return true;
    if (outcome.kind === 'auth') context.onTokenRejected(outcome.error ?? 'auth');
    else logger.warn('could not tell the subscriber', { subscription: subscription.id, user: subscription.createdBy, error: outcome.error });
    return false;
  };

  const pause = async (subscription: Subscription, reason: string, articles: number): Promise<ChannelResult> => {
    await store.pauseSubscription(subscription.id, reason, now());
    summary.paused += 1;
    logger.warn('subscription paused', { subscription: subscription.id, channel: subscription.channelId, reason });
    told(await poster.notify(subscription.createdBy, { kind: 'paused', subscription, reason }), subscription);
    return { subscriptionId: subscription.id, channelId: subscription.channelId, status: 'paused', reason, articles };
  };

  const needsInvite = async (subscription: Subscription, articles: number): Promise<ChannelResult> => {
    summary.failed += 1;
    // Ask once; asking again every run would nag. The next delivery clears the mark.
    let asked = false;
    if (!subscription.inviteRequestedAt) {
      asked = told(await poster.notify(subscription.createdBy, { kind: 'needs_invite', subscription }), subscription);
      if (asked) await store.markInviteRequested(subscription.id, now());
    }
    logger.warn('digest not posted: the bot must be invited to the private channel', {
      subscription: subscription.id,
      channel: subscription.channelId,
      toldSubscriber: asked,
      askedBefore: subscription.inviteRequestedAt?.toISOString(),
    });
    return { subscriptionId: subscription.id, channelId: subscription.channelId, status: 'needs_invite', articles };
  };

  /** What a refusal means for the subscription. `doing` says which step failed, for the log. */
  const refused = (subscription: Subscription, failure: Failure, articles: number, doing: string): Promise<ChannelResult> | ChannelResult => {
    if (failure.kind === 'private') return needsInvite(subscription, articles);
    if (failure.kind === 'channel_not_found' || failure.kind === 'is_archived') return pause(subscription, PAUSE_REASONS[failure.kind], articles);
    summary.failed += 1;
    // A rejected token is logged once for the whole run, not once per channel.
    if (failure.kind === 'auth') context.onTokenRejected(failure.error);
    else logger.warn(`digest not delivered (${doing} failed); will retry next run`, { subscription: subscription.id, channel: subscription.channelId, error: failure.error });
    return { subscriptionId: subscription.id, channelId: subscription.channelId, status: 'failed', error: failure.error, articles };
  };

  /**
   * Settle an attempt an earlier run left open. Returns a result when the subscription's turn ends
   * here (the look-up failed: the attempt stays open), else what was recovered, if anything.
   */
  const settle = async (subscription: Subscription): Promise<{ done: ChannelResult } | { recovered?: { ts: string; articles: number } }> => {
    const open = await store.openDeliveryAttempt(subscription.id);
    if (!open) return {};
    // A young attempt's post may still be under way at Slack (its runner was killed a moment ago):
    // looking now could miss it and post the digest twice, so wait until it cannot be.
    const age = now().getTime() - open.startedAt.getTime();
    if (age < context.settleAfterMs) {
      logger.info('waiting for an unconfirmed digest to be old enough to look for', { subscription: subscription.id, channel: subscription.channelId, waitMs: context.settleAfterMs - age });
      await context.sleep(context.settleAfterMs - age);
    }
    const fields = { subscription: subscription.id, channel: subscription.channelId, key: open.key, startedAt: open.startedAt.toISOString() };
    // `<message key>/<subscription id>` when the message served several subscriptions.
    const messageKey = open.key.split('/')[0]!;
    const found = await inChannel(subscription.channelId, () => poster.findPosted(subscription.channelId, messageKey, open.startedAt));
    if (found.ok && found.ts !== undefined) {
      await store.recordDelivery({
        subscriptionId: subscription.id,
        articleIds: open.articleIds,
        channelId: subscription.channelId,
        messageTs: found.ts,
        deliveredAt: now(),
        attemptKey: open.key,
      });
      summary.recovered += 1;
      logger.info('unconfirmed digest found in the channel: recorded, not posted again', { ...fields, ts: found.ts, articles: open.articleIds.length });
      return { recovered: { ts: found.ts, articles: open.articleIds.length } };
    }
    if (found.ok) {
      await store.abandonDeliveryAttempt(open.key);
      logger.info('unconfirmed digest is not in the channel: posting it', fields);
      return {};
    }
    if (found.kind === 'unverifiable') {
      await store.abandonDeliveryAttempt(open.key);
      logger.warn('cannot read the channel to check for an unconfirmed digest; posting it again, so it may be doubled', {
        ...fields,
        error: found.error,
        fix: 'give the app the channels:history, groups:history and mpim:history scopes (manifest.yml) and reinstall it',
      });
      return {};
    }
    return { done: await refused(subscription, found, open.articleIds.length, 'looking for an unconfirmed digest') };
  };

  /**
   * One channel's turn: every subscription of the channel settles what an earlier run left open,
   * then the articles they still need (each article once, however many of them match it) go out
   * as ONE message, recorded as delivered for each subscription it serves. With a single
   * subscription the attempt's key is the message's delivery key; with several, each attempt is
   * `<message key>/<subscription id>` and the message carries `<message key>`.
   */
  return async (subscriptions: readonly Subscription[], deliverable: readonly DeliverableArticle[], matcher: QueryMatcher): Promise<ChannelResult[]> => {
    const results: ChannelResult[] = [];
    const waiting: Array<{ subscription: Subscription; articles: Article[]; recovered?: { ts: string; articles: number } }> = [];
    for (const subscription of subscriptions) {
      const base = { subscriptionId: subscription.id, channelId: subscription.channelId };
      const settled = await settle(subscription);
      if ('done' in settled) {
        results.push(settled.done);
        continue;
      }
      // Read deliveries now, not at the start of the run, so a retried or concurrent run sees the latest.
      const delivered = await store.deliveredArticleIds(subscription.id);
      const articles = pendingArticles(subscription, deliverable, delivered, matcher);
      if (articles.length === 0) results.push(settled.recovered ? { ...base, status: 'recovered', ...settled.recovered } : { ...base, status: 'nothing_new' });
      else waiting.push({ subscription, articles, ...(settled.recovered ? { recovered: settled.recovered } : {}) });
    }
    if (waiting.length === 0) return results;

    const channelId = waiting[0]!.subscription.channelId;
    // Each article once, newest first (catalog order), whichever subscriptions matched it. The
    // renderer gets every pending article and decides how many become cards ("and N more").
    const render = (entries: typeof waiting) => {
      const wanted = new Set(entries.flatMap((e) => e.articles.map((a) => a.id)));
      const union = deliverable.map((d) => d.article).filter((a) => wanted.has(a.id));
      const subs = entries.map((e) => e.subscription);
      return { union, message: context.renderDigest(union, subs[0]!, union.length, subs) };
    };
    // Rendered before any attempt is opened: a renderer failure leaves nothing to settle.
    let rendered = render(waiting);
    const messageKey = randomUUID();
    const attemptKey = (subscription: Subscription) => (waiting.length === 1 ? messageKey : `${messageKey}/${subscription.id}`);
    const open: typeof waiting = [];
    for (const entry of waiting) {
      const { subscription, articles } = entry;
      const opened = await store.beginDeliveryAttempt({ key: attemptKey(subscription), subscriptionId: subscription.id, channelId, articleIds: articles.map((a) => a.id), startedAt: now() });
      if (opened) {
        open.push(entry);
        continue;
      }
      // Only another runner can have opened one since settle(): leave this subscription to it.
      summary.failed += 1;
      logger.warn('another runner is delivering this digest; leaving it to that runner', { subscription: subscription.id, channel: channelId });
      results.push({ subscriptionId: subscription.id, channelId, status: 'failed', error: 'another runner is delivering it', articles: articles.length });
    }
    if (open.length === 0) return results;
    if (open.length < waiting.length) rendered = render(open);
    const { union, message } = rendered;

    const outcome = await inChannel(channelId, () => poster.post(channelId, message, { deliveryKey: messageKey }));
    if (outcome.ok) {
      for (const { subscription, articles } of open) {
        await store.recordDelivery({ subscriptionId: subscription.id, articleIds: articles.map((a) => a.id), channelId, messageTs: outcome.ts, deliveredAt: now(), attemptKey: attemptKey(subscription) });
        results.push({ subscriptionId: subscription.id, channelId, status: 'posted', articles: articles.length, ts: outcome.ts });
      }
      summary.posted += 1;
      summary.articlesDelivered += union.length;
      logger.info('digest posted', { channel: channelId, subscriptions: open.map((e) => e.subscription.id), articles: union.length, ts: outcome.ts });
      return results;
    }
    if (outcome.kind === 'unknown') {
      summary.failed += 1;
      logger.warn('Slack did not confirm the digest; the next run looks for it in the channel before posting again', { channel: channelId, key: messageKey, error: outcome.error });
      for (const { subscription, articles } of open) results.push({ subscriptionId: subscription.id, channelId, status: 'unconfirmed', error: outcome.error, articles: articles.length });
      return results;
    }
    // Slack answered, and not with the message: nothing was posted under this key.
    for (const { subscription } of open) await store.abandonDeliveryAttempt(attemptKey(subscription));
    for (const { subscription, articles } of open) results.push(await refused(subscription, outcome, articles.length, 'posting the digest'));
    return results;
  };
}
