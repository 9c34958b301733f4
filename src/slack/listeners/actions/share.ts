/**
 * The Share button on a result card: post that card to the channel (or the thread the results were
 * shown in) for everyone, "shared by" the clicker. When the bot is not in the channel, fall back to the response_url, which may post there.
 *
 * A card in a view (App Home's newest articles, a modal) has no channel and no response_url: Slack
 * sends `container.type: "view"`. There the click opens the channel picker the search modal's Share
 * uses, and its submission posts the card (views/share-submit.ts).
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { shareReply } from '../../conversation/actions.js';
import type { Invocation, Reply } from '../../conversation/types.js';
import { clickedThread, viaResponseUrl } from '../deliver.js';
import { slackErrorCode } from '../../post-failure.js';
import { handleRequest } from '../../conversation/handle-request.js';
import type { ListenerDeps } from '../types.js';
import { openSharePicker } from './share-picker.js';
import { postOnce, shareKey } from '../post-once.js';

const FALL_BACK_TO_RESPONSE_URL = new Set(['not_in_channel', 'channel_not_found']);

export function shareCallback(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    await ack();
    if (body.container?.type === 'view' || typeof body.response_url !== 'string') {
      const { logger, catalog } = deps.handlerDeps;
      await openSharePicker(client, catalog(), logger, {
        triggerId: body.trigger_id,
        userId: body.user.id,
        articleId: action.value,
        fromModal: body.view?.type === 'modal',
        kind: 'action:share-picker',
      });
      return;
    }
    // Where the click happened is the clicked message's channel (container.channel_id); a payload
    // naming another channel (forged) does not get to choose where the card goes.
    const clickedIn = typeof body.container?.channel_id === 'string' ? body.container.channel_id : undefined;
    const channel = clickedIn ?? body.channel?.id ?? '';
    if (clickedIn && body.channel?.id && body.channel.id !== clickedIn) {
      deps.handlerDeps.logger.warn('share: the payload names another channel than the clicked message; posting where the click happened', { channel: clickedIn, named: body.channel.id, user: body.user.id });
    }
    const invocation: Invocation = { surface: 'action', text: '', userId: body.user.id, channelId: channel };
    const threadTs = clickedThread(body);
    const respondWith = viaResponseUrl(respond, threadTs);
    await handleRequest({
      kind: 'action:share',
      logger: deps.handlerDeps.logger,
      context: { channel, user: body.user.id },
      startedAt,
      work: () => deps.answers.enqueue(async () => [shareReply(invocation, action.value, deps.handlerDeps)]),
      deliver: async (reply: Reply) => {
        if (reply.visibility !== 'public' || !channel) return respondWith(reply);
        try {
          // One card per click, even when Slack's answer is late (keyed on the click's trigger_id).
          await postOnce(deps.postClient, { channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...reply.message }, shareKey(`click:${body.trigger_id}`), deps.handlerDeps.logger);
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
