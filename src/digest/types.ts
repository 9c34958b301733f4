/**
 * What the digest job needs from the outside, as plain interfaces: a poster that delivers opaque
 * messages to channels and says what happened in typed outcomes, and a renderer that turns articles
 * into such a message. The Slack implementations live in src/slack/digest/; digest/ never imports
 * @slack/*.
 */
import type { Article } from '../catalog/types.js';
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
  /** The token no longer works (revoked, expired, app removed): nothing will get through this run. */
  | 'auth'
  /** Anything else (network, 5xx, payload problems): retried on the next run. */
  | 'other';

export type PostOutcome =
  | { ok: true; ts: string }
  | { ok: false; kind: PostFailureKind; error: string; retryAfterSec?: number };

export type JoinOutcome = { ok: true } | { ok: false; kind: 'private' | 'channel_not_found' | 'is_archived' | 'other'; error: string };

/**
 * Delivers digest messages. `M` is whatever the renderer produces (Block Kit for Slack); the digest
 * only passes it through.
 */
export interface ChannelPoster<M = unknown> {
  post(channelId: string, message: M): Promise<PostOutcome>;
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
export type RenderDigest<M = unknown> = (articles: readonly Article[], subscription: Subscription, total: number) => M;

/** What the digest needs of a search engine: the articles a saved query matches. */
export interface QueryMatcher {
  matchingIds(query: string): Set<string>;
}

/** What a subscription's run came to. */
export type ChannelResult =
  | { subscriptionId: string; channelId: string; status: 'posted'; articles: number; ts: string }
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
  /** Subscriptions whose digest did not go out (retried next run unless paused). */
  failed: number;
  /** Subscriptions paused in this run. */
  paused: number;
  /** 429 answers met (each honoured). */
  rateLimited: number;
  durationMs: number;
  results: ChannelResult[];
}
