/**
 * A fake Slack Web API on 127.0.0.1 for tests and benchmarks. It speaks the wire format the real
 * WebClient uses (form bodies with JSON-stringified object fields, `Authorization: Bearer`), answers
 * with Slack's response shapes (HTTP 200 + `ok:false` for platform errors, HTTP 429 + `Retry-After`
 * for rate limits — see slack-facts.md §7/§8), records every call, and can be told to misbehave.
 *
 * Usage:
 *   const slack = await startFakeSlack();
 *   const client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
 *   ...
 *   await slack.waitFor((c) => c.method === 'chat.postMessage');
 *   await slack.close();
 *
 * Channel model: every channel id is a public channel the bot is a member of, unless told otherwise
 * with `setChannel(id, { member, isPrivate, archived, exists, members })` (`members`: the people in
 * it for conversations.members, default DEFAULT_CHANNEL_MEMBERS). `conversations.join` makes the bot a
 * member of a public channel, like the real method. DM channels come from `conversations.open`.
 *
 * Message metadata (`metadata: {event_type, event_payload}` on chat.postMessage) is stored with the
 * message; `conversations.history` lists a channel's accepted messages newest first (oldest,
 * latest, inclusive, limit, cursor) and includes their metadata only with `include_all_metadata`,
 * as Slack does; `conversations.replies` lists a thread (its replies, oldest first, with the root
 * if the fake holds it) the same way. `answerLate` makes Slack accept a call but answer after the client gave up.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackCall {
  /** Order of arrival, from 1. */
  seq: number;
  /** Web API method (`chat.postMessage`) or `respond` for response_url posts. */
  method: string;
  /** Parsed request parameters (form or JSON), object fields decoded. */
  params: Record<string, unknown>;
  /** Bearer token sent, if any. */
  token?: string;
  /** For `respond` calls: the id in `/respond/<id>`. */
  responseUrlId?: string;
  receivedAt: number;
  /** HTTP status answered (200 also for `ok:false`); undefined while held. */
  status?: number;
  /** JSON body answered; undefined while held. */
  body?: Record<string, unknown>;
  /**
   * `ok`: answered ok:true · `error`: answered ok:false · `ratelimited`: answered 429 ·
   * `held`: not answered yet (see holdPostMessagesAfter) · `dropped`: the client went away while held ·
   * `late`: carried out (a post is accepted) but the answer is held back (see answerLate).
   */
  outcome: 'ok' | 'error' | 'ratelimited' | 'held' | 'dropped' | 'late';
}

/** A message Slack accepted (chat.postMessage that answered ok). */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  threadTs?: string;
  /** `{event_type, event_payload}` as posted, if any. */
  metadata?: unknown;
  params: Record<string, unknown>;
}

export interface FakeChannel {
  /** The channel exists. Default true; false → `channel_not_found`. */
  exists: boolean;
  /** Private channel: `conversations.join` is refused. Default false. */
  isPrivate: boolean;
  /** Archived: posting and joining answer `is_archived`. Default false. */
  archived: boolean;
  /** The bot is a member. Default true; false → `not_in_channel` until joined. */
  member: boolean;
  /** People in the channel (conversations.members, with the bot). Default DEFAULT_CHANNEL_MEMBERS. */
  members: string[];
}

/** Who is in a channel nobody described: the tests' default user (signed-request.ts). */
export const DEFAULT_CHANNEL_MEMBERS: readonly string[] = ['U0ALICE'];

export interface RateLimitOptions {
  /** chat.postMessage calls accepted per rolling second across the workspace. Default unlimited. */
  workspacePerSecond?: number;
  /** chat.postMessage calls accepted per rolling second per channel. Default unlimited. */
  perChannelPerSecond?: number;
  /** `Retry-After` seconds sent with a 429. Default 1. */
  retryAfterSeconds?: number;
}

export interface FailOptions {
  /** How many calls fail before the channel behaves again. Default: every call (persistent). */
  times?: number;
  /** Which methods fail. Default `['chat.postMessage']`. */
  methods?: string[];
}

export interface LateAnswerOptions {
  /** Which method answers late. Default `chat.postMessage`. */
  method?: string;
  /** How many calls to it are answered normally first. Default 0. */
  after?: number;
  /** Answer this long after the call was carried out; undefined: only at `releaseLateAnswers()`. */
  ms?: number;
}

export interface StartFakeSlackOptions {
  /** When set, any other bearer token answers `invalid_auth`. Default: any token is accepted. */
  token?: string;
}

export interface FakeSlack {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `http://127.0.0.1:<port>/api/` — use as WebClient `slackApiUrl` / `SLACK_API_URL`. */
  readonly apiUrl: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  /** Every call in arrival order. */
  readonly calls: readonly FakeSlackCall[];
  /** Messages Slack accepted, in order. */
  readonly messages: readonly FakeSlackMessage[];
  /** 429 answers sent so far. */
  readonly rateLimitedCount: number;
  callsTo(method: string): FakeSlackCall[];
  messagesIn(channel: string): FakeSlackMessage[];
  /** A response_url for a fake interaction; bodies POSTed to it are recorded. */
  responseUrl(id: string): string;
  /** Bodies POSTed to `responseUrl(id)`, in order. */
  responses(id: string): Record<string, unknown>[];
  /** The DM channel id `conversations.open` gives for a user (`D` + user id without its `U`). */
  dmChannelFor(userId: string): string;
  /** A modal as views.open / push / update left it (with its `id` and current `hash`), if it exists. */
  modal(viewId: string): (Record<string, unknown> & { hash: string }) | undefined;
  /**
   * Resolves with the first call (already recorded or arriving later) that matches. Rejects after
   * `timeoutMs` (default 5000) with the calls seen so far, so a failing test says what happened.
   */
  waitFor(predicate: (call: FakeSlackCall) => boolean, options?: { timeoutMs?: number }): Promise<FakeSlackCall>;
  /** Calls `listener` for every call as it is recorded (and again when a held call is answered or dropped). */
  onCall(listener: (call: FakeSlackCall) => void): () => void;
  setChannel(channelId: string, state: Partial<FakeChannel>): void;
  channel(channelId: string): FakeChannel;
  /** Make calls on a channel answer `ok:false, error`. Later calls to failChannel add to the queue. */
  failChannel(channelId: string, error: string, options?: FailOptions): void;
  clearFailures(channelId?: string): void;
  /** Answer calls over these rates with HTTP 429 + Retry-After (chat.postMessage only). */
  rateLimit(options: RateLimitOptions | undefined): void;
  /**
   * After `n` accepted chat.postMessage calls, hold every further one unanswered (outcome `held`)
   * until `releaseHeld()`; a held call whose client disconnects becomes `dropped` and is NOT
   * accepted. Lets a test kill a process in the middle of a run at a precise point.
   */
  holdPostMessagesAfter(n: number): void;
  releaseHeld(): void;
  /**
   * Take `ms` over every chat.postMessage before carrying it out and answering, as Slack's own
   * latency; a client that goes away meanwhile gets nothing done (`dropped`), unless
   * `carryOutIfClientLeaves` (as Slack does with a request it has received in full: it is posted,
   * outcome `late`, and nobody hears the answer). `undefined`: at once.
   */
  delayPostMessages(ms: number | undefined, options?: { carryOutIfClientLeaves?: boolean }): void;
  /** Cut the connections of the held calls (they become `dropped`, not accepted); stop holding. */
  dropHeld(): void;
  /**
   * Carry out calls to a method (a chat.postMessage is accepted and posted) but answer late: after
   * `ms`, or never until `releaseLateAnswers()`. A client that times out or dies meanwhile never
   * learns that it worked. `undefined` turns it off (answers already held stay held).
   */
  answerLate(options: LateAnswerOptions | undefined): void;
  releaseLateAnswers(): void;
  /** Make `responseUrl(id)` answer 404 `expired_url` (Slack's response_url after 30 minutes / 5 uses). */
  expireResponseUrl(id: string): void;
  close(): Promise<void>;
}

const BOT_USER_ID = 'U0BOT';
const BOT_ID = 'B0BOT';
const TEAM_ID = 'T0FAKE';

/** Form fields WebClient sends as "true"/"false" that Slack reads as booleans. */
const BOOLEAN_FIELDS = new Set(['unfurl_links', 'unfurl_media', 'mrkdwn', 'as_user', 'reply_broadcast', 'replace_original', 'delete_original', 'link_names']);

type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

interface Failure {
  error: string;
  remaining: number; // Infinity for persistent
  methods: Set<string>;
}

interface HeldRequest {
  call: FakeSlackCall;
  res: ServerResponse;
  finish: () => void;
}

interface LateAnswer {
  res: ServerResponse;
  send: () => void;
  timer?: NodeJS.Timeout;
}

export async function startFakeSlack(options: StartFakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: FakeSlackCall[] = [];
  const messages: FakeSlackMessage[] = [];
  const channels = new Map<string, FakeChannel>();
  const failures = new Map<string, Failure[]>();
  const respondBodies = new Map<string, Record<string, unknown>[]>();
  /** Open modals by view id: the last view shown and its hash. */
  const modals = new Map<string, Record<string, unknown> & { hash: string }>();
  let hashCounter = 0;
  const expiredResponseUrls = new Set<string>();
  const listeners = new Set<(call: FakeSlackCall) => void>();
  const held: HeldRequest[] = [];
  let limits: RateLimitOptions | undefined;
  let rateLimitedCount = 0;
  let holdAfter: number | undefined;
  let postDelayMs: number | undefined;
  let carryOutIfClientLeaves = false;
  const delayed = new Map<ReturnType<typeof setTimeout>, ServerResponse>();
  let acceptedPosts = 0;
  let tsCounter = 0;
  let late: (Required<Omit<LateAnswerOptions, 'ms'>> & { ms?: number; seen: number }) | undefined;
  const lateAnswers = new Set<LateAnswer>();
  // Accepted chat.postMessage times, for the rolling-second rate limits.
  const workspaceWindow: number[] = [];
  const channelWindows = new Map<string, number[]>();

  const notify = (call: FakeSlackCall) => {
    for (const listener of [...listeners]) listener(call);
  };

  const channelState = (id: string): FakeChannel => {
    let state = channels.get(id);
    if (!state) {
      state = { exists: true, isPrivate: false, archived: false, member: true, members: [...DEFAULT_CHANNEL_MEMBERS] };
      channels.set(id, state);
    }
    return state;
  };

  const nextTs = () => {
    tsCounter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, '0')}`;
  };

  const ok = (body: Record<string, unknown> = {}): Answer => ({ status: 200, body: { ok: true, ...body } });
  const fail = (error: string, extra: Record<string, unknown> = {}): Answer => ({ status: 200, body: { ok: false, error, ...extra } });

  /** A programmed failure for this channel and method, consumed if one-shot. */
  const takeFailure = (channel: string, method: string): string | undefined => {
    const queue = failures.get(channel);
    const failure = queue?.find((f) => f.methods.has(method) && f.remaining > 0);
    if (!failure || !queue) return undefined;
    failure.remaining -= 1;
    if (failure.remaining <= 0) queue.splice(queue.indexOf(failure), 1);
    return failure.error;
  };

  /** The 429 to send for a post on this channel now, or undefined when within limits. */
  const rateLimitFor = (channel: string, now: number): Answer | undefined => {
    if (!limits) return undefined;
    const retryAfter = String(limits.retryAfterSeconds ?? 1);
    const limited: Answer = { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'Retry-After': retryAfter } };
    prune(workspaceWindow, now);
    if (limits.workspacePerSecond !== undefined && workspaceWindow.length >= limits.workspacePerSecond) return limited;
    if (limits.perChannelPerSecond !== undefined) {
      const window = channelWindows.get(channel) ?? [];
      prune(window, now);
      if (window.length >= limits.perChannelPerSecond) return limited;
    }
    return undefined;
  };

  const recordAccepted = (channel: string, now: number) => {
    workspaceWindow.push(now);
    const window = channelWindows.get(channel) ?? [];
    window.push(now);
    channelWindows.set(channel, window);
  };

  /** Shared checks for methods that post into a channel. */
  const channelProblem = (channel: unknown, method: string): Answer | undefined => {
    if (typeof channel !== 'string' || channel === '') return fail('channel_not_found');
    const programmed = takeFailure(channel, method);
    if (programmed) return fail(programmed);
    if (channel.startsWith('D')) return undefined;
    const state = channelState(channel);
    if (!state.exists) return fail('channel_not_found');
    if (state.archived) return fail('is_archived');
    if (!state.member) return fail('not_in_channel');
    return undefined;
  };

  const messageBody = (ts: string, params: Record<string, unknown>) => ({
    type: 'message',
    subtype: 'bot_message',
    text: params.text ?? '',
    user: BOT_USER_ID,
    bot_id: BOT_ID,
    team: TEAM_ID,
    ts,
    ...(params.blocks ? { blocks: params.blocks } : {}),
    ...(params.thread_ts ? { thread_ts: params.thread_ts } : {}),
  });

  const flag = (v: unknown) => v === true || v === 'true' || v === '1';
  /** Why the bot may not read this conversation's messages, if it may not (DMs are always readable). */
  const unreadable = (channel: unknown, method: string): Answer | undefined => {
    if (typeof channel !== 'string' || channel === '') return fail('channel_not_found');
    const programmed = takeFailure(channel, method);
    if (programmed) return fail(programmed);
    const state = channelState(channel);
    if (!state.exists) return fail('channel_not_found');
    if (!state.member && !channel.startsWith('D')) return fail('not_in_channel');
    return undefined;
  };
  /** One page of `all` (limit, cursor `offset:N`), with metadata only when `include_all_metadata`. */
  const messagePage = (all: FakeSlackMessage[], params: Record<string, unknown>) => {
    const limit = Math.min(999, Math.max(1, Number(params.limit ?? 100) || 100));
    const start = typeof params.cursor === 'string' && params.cursor.startsWith('offset:') ? Number(params.cursor.slice(7)) : 0;
    const hasMore = start + limit < all.length;
    const withMetadata = flag(params.include_all_metadata);
    return {
      messages: all
        .slice(start, start + limit)
        .map((m) => ({ ...messageBody(m.ts, m.params), ...(m.threadTs ? { thread_ts: m.threadTs } : {}), ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}) })),
      has_more: hasMore,
      response_metadata: { next_cursor: hasMore ? `offset:${start + limit}` : '' },
    };
  };

  const handlers: Record<string, (params: Record<string, unknown>, now: number) => Answer> = {
    'api.test': (params) => ok({ args: params }),
    'auth.test': () =>
      ok({ url: 'https://fake-team.slack.com/', team: 'Fake Team', user: 'catalog-bot', team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: BOT_ID, is_enterprise_install: false }),
    'chat.postMessage': (params, now) => {
      const channel = params.channel;
      const problem = channelProblem(channel, 'chat.postMessage');
      if (problem) return problem;
      if (!params.text && !params.blocks && !params.attachments && !params.markdown_text) return fail('no_text');
      const limited = rateLimitFor(channel as string, now);
      if (limited) {
        rateLimitedCount += 1;
        return limited;
      }
      recordAccepted(channel as string, now);
      const ts = nextTs();
      acceptedPosts += 1;
      messages.push({
        channel: channel as string,
        ts,
        text: params.text as string | undefined,
        blocks: params.blocks as unknown[] | undefined,
        threadTs: params.thread_ts as string | undefined,
        ...(params.metadata !== undefined ? { metadata: params.metadata } : {}),
        params,
      });
      return ok({ channel, ts, message: messageBody(ts, params) });
    },
    'chat.postEphemeral': (params) => {
      const problem = channelProblem(params.channel, 'chat.postEphemeral');
      if (problem) return problem;
      if (!params.user) return fail('user_not_in_channel');
      if (!params.text && !params.blocks && !params.attachments) return fail('no_text');
      return ok({ message_ts: nextTs() });
    },
    // Either channel + ts (a posted message) or unfurl_id + source (a link in the composer).
    'chat.unfurl': (params) => {
      if (params.unfurl_id === undefined) {
        // Slack unfurls in channels the bot is not in too (link_shared says is_bot_user_member).
        if (typeof params.channel !== 'string' || params.channel === '') return fail('channel_not_found');
        if (!params.ts) return fail('cannot_find_message');
      } else if (params.source !== 'composer' && params.source !== 'conversations_history') return fail('invalid_source');
      if (params.unfurls === undefined && params.metadata === undefined) return fail('invalid_unfurls');
      return ok();
    },
    'chat.update': (params) => {
      const problem = channelProblem(params.channel, 'chat.update');
      if (problem) return problem;
      const original = messages.find((m) => m.channel === params.channel && m.ts === params.ts);
      if (!original) return fail('message_not_found');
      original.text = params.text as string | undefined;
      original.blocks = params.blocks as unknown[] | undefined;
      return ok({ channel: params.channel, ts: params.ts, text: params.text ?? '', message: messageBody(original.ts, params) });
    },
    'conversations.join': (params) => {
      const channel = params.channel;
      if (typeof channel !== 'string' || channel === '') return fail('channel_not_found');
      const programmed = takeFailure(channel, 'conversations.join');
      if (programmed) return fail(programmed);
      const state = channelState(channel);
      if (!state.exists) return fail('channel_not_found');
      if (state.archived) return fail('is_archived');
      // Bots cannot join private channels by themselves; someone must /invite them.
      if (state.isPrivate) return fail('method_not_supported_for_channel_type');
      const already = state.member;
      state.member = true;
      return ok({
        channel: { id: channel, name: channel.toLowerCase(), is_channel: true, is_private: false, is_archived: false, is_member: true },
        ...(already ? { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } } : {}),
      });
    },
    'conversations.history': (params) => {
      const problem = unreadable(params.channel, 'conversations.history');
      if (problem) return problem;
      const inclusive = flag(params.inclusive);
      const oldest = params.oldest === undefined ? Number.NEGATIVE_INFINITY : Number(params.oldest);
      const latest = params.latest === undefined ? Number.POSITIVE_INFINITY : Number(params.latest);
      const inRange = (ts: number) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
      const all = messages.filter((m) => m.channel === params.channel && !m.threadTs && inRange(Number(m.ts))).reverse();
      return ok({ ...messagePage(all, params), pin_count: 0 });
    },
    // The thread's root message (when the fake holds it) then its replies, oldest first.
    'conversations.replies': (params) => {
      const problem = unreadable(params.channel, 'conversations.replies');
      if (problem) return problem;
      if (typeof params.ts !== 'string' || params.ts === '') return fail('thread_not_found');
      return ok(messagePage(messages.filter((m) => m.channel === params.channel && (m.ts === params.ts || m.threadTs === params.ts)), params));
    },
    // The people in a conversation (the bot included when it is a member); a DM is its user and the bot.
    'conversations.members': (params) => {
      const problem = unreadable(params.channel, 'conversations.members');
      if (problem) return problem;
      const channel = params.channel as string;
      const dmUser = /^D(.+)$/.exec(channel)?.[1];
      const all = dmUser ? [`U${dmUser}`, BOT_USER_ID] : [...channelState(channel).members, ...(channelState(channel).member ? [BOT_USER_ID] : [])];
      const limit = Math.min(1000, Math.max(1, Number(params.limit ?? 100) || 100));
      const start = typeof params.cursor === 'string' && params.cursor.startsWith('offset:') ? Number(params.cursor.slice(7)) : 0;
      const hasMore = start + limit < all.length;
      return ok({ members: all.slice(start, start + limit), response_metadata: { next_cursor: hasMore ? `offset:${start + limit}` : '' } });
    },
    'conversations.open': (params) => {
      const users = typeof params.users === 'string' ? params.users.split(',').filter(Boolean) : [];
      const first = users[0];
      if (!first) return fail('users_list_not_supplied');
      if (users.length > 1) return fail('not_implemented_in_fake');
      return ok({ channel: { id: dmChannelFor(first) } });
    },
    // Views are recorded like every call; the answer carries what Bolt's callers read back (the view id).
    'views.publish': () => ok({ view: { id: 'VHOME' } }),
    // Modals get an id and a hash; views.update with a stale `hash` fails with hash_conflict, as Slack's does.
    'views.open': (params) => ok({ view: openView(params.view) }),
    'views.push': (params) => ok({ view: openView(params.view) }),
    'views.update': (params) => {
      const id = params.view_id;
      const current = typeof id === 'string' ? modals.get(id) : undefined;
      if (!current || typeof id !== 'string') return fail('not_found');
      if (params.hash !== undefined && params.hash !== current.hash) return fail('hash_conflict');
      return ok({ view: storeView(id, params.view) });
    },
  };

  const storeView = (id: string, view: unknown) => {
    const stored = { ...(typeof view === 'object' && view !== null ? view : {}), id, hash: `${Date.now()}.h${++hashCounter}` };
    modals.set(id, stored);
    return stored;
  };
  const openView = (view: unknown) => storeView(`V0MODAL${modals.size + 1}`, view);

  const dmChannelFor = (userId: string) => `D${userId.replace(/^U/, '')}`;

  const record = (call: Omit<FakeSlackCall, 'seq' | 'receivedAt' | 'outcome'>): FakeSlackCall => {
    const full: FakeSlackCall = { ...call, seq: calls.length + 1, receivedAt: Date.now(), outcome: 'held' };
    calls.push(full);
    return full;
  };

  const answer = (res: ServerResponse, call: FakeSlackCall, reply: Answer) => {
    call.status = reply.status;
    call.body = reply.body;
    call.outcome = reply.status === 429 ? 'ratelimited' : reply.body.ok ? 'ok' : 'error';
    res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...(reply.headers ?? {}) });
    res.end(JSON.stringify(reply.body));
    notify(call);
  };

  const handleApi = (method: string, params: Record<string, unknown>, token: string | undefined, res: ServerResponse) => {
    const call = record({ method, params, token });
    if (!token) return answer(res, call, fail('not_authed'));
    if (options.token !== undefined && token !== options.token) return answer(res, call, fail('invalid_auth'));
    const handler = handlers[method];
    if (!handler) return answer(res, call, fail('unknown_method'));

    if (method === 'chat.postMessage' && holdAfter !== undefined && acceptedPosts >= holdAfter) {
      const entry: HeldRequest = {
        call,
        res,
        finish: () => answer(res, call, handler(params, Date.now())),
      };
      held.push(entry);
      res.on('close', () => {
        if (call.outcome !== 'held') return;
        call.outcome = 'dropped';
        held.splice(held.indexOf(entry), 1);
        notify(call);
      });
      notify(call);
      return undefined;
    }
    if (method === 'chat.postMessage' && postDelayMs !== undefined) {
      const carryOut = carryOutIfClientLeaves;
      const timer = setTimeout(() => {
        delayed.delete(timer);
        if (call.outcome === 'held' && !res.destroyed) answer(res, call, handler(params, Date.now()));
        else if (call.outcome === 'held') {
          // The client is gone, but Slack had the request: posted, and the answer goes nowhere.
          const reply = handler(params, Date.now());
          call.status = reply.status;
          call.body = reply.body;
          call.outcome = 'late';
          notify(call);
        }
      }, postDelayMs);
      delayed.set(timer, res);
      res.on('close', () => {
        if (call.outcome !== 'held' || carryOut) return;
        clearTimeout(timer);
        delayed.delete(timer);
        call.outcome = 'dropped';
        notify(call);
      });
      notify(call);
      return undefined;
    }
    if (late && late.method === method && late.seen++ >= late.after) {
      // Carried out now; only the answer waits.
      const reply = handler(params, Date.now());
      call.outcome = 'late';
      const entry: LateAnswer = {
        res,
        send: () => {
          lateAnswers.delete(entry);
          if (entry.timer) clearTimeout(entry.timer);
          if (!res.destroyed) answer(res, call, reply);
        },
      };
      if (late.ms !== undefined) entry.timer = setTimeout(entry.send, late.ms);
      lateAnswers.add(entry);
      notify(call);
      return undefined;
    }
    return answer(res, call, handler(params, Date.now()));
  };

  const handleRespond = (id: string, params: Record<string, unknown>, res: ServerResponse) => {
    const call = record({ method: 'respond', params, responseUrlId: id });
    if (expiredResponseUrls.has(id)) return answer(res, call, { status: 404, body: { ok: false, error: 'expired_url' } });
    const list = respondBodies.get(id) ?? [];
    list.push(params);
    respondBodies.set(id, list);
    return answer(res, call, ok());
  };

  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const params = parseParams(raw, req.headers['content-type']);
        const token = bearer(req.headers.authorization) ?? (typeof params.token === 'string' ? params.token : undefined);
        delete params.token;
        const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
        const respond = /^\/respond\/([^/]+)$/.exec(url.pathname);
        if (req.method === 'POST' && api?.[1]) return handleApi(api[1], params, token, res);
        if (req.method === 'POST' && respond?.[1]) return handleRespond(decodeURIComponent(respond[1]), params, res);
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not found');
        return undefined;
      })
      .catch((error: unknown) => {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'invalid_form_data', detail: String(error) }));
      });
  });
  // Idle keep-alive sockets stay open for 5 s, as a real server's do for far longer: undici (fetch,
  // the WebClient) does not reuse a connection whose announced timeout is under its 2 s threshold,
  // so a shorter one would make every call open a new connection, which Slack never forces.
  // close() closes them all at once.
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const fake: FakeSlack = {
    url: base,
    apiUrl: `${base}/api/`,
    botUserId: BOT_USER_ID,
    botId: BOT_ID,
    teamId: TEAM_ID,
    calls,
    messages,
    get rateLimitedCount() {
      return rateLimitedCount;
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    modal: (viewId) => modals.get(viewId),
    messagesIn: (channel) => messages.filter((m) => m.channel === channel),
    responseUrl: (id) => `${base}/respond/${encodeURIComponent(id)}`,
    responses: (id) => respondBodies.get(id) ?? [],
    dmChannelFor,
    waitFor(predicate, { timeoutMs = 5000 } = {}) {
      const existing = calls.find(predicate);
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          const seen = calls.map((c) => `${c.seq} ${c.method} ${c.outcome}${c.body?.error ? ` (${String(c.body.error)})` : ''}`).join('\n  ');
          reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms. Calls seen:\n  ${seen || '(none)'}`));
        }, timeoutMs);
        const unsubscribe = fake.onCall((call) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(call);
        });
      });
    },
    onCall(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setChannel(channelId, state) {
      Object.assign(channelState(channelId), state);
    },
    channel: (channelId) => ({ ...channelState(channelId) }),
    failChannel(channelId, error, { times, methods = ['chat.postMessage'] } = {}) {
      const queue = failures.get(channelId) ?? [];
      queue.push({ error, remaining: times ?? Infinity, methods: new Set(methods) });
      failures.set(channelId, queue);
    },
    clearFailures(channelId) {
      if (channelId === undefined) failures.clear();
      else failures.delete(channelId);
    },
    rateLimit(options) {
      limits = options;
    },
    holdPostMessagesAfter(n) {
      holdAfter = n;
    },
    releaseHeld() {
      holdAfter = undefined;
      for (const entry of held.splice(0)) entry.finish();
    },
    delayPostMessages(ms, options = {}) {
      postDelayMs = ms;
      carryOutIfClientLeaves = options.carryOutIfClientLeaves ?? false;
    },
    dropHeld() {
      holdAfter = undefined;
      for (const entry of [...held]) entry.res.destroy();
    },
    answerLate(options) {
      late = options ? { method: options.method ?? 'chat.postMessage', after: options.after ?? 0, ms: options.ms, seen: 0 } : undefined;
    },
    releaseLateAnswers() {
      for (const entry of [...lateAnswers]) entry.send();
    },
    expireResponseUrl(id) {
      expiredResponseUrls.add(id);
    },
    async close() {
      holdAfter = undefined;
      postDelayMs = undefined;
      for (const [timer, res] of delayed) {
        clearTimeout(timer);
        res.destroy();
      }
      delayed.clear();
      for (const entry of held.splice(0)) entry.res.destroy();
      late = undefined;
      for (const entry of lateAnswers) {
        if (entry.timer) clearTimeout(entry.timer);
        entry.res.destroy();
      }
      lateAnswers.clear();
      listeners.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}

function prune(window: number[], now: number): void {
  while (window.length > 0 && (window[0] ?? 0) <= now - 1000) window.shift();
}

function bearer(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return match?.[1];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Form bodies (WebClient): each object field arrives JSON-stringified, so `blocks`, `metadata` etc.
 * are decoded back. JSON bodies (response_url posts, fetch-based clients) are taken as they are.
 */
export function parseParams(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw.trim() === '') return {};
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(raw);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('JSON body must be an object');
    return { ...(parsed as Record<string, unknown>) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (BOOLEAN_FIELDS.has(key) && (value === 'true' || value === 'false')) out[key] = value === 'true';
    else if (/^\s*[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
      } catch {
        out[key] = value;
      }
    } else out[key] = value;
  }
  return out;
}
