/**
 * Why the Slack start failed, in words that name what to fix. The Web API answers the bot token at
 * `auth.test` and the app-level token at `apps.connections.open` (Socket Mode); an `invalid_auth`
 * means a different variable in each case. A request that never got an answer means Slack's Web API
 * could not be reached at all: the network, a proxy or firewall, or SLACK_API_URL.
 */
import { ErrorCode } from '@slack/web-api';
import type { Config } from '../config.js';
import { SlackStartError, errorMessage } from '../errors.js';

/** The default Web API base URL (what the WebClient uses when SLACK_API_URL is unset). */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** Answers meaning "this token is not accepted" (docs.slack.dev/reference/methods/auth.test, apps.connections.open). */
const REFUSED = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'account_inactive', 'not_allowed_token_type', 'missing_scope', 'invalid_token']);

interface WebApiFailure {
  code?: unknown;
  data?: { error?: unknown };
  statusCode?: unknown;
  original?: unknown;
}

/** The innermost cause of a request error: `connect ECONNREFUSED 127.0.0.1:9`, `getaddrinfo ENOTFOUND …`. */
function requestCause(error: WebApiFailure): string {
  let cause: unknown = error.original ?? error;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  return errorMessage(cause);
}

function whereToLook(config: Config): string {
  const { apiUrl } = config.slack;
  return apiUrl
    ? `Check this machine's network connection, any proxy or firewall between it and Slack, and SLACK_API_URL (set to ${apiUrl}).`
    : `Check this machine's network connection and any proxy or firewall between it and Slack (SLACK_API_URL is not set, so ${DEFAULT_SLACK_API_URL} was used).`;
}

/** How to fix a refused token, per variable. */
const FIX: Record<'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', string> = {
  SLACK_BOT_TOKEN: 'Copy the Bot User OAuth Token from OAuth & Permissions, and reinstall the app if it was removed.',
  SLACK_APP_TOKEN:
    'The bot token was accepted; the app-level token was not. Generate one under Basic Information → App-Level Tokens with the connections:write scope, and put the xapp-… value in SLACK_APP_TOKEN.',
};

/**
 * A start failure of `method` (called with the token in `variable`) as a SlackStartError naming what to
 * fix; anything that is not a Web API failure is returned unchanged.
 */
export function explainStartError(error: unknown, config: Config, method: string, variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN'): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const failure = error as WebApiFailure;
  const url = config.slack.apiUrl ?? DEFAULT_SLACK_API_URL;
  if (failure.code === ErrorCode.PlatformError && typeof failure.data?.error === 'string' && REFUSED.has(failure.data.error)) {
    return new SlackStartError('slack_token_rejected', { variable, method }, `Slack rejected ${variable} (${method} answered "${failure.data.error}"). ${FIX[variable]}`, { cause: error });
  }
  if (failure.code === ErrorCode.RequestError) {
    return new SlackStartError(
      'slack_unreachable',
      { variable: 'SLACK_API_URL', method },
      `Slack's Web API at ${url} could not be reached (${method}: ${requestCause(failure)}). ${whereToLook(config)}`,
      { cause: error },
    );
  }
  if (failure.code === ErrorCode.HTTPError) {
    return new SlackStartError(
      'slack_unreachable',
      { variable: 'SLACK_API_URL', method },
      `Slack's Web API at ${url} answered HTTP ${String(failure.statusCode)} to ${method}, which is not Slack's answer. ${whereToLook(config)}`,
      { cause: error },
    );
  }
  return error;
}
