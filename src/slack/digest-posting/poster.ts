/**
 * The digest's `ChannelPoster` over a real `WebClient`: every Slack answer becomes a typed outcome
 * the digest acts on (join, pause, wait, retry next run, look it up next run), and posts are paced
 * (see pacer.ts).
 *
 * The client must leave rate limits and retries to us: build it with `createDigestWebClient` (or
 * pass one made with `rejectRateLimitedCalls: true` and no retries). WebClient's own behaviour on
 * a 429 is to pause its whole queue and retry silently, and on a network error to resend a
 * chat.postMessage that Slack may already have accepted — a duplicate digest. Instead a post with
 * no answer is `unknown`, and the digest looks for its delivery key (sent as message metadata) in
 * the channel's history before posting again (conversations.history with include_all_metadata,
 * which needs channels:history, groups:history and mpim:history).
 *
 * Once Slack rejects the token, every later call of this poster answers the same without asking
 * Slack: nothing would get through, and one run must not hammer Slack with a dead token.
 */
import { WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { ChannelPoster, JoinOutcome, LookupOutcome, PostFailure, PostOutcome, SubscriberNotice } from '../../digest/types.js';
import type { Logger } from '../../logger.js';
import type { SlackMessage } from '../blocks/message.js';
import { postFailure } from '../post-failure.js';
import { subscriberNoticeMessage } from './notices.js';
import { PostPacer, type PacerOptions } from './pacer.js';

export interface WebClientPosterOptions {
  /** Pacing of chat.postMessage (workspace rate, per-channel gap). See PacerOptions for defaults. */
  pacing?: PacerOptions;
  /** Share a pacer between posters (e.g. DMs and digests). Default: a new one. */
  pacer?: PostPacer;
}

export interface DigestClientSettings {
  botToken?: string;
  /** Web API base URL (SLACK_API_URL); default Slack's. */
  apiUrl?: string;
  /** Give up waiting for an answer after this long (the post's outcome is then unknown). Default 30 s. */
  timeoutMs?: number;
}

/** A WebClient for digests: 429s and errors come back to us, no silent retries, 30 s timeout. */
export function createDigestWebClient(settings: DigestClientSettings, logger: Logger): WebClient {
  return new WebClient(settings.botToken, {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: settings.timeoutMs ?? 30_000,
    logger: logger as unknown as SlackLogger,
  });
}

/** conversations.history answers meaning the bot may not read this channel's history (so a look-up cannot tell). */
const HISTORY_REFUSED = new Set(['missing_scope', 'not_allowed_token_type', 'no_permission', 'access_denied', 'method_not_supported_for_channel_type', 'ekm_access_denied']);

/** What every Web API failure means to a poster (shared with interactive posts). */
export { postFailure };

/** The metadata event type digests carry; its payload holds the delivery key. */
export const DIGEST_EVENT_TYPE = 'catalog_bot_digest';

/** History pages read per look-up (200 messages each) before giving up as unverifiable. */
const MAX_HISTORY_PAGES = 10;
/** Look a little before the attempt: Slack's clock and ours may differ. */
const HISTORY_MARGIN_MS = 60_000;

export function createWebClientPoster(client: WebClient, logger: Logger, options: WebClientPosterOptions = {}): ChannelPoster<SlackMessage> & { pacer: PostPacer } {
  const pacer = options.pacer ?? new PostPacer(options.pacing);
  let tokenRejected: PostFailure | undefined;

  /** Call Slack unless the token was rejected already; remember a rejection. */
  const call = async <T>(method: string, run: () => Promise<T>): Promise<T | PostFailure> => {
    if (tokenRejected) return tokenRejected;
    try {
      return await run();
    } catch (error) {
      const failure = postFailure(error);
      if (failure.kind === 'auth') tokenRejected ??= failure;
      logger.debug(`${method} refused`, { error: failure.error, kind: failure.kind });
      return failure;
    }
  };
  const failed = <T>(outcome: T | PostFailure): outcome is PostFailure => (outcome as { ok?: unknown }).ok === false;

  const post = async (channel: string, message: SlackMessage, postOptions: { deliveryKey?: string } = {}): Promise<PostOutcome> => {
    if (tokenRejected) return tokenRejected;
    await pacer.acquire(channel);
    const response = await call('chat.postMessage', () =>
      client.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        unfurl_links: message.unfurl_links ?? false,
        unfurl_media: message.unfurl_media ?? false,
        ...(postOptions.deliveryKey ? { metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { delivery_key: postOptions.deliveryKey } } } : {}),
      }),
    );
    if (failed(response)) {
      if (response.kind === 'rate_limited') pacer.onRateLimited(channel, response.retryAfterSec ?? 1);
      else if (response.kind !== 'other' && response.kind !== 'unknown') pacer.onRefused(channel);
      return response;
    }
    pacer.onAccepted();
    if (typeof response.ts !== 'string') return { ok: false, kind: 'other', error: 'Slack accepted the message but returned no ts' };
    return { ok: true, ts: response.ts };
  };

  return {
    pacer,
    post,
    async findPosted(channel: string, deliveryKey: string, since: Date): Promise<LookupOutcome> {
      const oldest = ((since.getTime() - HISTORY_MARGIN_MS) / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_HISTORY_PAGES; page += 1) {
        const response = await call('conversations.history', () =>
          client.conversations.history({ channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) }),
        );
        if (failed(response)) return HISTORY_REFUSED.has(response.error) ? { ...response, kind: 'unverifiable' } : response;
        const found = response.messages?.find((m) => m.metadata?.event_type === DIGEST_EVENT_TYPE && (m.metadata.event_payload as Record<string, unknown> | undefined)?.delivery_key === deliveryKey);
        if (found?.ts) return { ok: true, ts: found.ts };
        cursor = response.response_metadata?.next_cursor;
        if (!response.has_more || !cursor) return { ok: true, ts: undefined };
      }
      return { ok: false, kind: 'unverifiable', error: `more than ${MAX_HISTORY_PAGES * 200} messages since the attempt` };
    },
    async join(channel: string): Promise<JoinOutcome> {
      const response = await call('conversations.join', () => client.conversations.join({ channel }));
      if (!failed(response)) return { ok: true };
      // Bots cannot join private channels themselves; Slack answers this for them.
      if (response.error === 'method_not_supported_for_channel_type') return { ok: false, kind: 'private', error: response.error };
      return response;
    },
    async notify(userId: string, notice: SubscriberNotice): Promise<PostOutcome> {
      const opened = await call('conversations.open', () => client.conversations.open({ users: userId }));
      if (failed(opened)) return opened;
      const dm = opened.channel?.id;
      if (!dm) return { ok: false, kind: 'other', error: 'conversations.open returned no channel' };
      return post(dm, subscriberNoticeMessage(notice));
    },
  };
}
