/**
 * SUBSCRIPTIONS_PER_CHANNEL: a burst of subscribes in one channel (one user made 117 in 2.6 s)
 * creates no more than the limit, and each refusal says the limit and how to list or remove. Signed
 * slash commands into the real app, sent all at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSlackApp, type TestSlackApp } from '../../helpers/slack-app-harness.js';

let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp({ SUBSCRIPTIONS_PER_CHANNEL: '3' });
});
afterAll(async () => {
  await t?.close();
});

describe('subscriptions per channel', () => {
  it('a burst creates at most the limit, and the refusals say how to list or remove', async () => {
    const sent = await Promise.all(['tag:saas', 'tag:kafka', 'tag:aws', 'eks', 'dynamodb', 'lambda'].map((q) => t.command(`subscribe ${q}`, { channelId: 'C0LIMIT' })));
    const answers = await Promise.all(sent.map(({ responseId }) => t.response(responseId).then((m) => JSON.stringify(m))));
    expect(answers.filter((a) => a.includes('subscribed this channel'))).toHaveLength(3);
    const refusals = answers.filter((a) => a.includes('Not subscribed'));
    expect(refusals).toHaveLength(3);
    for (const refusal of refusals) {
      expect(refusal).toContain('the most allowed (3)');
      expect(refusal).toContain('/catalog subscriptions');
      expect(refusal).toContain('/catalog unsubscribe &lt;id&gt;');
    }
  });

  it('defaults to 20', async () => {
    const { loadConfig } = await import('../../../src/config.js');
    expect(loadConfig({}).subscriptionsPerChannel).toBe(20);
  });
});
