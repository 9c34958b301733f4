import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { createSearchEngine } from '../../../src/search/index.js';
import { createCatalog } from '../../../src/catalog/assemble.js';
import { createCommandRouter } from '../../../src/slack/conversation/router.js';
import type { HandlerDeps, Invocation, Subcommand } from '../../../src/slack/conversation/types.js';
import { makeArticle } from '../../helpers/article.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Block Kit JSON introspection

const articles = [
  makeArticle({ id: 'old', url: 'https://example.com/old', title: 'Old DynamoDB article', published: '2019-01-01', summary: 'dynamodb partitioning' }),
  makeArticle({ id: 'new', url: 'https://example.com/new', title: 'New EKS article', published: '2024-01-01', summary: 'kubernetes eks tenants' }),
];
const catalog = createCatalog(articles, { source: 'test' });
const engine = createSearchEngine(articles);
const deps: HandlerDeps = { catalog: () => catalog, search: () => engine, config: loadConfig({}), logger: silentLogger, now: () => new Date('2024-06-01') };
const command = (text: string): Invocation => ({ surface: 'command', text, userId: 'U1', channelId: 'C1' });
const textOf = (blocks: unknown) => JSON.stringify(blocks);

describe('createCommandRouter', () => {
  it('empty text and "help" answer with the help card, ephemerally', async () => {
    const router = createCommandRouter();
    for (const text of ['', 'help', 'HELP', '?']) {
      const [reply] = await router.handle(command(text), deps);
      expect(reply!.visibility).toBe('ephemeral');
      expect(textOf(reply!.message.blocks)).toContain('Searching the article catalog');
    }
  });

  it('only a bare "help" is help: "help me find articles about billing" is searched', async () => {
    const [reply] = await createCommandRouter().handle(command('help me find articles about billing'), deps);
    expect(textOf(reply!.message.blocks)).not.toContain('Searching the article catalog');
    const [search] = await createCommandRouter().handle(command('me find articles about billing'), deps);
    expect(reply!.message.text).not.toBe('');
    expect(reply!.resultCount).toBe(search!.resultCount);
  });

  it('"latest" answers with the newest article first', async () => {
    const [reply] = await createCommandRouter().handle(command('latest'), deps);
    const shares = (reply!.message.blocks as Json[]).filter((b) => b.accessory?.action_id === 'share_article').map((b) => b.accessory.value);
    expect(shares[0]).toBe('new');
  });

  it('"new" with a topic is not the latest verb: "new kubernetes tenants" is a search, not the newest articles', async () => {
    const articlesOf = (reply: Json) => (reply.message.blocks as Json[]).filter((b) => b.accessory?.action_id === 'share_article').map((b) => b.accessory.value);
    // Read as "latest", this would list every article newest first; it is a search for the EKS article.
    const [reply] = await createCommandRouter().handle(command('new kubernetes tenants'), deps);
    expect(articlesOf(reply!)).toEqual(['new']);
    expect(textOf(reply!.message.blocks)).not.toContain('newest first');
    const [bare] = await createCommandRouter().handle(command('new'), deps);
    expect(articlesOf(bare!)).toEqual(['new', 'old']);
  });

  it('anything else is a search', async () => {
    const [reply] = await createCommandRouter().handle(command('dynamodb'), deps);
    expect(textOf(reply!.message.blocks)).toContain('Old DynamoDB article');
    expect(reply!.resultCount).toBe(1);
  });

  it('added subcommands get the words after the verb, appear in help, and match case-insensitively', async () => {
    const calls: string[] = [];
    const subscribe: Subcommand = {
      name: 'subscribe',
      usage: 'subscribe [query]',
      description: 'digests of new articles',
      answer: async (_inv, args) => {
        calls.push(args);
        return [{ visibility: 'public', message: { text: 'subscribed' } }];
      },
    };
    const router = createCommandRouter([subscribe]);
    const [reply] = await router.handle(command('Subscribe  tag:saas author:golding'), deps);
    expect(calls).toEqual(['tag:saas author:golding']);
    expect(reply!.visibility).toBe('public');
    const [help] = await router.handle(command('help'), deps);
    expect(textOf(help!.message.blocks)).toContain('/catalog subscribe [query]');
  });

  it('mentions get public answers and help phrased with @catalog-bot', async () => {
    const [reply] = await createCommandRouter().handle({ ...command(''), surface: 'mention', threadTs: '1.2' }, deps);
    expect(reply!.visibility).toBe('public');
    expect(textOf(reply!.message.blocks)).toContain('@catalog-bot tag:saas');
  });

  it('refuses two verbs with the same name', () => {
    const dup: Subcommand = { name: 'latest', usage: 'latest', description: 'x', answer: async () => [] };
    expect(() => createCommandRouter([dup])).toThrow('two subcommands are called "latest"');
  });
});
