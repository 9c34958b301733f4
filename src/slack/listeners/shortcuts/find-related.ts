/**
 * Message shortcut "Find related articles" (callback id `catalog_related`): acked at once, then
 * the clicker alone gets the articles related to the message, in its channel and thread
 * (chat.postEphemeral). Where the bot is not in the channel, the payload's response_url still
 * reaches the clicker privately.
 */
import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { relatedReply } from '../../conversation/related.js';
import type { Invocation, Reply } from '../../conversation/types.js';
import { intoConversation, viaResponseUrl } from '../deliver.js';
import { slackErrorCode } from '../../post-failure.js';
import { handleRequest } from '../../conversation/handle-request.js';
import type { ListenerDeps } from '../types.js';

export const RELATED_CALLBACK_ID = 'catalog_related';

const NOT_THERE = new Set(['channel_not_found', 'not_in_channel']);

export function findRelatedCallback(deps: ListenerDeps) {
  return async ({ shortcut, ack, respond }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    await ack();
    // Slack has sent this without its message or channel: the clicker still gets an answer (the
    // related-articles help for an empty message), through the response_url when there is no channel.
    const message = (shortcut.message ?? {}) as { text?: unknown; ts?: unknown; thread_ts?: unknown };
    const text = typeof message.text === 'string' ? message.text : '';
    const threadTs = typeof message.thread_ts === 'string' && message.thread_ts !== '' ? message.thread_ts : undefined;
    const channelId = typeof shortcut.channel?.id === 'string' ? shortcut.channel.id : '';
    const invocation: Invocation = { surface: 'command', text, userId: shortcut.user.id, channelId, threadTs };
    const inChannel = intoConversation(deps.postClient, { channel: invocation.channelId, threadTs, userId: invocation.userId });
    const deliver = async (reply: Reply): Promise<void> => {
      if (!channelId && shortcut.response_url) return viaResponseUrl(respond)(reply);
      try {
        await inChannel(reply);
      } catch (error) {
        if (!NOT_THERE.has(slackErrorCode(error) ?? '') || !shortcut.response_url) throw error;
        await viaResponseUrl(respond)(reply);
      }
    };
    await handleRequest({
      kind: 'related',
      logger: deps.handlerDeps.logger,
      context: { channel: invocation.channelId, user: invocation.userId },
      startedAt,
      work: () => deps.answers.enqueue(async () => [relatedReply(invocation, text, deps.handlerDeps)]),
      deliver,
    });
  };
}
