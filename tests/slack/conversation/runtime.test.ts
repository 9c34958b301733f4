import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/errors.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { loadConversationRuntime } from '../../../src/slack/conversation/runtime.js';
import { openStore } from '../../../src/store/open-store.js';
import type { SearchEngine } from '../../../src/search/index.js';
import { startCatalogServer } from '../../helpers/catalog-server.js';

const CATALOG = `# mine

| [Project Bluebird release notes](https://example.com/bluebird) |
|:---|
| *Created: 01 JAN 2024 by Ann Example* |
| What changed in the release. |
|  |

| [Connection pool sizing](https://example.com/pool) |
|:---|
| *Created: 02 JAN 2024 by Ann Example* |
| How many connections a service needs. |
|  |
`;

let dir: string;
let lines: string[];
let logger: Logger;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'runtime-vocabulary-'));
  await writeFile(join(dir, 'catalog.md'), CATALOG);
  lines = [];
  logger = createLogger({ level: 'info', write: (line) => lines.push(line) });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// DATABASE_PATH: a store that does not exist (no article texts) unless a test makes one.
const env = (vocabulary: string) => ({
  CATALOG_SOURCE: join(dir, 'catalog.md'),
  CATALOG_VOCABULARY: vocabulary,
  INDEX_SNAPSHOT_PATH: join(dir, 'index.snapshot'),
  DATABASE_PATH: join(dir, 'no-store.db'),
});
const titles = (runtime: Awaited<ReturnType<typeof loadConversationRuntime>>, q: string) =>
  runtime.handlerDeps.search().search(q).hits.map((h) => h.article.title);

describe('CATALOG_VOCABULARY in the running bot', () => {
  test('is searched with, and reloaded with the catalog: a change to the file takes effect without a restart', async () => {
    const vocabulary = join(dir, 'jargon.json');
    await writeFile(vocabulary, JSON.stringify({ groups: [{ terms: ['bb', 'bluebird'] }] }));
    const runtime = await loadConversationRuntime(loadConfig(env(vocabulary)), logger);
    try {
      expect(titles(runtime, 'bb')).toEqual(['Project Bluebird release notes']);
      expect(titles(runtime, 'pgb')).toEqual([]);

      await writeFile(vocabulary, JSON.stringify({ groups: [{ terms: ['pgb', 'connection pool'] }] }));
      await runtime.catalogService.reload();
      expect(titles(runtime, 'pgb')).toEqual(['Connection pool sizing']);
      expect(titles(runtime, 'bb')).toEqual([]);

      // A file that turns bad keeps the previous vocabulary, and says why in the log.
      await writeFile(vocabulary, '{"groups": [');
      await runtime.catalogService.reload();
      expect(titles(runtime, 'pgb')).toEqual(['Connection pool sizing']);
      expect(lines.some((l) => l.includes('keeping the previous vocabulary') && l.includes('is not valid JSON'))).toBe(true);
    } finally {
      await runtime.close();
    }
  });

  test('a bad file stops the start with a ConfigError naming it', async () => {
    const vocabulary = join(dir, 'broken.json');
    await writeFile(vocabulary, '{"groups": [{"terms": []}]}');
    const start = loadConversationRuntime(loadConfig(env(vocabulary)), logger);
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(loadConversationRuntime(loadConfig(env(vocabulary)), logger)).rejects.toThrow(/CATALOG_VOCABULARY=".*broken\.json": group 1 needs "terms"/);
  });
});

describe('catalog reloads in the running bot', () => {
  const entry = (title: string, slug: string) => `| [${title}](https://example.com/${slug}) |\n|:---|\n| *Created: 03 JAN 2024 by Ann Example* |\n| Fresh. |\n|  |\n`;

  test('answer from the catalog and engine in service while one runs, then swap both in together', async () => {
    // The new catalog's bytes are held back until the test lets them go: the reload is surely in progress meanwhile.
    let body = CATALOG;
    let hold: Promise<void> = Promise.resolve();
    let requested: () => void = () => {};
    const server = await startCatalogServer((_req, res) => {
      requested();
      void hold.then(() => {
        res.writeHead(200, { 'content-type': 'text/markdown' });
        res.end(body);
      });
    });
    const runtime = await loadConversationRuntime(loadConfig({ CATALOG_SOURCE: server.url(), INDEX_SNAPSHOT_PATH: join(dir, 'index.snapshot') }), logger);
    try {
      const before = runtime.handlerDeps.catalog();
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      body = CATALOG + '\n' + entry('Tenant onboarding flows', 'onboarding');
      const asked = new Promise<void>((resolve) => (requested = resolve));
      const reloading = runtime.catalogService.reload();
      await asked;

      // Mid-reload: the old pair, consistent.
      expect(runtime.handlerDeps.catalog()).toBe(before);
      expect((runtime.handlerDeps.search() as SearchEngine).articles).toBe(before.articles);
      expect(titles(runtime, 'onboarding')).toEqual([]);

      release();
      const result = await reloading;
      expect(result.ok).toBe(true);
      const after = runtime.handlerDeps.catalog();
      expect(after).not.toBe(before);
      // The engine in service indexes exactly the catalog in service.
      expect((runtime.handlerDeps.search() as SearchEngine).articles).toBe(after.articles);
      expect(titles(runtime, 'onboarding')).toEqual(['Tenant onboarding flows']);
    } finally {
      await runtime.close();
      await server.close();
    }
  });

  test('a reload that fails keeps the catalog and the engine in service, and says why', async () => {
    const path = join(dir, 'catalog.md');
    const runtime = await loadConversationRuntime(loadConfig({ CATALOG_SOURCE: path, INDEX_SNAPSHOT_PATH: join(dir, 'index.snapshot') }), logger);
    try {
      await writeFile(path, CATALOG + '\n' + entry('Tenant onboarding flows', 'onboarding'));
      await runtime.catalogService.reload();
      const good = runtime.handlerDeps.catalog();
      const engine = runtime.handlerDeps.search();

      await writeFile(path, '# emptied by mistake\n');
      const result = await runtime.catalogService.reload();
      expect(result.ok).toBe(false);
      expect(runtime.handlerDeps.catalog()).toBe(good);
      expect(runtime.handlerDeps.search()).toBe(engine);
      expect(titles(runtime, 'onboarding')).toEqual(['Tenant onboarding flows']);
      expect(lines.some((l) => l.includes('catalog reload failed; keeping the previous catalog') && l.includes('holds no article'))).toBe(true);
    } finally {
      await runtime.close();
    }
  });
});

describe('stored article texts in the running bot', () => {
  const plainEnv = () => ({ CATALOG_SOURCE: join(dir, 'catalog.md'), INDEX_SNAPSHOT_PATH: join(dir, 'index.snapshot'), DATABASE_PATH: join(dir, 'no-store.db') });

  test('are searched from the start, and a change of texts re-indexes without a restart', async () => {
    let stored = new Map([['https://example.com/pool', 'Size the pool from the number of worker threads, not from the request rate.']]);
    const runtime = await loadConversationRuntime(loadConfig(plainEnv()), logger, { readArticleTexts: async () => new Map(stored) });
    try {
      const hit = runtime.handlerDeps.search().search('worker threads').hits[0];
      expect(hit?.article.title).toBe('Connection pool sizing');
      expect(hit?.snippet).toContain('number of worker threads');
      expect(titles(runtime, 'changelog')).toEqual([]);

      // A crawl stored a text for the release notes: after textsChanged() the bot searches it.
      stored = new Map([...stored, ['https://example.com/bluebird', 'The full changelog lists every fixed bug.']]);
      const before = runtime.handlerDeps.search();
      await runtime.textsChanged();
      expect(runtime.handlerDeps.search()).not.toBe(before);
      expect(titles(runtime, 'changelog')).toEqual(['Project Bluebird release notes']);
      expect(titles(runtime, 'worker threads')).toEqual(['Connection pool sizing']);
    } finally {
      await runtime.close();
    }
  });

  test('texts that change while a catalog reload is under way are indexed once it is over', async () => {
    let stored = new Map([['https://example.com/pool', 'Size the pool from the number of worker threads.']]);
    let held: Array<() => void> = [];
    let hold = false;
    const runtime = await loadConversationRuntime(loadConfig(plainEnv()), logger, {
      readArticleTexts: async () => {
        const texts = new Map(stored);
        if (hold) await new Promise<void>((resolve) => held.push(resolve));
        return texts;
      },
    });
    try {
      hold = true;
      const reload = runtime.catalogService.reload(); // reads the texts as they are now…
      await vi.waitFor(() => expect(held).toHaveLength(1));
      stored = new Map([...stored, ['https://example.com/bluebird', 'The full changelog lists every fixed bug.']]);
      hold = false;
      const changed = runtime.textsChanged(); // …and this change comes while it runs
      for (const release of held) release();
      held = [];
      await reload;
      await changed;
      expect(titles(runtime, 'changelog')).toEqual(['Project Bluebird release notes']);
    } finally {
      await runtime.close();
    }
  });

  test('CATALOG_FULL_TEXT=on: read from the configured store at start, and by the reload worker after a change', async () => {
    const databasePath = join(dir, 'state.db');
    const store = await openStore({ databasePath, databaseUrl: undefined, databasePoolSize: 1 });
    try {
      await store.saveArticleText({ url: 'https://example.com/pool', outcome: 'fetched', at: new Date(), text: 'Size the pool from the number of worker threads.' });
      const runtime = await loadConversationRuntime(loadConfig({ ...plainEnv(), DATABASE_PATH: databasePath }), logger);
      try {
        expect(titles(runtime, 'worker threads')).toEqual(['Connection pool sizing']);
        await store.saveArticleText({ url: 'https://example.com/bluebird', outcome: 'fetched', at: new Date(), text: 'The full changelog lists every fixed bug.' });
        expect(titles(runtime, 'changelog')).toEqual([]);
        await runtime.textsChanged();
        expect(titles(runtime, 'changelog')).toEqual(['Project Bluebird release notes']);
      } finally {
        await runtime.close();
      }
      const off = await loadConversationRuntime(loadConfig({ ...plainEnv(), DATABASE_PATH: databasePath, CATALOG_FULL_TEXT: 'off' }), logger);
      try {
        expect(titles(off, 'worker threads')).toEqual([]);
      } finally {
        await off.close();
      }
    } finally {
      await store.close();
    }
  });

  test('texts that cannot be read: titles and blurbs are searched, and the log says why', async () => {
    const runtime = await loadConversationRuntime(loadConfig(plainEnv()), logger, {
      readArticleTexts: async () => {
        throw new Error('database is locked');
      },
    });
    try {
      expect(titles(runtime, 'connections')).toEqual(['Connection pool sizing']);
      expect(lines.some((l) => l.includes('article texts cannot be read') && l.includes('database is locked'))).toBe(true);
    } finally {
      await runtime.close();
    }
  });
});
