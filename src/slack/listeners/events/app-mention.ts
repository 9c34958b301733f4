/**
 * `@catalog-bot <words>` in a channel: answered in the thread of the mention (the thread's root
 * when the mention is itself in a thread), visible to everyone. The ack waits for the answer (up
 * to a deadline: src/slack/http-receiver.ts), and the answer carries the event id (./event-answer.ts).
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { normalizeUserText, mentionsAsText, stripBotMention } from '../../conversation/user-text.js';
import type { Invocation } from '../../conversation/types.js';
import { eventReplyDelivery } from './event-answer.js';
import { answerTyped } from '../answer-typed.js';
import type { ListenerDeps } from '../types.js';

export function appMentionCallback(deps: ListenerDeps) {
  return async ({ event, client, context }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    // Bots mentioning us (including ourselves) would make loops; people only.
    if (event.bot_id || !event.user) return;
    const user = event.user;
    const threadTs = String(event.thread_ts ?? event.ts);
    const invocation: Invocation = {
      surface: 'mention',
      text: normalizeUserText(mentionsAsText(stripBotMention(typeof event.text === 'string' ? event.text : '', context.botUserId))),
      userId: user,
      channelId: event.channel,
      threadTs,
    };
    await answerTyped(deps, {
      kind: 'mention',
      invocation,
      startedAt,
      deliver: eventReplyDelivery(client, context, deps.handlerDeps.logger, { channel: event.channel, threadTs, userId: user, since: event.ts }, deps.postClient),
    });
  };
}
