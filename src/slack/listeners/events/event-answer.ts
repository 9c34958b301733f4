/**
 * An event's answer carries the event id (message metadata), so that a replica taking over an
 * event whose claimant died can look in Slack for an answer that went out before the claimant
 * could record it, and not post a second one (as digests do with their delivery key).
 *
 * The event-claim middleware leaves what it decided in Bolt's context for the listener: answer it,
 * whether to look first, and how to make sure the claim is still ours just before posting. Ephemeral answers cannot be looked up (Slack keeps no trace of them).
 */
import type { Context } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../logger.js';
import type { Reply } from '../../conversation/types.js';
import { intoConversation, type ConversationTarget } from '../deliver.js';
import { alreadyPosted } from '../post-once.js';

/** The metadata event type of an answer to a Slack event; its payload holds `event_id`. */
export const EVENT_ANSWER_TYPE = 'catalog_bot_answer';

export interface EventAnswer {
  eventId: string;
  /** Claimed before by a process that may have answered (taken over, or the store could not say). */
  lookFirst: boolean;
  /** Just before posting: false when another replica has taken the event over meanwhile (it answers). */
  stillOurs: () => Promise<boolean>;
}

const CONTEXT_KEY = 'eventAnswer';

export function setEventAnswer(context: Context, answer: EventAnswer): void {
  context[CONTEXT_KEY] = answer;
}

export function eventAnswerOf(context: Context): EventAnswer | undefined {
  const value = context[CONTEXT_KEY] as EventAnswer | undefined;
  return value && typeof value.eventId === 'string' ? value : undefined;
}

export function answerMetadata(eventId: string): { event_type: string; event_payload: { event_id: string } } {
  return { event_type: EVENT_ANSWER_TYPE, event_payload: { event_id: eventId } };
}

export interface AnswerPlace {
  channel: string;
  /** The thread the answer goes to; none for a top-level answer (a DM). */
  threadTs?: string;
  /** The event's message ts: a top-level answer is newer. */
  since: string;
}

/**
 * True when an answer to `eventId` is already in Slack, in the thread (conversations.replies) or
 * after the event's message (conversations.history). Throws when Slack cannot be asked.
 */
export function answerAlreadyPosted(client: WebClient, place: AnswerPlace, eventId: string): Promise<boolean> {
  return alreadyPosted(client, place, answerMetadata(eventId));
}

/**
 * `deliver`, unless another replica has taken the event over meanwhile, or (when
 * `answer.lookFirst`) the event's answer is already in Slack. When the store or Slack cannot be
 * asked, the reply is posted: a possible second answer beats a lost one.
 */
export function answerOnce(
  client: WebClient,
  place: AnswerPlace,
  answer: EventAnswer | undefined,
  logger: Pick<Logger, 'info' | 'warn'>,
  deliver: (reply: Reply) => Promise<void>,
): (reply: Reply) => Promise<void> {
  if (!answer) return deliver;
  const { eventId } = answer;
  return async (reply) => {
    try {
      if (!(await answer.stillOurs())) {
        logger.info('event taken over by another replica while its answer was worked out; not posted here', { eventId, channel: place.channel });
        return;
      }
    } catch (error) {
      logger.warn('could not check the event claim before posting; answering', { eventId, error });
    }
    try {
      if (answer.lookFirst && (await answerAlreadyPosted(client, place, eventId))) {
        logger.info('event already answered in Slack; not posted again', { eventId, channel: place.channel });
        return;
      }
    } catch (error) {
      logger.warn('could not look for an earlier answer in Slack; answering (it may be there twice)', { eventId, error });
    }
    await deliver(reply);
  };
}

/**
 * How a mention or a DM is answered into its conversation: the post carries the event id, and a
 * taken-over event is looked for in Slack first. `since` is the event's message ts. The answer is
 * posted with `postClient` (no retries of its own: a post whose answer is late is looked up, not
 * sent again blindly); default `client`.
 */
export function eventReplyDelivery(client: WebClient, context: Context, logger: Pick<Logger, 'info' | 'warn'>, target: ConversationTarget & { since: string }, postClient: WebClient = client) {
  const answer = eventAnswerOf(context);
  const { since, ...conversation } = target;
  const deliver = intoConversation(postClient, { ...conversation, ...(answer ? { metadata: answerMetadata(answer.eventId) } : {}) }, logger);
  return answerOnce(client, { channel: target.channel, ...(target.threadTs ? { threadTs: target.threadTs } : {}), since }, answer, logger, deliver);
}
