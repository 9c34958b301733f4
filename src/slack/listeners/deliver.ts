/**
 * How a transport-neutral `Reply` reaches Slack: through the response_url (slash commands and
 * buttons — the only way to show or replace an ephemeral message) or through the Web API into a
 * conversation (mentions, DMs, shares).
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { Reply } from '../conversation/types.js';
import { postOnce, type PostKey } from './post-once.js';

/**
 * Slash commands and buttons: `respond()`; ephemeral unless the reply is public. A new message for
 * a button clicked inside a thread goes to that thread (`threadTs`).
 */
export function viaResponseUrl(respond: RespondFn, threadTs?: string) {
  return async (reply: Reply): Promise<void> => {
    const args: RespondArguments = {
      ...reply.message,
      response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
      replace_original: reply.replaceOriginal ?? false,
      ...(threadTs && !reply.replaceOriginal ? { thread_ts: threadTs } : {}),
    };
    const response: unknown = await respond(args);
    // Bolt 5 returns the fetch Response without reading it. An unread body pins its keep-alive
    // connection until garbage collection, so every answer would open a new one: read it here.
    if (response instanceof Response) await response.arrayBuffer().catch(() => undefined);
  };
}

export interface ConversationTarget {
  channel: string;
  /** Answer in this thread (mentions); as a string, as the Web API wants. */
  threadTs?: string;
  /** The person who asked, for ephemeral replies. */
  userId: string;
  /** A DM with the bot: "ephemeral" replies are posted normally, nobody else is there. */
  isDirectMessage?: boolean;
  /** Message metadata for a posted (not ephemeral) reply: what it answers, so it can be found again. */
  metadata?: PostKey;
}

/**
 * Mentions and DMs: post into the conversation (and thread) the request came from. `client` must not
 * retry by itself (createPostingClient): a post with metadata is sent at most once (post-once.ts),
 * an ephemeral one once.
 */
export function intoConversation(client: WebClient, target: ConversationTarget, logger?: Pick<Logger, 'info' | 'warn'>) {
  return async (reply: Reply): Promise<void> => {
    const thread = target.threadTs ? { thread_ts: String(target.threadTs) } : {};
    if (reply.visibility === 'ephemeral' && !target.isDirectMessage) {
      await client.chat.postEphemeral({ channel: target.channel, user: target.userId, ...thread, ...reply.message });
      return;
    }
    const args = { channel: target.channel, ...thread, ...reply.message };
    if (target.metadata && logger) await postOnce(client, args, target.metadata, logger);
    else await client.chat.postMessage({ ...args, ...(target.metadata ? { metadata: target.metadata } : {}) });
  };
}

/** The thread a clicked message sits in, if any (button payloads: `message.thread_ts` or `container.thread_ts`). */
export function clickedThread(body: { message?: { [key: string]: unknown }; container?: { [key: string]: unknown } }): string | undefined {
  const ts = body.message?.thread_ts ?? body.container?.thread_ts;
  return typeof ts === 'string' && ts !== '' ? ts : undefined;
}
