/**
 * The state store behind subscriptions and digests. Every method is async so that a PostgreSQL
 * implementation (several replicas sharing one database) can be added without touching callers;
 * the SQLite implementation (`sqlite-store.ts`) is the only one today. Nothing relies on a single
 * writer: each method that writes several rows is one transaction, and the rules that must hold
 * across processes (one subscription per channel and query, one open delivery attempt per
 * subscription, one lock holder) are unique keys, not checks in code.
 *
 * Times are `Date`s; ids are plain strings. Nothing here knows about Slack or the search engine:
 * a subscription's query is stored as the canonical text the search parser produced.
 */

export type SubscriptionState = 'active' | 'paused';

export interface Subscription {
  /** Short, human-typable id such as `s7k2p` (lower-case letters and digits, no look-alikes). */
  id: string;
  /** Slack channel the digests go to. */
  channelId: string;
  /** Canonical query text (`formatQuery`); '' means every new article. */
  query: string;
  /** Slack user id of whoever subscribed; told by DM when the subscription is paused. */
  createdBy: string;
  createdAt: Date;
  state: SubscriptionState;
  /** Why it is paused, in words a person can act on (e.g. "the channel was archived"). */
  pausedReason?: string;
  pausedAt?: Date;
  /** When a digest was last accepted by Slack for it. */
  lastDeliveredAt?: Date;
  /**
   * When its creator was asked to /invite the bot into the (private) channel; cleared by the next
   * delivery. While set, the digest does not ask again.
   */
  inviteRequestedAt?: Date;
}

export interface SubscriptionFilter {
  channelId?: string;
  state?: SubscriptionState;
  createdBy?: string;
}

export interface NewSubscription {
  channelId: string;
  query: string;
  createdBy: string;
  createdAt: Date;
}

export interface AddSubscriptionResult {
  subscription: Subscription;
  /** False when the channel already had a subscription with the same query (that one is returned). */
  created: boolean;
}

/** A channel already holding the most subscriptions allowed (addSubscription with a limit). */
export interface ChannelFull {
  full: true;
  /** Subscriptions the channel has (active and paused). */
  count: number;
}

export interface SeenArticle {
  articleId: string;
  firstSeenAt: Date;
  /**
   * Recorded by the very first run on an empty database: part of the catalog as it was before the
   * bot started watching, so never delivered to anyone (no backfill flood).
   */
  baseline: boolean;
}

export interface DeliveryRecord {
  subscriptionId: string;
  /** Every article the accepted message carried (cards and "and N more" alike). */
  articleIds: readonly string[];
  channelId: string;
  /** Slack's `ts` of the accepted message. */
  messageTs: string;
  deliveredAt: Date;
  /** The attempt this message was posted under; closed in the same transaction. */
  attemptKey?: string;
}

/**
 * A digest message about to be posted, recorded before the post. While it is open, whether Slack
 * has the message is not known here: a run that died or timed out between Slack's acceptance and
 * `recordDelivery` leaves it open, and the next run looks for `key` in the channel's history (the
 * message carries it as metadata) before posting again.
 */
export interface DeliveryAttempt {
  /** Unique; carried in the message's metadata. */
  key: string;
  subscriptionId: string;
  channelId: string;
  /** Every article the message carries. */
  articleIds: readonly string[];
  startedAt: Date;
}

export interface Delivery {
  subscriptionId: string;
  articleId: string;
  channelId: string;
  messageTs: string;
  deliveredAt: Date;
}

export interface LockHolder {
  name: string;
  owner: string;
  acquiredAt: Date;
  expiresAt: Date;
}

export interface AcquireLockOptions {
  now: Date;
  /** How long the lock is held without renewal before another owner may take it. */
  ttlMs: number;
  /**
   * Take the lock even if unexpired when it is held by exactly this owner (known to be dead, e.g. a
   * crashed process on this host). Ignored when someone else holds it.
   */
  takeOverFrom?: string;
}

/**
 * What the last attempt to fetch an article's page came to. `fetched`: new text stored;
 * `unchanged`: the server answered 304 (or the same bytes), the text kept; `failed`: nothing usable
 * this time, the previous text (if any) kept and the page retried after `nextAttemptAt`; `robots`:
 * robots.txt refuses us the page, so its text is dropped.
 */
export type ArticleTextOutcome = 'fetched' | 'unchanged' | 'failed' | 'robots';

/** An article page's crawl state, without its text (listing 10,000 of them must not read 1 GB). */
export interface ArticleTextState {
  /** The article's URL as the catalog writes it: the key the search side looks texts up by. */
  url: string;
  hasText: boolean;
  etag?: string;
  lastModified?: string;
  /** When the page was last asked for, whatever the answer. */
  fetchedAt: Date;
  outcome: ArticleTextOutcome;
  /** Failed or refused: a short stable code (`timeout`, `http_500`, `too_large`…) and what happened. */
  reason?: string;
  /** Failed attempts in a row (0 after a success). */
  failures: number;
  /** Failed: not asked for again before this time (back-off, or the server's Retry-After). */
  nextAttemptAt?: Date;
}

/**
 * One attempt's result, written by `saveArticleText`. `fetched` replaces the text; `unchanged` and
 * `failed` keep it (a page that is down keeps serving what it said); `robots` removes it. `failed`
 * adds one to the failure count; the others reset it.
 */
export interface ArticleTextUpdate {
  url: string;
  outcome: ArticleTextOutcome;
  at: Date;
  /** `fetched` only: the extracted main text. */
  text?: string;
  /** `fetched` / `unchanged`: validators for the next conditional request (undefined: keep/none). */
  etag?: string;
  lastModified?: string;
  reason?: string;
  nextAttemptAt?: Date;
}

/** Which implementation holds the state (reported by /healthz). */
export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  readonly kind: StoreKind;
  /** Where the data lives, for messages (a file path for SQLite). */
  readonly location: string;

  /**
   * Whether the store can serve a request now (a trivial read; SQLite also checks that its file is
   * still the one it opened). Never throws: false with the reason logged at debug.
   */
  ping(): Promise<boolean>;
  /** How commits are made durable (SQLite: `synchronous=FULL, journal_mode=WAL`), if the store can tell. */
  durability?(): string;
  /** Why writes are refused now (the last one failed, none went through since), if they are and the store can tell. */
  writeProblem?(): string | undefined;

  addSubscription(input: NewSubscription): Promise<AddSubscriptionResult>;
  /**
   * The same, unless the channel already has `maxPerChannel` subscriptions (active and paused): then
   * nothing is added. Counted and added in one transaction, so a burst of subscribes cannot pass it.
   */
  addSubscription(input: NewSubscription, limit: { maxPerChannel: number }): Promise<AddSubscriptionResult | ChannelFull>;
  getSubscription(id: string): Promise<Subscription | undefined>;
  /** Oldest first. `createdBy`: the ones a user created, in any channel (their App Home). */
  listSubscriptions(filter?: SubscriptionFilter): Promise<Subscription[]>;
  /** Removes it with its delivery history. False when no such id. */
  removeSubscription(id: string): Promise<boolean>;
  /** Removes every subscription of a channel; returns the removed ones. */
  removeChannelSubscriptions(channelId: string): Promise<Subscription[]>;
  pauseSubscription(id: string, reason: string, at: Date): Promise<void>;
  resumeSubscription(id: string): Promise<void>;
  /** Note that the creator was asked to /invite the bot (cleared by `recordDelivery`). */
  markInviteRequested(id: string, at: Date): Promise<void>;

  /** Number of articles ever seen (0 on an empty database: the next digest run is the first). */
  countSeenArticles(): Promise<number>;
  /** Every seen article by id. */
  seenArticles(): Promise<Map<string, SeenArticle>>;
  /** Records these ids as first seen at `at` (ids already seen keep their first time). Returns how many were new. */
  markSeen(articleIds: readonly string[], at: Date, options?: { baseline?: boolean }): Promise<number>;

  /** Article ids already delivered to a subscription. */
  deliveredArticleIds(subscriptionId: string): Promise<Set<string>>;
  /**
   * Records one accepted message atomically (all its articles), sets `lastDeliveredAt`, clears
   * `inviteRequestedAt`, and closes `attemptKey` if given.
   */
  recordDelivery(delivery: DeliveryRecord): Promise<void>;

  /** Records an attempt before its message is posted. False when the subscription already has an open one (settle that first). */
  beginDeliveryAttempt(attempt: DeliveryAttempt): Promise<boolean>;
  /** The subscription's open attempt: one whose message may or may not be in Slack. */
  openDeliveryAttempt(subscriptionId: string): Promise<DeliveryAttempt | undefined>;
  /** Closes an attempt whose message is known not to be in Slack. */
  abandonDeliveryAttempt(key: string): Promise<void>;
  /** Every delivery, oldest first (diagnostics, tests, benchmark proofs). */
  listDeliveries(filter?: { subscriptionId?: string; channelId?: string }): Promise<Delivery[]>;

  /** True when `owner` now holds the named lock (free, expired, already its own, or taken over). */
  acquireLock(name: string, owner: string, options: AcquireLockOptions): Promise<boolean>;
  /** Extends a lock `owner` holds; false when it no longer holds it. */
  renewLock(name: string, owner: string, options: { now: Date; ttlMs: number }): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;
  lockHolder(name: string): Promise<LockHolder | undefined>;

  /**
   * Claim a Slack event for answering, across every process sharing the store. A claim is held by
   * its claimant until it is marked answered; a retry meeting a claim that was never answered takes
   * it over once the claim is `leaseMs` old, or at once when `takeOverFrom` names its claimant (a
   * process known to be gone). Claims are forgotten EVENT_CLAIM_TTL_MS after they were made (older
   * ones are pruned as new ones come in). A claimant meeting its own unanswered claim (its claim
   * re-run after a lost commit) gets `taken-over` too: whether its answer went out is unknown.
   */
  claimEvent(eventId: string, options: EventClaimOptions): Promise<EventClaim>;
  /**
   * Restarts the lease of `claimant`'s unanswered claim (just before it posts a late answer, so
   * nobody takes it over while the post is under way); false when the claim is no longer its own.
   */
  renewEventClaim(eventId: string, claimant: string, now: Date): Promise<boolean>;
  /** The event's answer is out: a retry of it is dropped from now on, whoever holds the claim. */
  markEventAnswered(eventId: string, at: Date): Promise<void>;

  /** url -> extracted main text, for every article page that has text. */
  articleTexts(): Promise<Map<string, string>>;
  /** Every page's crawl state by url (no text). */
  articleTextStates(): Promise<Map<string, ArticleTextState>>;
  /** Record one fetch attempt (see `ArticleTextUpdate`). */
  saveArticleText(update: ArticleTextUpdate): Promise<void>;
  /** Drops the text and state of every page whose url is not in `keep` (articles gone from the catalog). Returns how many. */
  removeArticleTextsExcept(keep: readonly string[]): Promise<number>;

  close(): Promise<void>;
}

export interface EventClaimOptions {
  /** Who claims (`host:pid:nonce`, as job lock owners). */
  claimant: string;
  now: Date;
  /** How long an unanswered claim keeps others off. */
  leaseMs: number;
  /** Take the claim over at once if this claimant holds it unanswered (it is known to be gone). */
  takeOverFrom?: string;
}

export type EventClaim =
  /** Nobody had claimed it: answer it. */
  | { outcome: 'claimed' }
  /** Claimed before but never marked answered, and now ours: its answer may be out already (look before answering). */
  | { outcome: 'taken-over'; from: string }
  /** Its answer is out: drop it. */
  | { outcome: 'answered' }
  /** Another claimant is (or was) answering it; theirs until `until`, unless they are known to be gone. */
  | { outcome: 'held'; claimant: string; until: Date };

/** How long a claimed event id is remembered: Slack's last retry comes about 6 minutes after the first delivery. */
export const EVENT_CLAIM_TTL_MS = 60 * 60_000;
