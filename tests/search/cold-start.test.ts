import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CatalogService } from '../../src/catalog/catalog-service.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { catalogSnapshotKey, loadCatalogAndEngine, type ColdStart, buildIndex, loadOrBuildSearchEngine, writeSnapshot, createVocabulary, defaultVocabulary } from '../../src/search/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

let dir: string;
let catalogPath: string;
let snapshotPath: string;
let lines: Array<{ level: string; msg: string }>;
let logger: Logger;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cold-start-'));
  catalogPath = join(dir, 'catalog.md');
  snapshotPath = join(dir, 'var', 'index.snapshot');
  // Real articles, plus malformed entries so the catalog has warnings to keep.
  const text = (await readFile(join(repo, 'data/advanced_300.md'), 'utf8')) + '\n' + (await readFile(join(repo, 'tests/fixtures/catalog/malformed.md'), 'utf8'));
  await writeFile(catalogPath, text);
  lines = [];
  logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as { level: string; msg: string }) });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const start = (options: Parameters<typeof loadCatalogAndEngine>[1] = {}) => loadCatalogAndEngine(catalogPath, { snapshotPath, logger, ...options });
const titles = (s: ColdStart, q: string) => s.engine.search(q).hits.map((h) => h.article.title);
const warnings = () => lines.filter((l) => l.level === 'warn').map((l) => l.msg);

describe('loadCatalogAndEngine', () => {
  test('the first start parses and writes the snapshot; the next one serves the same catalog, warnings and answers from it', async () => {
    const first = await start();
    expect(first.fromSnapshot).toBe(false);
    expect((await stat(snapshotPath)).size).toBeGreaterThan(0);
    expect(first.catalog.warnings.length).toBeGreaterThan(0);

    const second = await start();
    expect(second.fromSnapshot).toBe(true);
    expect(second.catalog.articles).toEqual(first.catalog.articles);
    expect(second.catalog.warnings).toEqual(first.catalog.warnings);
    expect(second.catalog.source).toBe(catalogPath);
    expect(second.catalog.byId.get(first.catalog.articles[5]!.id)).toEqual(first.catalog.articles[5]);
    for (const q of ['dynamodb', 'multi-tenant saas', 'author:golding', 'dynamo', 'sort:oldest tag:advanced_300']) {
      expect(second.engine.search(q)).toEqual(first.engine.search(q));
    }
    expect(warnings()).toEqual([]);
  });

  test('an unchanged file is not parsed again: a snapshot saved for its text is what the answers come from', async () => {
    const { fingerprint, articles, warnings: catalogWarnings } = await loadCatalog(catalogPath);
    // Written for this very text, but holding a title parsing the file would never give.
    const planted = articles.map((a, i) => (i === 0 ? { ...a, title: 'Planted title about zyzzyva' } : a));
    const key = catalogSnapshotKey(fingerprint, defaultVocabulary());
    await writeSnapshot(snapshotPath, buildIndex(planted), key, { source: catalogPath, articles: planted, warnings: catalogWarnings });

    const s = await start();
    expect(s.fromSnapshot).toBe(true);
    expect(titles(s, 'zyzzyva')).toEqual(['Planted title about zyzzyva']);
  });

  test('one byte changed: parsed again, and the snapshot rewritten for the new text', async () => {
    await start();
    const text = await readFile(catalogPath, 'utf8');
    await writeFile(catalogPath, text.replace('Partitioning Pooled', 'Partitioning Pooted'));
    const changed = await start();
    expect(changed.fromSnapshot).toBe(false);
    expect(titles(changed, 'pooted')).toEqual(['Partitioning Pooted Multi-Tenant SaaS Data with Amazon DynamoDB']);
    const next = await start();
    expect(next.fromSnapshot).toBe(true);
    expect(titles(next, 'pooted')).toEqual(['Partitioning Pooted Multi-Tenant SaaS Data with Amazon DynamoDB']);
  });

  test('another catalog (same text, another file) does not reuse the snapshot', async () => {
    await start();
    const other = join(dir, 'other.md');
    await writeFile(other, await readFile(catalogPath));
    const s = await loadCatalogAndEngine(other, { snapshotPath, logger });
    expect(s.fromSnapshot).toBe(false);
    expect(s.catalog.source).toBe(other);
    expect(new Set(s.catalog.articles.map((a) => a.source))).toEqual(new Set([other]));
  });

  test('one folder named two ways (data, data/) shares one snapshot, and each start reports the source as given', async () => {
    const folder = join(dir, 'folder');
    await mkdir(folder);
    await writeFile(join(folder, 'catalog.md'), await readFile(catalogPath));
    expect((await loadCatalogAndEngine(folder, { snapshotPath })).fromSnapshot).toBe(false);
    const again = await loadCatalogAndEngine(`${folder}/`, { snapshotPath });
    expect(again.fromSnapshot).toBe(true);
    expect(again.catalog.source).toBe(`${folder}/`);
  });

  test.each([
    ['garbage', (_bytes: Buffer) => Buffer.from('not a snapshot at all')],
    ['truncated', (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['damaged catalog section', (bytes: Buffer) => {
      const copy = Buffer.from(bytes);
      const at = copy.indexOf('"rows":[[');
      copy.write('{', at + 8, 'latin1');
      return copy;
    }],
  ])('a %s snapshot: one warning, the right answer, and a good snapshot written again', async (_name, damage) => {
    const first = await start();
    await writeFile(snapshotPath, damage(await readFile(snapshotPath)));
    lines = [];
    const s = await start();
    expect(s.fromSnapshot).toBe(false);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toContain(`search snapshot ${snapshotPath} cannot be used`);
    expect(s.engine.search('dynamodb')).toEqual(first.engine.search('dynamodb'));
    expect((await start()).fromSnapshot).toBe(true);
  });

  test('another vocabulary (other compound names) rebuilds the index instead of half-using it', async () => {
    await start();
    const mine = createVocabulary({ groups: [{ terms: ['saas solution', 'hosted product'] }] });
    const s = await start({ vocabulary: mine });
    expect(s.fromSnapshot).toBe(false);
    expect(titles(s, 'hosted product')).toContain('Using Amazon SQS in a Multi-Tenant SaaS Solution');
    expect((await start({ vocabulary: mine })).fromSnapshot).toBe(true);
  });

  test('a snapshot written without the catalog (loadOrBuildSearchEngine) is out of date, not a warning', async () => {
    const { articles } = await loadCatalog(catalogPath);
    await loadOrBuildSearchEngine({ articles, snapshotPath });
    const s = await start();
    expect(s.fromSnapshot).toBe(false);
    expect(warnings()).toEqual([]);
    expect(lines.some((l) => l.msg === 'search snapshot is out of date')).toBe(true);
  });

  test("the bot's catalog service and the command line share one snapshot, whichever wrote it", async () => {
    const service = () => new CatalogService({ source: catalogPath, logger });
    const byBot = await loadCatalogAndEngine(service(), { snapshotPath, logger });
    expect(byBot.fromSnapshot).toBe(false);
    const byCli = await start();
    expect(byCli.fromSnapshot).toBe(true);

    await rm(snapshotPath);
    await start();
    const bot = service();
    const restarted = await loadCatalogAndEngine(bot, { snapshotPath, logger });
    expect(restarted.fromSnapshot).toBe(true);
    // The service holds the catalog it served, and knows the text's fingerprint for the next reload.
    expect(bot.current().articles).toBe(restarted.catalog.articles);
    expect(bot.fingerprint).toBe(restarted.fingerprint);
    expect((await bot.reload()).ok).toBe(true);
    expect(bot.current().articles).toBe(restarted.catalog.articles);
  });

  test('no snapshot path: parsed and indexed, nothing written', async () => {
    const s = await loadCatalogAndEngine(catalogPath, { logger });
    expect(s.fromSnapshot).toBe(false);
    await expect(stat(snapshotPath)).rejects.toThrow();
  });
});
