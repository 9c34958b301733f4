/**
 * Build the Bolt app from the validated config: Socket Mode when an app token is set, HTTP mode
 * (`POST /slack/events`) otherwise. Both serve `GET /healthz` and `GET /readyz` so one container health check works
 * in either mode (in Socket Mode Bolt serves custom routes on `installerOptions.port`).
 *
 * The start is split so each failure names what to fix: `verifyBotToken` asks Slack about the bot
 * token once, without retries (a wrong token or an unreachable Slack is said in seconds, not after
 * a minute of retried warnings); `startSlackApp` opens the Socket Mode connection with the app-level
 * token or binds the HTTP port.
 */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type AppOptions, type CustomRoute, type Logger as BoltLogger, type LogLevel as BoltLogLevel } from '@slack/bolt';
import { WebClient, type RetryOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import type { HealthAnswer, HealthChecks } from '../health.js';
import type { Logger } from '../logger.js';
import type { BotMetrics } from '../metrics/index.js';
import { createGuardedReceiver, type HandledCallbacks } from './http-receiver.js';
import { gateAckRecorder, instrumentRequests } from './request-metrics.js';
import { explainStartError } from './start-errors.js';

/** Path Slack posts commands, events and interactivity to in HTTP mode (manifest request_url). */
export const SLACK_EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';
export const METRICS_PATH = '/metrics';

/**
 * Web API retries: a few quick ones. Bolt's default (10 retries over ~30 minutes) would keep a user's
 * answer pending far past the point where it is useful; a 429 still waits for Retry-After.
 */
export const DEFAULT_RETRY_CONFIG: RetryOptions = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true };
/** Give up on a Web API call after this long (the WebClient default is no timeout at all). */
export const DEFAULT_WEB_API_TIMEOUT_MS = 15_000;
/**
 * HTTP mode: connections the kernel queues for us while the event loop is busy. Node's default
 * (511) overflows under a burst of a thousand simultaneous requests, and an overflowed connection
 * waits for the client's SYN retransmit (1 s, then 3 s, 7 s…): far past Slack's 3 s. Linux caps it
 * at net.core.somaxconn (4096 by default since 5.4).
 */
export const LISTEN_BACKLOG = 4096;

/** Who the bot is in the workspace, from `auth.test`. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
}

export interface SlackAppOptions {
  /** Served as GET /metrics on the same port as /healthz, and fed with requests and acks. Default none. */
  metrics?: BotMetrics;
  /** From `verifyBotToken`; Bolt then does not call auth.test again. */
  identity: BotIdentity;
  /** What /healthz and /readyz answer (src/health.ts). */
  health: Pick<HealthChecks, 'liveness' | 'readiness'>;
  /** Web API retry policy. Default DEFAULT_RETRY_CONFIG. */
  retryConfig?: RetryOptions;
  /** Web API call timeout in ms. Default DEFAULT_WEB_API_TIMEOUT_MS. */
  webApiTimeoutMs?: number;
  /** HTTP mode: callback ids with listeners; the gate answers other submissions and shortcuts at once. */
  handled?: HandledCallbacks;
}

/** `GET path` answered from `check` (liveness or readiness), JSON, never cached by a proxy. */
function healthRoute(path: string, check: () => Promise<HealthAnswer>, logger: Logger): CustomRoute {
  return {
    path,
    method: ['GET'],
    handler: (_req, res: ServerResponse) => {
      const send = (statusCode: number, body: Record<string, unknown>) => {
        res.writeHead(statusCode, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      check().then(
        (answer) => send(answer.statusCode, answer.body),
        (error: unknown) => {
          logger.warn('health check failed', { path, error });
          send(503, { status: 'unavailable', error: error instanceof Error ? error.message : String(error) });
        },
      );
    },
  };
}

/** GET /metrics: the Prometheus text format. Read when scraped; nothing on the request path waits for it. */
function metricsRoute(metrics: BotMetrics, logger: Logger): CustomRoute {
  return {
    path: METRICS_PATH,
    method: ['GET'],
    handler: (_req, res: ServerResponse) => {
      metrics.scrape().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
          res.end(body);
        },
        (error: unknown) => {
          logger.warn('metrics scrape failed', { error });
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics unavailable\n');
        },
      );
    },
  };
}

function credentials(config: Config): { botToken: string; appToken?: string; signingSecret?: string; apiUrl?: string } {
  const { botToken, appToken, signingSecret, apiUrl } = config.slack;
  if (config.mode === 'offline' || !botToken) {
    throw new Error(`createSlackApp: mode "${config.mode}" has no Slack credentials; run the offline shell instead`);
  }
  return { botToken, appToken, signingSecret, apiUrl };
}

/**
 * `auth.test` with the bot token, once and without retries: the identity Bolt needs, or a
 * SlackStartError that names SLACK_BOT_TOKEN (refused) or the Web API URL (unreachable).
 */
export async function verifyBotToken(config: Config, logger: Logger, options: { timeoutMs?: number } = {}): Promise<BotIdentity> {
  const { botToken, apiUrl } = credentials(config);
  const client = new WebClient(botToken, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    // The failure is reported as a SlackStartError; the client's own "http request failed" warning would only repeat it.
    logger: { ...logger, warn: logger.debug } as unknown as BoltLogger,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? DEFAULT_WEB_API_TIMEOUT_MS,
  });
  try {
    const result = await client.auth.test();
    return { botId: String(result.bot_id ?? ''), botUserId: String(result.user_id ?? '') };
  } catch (error) {
    throw explainStartError(error, config, 'auth.test', 'SLACK_BOT_TOKEN');
  }
}

/**
 * The client interactive posts go through (ListenerDeps.postClient): no retries and 429s handed
 * back, because WebClient's own retry resends a chat.postMessage whose answer was only late — Slack
 * had carried it out, and the user would see it twice. Posts look themselves up instead (post-once.ts).
 */
export function createPostingClient(config: Config, logger: Logger, options: { timeoutMs?: number } = {}): WebClient {
  const { botToken, apiUrl } = credentials(config);
  return new WebClient(botToken, {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    logger: logger as unknown as BoltLogger,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? DEFAULT_WEB_API_TIMEOUT_MS,
  });
}

/** Per app: ends the quiet start of its Socket Mode logger (see createSlackApp). */
const socketOpened = new WeakMap<App, () => void>();

/** A Bolt app, not yet started (`startSlackApp`). */
export function createSlackApp(config: Config, logger: Logger, options: SlackAppOptions): App {
  const { botToken, appToken, signingSecret, apiUrl } = credentials(config);
  const boltLogger = logger as unknown as BoltLogger;
  const customRoutes = [healthRoute(HEALTH_PATH, () => options.health.liveness(), logger), healthRoute(READY_PATH, () => options.health.readiness(), logger)];
  if (options.metrics) customRoutes.push(metricsRoute(options.metrics, logger));
  const common: AppOptions = {
    token: botToken,
    botId: options.identity.botId,
    botUserId: options.identity.botUserId,
    // verifyBotToken ran auth.test already; Bolt takes the identity as given.
    tokenVerificationEnabled: false,
    // Our logger satisfies Bolt's interface and masks tokens in every line Bolt writes. Bolt sets the
    // level of the logger it is given (to info unless told): tell it LOG_LEVEL's.
    logger: boltLogger,
    logLevel: logger.getLevel() as BoltLogLevel,
    clientOptions: {
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      retryConfig: options.retryConfig ?? DEFAULT_RETRY_CONFIG,
      timeout: options.webApiTimeoutMs ?? DEFAULT_WEB_API_TIMEOUT_MS,
    },
    // No listener keeps conversation state: skip the per-request store look-up.
    convoStore: false,
  };
  // Socket Mode: while the connection opens, the client's own error line ("Failed to retrieve a new
  // WSS URL …") would print before our one-line reason for a refused token; it goes to debug then.
  const opening = { now: config.mode === 'socket' };
  const socketLogger: BoltLogger = Object.assign(Object.create(boltLogger) as BoltLogger, {
    error: (...msg: unknown[]) => (opening.now ? boltLogger.debug(...msg) : boltLogger.error(...msg)),
  });
  const app =
    config.mode === 'socket'
      ? new App({
          ...common,
          logger: socketLogger,
          socketMode: true,
          appToken,
          customRoutes,
          // The Socket Mode client calls apps.connections.open through its own WebClient: same API URL.
          installerOptions: { port: config.port, clientOptions: apiUrl ? { slackApiUrl: apiUrl } : {} },
        })
      : new App({ ...common, receiver: createGuardedReceiver({ signingSecret: signingSecret ?? '', endpoints: SLACK_EVENTS_PATH, customRoutes, logger, handled: options.handled, ...(options.metrics ? { onAck: gateAckRecorder(options.metrics) } : {}) }) });
  if (options.metrics) instrumentRequests(app, options.metrics);

  // Listeners ack first and catch their own errors; this is the net for anything else (middleware,
  // a bug). It logs instead of rethrowing, so nothing becomes an unhandled rejection.
  app.error(async (error) => {
    logger.error('slack app error', { code: (error as { code?: unknown }).code, error });
  });
  socketOpened.set(app, () => (opening.now = false));
  return app;
}

/**
 * Start serving: HTTP mode binds `port` (0 for any free one) and resolves with the port bound;
 * Socket Mode opens the connection with the app-level token (a refusal names SLACK_APP_TOKEN) and
 * resolves with the port of the health route.
 */
export async function startSlackApp(app: App, config: Config, port: number): Promise<number> {
  if (config.mode === 'http') {
    const server = (await app.start({ port, backlog: LISTEN_BACKLOG })) as Server;
    return (server.address() as AddressInfo).port;
  }
  try {
    await app.start();
  } catch (error) {
    // The health route's server is already listening: close it, or the process would stay up.
    await app.stop().catch(() => undefined);
    throw explainStartError(error, config, 'apps.connections.open', 'SLACK_APP_TOKEN');
  } finally {
    // Connected (or failed, and said why): later errors of the Socket Mode client are errors again.
    socketOpened.get(app)?.();
  }
  return port;
}
