/**
 * Requests as Slack sends them, signed the way Slack signs them (docs.slack.dev/authentication/
 * verifying-requests-from-slack): `X-Slack-Signature: v0=HMAC-SHA256(secret, "v0:<ts>:<raw body>")`
 * and `X-Slack-Request-Timestamp`. Form bodies use the bare `application/x-www-form-urlencoded`
 * content type (Bolt only form-parses that exact value, see slack-facts.md §5).
 */
import { createHmac } from 'node:crypto';
import { SLASH_COMMAND } from '../../src/slack/names.js';

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

let triggers = 0;
/**
 * A trigger_id as Slack makes them: a new one for every request (a replayed request keeps its own,
 * and the bot drops the replay), unique across test files running in parallel.
 */
export function newTriggerId(prefix = 'trigger'): string {
  return `${prefix}.${process.pid}.${Date.now()}.${(triggers += 1)}`;
}

export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
}

export interface SignedPostOptions {
  secret: string;
  body: string;
  contentType: string;
  /** Unix seconds. Default now. */
  timestamp?: number;
  /** Send this signature instead of the right one. */
  signature?: string;
  headers?: Record<string, string>;
}

/** POST `options.body` signed as Slack would; `signal` aborts a request the app leaves unanswered. */
export async function postSigned(url: string, options: SignedPostOptions, signal?: AbortSignal): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(options.secret, timestamp, options.body),
      ...options.headers,
    },
    body: options.body,
    signal,
  });
}

export interface CommandFields {
  text: string;
  response_url: string;
  channel_id?: string;
  user_id?: string;
  command?: string;
  trigger_id?: string;
}

/** A slash command body, with the fields Slack sends (slack-facts.md §3). */
export function commandBody(fields: CommandFields): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: fields.channel_id ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: fields.user_id ?? 'U0ALICE',
    user_name: 'alice',
    command: fields.command ?? SLASH_COMMAND,
    text: fields.text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? newTriggerId('cmd'),
  }).toString();
}

export interface ButtonClick {
  actionId: string;
  value: string;
  responseUrl: string;
  channelId?: string;
  userId?: string;
  blockId?: string;
  /** The clicked message sits in this thread (sent as `container.thread_ts`). */
  threadTs?: string;
  /** Default: a new one. */
  triggerId?: string;
}

/** A `block_actions` payload for a button click, form-encoded as `payload=<json>`. */
export function buttonClickBody(click: ButtonClick): string {
  const channel = click.channelId ?? 'C0GENERAL';
  const user = click.userId ?? 'U0ALICE';
  const payload = {
    type: 'block_actions',
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: user, username: 'alice', team_id: 'T0FAKE' },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel, is_ephemeral: true, ...(click.threadTs ? { thread_ts: click.threadTs } : {}) },
    trigger_id: click.triggerId ?? newTriggerId('click'),
    channel: { id: channel, name: 'general' },
    response_url: click.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: click.actionId,
        block_id: click.blockId ?? 'b1',
        value: click.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: '1700000001.000200',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface EventEnvelopeOptions {
  eventId: string;
  event: Record<string, unknown>;
}

/** An Events API `event_callback` envelope as JSON (slack-facts.md §4). */
export function eventBody({ eventId, event }: EventEnvelopeOptions): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    api_app_id: 'A0APP',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0FAKE', user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event,
  });
}

/** The fields every interaction payload starts with: its type, the workspace, the user, the app. */
const interaction = (type: string, userId = 'U0ALICE') => ({
  type,
  team: { id: 'T0FAKE', domain: 'fake' },
  user: { id: userId, username: 'alice', name: 'alice', team_id: 'T0FAKE' },
  api_app_id: 'A0APP',
  token: 'legacy-verification-token',
});

/** A global shortcut (the shortcuts menu) payload, form-encoded (slack-facts.md §3: `type: shortcut`). */
export function globalShortcutBody(fields: { callbackId: string; triggerId?: string; userId?: string }): string {
  const payload = {
    ...interaction('shortcut', fields.userId),
    action_ts: '1700000002.000300',
    is_enterprise_install: false,
    callback_id: fields.callbackId,
    trigger_id: fields.triggerId ?? newTriggerId('shortcut'),
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A modal as Slack sends it back in interaction payloads: its id, hash, callback id, metadata and input state. */
export interface ModalInPayload {
  id: string;
  hash: string;
  callbackId: string;
  privateMetadata?: string;
  /** `state.values`: block id → action id → element state (`{type, value}` or `{type, selected_conversation}`). */
  values?: Record<string, Record<string, Record<string, unknown>>>;
  blocks?: unknown[];
}

function viewOf(modal: ModalInPayload) {
  return {
    id: modal.id,
    team_id: 'T0FAKE',
    type: 'modal',
    blocks: modal.blocks ?? [],
    private_metadata: modal.privateMetadata ?? '',
    callback_id: modal.callbackId,
    state: { values: modal.values ?? {} },
    hash: modal.hash,
    title: { type: 'plain_text', text: 'x' },
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: modal.id,
    app_id: 'A0APP',
    bot_id: 'B0BOT',
  };
}

/** `block_actions` from inside a modal: typing in a dispatch_action input, or a button in the view. */
export function modalActionBody(fields: { modal: ModalInPayload; action: Record<string, unknown>; userId?: string; triggerId?: string }): string {
  const payload = {
    ...interaction('block_actions', fields.userId),
    container: { type: 'view', view_id: fields.modal.id },
    trigger_id: fields.triggerId ?? newTriggerId('modal'),
    view: viewOf(fields.modal),
    actions: [{ block_id: 'b1', action_ts: '1700000003.000400', ...fields.action }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** `view_submission`: Enter in the modal's input or its submit button. */
export function viewSubmissionBody(fields: { modal: ModalInPayload; userId?: string; triggerId?: string }): string {
  const payload = {
    ...interaction('view_submission', fields.userId),
    trigger_id: fields.triggerId ?? newTriggerId('submit'),
    view: viewOf(fields.modal),
    response_urls: [],
    is_enterprise_install: false,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/**
 * `block_actions` from a button on App Home: `container.type: "view"`, the Home view, and (as Slack
 * sends it) neither `channel` nor `response_url`.
 */
export function homeActionBody(fields: { action: Record<string, unknown>; userId?: string; triggerId?: string; viewId?: string }): string {
  const viewId = fields.viewId ?? 'VHOME';
  const payload = {
    ...interaction('block_actions', fields.userId),
    container: { type: 'view', view_id: viewId },
    trigger_id: fields.triggerId ?? newTriggerId('home'),
    view: { id: viewId, team_id: 'T0FAKE', type: 'home', blocks: [], private_metadata: '', callback_id: '', state: { values: {} }, hash: '1700000000.home', root_view_id: viewId, app_id: 'A0APP', bot_id: 'B0BOT' },
    actions: [{ block_id: 'b1', action_ts: '1700000004.000500', ...fields.action }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
