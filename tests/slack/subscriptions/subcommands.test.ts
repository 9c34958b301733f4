import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/catalog/load.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { createSearchEngine, type SearchEngine } from '../../../src/search/index.js';
import { blockKitProblems } from '../../helpers/block-kit-limits.js';
import { createCommandRouter } from '../../../src/slack/conversation/router.js';
import type { HandlerDeps, Invocation, Reply } from '../../../src/slack/conversation/types.js';
import { subscriptionSubcommands } from '../../../src/slack/subscriptions/subcommands.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import type { Store } from '../../../src/store/types.js';

let catalog: Catalog;
let engine: SearchEngine;
let dir: string;
let store: Store;
const NOW = new Date('2024-03-04T10:00:00Z');
/** Each command happens a minute after the previous one, so "oldest first" is well defined. */
let minutes = 0;

beforeAll(async () => {
  catalog = await loadCatalog('data/advanced_300.md');
  engine = createSearchEngine(catalog.articles);
});
beforeEach(async () => {
  minutes = 0;
  dir = mkdtempSync(join(tmpdir(), 'catalog-subs-'));
  store = await openSqliteStore(join(dir, 'bot.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const deps = (env: Record<string, string> = {}): HandlerDeps => ({
  catalog: () => catalog,
  search: () => engine,
  config: loadConfig(env),
  logger: silentLogger,
  now: () => new Date(NOW.getTime() + 60_000 * minutes++),
});

const command = (text: string, over: Partial<Invocation> = {}): Invocation => ({ surface: 'command', text, userId: 'U0ALICE', channelId: 'C0TEAM', ...over });

async function say(text: string, over: Partial<Invocation> = {}, env: Record<string, string> = {}): Promise<Reply> {
  const router = createCommandRouter(subscriptionSubcommands(store));
  const replies = await router.handle(command(text, over), deps(env));
  expect(replies).toHaveLength(1);
  const reply = replies[0]!;
  expect(blockKitProblems(reply.message)).toEqual([]);
  return reply;
}
const shown = (reply: Reply) => JSON.stringify(reply.message);

describe('/catalog subscribe', () => {
  it('subscribes the channel publicly: who, what, when, and a preview of what matches today', async () => {
    const reply = await say('subscribe author:golding');
    expect(reply.visibility).toBe('public');
    const [sub] = await store.listSubscriptions({ channelId: 'C0TEAM' });
    expect(sub).toMatchObject({ query: 'author:golding', createdBy: 'U0ALICE', state: 'active', createdAt: NOW });
    const text = shown(reply);
    expect(text).toContain('<@U0ALICE> subscribed this channel to `author:golding`');
    expect(text).toContain(sub!.id);
    expect(text).toContain('weekdays at 09:00 (UTC)');
    // Independent oracle: the articles Golding wrote, newest first as the catalog lists them.
    const his = catalog.articles.filter((a) => a.authors.some((name) => /golding/i.test(name)));
    expect(his.length).toBeGreaterThan(2);
    expect(text).toContain(`${his.length} catalog articles match today`);
    expect(text).toContain(his[0]!.url);
    expect(text).toContain(his[1]!.url);
    expect(text).not.toContain(his[2]!.url);
  });

  it('describes the configured schedule in words', async () => {
    const reply = await say('subscribe', {}, { DIGEST_CRON: '30 7 * * 1', DIGEST_TZ: 'Europe/Paris' });
    expect(shown(reply)).toContain('Mondays at 07:30 (Europe/Paris)');
    expect(shown(reply)).toContain('*all new articles*');
  });

  it('stores the canonical query, without sort words, so the digest matches exactly like search', async () => {
    await say('subscribe   TAG:SaaS  tenant  -author:Golding sort:newest');
    const [sub] = await store.listSubscriptions();
    expect(sub?.query).toBe('tenant tag:saas -author:golding');
  });

  it('refuses a second identical subscription in the same channel, privately', async () => {
    await say('subscribe tag:saas');
    const again = await say('subscribe  tag:SAAS ');
    expect(again.visibility).toBe('ephemeral');
    expect(shown(again)).toMatch(/already subscribed/);
    expect(await store.listSubscriptions()).toHaveLength(1);
    // Another channel may subscribe to the same thing.
    await say('subscribe tag:saas', { channelId: 'C0OTHER' });
    expect(await store.listSubscriptions()).toHaveLength(2);
  });

  it('resumes a paused subscription when the channel subscribes to the same query again', async () => {
    await say('subscribe tag:saas');
    const [sub] = await store.listSubscriptions();
    await store.pauseSubscription(sub!.id, 'the channel was archived', NOW);
    const reply = await say('subscribe tag:saas');
    expect(reply.visibility).toBe('public');
    expect(shown(reply)).toContain(`resumed this channel's subscription to \`tag:saas\` (subscription \`${sub!.id}\`)`);
    expect(shown(reply)).toContain('paused because the channel was archived');
    expect(await store.listSubscriptions()).toMatchObject([{ id: sub!.id, state: 'active' }]);
  });

  it('refuses direct messages, saying where to run it', async () => {
    const reply = await say('subscribe tag:saas', { surface: 'dm', channelId: 'D0ALICE' });
    expect(shown(reply)).toMatch(/belong to channels/);
    expect(shown(reply)).toContain('/catalog subscribe tag:saas');
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it('refuses a query with a problem instead of saving a filter that would be ignored', async () => {
    const reply = await say('subscribe after:2022-13');
    expect(reply.visibility).toBe('ephemeral');
    expect(shown(reply)).toMatch(/Not subscribed/);
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it('escapes what the user typed', async () => {
    const reply = await say('subscribe tenant <script> & co');
    const text = shown(reply);
    expect(text).not.toContain('<script>');
    expect(text).not.toMatch(/ & /);
  });

  it('works through a mention in a thread, answering publicly there', async () => {
    const reply = await say('subscribe author:golding', { surface: 'mention', threadTs: '1.2' });
    expect(reply.visibility).toBe('public');
    expect(shown(reply)).toContain('@catalog-bot unsubscribe');
  });
});

describe('/catalog subscriptions', () => {
  it("lists the channel's subscriptions with ids, filters, state and why, and last digest", async () => {
    await say('subscribe tag:saas');
    await say('subscribe author:golding');
    await say('subscribe tag:apn', { channelId: 'C0ELSEWHERE' });
    const [saas, golding] = await store.listSubscriptions({ channelId: 'C0TEAM' });
    await store.pauseSubscription(golding!.id, 'the channel was archived', NOW);
    await store.recordDelivery({ subscriptionId: saas!.id, articleIds: ['x'], channelId: 'C0TEAM', messageTs: '1.1', deliveredAt: new Date('2024-03-01T09:00:00Z') });

    await store.markInviteRequested(golding!.id, new Date('2024-03-02T08:00:00Z'));
    const reply = await say('subscriptions');
    expect(reply.visibility).toBe('ephemeral');
    const text = shown(reply);
    expect(text).toContain(`\`${saas!.id}\` \`tag:saas\``);
    expect(text).toContain('last digest 1 Mar 2024 09:00 UTC');
    expect(text).toContain(`\`${golding!.id}\` \`author:golding\``);
    expect(text).toContain('*paused*: the channel was archived');
    expect(text).toContain('no digest yet');
    expect(text).toContain('waiting for `/invite @catalog-bot` in <#C0TEAM> (asked <@U0ALICE> on 2 Mar 2024 08:00 UTC)');
    expect(text).not.toContain('tag:apn');
  });

  it('says how to subscribe when there is none', async () => {
    expect(shown(await say('subscriptions'))).toMatch(/no subscriptions.*subscribe/);
  });
});

describe('/catalog unsubscribe', () => {
  it('removes one by id, confirmed publicly', async () => {
    await say('subscribe tag:saas');
    await say('subscribe author:golding');
    const [saas] = await store.listSubscriptions();
    const reply = await say(`unsubscribe ${saas!.id.toUpperCase()}`);
    expect(reply.visibility).toBe('public');
    expect(shown(reply)).toContain(`<@U0ALICE> unsubscribed this channel from \`${saas!.id}\``);
    expect((await store.listSubscriptions()).map((s) => s.query)).toEqual(['author:golding']);
  });

  it('answers an unknown id, or one from another channel, with the valid ids', async () => {
    await say('subscribe tag:saas');
    await say('subscribe tag:apn', { channelId: 'C0ELSEWHERE' });
    const [mine] = await store.listSubscriptions({ channelId: 'C0TEAM' });
    const [theirs] = await store.listSubscriptions({ channelId: 'C0ELSEWHERE' });
    for (const id of ['zzzzz', theirs!.id]) {
      const reply = await say(`unsubscribe ${id}`);
      expect(reply.visibility).toBe('ephemeral');
      expect(shown(reply)).toContain(`no subscription \`${id}\``);
      expect(shown(reply)).toContain(mine!.id);
    }
    expect(await store.listSubscriptions()).toHaveLength(2);
  });

  it('removes all of the channel with "all", and only this channel', async () => {
    await say('subscribe tag:saas');
    await say('subscribe author:golding');
    await say('subscribe tag:apn', { channelId: 'C0ELSEWHERE' });
    const reply = await say('unsubscribe all');
    expect(reply.visibility).toBe('public');
    expect(shown(reply)).toContain('from all 2 subscriptions');
    expect((await store.listSubscriptions()).map((s) => s.channelId)).toEqual(['C0ELSEWHERE']);
  });
});
