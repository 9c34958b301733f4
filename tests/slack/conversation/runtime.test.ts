import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/errors.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { loadConversationRuntime } from '../../../src/slack/conversation/runtime.js';

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

const env = (vocabulary: string) => ({ CATALOG_SOURCE: join(dir, 'catalog.md'), CATALOG_VOCABULARY: vocabulary, INDEX_SNAPSHOT_PATH: join(dir, 'index.snapshot') });
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
      await runtime.whenIdle();
      expect(titles(runtime, 'pgb')).toEqual(['Connection pool sizing']);
      expect(titles(runtime, 'bb')).toEqual([]);

      // A file that turns bad keeps the previous vocabulary, and says why in the log.
      await writeFile(vocabulary, '{"groups": [');
      await runtime.catalogService.reload();
      await runtime.whenIdle();
      expect(titles(runtime, 'pgb')).toEqual(['Connection pool sizing']);
      expect(lines.some((l) => l.includes('keeping the previous vocabulary') && l.includes('is not valid JSON'))).toBe(true);
    } finally {
      runtime.close();
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
