/**
 * Build the Bolt app from the validated config: Socket Mode when an app token is set, HTTP mode
 * (`POST /slack/events`) otherwise. Both serve `GET /healthz` so one container health check works
 * in either mode (in Socket Mode Bolt serves custom routes on `installerOptions.port`).
 */
import type { ServerResponse } from 'node:http';
import { App, type AppOptions, type CustomRoute, type Logger as BoltLogger } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** Path Slack posts commands, events and interactivity to in HTTP mode (manifest request_url). */
export const SLACK_EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

/**
 * Web API retries: a few quick ones. Bolt's default (10 retries over ~30 minutes) would keep a user's
 * answer pending far past the point where it is useful; a 429 still waits for Retry-After.
 */
export const DEFAULT_RETRY_CONFIG: RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true };
/** Give up on a Web API call after this long (the WebClient default is no timeout at all). */
export const DEFAULT_WEB_API_TIMEOUT_MS = 15_000;

export interface SlackAppOptions {
  /** Extra fields for the /healthz body (e.g. article count). Default none. */
  health?: () => Record<string, unknown>;
  /** Web API retry policy. Default DEFAULT_RETRY_CONFIG. */
  retryConfig?: RetryOptions;
  /** Web API call timeout in ms. Default DEFAULT_WEB_API_TIMEOUT_MS. */
  webApiTimeoutMs?: number;
}

function healthRoute(config: Config, health: SlackAppOptions['health']): CustomRoute {
  return {
    path: HEALTH_PATH,
    method: ['GET'],
    handler: (_req, res: ServerResponse) => {
      let extra: Record<string, unknown> = {};
      try {
        extra = health?.() ?? {};
      } catch (error) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'unavailable', mode: config.mode, error: error instanceof Error ? error.message : String(error) }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', mode: config.mode, ...extra }));
    },
  };
}

/**
 * A Bolt app, not yet started. Call `await app.init()` (it runs `auth.test`, so a wrong token fails
 * here, at start, with Slack's error) and then `app.start(port)`.
 */
export function createSlackApp(config: Config, logger: Logger, options: SlackAppOptions = {}): App {
  const { botToken, appToken, signingSecret, apiUrl } = config.slack;
  if (config.mode === 'offline' || !botToken) {
    throw new Error(`createSlackApp: mode "${config.mode}" has no Slack credentials; run the offline shell instead`);
  }
  const common: AppOptions = {
    token: botToken,
    // Our logger satisfies Bolt's interface and masks tokens in every line Bolt writes.
    logger: logger as unknown as BoltLogger,
    customRoutes: [healthRoute(config, options.health)],
    clientOptions: {
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      retryConfig: options.retryConfig ?? DEFAULT_RETRY_CONFIG,
      timeout: options.webApiTimeoutMs ?? DEFAULT_WEB_API_TIMEOUT_MS,
    },
    deferInitialization: true,
  };
  const app =
    config.mode === 'socket'
      ? new App({ ...common, socketMode: true, appToken, installerOptions: { port: config.port } })
      : new App({ ...common, signingSecret, port: config.port });

  // Listeners ack first and catch their own errors; this is the net for anything else (middleware,
  // a bug). It logs instead of rethrowing, so nothing becomes an unhandled rejection.
  app.error(async (error) => {
    logger.error('slack app error', { code: (error as { code?: unknown }).code, error });
  });
  return app;
}
