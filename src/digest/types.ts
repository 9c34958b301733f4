/**
 * What the digest job needs from the outside, as plain interfaces: a poster that delivers opaque
 * messages to channels and says what happened in typed outcomes, and a renderer that turns articles
 * into such a message. The Slack implementations live in src/slack/digest-posting/; digest/ never imports
 * @slack/*.
 */
import type { Article, Catalog } from '../catalog/types.js';
import type { Subscription } from '../store/types.js';

/** Why a post was refused, in the terms the digest acts on. */
export type PostFailureKind =
  /** The bot is not a member: join (public) or ask for an /invite (private). */
  | 'not_in_channel'
  /** The channel is gone or invisible: pause the subscription. */
  | 'channel_not_found'
  /** The channel is archived: pause the subscription. */
  | 'is_archived'
  /** Slack said slow down; `retryAfterSec` says for how long. */
  | 'rate_limited'
  /** Slack rejected the token (revoked, expired, app removed): nothing will get through this run. */
  | 'auth'
  /**
   * The request may have reached Slack but no answer came (timeout, connection dropped, 5xx):
   * the message may or may not be posted. Settled next run by looking for it in the channel.
   */
  | 'unknown'
  /** Look-ups only: Slack will not let the bot read the channel's history (a history scope missing, token type…). */
  | 'unverifiable'
  /** Anything else (network before sending, payload problems): not posted; retried on the next run. */
  | 'other';

export type PostFailure = { ok: false; kind: PostFailureKind; error: string; retryAfterSec?: number };

export type PostOutcome = { ok: true; ts: string } | PostFailure;

export type JoinOutcome = { ok: true } | { ok: false; kind: 'private' | PostFailureKind; error: string };

/** Whether a message posted with a delivery key is in the channel: `ts` when found, undefined when not. */
export type LookupOutcome = { ok: true; ts: string | undefined } | PostFailure;

/**
 * Delivers digest messages. `M` is whatever the renderer produces (Block Kit for Slack); the digest
 * only passes it through.
 */
export interface ChannelPoster<M = unknown> {
  /** Post `message`; `deliveryKey` travels with it (Slack message metadata) so it can be found again. */
  post(channelId: string, message: M, options?: { deliveryKey?: string }): Promise<PostOutcome>;
  /** Look in the channel's messages since `since` for the one posted with `deliveryKey`. */
  findPosted(channelId: string, deliveryKey: string, since: Date): Promise<LookupOutcome>;
  /** Join a public channel so the next post goes through. */
  join(channelId: string): Promise<JoinOutcome>;
  /** Tell a subscriber by direct message that their subscription needs attention. Never throws. */
  notify(userId: string, notice: SubscriberNotice): Promise<PostOutcome>;
}

/**
 * Why a subscriber is being told something. Structured, so the Slack side words and escapes it.
 * `paused`: the channel is gone or archived; the subscription is kept, paused, with `reason`.
 * `needs_invite`: a private channel the bot cannot join by itself; someone must /invite it.
 */
export type SubscriberNotice =
  | { kind: 'paused'; subscription: Subscription; reason: string }
  | { kind: 'needs_invite'; subscription: Subscription };

/** Builds one digest message for all of a subscription's new articles (`total` of them), newest first; it chooses how many to show in full. */
/**
 * The digest message of a channel: `articles` (newest first) for `subscription`; when the message
 * serves several of the channel's subscriptions, `all` lists them (the first is `subscription`).
 */
export type RenderDigest<M = unknown> = (articles: readonly Article[], subscription: Subscription, total: number, all?: readonly Subscription[]) => M;

/** What the digest needs of a search engine: the articles a saved query matches. */
export interface QueryMatcher {
  matchingIds(query: string): Set<string>;
}

/**
 * Where a digest run gets its catalog and matcher: the running bot passes the engine it keeps
 * current for search, `catalog-bot digest --now` one it loads for itself (see digest-catalog.ts).
 */
export interface DigestCatalog {
  /** Reload the source (a failed reload keeps the catalog in service) and give the catalog with a matcher built from exactly it. */
  refresh(): Promise<{ catalog: Catalog; matcher: QueryMatcher }>;
}

/** What a subscription's run came to. */
export type ChannelResult =
  | { subscriptionId: string; channelId: string; status: 'posted'; articles: number; ts: string }
  /** An earlier run's digest, unconfirmed then, was found in the channel and recorded; nothing more to post. */
  | { subscriptionId: string; channelId: string; status: 'recovered'; articles: number; ts: string }
  /** Posted, but Slack's answer never came: the next run looks for it in the channel before posting again. */
  | { subscriptionId: string; channelId: string; status: 'unconfirmed'; error: string; articles: number }
  | { subscriptionId: string; channelId: string; status: 'nothing_new' }
  | { subscriptionId: string; channelId: string; status: 'paused'; reason: string; articles: number }
  | { subscriptionId: string; channelId: string; status: 'needs_invite'; articles: number }
  | { subscriptionId: string; channelId: string; status: 'failed'; error: string; articles: number };

export interface DigestSummary {
  /** False when another process held the lock and this run did nothing. */
  ran: boolean;
  /** Why it did not run, or what the first run did. */
  note?: string;
  /** This run recorded the catalog as the baseline and posted nothing. */
  firstRun: boolean;
  /** Articles seen for the first time in this run. */
  newArticles: number;
  /** Active subscriptions considered. */
  channels: number;
  /** Digest messages Slack accepted. */
  posted: number;
  /** Articles those messages carried. */
  articlesDelivered: number;
  /** Earlier runs' unconfirmed digests found in their channel and recorded (not posted again). */
  recovered: number;
  /** Subscriptions whose digest did not go out or was not confirmed (settled next run unless paused). */
  failed: number;
  /** Subscriptions paused in this run. */
  paused: number;
  /** 429 answers met (each honoured). */
  rateLimited: number;
  /** Set when Slack rejected the bot token: the run stopped there, everything left waits for the next run. */
  tokenRejected?: string;
  durationMs: number;
  results: ChannelResult[];
}
