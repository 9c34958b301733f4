/**
 * The digest's `ChannelPoster` over a real `WebClient`: every Slack answer becomes a typed outcome
 * the digest acts on (join, pause, wait, retry next run), and posts are paced (see pacer.ts).
 *
 * The client must leave rate limits to us: build it with `createDigestWebClient` (or pass one made
 * with `rejectRateLimitedCalls: true` and no retries). WebClient's own behaviour on a 429 is to
 * pause its whole queue and retry silently, and on a network error to resend a chat.postMessage
 * that Slack may already have accepted — a duplicate digest. We prefer to leave an unconfirmed
 * digest for the next run.
 */
import { ErrorCode, WebClient, type Logger as SlackLogger } from '@slack/web-api';
import type { ChannelPoster, JoinOutcome, PostFailureKind, PostOutcome, SubscriberNotice } from '../../digest/types.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SlackMessage } from '../conversation/types.js';
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
}

/** A WebClient for digests: 429s and errors come back to us, no silent retries, 30 s timeout. */
export function createDigestWebClient(settings: DigestClientSettings, logger: Logger): WebClient {
  return new WebClient(settings.botToken, {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: 30_000,
    logger: logger as unknown as SlackLogger,
  });
}

const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'missing_scope']);

/** Map anything WebClient throws to an outcome. */
export function postFailure(error: unknown): Extract<PostOutcome, { ok: false }> {
  const e = error as { code?: unknown; data?: { error?: unknown }; retryAfter?: unknown };
  if (e.code === ErrorCode.RateLimitedError) {
    const retryAfterSec = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
    return { ok: false, kind: 'rate_limited', error: 'ratelimited', retryAfterSec };
  }
  if (e.code === ErrorCode.PlatformError && typeof e.data?.error === 'string') {
    const slackError = e.data.error;
    let kind: PostFailureKind = 'other';
    if (slackError === 'not_in_channel' || slackError === 'channel_not_found' || slackError === 'is_archived') kind = slackError;
    else if (slackError === 'ratelimited' || slackError === 'rate_limited') kind = 'rate_limited';
    else if (AUTH_ERRORS.has(slackError)) kind = 'auth';
    return { ok: false, kind, error: slackError, ...(kind === 'rate_limited' ? { retryAfterSec: 1 } : {}) };
  }
  return { ok: false, kind: 'other', error: errorMessage(error) };
}

export function createWebClientPoster(client: WebClient, logger: Logger, options: WebClientPosterOptions = {}): ChannelPoster<SlackMessage> & { pacer: PostPacer } {
  const pacer = options.pacer ?? new PostPacer(options.pacing);

  const post = async (channel: string, message: SlackMessage): Promise<PostOutcome> => {
    await pacer.acquire(channel);
    try {
      const response = await client.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        unfurl_links: message.unfurl_links ?? false,
        unfurl_media: message.unfurl_media ?? false,
      });
      pacer.onAccepted();
      if (typeof response.ts !== 'string') return { ok: false, kind: 'other', error: 'Slack accepted the message but returned no ts' };
      return { ok: true, ts: response.ts };
    } catch (error) {
      const failure = postFailure(error);
      if (failure.kind === 'rate_limited') pacer.onRateLimited(channel, failure.retryAfterSec ?? 1);
      else if (failure.kind !== 'other') pacer.onRefused(channel);
      logger.debug('chat.postMessage refused', { channel, error: failure.error, kind: failure.kind });
      return failure;
    }
  };

  return {
    pacer,
    post,
    async join(channel: string): Promise<JoinOutcome> {
      try {
        await client.conversations.join({ channel });
        return { ok: true };
      } catch (error) {
        const failure = postFailure(error);
        // Bots cannot join private channels themselves; Slack answers this for them.
        if (failure.error === 'method_not_supported_for_channel_type') return { ok: false, kind: 'private', error: failure.error };
        if (failure.error === 'channel_not_found' || failure.error === 'is_archived') return { ok: false, kind: failure.error, error: failure.error };
        return { ok: false, kind: 'other', error: failure.error };
      }
    },
    async notify(userId: string, notice: SubscriberNotice): Promise<PostOutcome> {
      try {
        const opened = await client.conversations.open({ users: userId });
        const dm = opened.channel?.id;
        if (!dm) return { ok: false, kind: 'other', error: 'conversations.open returned no channel' };
        return await post(dm, subscriberNoticeMessage(notice));
      } catch (error) {
        return postFailure(error);
      }
    },
  };
}
