/**
 * Exactly once when Slack's answer is lost, and a clean stop when Slack rejects the token, with
 * the real poster, store and search engine against the fake Slack.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createDigestWebClient, createWebClientPoster } from '../../src/slack/digest-posting/poster.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { capturingLogger, createDigestRig, receivedByChannel, slugs, type DigestRig, type EntrySpec } from './helpers.js';

let fake: FakeSlack;
let rig: DigestRig;

const BASE: EntrySpec[] = [{ slug: 'old-1' }, { slug: 'old-2' }];

beforeEach(async () => {
  fake = await startFakeSlack();
  rig = await createDigestRig(fake);
  rig.writeCatalog(BASE);
  await rig.run(); // baseline
});
afterEach(async () => {
  await rig.cleanup();
  await fake.close();
});

/**
 * A run whose poster gives up waiting after `timeoutMs` instead of 30 s. The late answer never
 * comes, so the timeout only has to stay above the normal answers of the same run.
 */
function impatientRun(timeoutMs = 300) {
  const client = createDigestWebClient({ botToken: 'xoxb-test-token', apiUrl: fake.apiUrl, timeoutMs }, silentLogger);
  return rig.run({ poster: createWebClientPoster(client, silentLogger) });
}

/** Slack accepts the next post but answers only after the client has given up; later posts are answered normally. */
function answerNextPostLate() {
  fake.answerLate({ method: 'chat.postMessage' });
  const stop = fake.onCall((call) => {
    if (call.outcome !== 'late') return;
    fake.answerLate(undefined);
    stop();
  });
}

describe('a digest Slack accepted but never confirmed', () => {
  it('is found in the channel by its delivery key on the next run and not posted again', async () => {
    await rig.subscribe('C_LATE', '');
    await rig.subscribe('C_FINE', '');
    rig.writeCatalog([...BASE, { slug: 'new-1' }]);
    answerNextPostLate();

    // C_FINE is answered normally in the same run: keep the timeout well above a normal answer.
    const first = await impatientRun(1500);
    expect(first).toMatchObject({ posted: 1, failed: 1, recovered: 0 });
    expect(first.results.find((r) => r.channelId === 'C_LATE')).toMatchObject({ status: 'unconfirmed' });
    expect(fake.messagesIn('C_LATE')).toHaveLength(1); // Slack has it; the bot does not know

    const second = await rig.run();
    expect(second).toMatchObject({ posted: 0, recovered: 1, failed: 0 });
    expect(fake.messagesIn('C_LATE')).toHaveLength(1);
    expect(fake.callsTo('conversations.history').map((c) => c.params.channel)).toEqual(['C_LATE']);
    // Recorded with the ts of the message Slack has, and nothing left open.
    const [subscription] = await rig.store.listSubscriptions({ channelId: 'C_LATE' });
    expect((await rig.store.listDeliveries({ channelId: 'C_LATE' })).map((d) => d.messageTs)).toEqual([fake.messagesIn('C_LATE')[0]?.ts]);
    expect(await rig.store.openDeliveryAttempt(subscription!.id)).toBeUndefined();

    expect((await rig.run()).posted).toBe(0);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('records what the unconfirmed message carried, then posts only the articles added since', async () => {
    await rig.subscribe('C1', '');
    rig.writeCatalog([...BASE, { slug: 'new-1' }]);
    answerNextPostLate();
    expect((await impatientRun()).results[0]).toMatchObject({ status: 'unconfirmed' });

    rig.writeCatalog([...BASE, { slug: 'new-1' }, { slug: 'new-2', date: '02 FEB 2024' }]);
    expect(await rig.run()).toMatchObject({ posted: 1, recovered: 1 });
    expect(fake.messagesIn('C1')).toHaveLength(2);
    expect(receivedByChannel(fake).get('C1')).toEqual(slugs('new-1', 'new-2'));
  });

  it('is posted on the next run when the channel does not have it (the post never reached Slack)', async () => {
    const subscription = await rig.subscribe('C1', '');
    rig.writeCatalog([...BASE, { slug: 'new-1' }]);
    // A run that recorded its attempt and died before the post went out.
    await rig.catalog.reload();
    await rig.store.beginDeliveryAttempt({ key: 'crashed-attempt', subscriptionId: subscription.id, channelId: 'C1', articleIds: ['x'], startedAt: new Date() });

    expect(await rig.run()).toMatchObject({ posted: 1, recovered: 0 });
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(receivedByChannel(fake).get('C1')).toEqual(slugs('new-1'));
    expect(await rig.store.openDeliveryAttempt(subscription.id)).toBeUndefined();
  });

  it('joins a public channel the bot was removed from to look for it', async () => {
    await rig.subscribe('C1', '');
    rig.writeCatalog([...BASE, { slug: 'new-1' }]);
    answerNextPostLate();
    await impatientRun();
    fake.setChannel('C1', { member: false });

    expect(await rig.run()).toMatchObject({ posted: 0, recovered: 1 });
    expect(fake.callsTo('conversations.join')).toHaveLength(1);
    expect(fake.messagesIn('C1')).toHaveLength(1);
  });

  it.each([['missing_scope'], ['not_allowed_token_type']])(
    'is posted again, with a warning that it may be doubled, when the history look-up is refused (%s)',
    async (error) => {
      await rig.subscribe('C1', '');
      rig.writeCatalog([...BASE, { slug: 'new-1' }]);
      answerNextPostLate();
      await impatientRun();
      fake.failChannel('C1', error, { methods: ['conversations.history'] });

      const { logger, at } = capturingLogger();
      expect(await rig.run({ logger })).toMatchObject({ posted: 1, recovered: 0 });
      expect(fake.messagesIn('C1')).toHaveLength(2); // the price of not being able to look
      const warnings = at('warn').filter((l) => String(l.msg).includes('may be doubled'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ channel: 'C1', error });
      expect(String(warnings[0]?.fix)).toContain('channels:history');
    },
  );

  it('stays pending, not posted, while the look-up itself fails', async () => {
    const subscription = await rig.subscribe('C1', '');
    rig.writeCatalog([...BASE, { slug: 'new-1' }]);
    answerNextPostLate();
    await impatientRun();
    fake.failChannel('C1', 'internal_error', { methods: ['conversations.history'], times: 1 });

    expect(await rig.run()).toMatchObject({ posted: 0, failed: 1 });
    expect(await rig.store.openDeliveryAttempt(subscription.id)).toBeDefined();
    expect(await rig.run()).toMatchObject({ posted: 0, recovered: 1 });
    expect(fake.messagesIn('C1')).toHaveLength(1);
  });
});

describe('a token Slack rejects mid-run', () => {
  const channels = ['C1', 'C2', 'C3', 'C4'];

  it.each([['invalid_auth'], ['token_revoked'], ['account_inactive'], ['not_authed'], ['token_expired']])(
    '%s stops the run at the first answer, logs one error saying what to do, and leaves the rest for the next run',
    async (error) => {
      // Subscribed a millisecond apart: the run takes them oldest first.
      const start = Date.now() - 1000;
      for (const [i, channel] of channels.entries()) await rig.subscribe(channel, '', 'U0SUB', new Date(start + i));
      rig.writeCatalog([...BASE, { slug: 'new-1' }]);
      fake.failChannel('C2', error, { times: 1 });

      const { logger, at } = capturingLogger();
      // One at a time, so "after the first such answer" is the order the channels were subscribed in.
      const summary = await rig.run({ logger, concurrency: 1 });
      expect(summary).toMatchObject({ posted: 1, tokenRejected: error });
      expect(summary.note).toMatch(/Slack rejected the bot token/);
      expect(fake.callsTo('chat.postMessage').map((c) => c.params.channel)).toEqual(['C1', 'C2']);
      expect(summary.results.map((r) => [r.channelId, r.status])).toEqual([
        ['C1', 'posted'],
        ['C2', 'failed'],
      ]);
      const errors = at('error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ msg: 'digest run stopped: Slack rejected SLACK_BOT_TOKEN', error });
      expect(String(errors[0]?.fix)).toMatch(/reinstall the app/);
      expect(at('warn')).toEqual([]);

      // The token works again: everything that was pending goes out once.
      expect(await rig.run()).toMatchObject({ posted: 3 });
      for (const channel of channels) expect(fake.messagesIn(channel), channel).toHaveLength(1);
    },
  );
});
