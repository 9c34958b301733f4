/**
 * What a Web API failure means to whoever posted: refused by Slack (with its error code), rate
 * limited (nothing was posted; wait and try again), not sent at all (the connection never opened),
 * or `unknown` — a timeout, a dropped connection or a 5xx, after which Slack may or may not have
 * carried the post out. Digests and interactive posts both act on these outcomes.
 */
import { ErrorCode } from '@slack/web-api';
import type { PostFailure, PostFailureKind } from '../digest/types.js';
import { errorMessage } from '../errors.js';

/** Answers meaning Slack rejected the token itself: no call with it will work. */
const TOKEN_REJECTED = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

/** Network failures that happen before the request is sent: Slack never saw it. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error as { code?: unknown; cause?: unknown; original?: unknown } | undefined, depth = 0; e && depth < 5; depth += 1) {
    if (typeof e.code === 'string') codes.push(e.code);
    e = (e.original ?? e.cause) as typeof e;
  }
  return codes;
}

/** Map anything WebClient throws to an outcome. */
export function postFailure(error: unknown): PostFailure {
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
    else if (TOKEN_REJECTED.has(slackError)) kind = 'auth';
    return { ok: false, kind, error: slackError, ...(kind === 'rate_limited' ? { retryAfterSec: 1 } : {}) };
  }
  // No answer (timeout, connection dropped) or a 5xx: the request may have been carried out.
  if (causeCodes(error).some((code) => NOT_SENT.has(code))) return { ok: false, kind: 'other', error: errorMessage(error) };
  return { ok: false, kind: 'unknown', error: errorMessage(error) };
}

/** The Slack error code of a Web API failure (`not_in_channel`…), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
