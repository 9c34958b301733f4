/**
 * A direct message to the bot: answered in the DM the same way as a mention (top cards, help when
 * empty). Only people's plain messages: edits, joins and bot messages carry a subtype or bot_id.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { mentionsAsText, normalizeUserText, stripBotMention } from '../../conversation/user-text.js';
import type { Invocation } from '../../conversation/types.js';
import { eventReplyDelivery } from './event-answer.js';
import { answerTyped } from '../answer-typed.js';
import type { ListenerDeps } from '../types.js';

export function directMessageCallback(deps: ListenerDeps) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id || !event.user) return;
    // In a DM a reply thread is answered in that thread; a top-level message gets a top-level answer.
    const user = event.user;
    const threadTs = event.thread_ts ? String(event.thread_ts) : undefined;
    const invocation: Invocation = {
      surface: 'dm',
      text: normalizeUserText(mentionsAsText(stripBotMention(event.text ?? '', context.botUserId))),
      userId: user,
      channelId: event.channel,
      threadTs,
    };
    await answerTyped(deps, {
      kind: 'dm',
      invocation,
      startedAt,
      deliver: eventReplyDelivery(client, context, deps.handlerDeps.logger, { channel: event.channel, threadTs, userId: user, isDirectMessage: true, since: event.ts }, deps.postClient),
    });
  };
}
