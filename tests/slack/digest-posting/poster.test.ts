import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../../src/catalog/types.js';
import { silentLogger } from '../../../src/logger.js';
import { blockKitProblems } from '../../helpers/block-kit-limits.js';
import { renderDigestMessage, seeAllCommand } from '../../../src/slack/digest-posting/digest-message.js';
import { subscriberNoticeMessage } from '../../../src/slack/digest-posting/notices.js';
import { PostPacer } from '../../../src/slack/digest-posting/pacer.js';
import { createDigestWebClient, createWebClientPoster } from '../../../src/slack/digest-posting/poster.js';
import type { Subscription } from '../../../src/store/types.js';
import { startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.js';
import { freePort } from '../../helpers/free-port.js';

const subscription = (over: Partial<Subscription> = {}): Subscription => ({
  id: 's7k2p',
  channelId: 'C1',
  query: 'tag:saas',
  createdBy: 'U0ALICE',
  createdAt: new Date('2024-01-01T00:00:00Z'),
  state: 'active',
  ...over,
});

const article = (i: number, over: Partial<Article> = {}): Article => ({
  id: `id-${i}`,
  title: `Article ${i}`,
  url: `https://example.com/a/${i}`,
  published: '2024-03-01',
  authors: ['Ada Lovelace'],
  summary: `Summary ${i}.`,
  truncated: false,
  tags: [{ slug: 'saas', name: 'saas' }],
  section: 'New articles',
  source: 'test.md',
  line: i,
  ...over,
});

describe('createWebClientPoster against the fake Slack', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(async () => {
    await fake.close();
  });
  const poster = () => createWebClientPoster(createDigestWebClient({ botToken: 'xoxb-t', apiUrl: fake.apiUrl }, silentLogger), silentLogger);

  it('returns the ts Slack gave, with link previews off', async () => {
    const outcome = await poster().post('C1', { text: 'hello', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] });
    expect(outcome).toEqual({ ok: true, ts: fake.messages[0]?.ts });
    expect(fake.messages[0]?.params).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it.each([
    ['not_in_channel', 'not_in_channel'],
    ['channel_not_found', 'channel_not_found'],
    ['is_archived', 'is_archived'],
    ['token_revoked', 'auth'],
    ['msg_blocks_too_long', 'other'],
  ])('maps the platform error %s to %s', async (error, kind) => {
    fake.failChannel('C1', error);
    expect(await poster().post('C1', { text: 'x' })).toEqual({ ok: false, kind, error });
  });

  it('hands a 429 back with its Retry-After instead of retrying silently', async () => {
    fake.rateLimit({ workspacePerSecond: 0, retryAfterSeconds: 7 });
    const p = poster();
    expect(await p.post('C1', { text: 'x' })).toEqual({ ok: false, kind: 'rate_limited', error: 'ratelimited', retryAfterSec: 7 });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(p.pacer.currentRate.ceiling).toBeLessThan(50);
  });

  it('reports a network failure as other, without resending', async () => {
    // A port nothing listens on: the connection is refused, so Slack never saw the post.
    const port = await freePort();
    const p = createWebClientPoster(createDigestWebClient({ botToken: 'xoxb-t', apiUrl: `http://127.0.0.1:${port}/api/` }, silentLogger), silentLogger);
    const outcome = await p.post('C1', { text: 'x' });
    expect(outcome).toMatchObject({ ok: false, kind: 'other' });
  });

  it('reports a post Slack accepted but answered after the timeout as unknown, without resending', async () => {
    fake.answerLate({ ms: 2_000 });
    const p = createWebClientPoster(createDigestWebClient({ botToken: 'xoxb-t', apiUrl: fake.apiUrl, timeoutMs: 100 }, silentLogger), silentLogger);
    expect(await p.post('C1', { text: 'x' }, { deliveryKey: 'k-late' })).toMatchObject({ ok: false, kind: 'unknown' });
    expect(fake.messagesIn('C1')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('sends the delivery key as message metadata and finds the message by it in the channel history', async () => {
    const p = poster();
    const since = new Date();
    const posted = await p.post('C1', { text: 'digest' }, { deliveryKey: 'k-1' });
    await p.post('C1', { text: 'another digest' }, { deliveryKey: 'k-2' });
    expect(fake.messages[0]?.metadata).toEqual({ event_type: 'catalog_bot_digest', event_payload: { delivery_key: 'k-1' } });
    expect(await p.findPosted('C1', 'k-1', since)).toEqual({ ok: true, ts: posted.ok ? posted.ts : 'none' });
    expect(await p.findPosted('C1', 'k-3', since)).toEqual({ ok: true, ts: undefined });
    expect(fake.callsTo('conversations.history')[0]?.params).toMatchObject({ channel: 'C1', include_all_metadata: 'true' });
  });

  it('pages through a busy channel to find the message', async () => {
    const p = poster();
    const since = new Date();
    await p.post('C1', { text: 'digest' }, { deliveryKey: 'k-old' });
    // Chatter after the digest, posted straight to the fake (no pacer): more than one page of history.
    const client = createDigestWebClient({ botToken: 'xoxb-t', apiUrl: fake.apiUrl }, silentLogger);
    for (let i = 0; i < 250; i += 1) await client.chat.postMessage({ channel: 'C1', text: `chatter ${i}` });
    expect(await p.findPosted('C1', 'k-old', since)).toMatchObject({ ok: true, ts: fake.messages[0]?.ts });
    expect(fake.callsTo('conversations.history')).toHaveLength(2);
  });

  it.each([['missing_scope'], ['not_allowed_token_type']])('says a look-up answered %s is unverifiable', async (error) => {
    fake.failChannel('C1', error, { methods: ['conversations.history'] });
    expect(await poster().findPosted('C1', 'k', new Date())).toEqual({ ok: false, kind: 'unverifiable', error });
  });

  it('does not send a post that was waiting for its turn when the token was rejected', async () => {
    fake.failChannel('C1', 'token_revoked');
    let answered: () => void = () => undefined;
    const firstAnswered = new Promise<void>((resolve) => (answered = resolve));
    // The second post's pacing wait ends only once the first post has its answer.
    const p = createWebClientPoster(createDigestWebClient({ botToken: 'xoxb-t', apiUrl: fake.apiUrl }, silentLogger), silentLogger, {
      pacing: { startPerSecond: 1, maxPerSecond: 1, sleep: () => firstAnswered },
    });
    const first = p.post('C1', { text: 'x' }).then((outcome) => (answered(), outcome));
    const second = p.post('C2', { text: 'x' });
    expect(await first).toMatchObject({ kind: 'auth' });
    expect(await second).toMatchObject({ kind: 'auth', error: 'token_revoked' });
    expect(fake.callsTo('chat.postMessage').map((c) => c.params.channel)).toEqual(['C1']);
  });

  it('asks Slack nothing more once it rejected the token', async () => {
    const p = poster();
    fake.failChannel('C1', 'token_revoked', { methods: ['chat.postMessage'] });
    expect(await p.post('C1', { text: 'x' })).toEqual({ ok: false, kind: 'auth', error: 'token_revoked' });
    const before = fake.calls.length;
    expect(await p.post('C2', { text: 'x' })).toEqual({ ok: false, kind: 'auth', error: 'token_revoked' });
    expect(await p.findPosted('C2', 'k', new Date())).toMatchObject({ kind: 'auth' });
    expect(await p.join('C2')).toMatchObject({ kind: 'auth' });
    expect(await p.notify('U0ALICE', { kind: 'needs_invite', subscription: subscription() })).toMatchObject({ kind: 'auth' });
    expect(fake.calls.length).toBe(before);
  });

  it('joins public channels, and says private when Slack refuses a bot join', async () => {
    const p = poster();
    fake.setChannel('C_PUB', { member: false });
    fake.setChannel('G_PRIV', { member: false, isPrivate: true });
    expect(await p.join('C_PUB')).toEqual({ ok: true });
    expect(fake.channel('C_PUB').member).toBe(true);
    expect(await p.join('G_PRIV')).toMatchObject({ ok: false, kind: 'private' });
  });

  it('notifies a user in their DM, with their query escaped', async () => {
    const outcome = await poster().notify('U0ALICE', { kind: 'paused', subscription: subscription({ query: 'tenant <!channel> & co' }), reason: 'the channel was archived' });
    expect(outcome.ok).toBe(true);
    const [dm] = fake.messagesIn(fake.dmChannelFor('U0ALICE'));
    expect(dm?.text).toContain('s7k2p');
    expect(dm?.text).toContain('the channel was archived');
    expect(dm?.text).not.toContain('<!channel>');
    expect(dm?.text).toContain('&lt;!channel&gt; &amp; co');
  });
});

describe('PostPacer', () => {
  /** A virtual clock: sleep advances time instead of waiting. */
  function virtual() {
    let now = 0;
    return { clock: () => now, sleep: async (ms: number) => void (now += ms), at: () => now };
  }

  it('spaces messages by the workspace rate, measured from the previous send', async () => {
    const time = virtual();
    const pacer = new PostPacer({ startPerSecond: 10, maxPerSecond: 10, clock: time.clock, sleep: time.sleep });
    const sends: number[] = [];
    for (const channel of ['A', 'B', 'C', 'D']) {
      await pacer.acquire(channel);
      sends.push(time.at());
    }
    expect(sends).toEqual([0, 100, 200, 300]);
  });

  it('keeps one channel to one message per second without holding others up', async () => {
    const time = virtual();
    const pacer = new PostPacer({ startPerSecond: 1000, maxPerSecond: 1000, clock: time.clock, sleep: time.sleep });
    await pacer.acquire('A');
    await pacer.acquire('A');
    expect(time.at()).toBeGreaterThanOrEqual(1000);
  });

  it('learns the ceiling from what Slack accepted over the last second, not from how fast it was going', async () => {
    const time = virtual();
    const pacer = new PostPacer({ startPerSecond: 50, maxPerSecond: 50, clock: time.clock, sleep: time.sleep });
    // 1.5 s of sending at 50/s, of which Slack accepted only every other message in the last second.
    for (let i = 0; i < 75; i += 1) {
      await pacer.acquire(`C${i}`);
      if (time.at() < 500 || i % 2 === 0) pacer.onAccepted();
    }
    pacer.onRateLimited('C74', 1);
    // About 25 accepted in the last second → ceiling ≈ 0.9 × 25.
    expect(pacer.currentRate.ceiling).toBeGreaterThan(20);
    expect(pacer.currentRate.ceiling).toBeLessThan(25);
  });

  it('pauses everyone for Retry-After and lowers the ceiling after a 429', async () => {
    const time = virtual();
    const pacer = new PostPacer({ startPerSecond: 50, maxPerSecond: 50, clock: time.clock, sleep: time.sleep });
    await pacer.acquire('A');
    pacer.onRateLimited('A', 3);
    await pacer.acquire('B');
    expect(time.at()).toBeGreaterThanOrEqual(3000);
    expect(pacer.currentRate.ceiling).toBeCloseTo(45);
    for (let i = 0; i < 20; i += 1) pacer.onAccepted();
    expect(pacer.currentRate.rate).toBeCloseTo(45); // the learned ceiling holds
  });
});

describe('renderDigestMessage', () => {
  it('shows at most 10 cards, links the rest, gives the true count and the command that lists every match', () => {
    const articles = Array.from({ length: 12 }, (_, i) => article(i));
    const message = renderDigestMessage(articles, subscription(), 37);
    const json = JSON.stringify(message.blocks);
    const cards = message.blocks?.filter((b) => b.type === 'section' && JSON.stringify(b).includes('Ada Lovelace'));
    expect(cards).toHaveLength(10);
    // All 12 given are linked; the 25 the caller did not pass are counted.
    expect(json.match(/<https:\/\/example\.com\/a\//g)).toHaveLength(12);
    expect(json).toContain('"text":"37 new articles"');
    expect(json).toContain('and 27 more: <https://example.com/a/10|Article 10> · <https://example.com/a/11|Article 11> · and 25 others');
    expect(json).toContain('/catalog latest tag:saas');
    expect(message.text).toMatch(/^37 new articles \(tag:saas\): Article 0/);
    expect(message.unfurl_links).toBe(false);
    expect(blockKitProblems(message)).toEqual([]);
  });

  it('lists as many extra links as fit within the section limit, then counts the others', () => {
    const articles = Array.from({ length: 400 }, (_, i) => article(i, { title: `A long title for article number ${i} `.repeat(4) }));
    const message = renderDigestMessage(articles, subscription(), 400);
    expect(blockKitProblems(message)).toEqual([]);
    const last = JSON.stringify(message.blocks?.at(-1));
    expect(last).toMatch(/and 390 more: <https:.* · and \d+ others\./);
  });

  it('escapes catalog and query text and stays within limits with huge text', () => {
    const hostile = article(1, { title: '<!channel> '.repeat(500), summary: '<https://evil|click> & '.repeat(400), authors: ['<@U123>'] });
    const message = renderDigestMessage([hostile], subscription({ query: 'x <!here> `tick`' }), 1);
    const json = JSON.stringify(message);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).not.toContain('<@U123>');
    expect(json).not.toContain('<https://evil');
    expect(blockKitProblems(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('"text":"1 new article"');
  });

  it('points an all-articles subscription at /catalog latest', () => {
    expect(seeAllCommand('')).toBe('/catalog latest');
    expect(seeAllCommand('latest')).toBe('/catalog latest');
  });
});

describe('subscriberNoticeMessage', () => {
  it('tells the creator of a private-channel subscription how to /invite the bot', () => {
    const message = subscriberNoticeMessage({ kind: 'needs_invite', subscription: subscription({ channelId: 'G9' }) });
    expect(message.text).toContain('/invite @catalog-bot');
    expect(message.text).toContain('<#G9>');
  });
});
