/**
 * "Share" in the pushed Share modal (view_submission): the card is posted in the picked channel
 * for everyone, "shared by" the user, as the Share button posts it (shareReply). The ack shows
 * "Sharing…" at once; the outcome then replaces it (views.update): done, or why not with the picker
 * to choose again. When that modal was closed meanwhile, a failure reaches the user by DM.
 *
 * The picked conversation comes from the payload, so it is checked like any input: a channel id
 * (the picker offers public and private channels only), and one the user is a member of
 * (conversations.members) — a forged submission cannot post into someone else's conversation.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { apologyMessage } from '../../blocks/error.js';
import { articleGoneMessage } from '../../blocks/shared-card.js';
import type { SlackMessage } from '../../blocks/message.js';
import { articleGoneView, decodeShareMetadata, SHARE_MODAL_IDS, shareFailedMessage, shareFailureReason, shareModalView } from '../../blocks/search-modal.js';
import { shareReply } from '../../conversation/actions.js';
import { newReference } from '../../conversation/reference.js';
import { slackErrorCode } from '../../post-failure.js';
import { membership } from '../membership.js';
import { postOnce, shareKey } from '../post-once.js';
import type { ListenerDeps } from '../types.js';

export function shareSubmitCallback(deps: ListenerDeps) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    const { logger, catalog } = deps.handlerDeps;
    const userId = body.user.id;
    const channel = view.state.values[SHARE_MODAL_IDS.channelBlock]?.[SHARE_MODAL_IDS.channel]?.selected_conversation;
    const articleId = decodeShareMetadata(view.private_metadata);
    const article = articleId ? catalog().byId.get(articleId) : undefined;
    if (!article) {
      await ack({ response_action: 'update', view: articleGoneView(articleGoneMessage().text) });
      return;
    }
    if (typeof channel !== 'string' || !/^[CG][A-Z0-9]{1,30}$/.test(channel)) {
      await ack({ response_action: 'errors', errors: { [SHARE_MODAL_IDS.channelBlock]: 'Pick a channel to share the article in.' } });
      return;
    }
    await ack({ response_action: 'update', view: shareModalView({ article, sharingTo: channel }) });

    const reply = shareReply({ surface: 'action', text: '', userId, channelId: channel }, article.id, deps.handlerDeps);
    let failure = await notAllowedToShare(deps, channel, userId);
    if (!failure) {
      try {
        // One card per submission, even when Slack's answer is late (keyed on the submission's trigger_id).
        await deps.answers.enqueue(() => postOnce(deps.postClient, { channel, ...reply.message }, shareKey(`submit:${body.trigger_id}`), logger));
        logger.info('request handled', { kind: 'modal:share', latencyMs: Math.round(performance.now() - startedAt), channel, user: userId, results: 1 });
      } catch (error) {
        const code = slackErrorCode(error);
        if (code) {
          failure = shareFailureReason(code);
          logger.info('modal share refused', { channel, user: userId, reason: code });
        } else {
          const reference = newReference();
          failure = apologyMessage(reference).text;
          logger.error('request failed', { kind: 'modal:share', reference, channel, user: userId, error });
        }
      }
    }
    const outcome = failure ? shareModalView({ article, failed: { channel, reason: failure } }) : shareModalView({ article, sharedIn: channel });
    try {
      await client.views.update({ view_id: view.id, view: outcome });
    } catch (error) {
      logger.info('share modal gone before the outcome', { user: userId, error });
      if (failure) await tellByDirectMessage(deps.postClient, userId, shareFailedMessage(article, failure), logger);
    }
  };
}

/** Why `userId` may not share into `channel` (not a member, or it cannot be checked), or undefined. */
async function notAllowedToShare(deps: ListenerDeps, channel: string, userId: string): Promise<string | undefined> {
  const { logger } = deps.handlerDeps;
  const found = await membership(deps.postClient, channel, userId);
  if (found.member === true) return undefined;
  if (found.member === false) {
    logger.warn('modal share refused: the user is not a member of the picked channel', { channel, user: userId });
    return 'You are not a member of that channel: a card is shared only where you are. Pick one of your channels.';
  }
  logger.info('modal share refused: membership could not be checked', { channel, user: userId, reason: found.slackError });
  return found.slackError ? shareFailureReason(found.slackError) : 'I could not check that you are a member of that channel. Try again in a moment.';
}

/** The app's DM with the user (chat.postMessage to a user id posts in the app's Messages tab). */
async function tellByDirectMessage(client: WebClient, userId: string, message: SlackMessage, logger: ListenerDeps['handlerDeps']['logger']): Promise<void> {
  try {
    await client.chat.postMessage({ channel: userId, ...message });
  } catch (error) {
    logger.error('share failure could not be told to the user', { user: userId, error });
  }
}
