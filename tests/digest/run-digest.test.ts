import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitProblems } from '../helpers/block-kit-limits.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { silentLogger } from '../../src/logger.js';
import { createDigestWebClient, createWebClientPoster } from '../../src/slack/digest-posting/poster.js';
import { createDigestRig, linkedUrls, receivedByChannel, slugs, type DigestRig, type EntrySpec } from './helpers.js';

let fake: FakeSlack;
let rig: DigestRig;

const BASE: EntrySpec[] = [
  { slug: 'old-saas', title: 'Old SaaS tenancy', tags: ['saas'], date: '01 JAN 2023' },
  { slug: 'old-dynamo', title: 'Old DynamoDB tables', tags: ['amazon_dynamodb'], date: '02 JAN 2023' },
];

beforeEach(async () => {
  fake = await startFakeSlack();
  rig = await createDigestRig(fake);
  rig.writeCatalog(BASE);
});
afterEach(async () => {
  await rig.cleanup();
  await fake.close();
});

/** The digests posted to channels (DMs excluded). */
const channelPosts = () => fake.messages.filter((m) => !m.channel.startsWith('D'));

describe('runDigest', () => {
  it('first run on an empty database records the catalog and posts nothing, even to existing subscriptions', async () => {
    await rig.subscribe('C1', '');
    const summary = await rig.run();
    expect(summary).toMatchObject({ ran: true, firstRun: true, posted: 0 });
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
    expect(await rig.store.countSeenArticles()).toBe(2);
    // Nothing new since: the baseline is never delivered, however old the subscription.
    expect((await rig.run()).posted).toBe(0);
    expect(fake.callsTo('chat.postMessage')).toEqual([]);
  });

  it('posts new articles once, as one message per subscription, and nothing on the next run', async () => {
    await rig.run();
    await rig.subscribe('C1', '');
    rig.writeCatalog([...BASE, { slug: 'new-a', title: 'New A', date: '01 MAR 2024' }, { slug: 'new-b', title: 'New B', date: '02 MAR 2024' }]);

    const first = await rig.run();
    expect(first).toMatchObject({ newArticles: 2, channels: 1, posted: 1, articlesDelivered: 2, failed: 0 });
    const [message] = channelPosts();
    expect(message?.channel).toBe('C1');
    expect(linkedUrls(message!)).toEqual(slugs('new-b', 'new-a'));
    expect(message?.text).toMatch(/^2 new articles/);
    expect(JSON.stringify(message?.blocks)).toContain('"text":"2 new articles"');
    expect(message?.params.unfurl_links).toBe(false);
    expect(blockKitProblems({ text: message?.text, blocks: message?.blocks })).toEqual([]);

    const second = await rig.run();
    expect(second).toMatchObject({ newArticles: 0, posted: 0 });
    expect(channelPosts()).toHaveLength(1);
    expect((await rig.store.listSubscriptions())[0]?.lastDeliveredAt).toBeInstanceOf(Date);
  });

  it('sends each channel only what its saved query matches, negation included', async () => {
    await rig.run();
    await rig.subscribe('C_SAAS', 'tag:saas');
    await rig.subscribe('C_NOT_SAAS', '-tag:saas');
    await rig.subscribe('C_GOLDING', 'author:golding');
    await rig.subscribe('C_TENANT_NO_ORACLE', 'tenant -oracle');
    rig.writeCatalog([
      ...BASE,
      { slug: 'saas-tenant', title: 'Tenant isolation for SaaS', tags: ['saas'], authors: ['Tod Golding'], summary: 'Tenant isolation strategies.' },
      { slug: 'oracle-tenant', title: 'Oracle multitenant options', tags: ['amazon_rds'], summary: 'Tenant databases on Oracle.' },
      { slug: 'dynamo-only', title: 'DynamoDB streams', tags: ['amazon_dynamodb'], summary: 'Change data capture.' },
    ]);
    const summary = await rig.run();
    expect(summary.posted).toBe(4);
    const got = receivedByChannel(fake);
    expect(got.get('C_SAAS')).toEqual(slugs('saas-tenant'));
    expect(new Set(got.get('C_NOT_SAAS'))).toEqual(new Set(slugs('oracle-tenant', 'dynamo-only')));
    expect(got.get('C_GOLDING')).toEqual(slugs('saas-tenant'));
    expect(got.get('C_TENANT_NO_ORACLE')).toEqual(slugs('saas-tenant'));
  });

  it('never backfills: a subscription gets only articles first seen after it was made', async () => {
    await rig.run();
    rig.writeCatalog([...BASE, { slug: 'before-sub', title: 'Before the subscription' }]);
    await rig.run(); // seen now, nobody subscribed yet
    await rig.subscribe('C1', '');
    expect((await rig.run()).posted).toBe(0);
    rig.writeCatalog([...BASE, { slug: 'before-sub', title: 'Before the subscription' }, { slug: 'after-sub', title: 'After the subscription' }]);
    await rig.run();
    expect(receivedByChannel(fake).get('C1')).toEqual(slugs('after-sub'));
  });

  it('shows at most 10 cards, links the rest with the command for all matches, and counts them delivered', async () => {
    await rig.run();
    await rig.subscribe('C1', 'tag:saas');
    const fresh = Array.from({ length: 13 }, (_, i) => ({ slug: `bulk-${i}`, title: `Bulk <b>${i}</b> & co`, tags: ['saas'], date: `${String(i + 1).padStart(2, '0')} MAR 2024` }));
    rig.writeCatalog([...BASE, ...fresh]);
    const summary = await rig.run();
    expect(summary).toMatchObject({ posted: 1, articlesDelivered: 13 });
    const [message] = channelPosts();
    // Ten cards (a divider before each), the three others as links: every new article is reachable.
    const blocks = (message?.blocks ?? []) as Array<{ type: string }>;
    expect(blocks.filter((b) => b.type === 'divider')).toHaveLength(11);
    expect(new Set(linkedUrls(message!))).toEqual(new Set(fresh.map((f) => `https://example.com/blog/${f.slug}/`)));
    const json = JSON.stringify(message?.blocks);
    expect(json).toContain('13 new articles');
    expect(json).toContain('and 3 more: <https://example.com/blog/');
    expect(json).toContain('/catalog latest tag:saas');
    // Catalog text is escaped: no raw <b> reaches Slack.
    expect(json).not.toContain('<b>');
    expect(json).toContain('&lt;b&gt;');
    expect(blockKitProblems({ text: message?.text, blocks: message?.blocks })).toEqual([]);
    expect((await rig.run()).posted).toBe(0);
  });

  it('joins a public channel it is not in and posts once joined', async () => {
    await rig.run();
    await rig.subscribe('C_PUBLIC', '');
    fake.setChannel('C_PUBLIC', { member: false });
    rig.writeCatalog([...BASE, { slug: 'n1' }]);
    const summary = await rig.run();
    expect(summary).toMatchObject({ posted: 1, failed: 0 });
    expect(fake.callsTo('conversations.join').map((c) => c.params.channel)).toEqual(['C_PUBLIC']);
    expect(fake.callsTo('chat.postMessage').map((c) => c.outcome)).toEqual(['error', 'ok']);
    expect(receivedByChannel(fake).get('C_PUBLIC')).toEqual(slugs('n1'));
  });

  it('asks the subscriber by DM to /invite the bot into a private channel, and delivers after the invite', async () => {
    await rig.run();
    await rig.subscribe('G_PRIVATE', '', 'U0ALICE');
    fake.setChannel('G_PRIVATE', { member: false, isPrivate: true });
    rig.writeCatalog([...BASE, { slug: 'n1' }]);
    const summary = await rig.run();
    expect(summary).toMatchObject({ posted: 0, failed: 1 });
    expect(summary.results[0]).toMatchObject({ status: 'needs_invite' });
    const dms = fake.messagesIn(fake.dmChannelFor('U0ALICE'));
    expect(dms).toHaveLength(1);
    expect(dms[0]?.text).toContain('/invite @catalog-bot');
    expect(dms[0]?.text).toContain('<#G_PRIVATE>');
    expect(await rig.store.listDeliveries()).toEqual([]);

    // Still not invited at the next run: the articles wait, and Alice is not asked twice.
    expect(await rig.run()).toMatchObject({ posted: 0, failed: 1 });
    expect(fake.messagesIn(fake.dmChannelFor('U0ALICE'))).toHaveLength(1);

    fake.setChannel('G_PRIVATE', { member: true }); // someone typed /invite
    expect((await rig.run()).posted).toBe(1);
    expect(receivedByChannel(fake).get('G_PRIVATE')).toEqual(slugs('n1'));
    expect((await rig.store.listSubscriptions())[0]?.inviteRequestedAt).toBeUndefined();
  });

  it.each([
    ['is_archived', { archived: true }, /archived/],
    ['channel_not_found', { exists: false }, /no longer exists/],
  ] as const)('%s pauses the subscription, keeps it, tells its creator, and spares the other channels', async (_error, state, reason) => {
    await rig.run();
    const gone = await rig.subscribe('C_GONE', 'tag:saas', 'U0BOB');
    await rig.subscribe('C_OK', 'tag:saas');
    fake.setChannel('C_GONE', state);
    rig.writeCatalog([...BASE, { slug: 'n1', tags: ['saas'] }]);
    const summary = await rig.run();
    expect(summary).toMatchObject({ posted: 1, paused: 1 });
    expect(receivedByChannel(fake).get('C_OK')).toEqual(slugs('n1'));

    const kept = await rig.store.getSubscription(gone.id);
    expect(kept).toMatchObject({ state: 'paused' });
    expect(kept?.pausedReason).toMatch(reason);
    const dm = fake.messagesIn(fake.dmChannelFor('U0BOB'));
    expect(dm).toHaveLength(1);
    expect(dm[0]?.text).toContain(gone.id);
    expect(dm[0]?.text).toMatch(/paused/);

    // Paused: not tried again on later runs.
    rig.writeCatalog([...BASE, { slug: 'n1', tags: ['saas'] }, { slug: 'n2', tags: ['saas'] }]);
    const before = fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_GONE').length;
    await rig.run();
    expect(fake.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C_GONE')).toHaveLength(before);
  });

  it('keeps going when one channel fails, and retries that channel on the next run', async () => {
    await rig.run();
    await rig.subscribe('C_A', '');
    await rig.subscribe('C_BAD', '');
    await rig.subscribe('C_B', '');
    fake.failChannel('C_BAD', 'internal_error', { times: 1 });
    rig.writeCatalog([...BASE, { slug: 'n1' }]);
    const summary = await rig.run();
    expect(summary).toMatchObject({ posted: 2, failed: 1 });
    expect(summary.results.find((r) => r.channelId === 'C_BAD')).toMatchObject({ status: 'failed', error: 'internal_error' });
    expect([...receivedByChannel(fake).keys()].sort()).toEqual(['C_A', 'C_B']);

    const retry = await rig.run();
    expect(retry).toMatchObject({ posted: 1, failed: 0 });
    expect(receivedByChannel(fake).get('C_BAD')).toEqual(slugs('n1'));
    expect(fake.messagesIn('C_A')).toHaveLength(1);
  });

  it('honours 429 Retry-After and still delivers everything once', async () => {
    await rig.run();
    await rig.subscribe('C_A', '');
    await rig.subscribe('C_B', '');
    fake.rateLimit({ workspacePerSecond: 1, retryAfterSeconds: 1 });
    rig.writeCatalog([...BASE, { slug: 'n1' }]);
    const summary = await rig.run();
    expect(summary).toMatchObject({ posted: 2, failed: 0 });
    expect(summary.rateLimited).toBeGreaterThanOrEqual(1);
    expect(fake.rateLimitedCount).toBe(summary.rateLimited);
    // The retry came no sooner than Retry-After said.
    const posts = fake.callsTo('chat.postMessage');
    const limited = posts.find((c) => c.outcome === 'ratelimited')!;
    const nextAccepted = posts.find((c) => c.outcome === 'ok' && c.seq > limited.seq)!;
    expect(nextAccepted.receivedAt - limited.receivedAt).toBeGreaterThanOrEqual(990);
    expect(fake.messagesIn('C_A')).toHaveLength(1);
    expect(fake.messagesIn('C_B')).toHaveLength(1);
  });

  it('runs from a URL catalog served on 127.0.0.1 that grows between runs', async () => {
    const { startCatalogServer } = await import('../helpers/catalog-server.js');
    const { catalogMarkdown } = await import('./helpers.js');
    let body = catalogMarkdown(BASE);
    const server = await startCatalogServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/markdown' });
      res.end(body);
    });
    const urlRig = await createDigestRig(fake, { source: server.url() });
    try {
      await urlRig.run();
      await urlRig.subscribe('C_URL', 'tag:saas');
      body = catalogMarkdown([...BASE, { slug: 'web-1', tags: ['saas'] }, { slug: 'web-2', tags: ['amazon_dynamodb'] }]);
      expect((await urlRig.run()).posted).toBe(1);
      expect(receivedByChannel(fake).get('C_URL')).toEqual(slugs('web-1'));
      expect((await urlRig.run()).posted).toBe(0);
    } finally {
      await urlRig.cleanup();
      await server.close();
    }
  });

  it('lets only one of two runners on the same database post (the other skips)', async () => {
    const { openSqliteStore } = await import('../../src/store/sqlite-store.js');
    await rig.run();
    await rig.subscribe('C1', '');
    await rig.subscribe('C2', '');
    rig.writeCatalog([...BASE, { slug: 'n1' }]);
    const otherStore = await openSqliteStore(rig.dbPath);
    try {
      fake.holdPostMessagesAfter(0);
      const first = rig.run({ owner: 'runner-a' });
      await fake.waitFor((c) => c.method === 'chat.postMessage' && c.outcome === 'held');
      const second = await rig.run({ owner: 'runner-b', store: otherStore });
      expect(second).toMatchObject({ ran: false, posted: 0 });
      fake.releaseHeld();
      expect(await first).toMatchObject({ ran: true, posted: 2 });
      // Once the first is done, a later run finds nothing left to post.
      expect((await rig.run({ owner: 'runner-b', store: otherStore })).posted).toBe(0);
      expect(fake.messagesIn('C1')).toHaveLength(1);
      expect(fake.messagesIn('C2')).toHaveLength(1);
    } finally {
      await otherStore.close();
    }
  });
});

describe('runDigest when rendering fails for one subscription', () => {
  it('counts it as failed, posts the others, and delivers it on a later run', async () => {
    await rig.run();
    const bad = await rig.subscribe('C_RENDER', 'tag:saas');
    await rig.subscribe('C_FINE', 'tag:saas');
    rig.writeCatalog([...BASE, { slug: 'n1', tags: ['saas'] }]);
    const { renderDigestMessage } = await import('../../src/slack/digest-posting/digest-message.js');
    const summary = await rig.run({
      renderDigest: (articles, subscription, total) => {
        if (subscription.id === bad.id) throw new Error('renderer exploded');
        return renderDigestMessage(articles, subscription, total);
      },
    });
    expect(summary).toMatchObject({ posted: 1, failed: 1 });
    expect(summary.results.find((r) => r.subscriptionId === bad.id)).toMatchObject({ status: 'failed', error: 'renderer exploded' });
    expect((await rig.run()).posted).toBe(1);
    expect(receivedByChannel(fake).get('C_RENDER')).toEqual(slugs('n1'));
  });
});

describe('runDigest for a channel with several subscriptions', () => {
  const NEW: EntrySpec[] = [
    { slug: 'new-saas', title: 'New SaaS', tags: ['saas'], date: '01 MAR 2024' },
    { slug: 'new-dynamo', title: 'New DynamoDB', tags: ['amazon_dynamodb'], date: '02 MAR 2024' },
    { slug: 'new-both', title: 'New SaaS on DynamoDB', tags: ['saas', 'amazon_dynamodb'], date: '03 MAR 2024' },
  ];

  it('posts one message per channel, each article once, recorded for every subscription it serves', async () => {
    await rig.run();
    const subs = [await rig.subscribe('C_MANY', ''), await rig.subscribe('C_MANY', 'tag:saas'), await rig.subscribe('C_MANY', 'tag:amazon_dynamodb')];
    await rig.subscribe('C_ONE', 'tag:saas');
    rig.writeCatalog([...BASE, ...NEW]);

    const summary = await rig.run();
    expect(summary).toMatchObject({ posted: 2, articlesDelivered: 5, failed: 0 });
    const [message, ...more] = fake.messagesIn('C_MANY');
    expect(more).toEqual([]);
    expect(linkedUrls(message!)).toEqual(slugs('new-both', 'new-dynamo', 'new-saas'));
    expect(JSON.stringify(message!.blocks)).toContain("this channel's 3 subscriptions");
    expect(blockKitProblems({ text: message!.text, blocks: message!.blocks })).toEqual([]);
    expect(linkedUrls(fake.messagesIn('C_ONE')[0]!)).toEqual(slugs('new-both', 'new-saas'));
    // Each subscription has exactly what it matched, with the ts of the one message.
    const delivered = async (id: string) => (await rig.store.listDeliveries({ subscriptionId: id })).map((d) => [d.articleId, d.messageTs]);
    expect((await delivered(subs[0]!.id)).length).toBe(3);
    expect((await delivered(subs[1]!.id)).length).toBe(2);
    expect((await delivered(subs[2]!.id)).length).toBe(2);
    for (const sub of subs) for (const [, ts] of await delivered(sub.id)) expect(ts).toBe(message!.ts);

    expect((await rig.run()).posted).toBe(0);
  });

  it('a message Slack carried out without answering is found by every subscription it served, and not posted again', async () => {
    await rig.run();
    const subs = [];
    for (const q of ['', 'tag:saas', 'tag:amazon_dynamodb']) subs.push(await rig.subscribe('C_LATE_MANY', q));
    rig.writeCatalog([...BASE, ...NEW]);
    // Slack posts it but does not answer before the client gives up: the outcome is unknown.
    fake.answerLate({});
    const impatient = createDigestWebClient({ botToken: 'xoxb-test-token', apiUrl: fake.apiUrl, timeoutMs: 300 }, silentLogger);
    const first = await rig.run({ poster: createWebClientPoster(impatient, silentLogger) });
    expect(first.results.map((r) => r.status)).toEqual(['unconfirmed', 'unconfirmed', 'unconfirmed']);
    fake.answerLate(undefined);
    fake.releaseLateAnswers();
    expect(fake.messagesIn('C_LATE_MANY')).toHaveLength(1);

    const second = await rig.run();
    expect(second).toMatchObject({ posted: 0, recovered: 3 });
    expect(fake.messagesIn('C_LATE_MANY')).toHaveLength(1);
    const ts = fake.messagesIn('C_LATE_MANY')[0]!.ts;
    for (const sub of subs) {
      const deliveries = await rig.store.listDeliveries({ subscriptionId: sub.id });
      expect(deliveries.length).toBeGreaterThan(0);
      expect(new Set(deliveries.map((d) => d.messageTs))).toEqual(new Set([ts]));
    }
    expect((await rig.run()).posted).toBe(0);
  });
});
