/**
 * Every reply path fed the longest inputs a user can send, checked against Slack's Block Kit limits
 * (a reply over a limit is refused by Slack, so the user would get nothing). Real catalog, real
 * search engine, real SQLite store with 60 subscriptions in the channel; every verb on every surface
 * (slash command, mention, DM), and the buttons.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/types.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createSearchEngine, type SearchEngine, type CatalogSearch } from '../../src/search/index.js';
import { ACTION_IDS } from '../../src/slack/blocks/actions.js';
import { apologyMessage } from '../../src/slack/blocks/error.js';
import { pageReply, shareReply } from '../../src/slack/conversation/actions.js';
import { createCommandRouter, type CommandRouter } from '../../src/slack/conversation/router.js';
import type { HandlerDeps, Invocation, Reply, Surface } from '../../src/slack/conversation/types.js';
import { subscriptionSubcommands } from '../../src/slack/subscriptions/subcommands.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { blockKitProblems } from '../helpers/block-kit-limits.js';

const FULL = 'C0FULL';
const SLACK_MESSAGE_MAX = 40_000;

let dir: string;
let store: Store;
let catalog: Catalog;
let engine: SearchEngine;
let deps: HandlerDeps;
let router: CommandRouter;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-bot-longest-'));
  store = await openSqliteStore(join(dir, 'bot.db'));
  catalog = await loadCatalog('data/');
  engine = createSearchEngine(catalog.articles);
  deps = { catalog: () => catalog, search: () => engine, config: loadConfig({}), logger: silentLogger, now: () => new Date('2024-03-04T10:00:00Z') };
  router = createCommandRouter(subscriptionSubcommands(store));
  // A channel with 60 subscriptions, each with a long query.
  for (let i = 0; i < 60; i++) {
    const query = `tenant${i} ${'isolation '.repeat(40)}author:"${'x'.repeat(100)}${i}"`;
    const { subscription } = await store.addSubscription({ channelId: FULL, query, createdBy: 'U0ALICE', createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)) });
    if (i % 3 === 0) await store.pauseSubscription(subscription.id, `the channel was archived ${'&<>'.repeat(300)}`, new Date('2024-02-01'));
  }
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The longest, most awkward things a user can type (a message is at most 40,000 characters). */
const LONG_TEXTS: Record<string, string> = {
  '40,000 letters': 'a'.repeat(SLACK_MESSAGE_MAX),
  '40,000 characters of words': 'tenant isolation '.repeat(SLACK_MESSAGE_MAX / 17),
  '40,000 markup characters (escape to 5x)': '&<>'.repeat(SLACK_MESSAGE_MAX / 3),
  '142 x year:x': Array.from({ length: 142 }, () => 'year:x').join(' '),
  '500 bad filters': Array.from({ length: 500 }, (_, i) => `after:20${i}-99`).join(' '),
  'backticks and stars': '`*_~'.repeat(SLACK_MESSAGE_MAX / 4),
  'emoji (astral characters)': '🙂'.repeat(SLACK_MESSAGE_MAX / 2),
  'broadcast mentions': '<!channel> <!here> <@U0VICTIM> '.repeat(1000),
  'one long quoted phrase': `"${'tenant '.repeat(5000)}"`,
  'many negations': Array.from({ length: 3000 }, (_, i) => `-w${i}`).join(' '),
};

const VERBS = ['', 'help', 'latest ', 'subscribe ', 'subscriptions ', 'unsubscribe ', 'unsubscribe all ', 'unsub '];
const SURFACES: Surface[] = ['command', 'mention', 'dm'];

function invocation(surface: Surface, text: string, channelId: string): Invocation {
  return { surface, text, userId: 'U0ALICE', channelId: surface === 'dm' ? 'D0ALICE' : channelId, threadTs: surface === 'command' ? undefined : '1700000000.000100' };
}

function check(what: string, replies: Reply[]): void {
  expect(replies.length, what).toBeGreaterThan(0);
  for (const reply of replies) expect(blockKitProblems(reply.message), what).toEqual([]);
}

describe('every reply path, longest inputs', () => {
  it.each(Object.entries(LONG_TEXTS))('%s, after every verb, on every surface, stays within Block Kit limits', async (_name, text) => {
    for (const surface of SURFACES) {
      for (const verb of VERBS) {
        // Unsubscribing in the full channel would empty it for the next case: use a copy of its state.
        const channel = verb.startsWith('unsubscribe all') ? 'C0SCRATCH' : FULL;
        check(`${surface}: ${verb}<${text.length} chars>`, await router.handle(invocation(surface, `${verb}${text}`, channel), deps));
      }
    }
  });

  it('lists at most a screenful of a 60-subscription channel, with "and N more"', async () => {
    for (const text of ['unsubscribe', 'unsubscribe nope', 'subscriptions']) {
      const [reply] = await router.handle(invocation('command', text, FULL), deps);
      expect(blockKitProblems(reply!.message), text).toEqual([]);
      expect(JSON.stringify(reply!.message), text).toMatch(/and \d+ more/);
    }
  });

  it('echoes at most a readable part of a 40,000-character subscribe in a DM, and of 142 problems', async () => {
    const dm = await router.handle(invocation('dm', `subscribe ${'a'.repeat(SLACK_MESSAGE_MAX)}`, 'D0ALICE'), deps);
    expect(JSON.stringify(dm[0]!.message).length).toBeLessThan(6_000);
    const problems = await router.handle(invocation('command', `subscribe ${LONG_TEXTS['142 x year:x']}`, 'C0PROBLEMS'), deps);
    expect(JSON.stringify(problems[0]!.message)).toMatch(/and \d+ more/);
    expect(await store.listSubscriptions({ channelId: 'C0PROBLEMS' })).toEqual([]);
  });

  it('unsubscribe all in a 60-subscription channel confirms within limits, naming the count', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) {
      const { subscription } = await store.addSubscription({ channelId: 'C0ALL', query: `q${i} ${'long '.repeat(80)}`, createdBy: 'U0ALICE', createdAt: new Date() });
      ids.push(subscription.id);
    }
    const [reply] = await router.handle(invocation('command', 'unsubscribe all', 'C0ALL'), deps);
    expect(blockKitProblems(reply!.message)).toEqual([]);
    expect(JSON.stringify(reply!.message)).toContain('all 60 subscriptions');
    expect(JSON.stringify(reply!.message)).toMatch(/and \d+ more/);
  });

  it('buttons with the longest values Slack can send back, and the apology, stay within limits', () => {
    const at = invocation('command', '', FULL);
    const values = [
      JSON.stringify({ q: LONG_TEXTS['40,000 markup characters (escape to 5x)']!.slice(0, 1900), o: 0 }),
      JSON.stringify({ q: LONG_TEXTS['142 x year:x'], o: 5 }),
      'x'.repeat(2000),
      JSON.stringify({ q: 'tenant', o: Number.MAX_SAFE_INTEGER }),
    ];
    for (const value of values) {
      check(`page ${value.slice(0, 30)}`, [pageReply(at, value, deps)]);
      check(`more ${value.slice(0, 30)}`, [pageReply(at, value, deps, { replaceOriginal: false })]);
      check(`share ${value.slice(0, 30)}`, [shareReply(at, value, deps)]);
    }
    check('share a real article', [shareReply(at, catalog.articles[0]!.id, deps)]);
    check('apology', [{ visibility: 'ephemeral', message: apologyMessage('E'.repeat(40)) }]);
    expect(ACTION_IDS.share).toBeTruthy();
  });
});

/**
 * The real engine, with every hit (and closest article) carrying `snippet`: the engine decides which
 * hits have a passage; here every one gets the longest, most awkward passage page text can give.
 */
function withPassages(inner: CatalogSearch, snippet: string): CatalogSearch {
  return {
    search: (query, options) => {
      const result = inner.search(query, options);
      const add = (hits: typeof result.hits) => hits.map((hit) => ({ ...hit, snippet }));
      return { ...result, hits: add(result.hits), alternatives: add(result.alternatives) };
    },
    matchingIds: (query) => inner.matchingIds(query),
    get size() {
      return inner.size;
    },
  };
}

/** 300 characters of page text (the longest passage) that escape to the most, bold the most, or try to ping. */
const LONGEST_PASSAGES: Record<string, string> = {
  'all markup (escapes to 5x)': '&<>'.repeat(100),
  'every word matched (bold)': 'tenant isolation '.repeat(18).slice(0, 300),
  'mentions, links and formatting': '<!channel> <https://evil.example|x> *b* `c` _i_ ~s~ '.repeat(6).slice(0, 300),
  'one 300-character word': 'tenant'.repeat(50),
};

describe('result cards with the longest passages', () => {
  it.each(Object.entries(LONGEST_PASSAGES))('%s: searches on every surface, and the paging and More buttons, stay within limits', async (_name, snippet) => {
    const passages: HandlerDeps = { ...deps, search: () => withPassages(engine, snippet) };
    for (const surface of SURFACES) {
      for (const text of ['tenant isolation', 'latest tenant', LONG_TEXTS['40,000 characters of words']!, 'android app store screenshots']) {
        const replies = await router.handle(invocation(surface, text, FULL), passages);
        check(`${surface}: ${text.slice(0, 30)}`, replies);
        for (const reply of replies) expect(JSON.stringify(reply.message)).not.toMatch(/<!channel>|<https:\/\/evil/);
      }
    }
    const at = invocation('command', '', FULL);
    for (const o of [0, 5, 10]) {
      check(`page ${o}`, [pageReply(at, JSON.stringify({ q: 'tenant isolation', o }), passages)]);
      check(`more ${o}`, [pageReply(at, JSON.stringify({ q: 'tenant isolation', o }), passages, { replaceOriginal: false })]);
    }
    // The passage is shown: a result card carries the quoted line.
    const [reply] = await router.handle(invocation('command', 'tenant isolation', FULL), passages);
    expect(JSON.stringify(reply!.message.blocks)).toContain('\\n> ');
  });
});
