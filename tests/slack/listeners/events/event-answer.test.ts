/**
 * The last step before an event's answer is posted: not when another replica has taken the event
 * over meanwhile, not again when a taken-over event's answer is already in Slack (found by its
 * metadata), and posted when the store or Slack cannot be asked. Against the fake Slack Web API.
 */
import type { Context } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/logger.js';
import { answerMetadata, eventReplyDelivery, setEventAnswer, type EventAnswer } from '../../../../src/slack/listeners/events/event-answer.js';
import { startFakeSlack, type FakeSlack } from '../../../helpers/fake-slack.js';

let fake: FakeSlack;
let client: WebClient;
const lines: Array<Record<string, unknown>> = [];
const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });

beforeAll(async () => {
  fake = await startFakeSlack({ token: 'xoxb-answer' });
  client = new WebClient('xoxb-answer', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => fake.close());

const reply = { visibility: 'public' as const, message: { text: 'three articles' } };

/** A mention's answer in thread `ts` of `channel`, as the event middleware left it in Bolt's context. */
function delivery(channel: string, ts: string, answer: Omit<EventAnswer, 'stillOurs'> & { stillOurs?: EventAnswer['stillOurs'] }) {
  const context: Context = { isEnterpriseInstall: false };
  setEventAnswer(context, { stillOurs: async () => true, ...answer });
  return eventReplyDelivery(client, context, logger, { channel, threadTs: ts, userId: 'U0ASKER', since: ts });
}
const postsIn = (channel: string) => fake.messagesIn(channel);

describe("an event's answer", () => {
  it('carries the event id, so that a replica taking the event over can find it', async () => {
    await delivery('C0META', '1700003000.000100', { eventId: 'Ev0META', lookFirst: false })(reply);
    expect(postsIn('C0META').map((m) => m.metadata)).toEqual([answerMetadata('Ev0META')]);
  });

  it('is not posted when another replica took the event over while it was worked out', async () => {
    await delivery('C0LOST', '1700003000.000200', { eventId: 'Ev0LOST', lookFirst: false, stillOurs: async () => false })(reply);
    expect(postsIn('C0LOST')).toEqual([]);
    expect(lines.some((l) => l.eventId === 'Ev0LOST' && String(l.msg).startsWith('event taken over by another replica'))).toBe(true);
  });

  it('is posted when the store cannot say whether the claim is still ours', async () => {
    const storeDown = async (): Promise<boolean> => {
      throw new Error('store unreachable');
    };
    await delivery('C0NOSTORE', '1700003000.000300', { eventId: 'Ev0NOSTORE', lookFirst: false, stillOurs: storeDown })(reply);
    expect(postsIn('C0NOSTORE')).toHaveLength(1);
  });

  it('taken over: is not posted again when the thread already holds it, and is posted when it holds only other answers', async () => {
    const ts = '1700003000.000400';
    await delivery('C0TAKEN', ts, { eventId: 'Ev0FIRST', lookFirst: false })(reply);
    await delivery('C0TAKEN', ts, { eventId: 'Ev0FIRST', lookFirst: true })(reply);
    expect(postsIn('C0TAKEN')).toHaveLength(1);
    expect(fake.callsTo('conversations.replies').filter((c) => c.params.channel === 'C0TAKEN')).toHaveLength(1);
    // Another event answered in the same thread is not this one's answer.
    await delivery('C0TAKEN', ts, { eventId: 'Ev0SECOND', lookFirst: true })(reply);
    expect(postsIn('C0TAKEN').map((m) => m.metadata)).toEqual([answerMetadata('Ev0FIRST'), answerMetadata('Ev0SECOND')]);
  });

  it('taken over: is posted when Slack cannot be asked (a possible second answer beats a lost one)', async () => {
    fake.failChannel('C0NOHISTORY', 'internal_error', { methods: ['conversations.replies'] });
    await delivery('C0NOHISTORY', '1700003000.000500', { eventId: 'Ev0NOHISTORY', lookFirst: true })(reply);
    expect(postsIn('C0NOHISTORY')).toHaveLength(1);
    expect(lines.some((l) => l.eventId === 'Ev0NOHISTORY' && l.level === 'warn')).toBe(true);
  });
});
