/**
 * The Share button on a result card: post that card to the channel (or the thread the results were
 * shown in) for everyone, "shared by" the clicker. When the bot is not in the channel, fall back to the response_url, which may post there.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { shareReply } from '../../conversation/actions.js';
import type { Invocation, Reply } from '../../conversation/types.js';
import { clickedThread, slackErrorCode, viaResponseUrl } from '../deliver.js';
import { handleRequest } from '../../conversation/handle-request.js';
import type { ListenerDeps } from '../types.js';

const FALL_BACK_TO_RESPONSE_URL = new Set(['not_in_channel', 'channel_not_found']);

export function shareCallback(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id ?? '';
    const invocation: Invocation = { surface: 'action', text: '', userId: body.user.id, channelId: channel };
    const threadTs = clickedThread(body);
    const respondWith = viaResponseUrl(respond, threadTs);
    await handleRequest({
      kind: 'action:share',
      logger: deps.handlerDeps.logger,
      context: { channel, user: body.user.id },
      startedAt,
      work: () => deps.answers.run(async () => [shareReply(invocation, action.value, deps.handlerDeps)]),
      deliver: async (reply: Reply) => {
        if (reply.visibility !== 'public' || !channel) return respondWith(reply);
        try {
          await client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...reply.message });
        } catch (error) {
          const code = slackErrorCode(error);
          if (!code || !FALL_BACK_TO_RESPONSE_URL.has(code)) throw error;
          deps.handlerDeps.logger.info('share: posting through the response_url', { channel, reason: code });
          await respondWith(reply);
        }
      },
    });
  };
}
