/**
 * Bolt's HTTPReceiver with a gate in front of `POST /slack/events`, so every request gets a
 * definite answer:
 *
 * - Bolt reads `body.ssl_check` before its try/catch, so a correctly signed body that parses to
 *   `null` (JSON `null`, `payload=null`) throws inside a detached promise: an unhandled rejection,
 *   and a connection left open until the client gives up. The gate answers 400 to any signed body
 *   that is not a JSON object.
 * - Bolt rejects timestamps more than five minutes old but accepts any in the future, so a captured
 *   request signed with a future timestamp could be replayed for as long as its clock says. The gate
 *   rejects both directions (401), as Slack's verification guide and python-slack-sdk do.
 *
 * The gate verifies the signature itself (HMAC-SHA256, constant-time compare) before it looks at
 * the body, so nothing about a malformed body is answered to an unsigned sender, and answers
 * Slack's unsigned `ssl_check` probe itself.
 *
 * It also keeps the acknowledgement cheap under a burst (Slack's 3 s): a slash command, a button
 * click (`block_actions`) and an Events API delivery carry nothing in their ack, so the gate answers
 * 200 as soon as the request is verified and parsed, and then hands the payload to Bolt
 * (`app.processEvent`, the receiver interface Bolt documents) with an ack that has nothing left to
 * do. Bolt's middleware chain then runs after the ack, not before it. Except for an Events API
 * delivery: its answer is worked out first and the ack follows it, or follows `eventAckDeadlineMs`
 * (2 s, inside Slack's 3 s) if the answer takes longer. Slack retries an event it has no ack for and
 * never retries an acked one, so a replica killed before it has answered leaves the event to
 * Slack's retry, which the load balancer sends to another replica. Slash commands and buttons are
 * never retried by Slack: they stay acked at once. Every other kind (url
 * verification, view submissions, options requests: their ack carries a body) goes through Bolt's
 * own HTTP handling, with its signature check off (the gate's is the same check); the body is
 * buffered once and shared.
 *
 * What no listener handles is answered by the gate at once, never left to Bolt's 3 s wait and 404
 * (Slack would show the user an error, and retry events): `view_closed`, a view submission or a
 * shortcut with a callback id we did not register, `block_suggestion` (an empty option list), the
 * Events API's `app_rate_limited` notice (logged as a warning with the minute it names), any other
 * payload type; a signed body that is neither a command nor a typed payload (an empty one) is a 400,
 * and so is a payload whose shape our listeners could not read (payload-shapes.ts).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { HTTPModuleFunctions, HTTPReceiver, type App, type HTTPReceiverOptions, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { payloadShapeProblem } from './payload-shapes.js';

/** Slack's replay window: a request timestamp more than this far from our clock is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * Largest body read. Slack's payloads are far smaller (a modal's state, a message's blocks: tens of
 * kB); Bolt's default of 4 MB let 200 parallel unsigned 3.9 MB bodies take the process from 105 to
 * 748 MB before any of them was refused.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Largest body read from a request without signature headers: only Slack's `ssl_check` probe is answered, and it is tiny. */
export const MAX_UNSIGNED_BODY_BYTES = 4 * 1024;

/** An event delivery is acked by then even if its answer is still being worked out (Slack waits 3 s). */
export const EVENT_ACK_DEADLINE_MS = 2_000;

export interface GuardedReceiverOptions {
  /** Told when the gate acknowledged a payload it hands to Bolt, and how long after the request arrived (metrics). */
  onAck?: (payload: Record<string, unknown>, seconds: number) => void;
  signingSecret: string;
  endpoints: string;
  customRoutes: NonNullable<HTTPReceiverOptions['customRoutes']>;
  logger: Logger;
  /** Clock in ms, for tests. Default Date.now. */
  now?: () => number;
  /** Default EVENT_ACK_DEADLINE_MS. */
  eventAckDeadlineMs?: number;
  /**
   * Callback ids that have listeners; other view submissions and shortcuts are answered by the
   * gate at once. Undefined: every such payload goes to Bolt.
   */
  handled?: HandledCallbacks;
}

export interface HandledCallbacks {
  viewSubmissions: readonly string[];
  /** Global shortcuts (`shortcut`) and message shortcuts (`message_action`). */
  shortcuts: readonly string[];
}

/** How the gate answers a verified payload. */
export type Disposition =
  | { to: 'early-ack' }
  | { to: 'bolt' }
  | { to: 'gate'; status: 200 | 400; body?: Record<string, unknown>; reason: string; warn?: Record<string, unknown> };

/** Why a request was refused, with the status it gets. */
interface Refusal {
  status: 400 | 401;
  reason: string;
}

const FORM = 'application/x-www-form-urlencoded';

const isPlainObject = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

function singleHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The checks that need no body, made before it is read: a timestamp header that is not a number or
 * is outside the replay window (both directions). Undefined when the headers are absent (the
 * unsigned `ssl_check` probe; refused after its small body is read) or pass.
 */
export function headerRefusal(req: IncomingMessage, nowMs: number): Refusal | undefined {
  const timestamp = singleHeader(req, 'x-slack-request-timestamp');
  if (timestamp === undefined) return undefined;
  if (!/^\d{1,12}$/.test(timestamp)) return { status: 401, reason: 'timestamp is not a number of seconds' };
  const skew = Math.abs(Math.floor(nowMs / 1000) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) return { status: 401, reason: `timestamp is ${skew} s away from this server's clock (limit ${MAX_CLOCK_SKEW_SECONDS} s)` };
  return undefined;
}

/** The signature and timestamp checks, both directions of the replay window. */
export function signatureRefusal(secret: string, req: IncomingMessage, rawBody: Buffer, nowMs: number): Refusal | undefined {
  const signature = singleHeader(req, 'x-slack-signature');
  const timestamp = singleHeader(req, 'x-slack-request-timestamp');
  if (signature === undefined || timestamp === undefined) return { status: 401, reason: 'signature or timestamp header missing' };
  const stale = headerRefusal(req, nowMs);
  if (stale) return stale;
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, reason: 'signature mismatch' };
  return undefined;
}

/** A form body's fields (parsed once: the gate reads `ssl_check` and `payload` from the same parse). */
function formFields(contentType: string | undefined, rawBody: Buffer): ReturnType<typeof parseQueryString> | undefined {
  return contentType === FORM ? parseQueryString(rawBody.toString('utf8')) : undefined;
}

type Payload = Record<string, unknown>;

/**
 * The payload as Bolt reads it (a JSON body; a form's JSON `payload` field; else the form's fields),
 * or a 400 when it is not what Slack sends: anything but a JSON object.
 */
export function slackPayload(form: ReturnType<typeof parseQueryString> | undefined, rawBody: Buffer): { payload: Payload } | Refusal {
  let parsed: unknown;
  try {
    if (form && form.payload === undefined) return { payload: form };
    parsed = JSON.parse(form ? String(form.payload) : rawBody.toString('utf8'));
  } catch {
    return { status: 400, reason: 'the body does not parse' };
  }
  if (isPlainObject(parsed)) return { payload: parsed as Payload };
  return { status: 400, reason: form ? 'the form payload is not a JSON object' : 'the JSON body is not an object' };
}

/** A slash command, a button click or an event delivery: kinds whose ack carries no content. */
export function ackCarriesNothing(payload: Payload): boolean {
  return typeof payload.command === 'string' || payload.type === 'block_actions' || payload.type === 'event_callback';
}

const callbackIdOf = (payload: Payload): string | undefined => {
  const direct = payload.callback_id;
  if (typeof direct === 'string') return direct;
  const view = payload.view as { callback_id?: unknown } | null | undefined;
  return isPlainObject(view) && typeof view?.callback_id === 'string' ? view.callback_id : undefined;
};

/** The minute an `app_rate_limited` notice names (Unix seconds), as an ISO time when it is one. */
function rateLimitedMinute(payload: Payload): string | undefined {
  const minute = payload.minute_rate_limited;
  return typeof minute === 'number' && Number.isFinite(minute) && minute > 0 && minute < 1e11 ? new Date(minute * 1000).toISOString() : undefined;
}

/** Where a verified payload is answered: acked at once then handled, Bolt's own handling, or the gate alone. */
export function disposition(payload: Payload, handled: HandledCallbacks | undefined): Disposition {
  if (ackCarriesNothing(payload)) return { to: 'early-ack' };
  const type = payload.type;
  if (typeof type !== 'string') return { to: 'gate', status: 400, reason: 'neither a slash command nor a typed Slack payload' };
  if (!handled) return { to: 'bolt' };
  switch (type) {
    case 'url_verification':
      return { to: 'bolt' };
    case 'view_submission':
      return handled.viewSubmissions.includes(callbackIdOf(payload) ?? '') ? { to: 'bolt' } : { to: 'gate', status: 200, reason: 'view submission with a callback id we did not register' };
    case 'shortcut':
    case 'message_action':
      return handled.shortcuts.includes(callbackIdOf(payload) ?? '') ? { to: 'bolt' } : { to: 'gate', status: 200, reason: 'shortcut with a callback id we did not register' };
    case 'block_suggestion':
      return { to: 'gate', status: 200, body: { options: [] }, reason: 'no external select offers options' };
    case 'app_rate_limited':
      return {
        to: 'gate',
        status: 200,
        reason: 'app_rate_limited',
        warn: { minute: rateLimitedMinute(payload) ?? 'not given', minuteRateLimited: typeof payload.minute_rate_limited === 'number' ? payload.minute_rate_limited : undefined },
      };
    case 'view_closed':
      return { to: 'gate', status: 200, reason: 'view_closed (no listener: nothing to clean up)' };
    default:
      return { to: 'gate', status: 200, reason: `payload type "${type.slice(0, 40)}" has no listener` };
  }
}

/** Bolt's reading of the retry headers of an Events API delivery. */
function retryOf(req: IncomingMessage): Pick<ReceiverEvent, 'retryNum' | 'retryReason'> {
  return { retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req), retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req) };
}

/** Resolves when `work` settles (either way: its failure is reported by whoever awaits it) or after `ms`. */
function answeredOrDeadline(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
}

/** Marks the no-op ack the gate gives Bolt (it answered Slack itself), so it is not timed as the ack. */
export const ACKED_BY_GATE = Symbol('acked by the gate');

function ackedByGate(): () => Promise<void> {
  return Object.assign(async () => {}, { [ACKED_BY_GATE]: true });
}

export function createGuardedReceiver(options: GuardedReceiverOptions): HTTPReceiver {
  const { logger, signingSecret } = options;
  const now = options.now ?? Date.now;
  const eventAckDeadlineMs = options.eventAckDeadlineMs ?? EVENT_ACK_DEADLINE_MS;
  const receiver = new HTTPReceiver({
    signingSecret,
    // Every request reaches Bolt through the gate below, which has verified it.
    signatureVerification: false,
    endpoints: options.endpoints,
    customRoutes: options.customRoutes,
    logger: logger as unknown as NonNullable<HTTPReceiverOptions['logger']>,
  });
  const bolt = receiver.requestListener;
  // Bolt hands itself to its receiver at construction; the gate needs it to pass early-acked payloads on.
  let app: App | undefined;
  const init = receiver.init.bind(receiver);
  receiver.init = (boltApp: App) => {
    app = boltApp;
    init(boltApp);
  };
  const refuse = (res: ServerResponse, refusal: Refusal) => {
    logger.warn('request refused', { status: refusal.status, reason: refusal.reason });
    res.writeHead(refusal.status);
    res.end();
  };
  /** Answer before the body has been read (or while it is): close the connection once the answer is out, so the rest is never read. */
  const refuseUnread = (req: IncomingMessage, res: ServerResponse, status: 401 | 413, reason: string) => {
    logger.warn('request refused', { status, reason });
    res.writeHead(status, { connection: 'close' });
    res.end(() => req.socket.destroy());
  };

  const gate = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const arrived = performance.now();
    // What the headers alone can refuse is refused before a byte of the body is read.
    const stale = headerRefusal(req, now());
    if (stale) return refuseUnread(req, res, 401, stale.reason);
    const signed = singleHeader(req, 'x-slack-signature') !== undefined && singleHeader(req, 'x-slack-request-timestamp') !== undefined;
    const limit = signed ? MAX_BODY_BYTES : MAX_UNSIGNED_BODY_BYTES;
    let buffered: IncomingMessage & { rawBody: Buffer };
    try {
      // Bolt's own buffering, with our limit (a declared Content-Length over it is refused before
      // reading, a longer stream as soon as it passes it); it keeps `rawBody` on the request for Bolt.
      buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, limit);
    } catch (error) {
      const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413;
      if (tooLarge) return refuseUnread(req, res, 413, `body over ${limit} bytes${signed ? '' : ' (unsigned)'}`);
      logger.warn('request body could not be read', { error: (error as Error).message });
      res.writeHead(400);
      res.end();
      return;
    }
    const form = formFields(req.headers['content-type'], buffered.rawBody);
    // Slack's certificate probe, unsigned by design: answered, never passed on (anything else in it is unsigned).
    if (form?.ssl_check === '1') {
      res.writeHead(200);
      res.end();
      return;
    }
    const refusal = signatureRefusal(signingSecret, req, buffered.rawBody, now());
    if (refusal) return refuse(res, refusal);
    const parsed = slackPayload(form, buffered.rawBody);
    if ('status' in parsed) return refuse(res, parsed);
    // A payload our listeners could not read (user: null, event: null, a view without its state…) is refused here, not thrown on there.
    const shapeProblem = payloadShapeProblem(parsed.payload);
    if (shapeProblem) return refuse(res, { status: 400, reason: `malformed payload: ${shapeProblem}` });
    const answer = disposition(parsed.payload, options.handled);
    if (answer.to === 'gate') {
      if (answer.status === 400) return refuse(res, { status: 400, reason: answer.reason });
      if (answer.warn) logger.warn('Slack is not sending events: the app went over the Events API rate limit for a minute', answer.warn);
      else logger.info('payload answered without a listener', { reason: answer.reason });
      res.writeHead(200, answer.body ? { 'content-type': 'application/json' } : {});
      res.end(answer.body ? JSON.stringify(answer.body) : undefined);
      return;
    }
    if (!app || answer.to === 'bolt') return bolt(buffered, res);
    // The ack is sent by the gate; listeners' ack() calls have nothing left to send.
    const handled = app.processEvent({ body: parsed.payload, ack: ackedByGate(), ...retryOf(req), customProperties: {} });
    if (parsed.payload.type === 'event_callback') await answeredOrDeadline(handled, eventAckDeadlineMs);
    res.writeHead(200);
    res.end();
    options.onAck?.(parsed.payload, (performance.now() - arrived) / 1000);
    await handled;
  };

  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // Everything else (health route, 404s) stays Bolt's, synchronously, as Bolt expects.
    if (req.method !== 'POST' || path !== options.endpoints) return bolt(req, res);
    gate(req, res).catch((error: unknown) => {
      // Listener errors reach app.error; this is what processEvent itself threw (authorize, a bug).
      logger.error('request handling failed', { error });
      if (!res.headersSent) {
        res.writeHead(500);
        res.end();
      }
    });
  };
  return receiver;
}
