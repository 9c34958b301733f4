/**
 * Interactive posts (a mention's or a DM's answer, a shared card) reach the channel at most once per
 * request, and are not lost to a slow answer. The client given here must not retry on its own
 * (`createPostingClient`): WebClient's retries resend a chat.postMessage whose answer was merely
 * late, which Slack had already carried out — a second answer in the thread, a second public card.
 *
 * Each post carries a key in its message metadata. A post with no answer (timeout, connection cut,
 * 5xx) has an unknown outcome: the conversation is looked up for the key (as digests do) and the
 * post is sent again only when it is not there. When Slack cannot even be asked, nothing is posted
 * again (at most once). A 429 or a connection that never opened posted nothing: sent again after the wait.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import { postFailure, slackErrorCode } from '../post-failure.js';

/** Message metadata identifying a post: its type and the key fields of its payload. */
export interface PostKey {
  event_type: string;
  event_payload: Record<string, string>;
}

/** The metadata event type of a card posted by Share; its payload holds `share_key`. */
export const SHARE_POST_TYPE = 'catalog_bot_share';

export function shareKey(key: string): PostKey {
  return { event_type: SHARE_POST_TYPE, event_payload: { share_key: key.slice(0, 200) } };
}

export interface PostPlace {
  channel: string;
  /** The post goes to this thread (look in its replies). */
  threadTs?: string;
  /** Top-level post: look at messages newer than this ts (Slack seconds). */
  since: string;
}

/** Messages looked through at most (200 a page) for an earlier post. */
const MAX_PAGES = 5;
/** Attempts at most for one post (each after a 429, a connection that never opened, or a look-up that found nothing). */
const MAX_ATTEMPTS = 3;
/** A 429's Retry-After is honoured up to this long; beyond it the post gives up (the user is not waiting minutes). */
const MAX_RATE_LIMIT_WAIT_S = 20;
/** Top-level look-ups start this long before the attempt: Slack's clock and ours may differ. */
const CLOCK_MARGIN_S = 60;

type Message = { metadata?: { event_type?: string; event_payload?: unknown } };

const carries = (key: PostKey) => (m: Message) => {
  if (m.metadata?.event_type !== key.event_type) return false;
  const payload = m.metadata.event_payload as Record<string, unknown> | undefined;
  return Object.entries(key.event_payload).every(([field, value]) => payload?.[field] === value);
};

/**
 * True when a message carrying `key` is in Slack, in the thread (conversations.replies) or after
 * `since` (conversations.history). Throws when Slack cannot be asked.
 */
export async function alreadyPosted(client: WebClient, place: PostPlace, key: PostKey): Promise<boolean> {
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const paging = { include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
    const response = place.threadTs
      ? await client.conversations.replies({ channel: place.channel, ts: place.threadTs, ...paging })
      : await client.conversations.history({ channel: place.channel, oldest: place.since, ...paging });
    if ((response.messages as Message[] | undefined)?.some(carries(key))) return true;
    cursor = response.response_metadata?.next_cursor;
    if (!response.has_more || !cursor) return false;
  }
  return false;
}

/** Thrown when a post's outcome stays unknown: it may be in the channel, and is not sent again. */
export class PostOutcomeUnknownError extends Error {
  constructor(
    readonly channel: string,
    cause: unknown,
  ) {
    super(`no answer from Slack for a post in ${channel}, and it could not be looked up: not posted again`, { cause });
    this.name = 'PostOutcomeUnknownError';
  }
}

/**
 * chat.postMessage carrying `key`, at most once. Resolves when it is in Slack (posted now, or found
 * after an unanswered attempt); rethrows Slack's refusals (not_in_channel…) for the caller to handle.
 */
export async function postOnce(client: WebClient, args: ChatPostMessageArguments, key: PostKey, logger: Pick<Logger, 'info' | 'warn'>): Promise<void> {
  const channel = args.channel;
  const threadTs = typeof args.thread_ts === 'string' && args.thread_ts !== '' ? args.thread_ts : undefined;
  const since = (Math.floor(Date.now() / 1000) - CLOCK_MARGIN_S).toFixed(6);
  let lastError: unknown;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    try {
      await client.chat.postMessage({ ...args, metadata: key } as ChatPostMessageArguments);
      return;
    } catch (error) {
      lastError = error;
      const failure = postFailure(error);
      if (failure.kind === 'rate_limited') {
        const wait = failure.retryAfterSec ?? 1;
        if (wait > MAX_RATE_LIMIT_WAIT_S) throw error;
        logger.info('post rate limited; posting again after the wait', { channel, retryAfterSec: wait });
        await delay(wait * 1000);
        continue;
      }
      if (failure.kind === 'unknown') {
        let found: boolean;
        try {
          found = await alreadyPosted(client, { channel, since, ...(threadTs ? { threadTs } : {}) }, key);
        } catch (lookupError) {
          logger.warn('post outcome unknown and the conversation could not be looked up; not posting again', { channel, error: failure.error, lookupError });
          throw new PostOutcomeUnknownError(channel, error);
        }
        if (found) {
          logger.info('post outcome was unknown; found it in Slack, not posted again', { channel, eventType: key.event_type });
          return;
        }
        logger.warn('post outcome was unknown and it is not in Slack; posting again', { channel, attempt, error: failure.error });
        continue;
      }
      // Slack's refusals are the caller's; a connection that never opened posted nothing.
      if (slackErrorCode(error) !== undefined || failure.kind !== 'other') throw error;
      logger.info('post not sent (no connection); posting again', { channel, attempt, error: failure.error });
    }
  }
  throw lastError;
}
