/**
 * Reloads in a worker thread: what comes back must be the catalog and the engine the main thread
 * would have made itself, an unchanged source must not be parsed again, and a failure must leave
 * the loader usable for the next reload.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { CatalogError } from '../../src/errors.js';
import { createOffThreadLoader, type OffThreadLoader } from '../../src/reload/off-thread-loader.js';
import { createSearchEngine, catalogSnapshotKey, readSnapshot, defaultVocabulary, EMPTY_VOCABULARY, type Vocabulary } from '../../src/search/index.js';
import { articleUrl, catalogMarkdown, type EntrySpec } from '../digest/helpers.js';

let dir: string;
let catalogPath: string;
let loader: OffThreadLoader;
let vocabulary: Vocabulary;

const SPECS: EntrySpec[] = [
  { slug: 'isolation', title: 'Tenant isolation with IAM policies', date: '03 FEB 2024', authors: ['Ann Example'], tags: ['saas', 'aws_iam'] },
  { slug: 'pooling', title: 'Connection pooling for multi-tenant databases', date: '01 MAR 2024', authors: ['Bo Sample'], tags: ['amazon_rds'] },
  { slug: 'dynamo', title: 'Partitioning DynamoDB tables per tenant', date: '01 MAR 2024', authors: ['Ann Example'], tags: ['amazon_dynamodb'] },
  { slug: 'billing', title: 'Metering and billing tenants', date: '15 JAN 2023', summary: 'Usage records, invoices and throttling.', tags: ['saas'] },
];
const write = (specs: readonly EntrySpec[]) => writeFileSync(catalogPath, catalogMarkdown(specs));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-off-thread-'));
  catalogPath = join(dir, 'catalog.md');
  write(SPECS);
  vocabulary = defaultVocabulary();
  loader = createOffThreadLoader({ vocabulary: () => vocabulary, snapshotPath: join(dir, 'index.snapshot'), chunkSize: 3 });
});
afterEach(async () => {
  await loader.close();
  rmSync(dir, { recursive: true, force: true });
});

const ranked = (engine: { search(q: string): { hits: Array<{ article: { id: string } }> } }, q: string) => engine.search(q).hits.map((h) => h.article.id);

describe('createOffThreadLoader', () => {
  it('returns the catalog loadCatalog would, with an engine that ranks exactly as one built here', async () => {
    const reloaded = await loader.load(catalogPath, {});
    const here = await loadCatalog(catalogPath);
    expect(reloaded.notModified).toBe(false);
    // Pulled in chunks of 3: every article arrives, once, in catalog order (newest first).
    expect(reloaded.articles).toEqual(here.articles);
    expect([...reloaded.byId.keys()]).toEqual([...here.byId.keys()]);
    expect(reloaded.fingerprint).toBe(here.fingerprint);

    const engine = loader.engineFor(reloaded.articles);
    expect(engine?.articles).toBe(reloaded.articles);
    const built = createSearchEngine(here.articles, { vocabulary });
    for (const q of ['tenant', 'dynamodb per tenant', 'author:"Ann Example"', 'tag:saas', 'latest', 'biling', '-tenant']) {
      expect(ranked(engine!, q), q).toEqual(ranked(built, q));
    }
  });

  it('reports an unchanged source without parsing it, and keeps the catalog in service', async () => {
    const first = await loader.load(catalogPath, {});
    const inService = { ...first, articles: first.articles };
    const again = await loader.load(catalogPath, { previous: { fingerprint: first.fingerprint, catalog: inService } });
    expect(again.notModified).toBe(true);
    expect(again.articles).toBe(first.articles);
  });

  it('builds the index with the vocabulary in service when the reload starts', async () => {
    vocabulary = EMPTY_VOCABULARY;
    const plain = await loader.load(catalogPath, {});
    vocabulary = defaultVocabulary();
    const withNames = await loader.load(catalogPath, {});
    // The general vocabulary's multi-word names ("connection pooling"…) are indexed as compound terms.
    expect(loader.engineFor(withNames.articles)!.index.terms.length).toBeGreaterThan(loader.engineFor(plain.articles)!.index.terms.length);
  });

  it('persists the new index so the next start can load it instead of building it', async () => {
    const reloaded = await loader.load(catalogPath, {});
    const read = await readSnapshot(join(dir, 'index.snapshot'), { key: catalogSnapshotKey(reloaded.fingerprint, vocabulary), catalog: true });
    expect(read.status === 'loaded' ? read.catalog?.articles : read).toEqual(reloaded.articles);
  });

  it('rejects a source with no article as loadCatalog does, and the next reload works', async () => {
    writeFileSync(catalogPath, '# nothing here\n');
    const failed = loader.load(catalogPath, {});
    await expect(failed).rejects.toBeInstanceOf(CatalogError);
    await expect(failed).rejects.toMatchObject({ code: 'catalog_empty', message: expect.stringContaining('holds no article') });

    write([...SPECS, { slug: 'fresh', title: 'Onboarding new tenants' }]);
    const next = await loader.load(catalogPath, {});
    expect(next.articles.map((a) => a.url)).toContain(articleUrl('fresh'));
  });

  it('rejects a reload whose worker is stopped under it (close), and the next reload gets a worker of its own', async () => {
    const inFlight = loader.load(catalogPath, {});
    await loader.close();
    await expect(inFlight).rejects.toThrow(/reload worker stopped/);
    const next = await loader.load(catalogPath, {});
    expect(next.articles).toHaveLength(SPECS.length);
  });

  it('with texts: indexes them as passages, and the engine answers and cuts snippets as one built here', async () => {
    const texts = new Map([
      [articleUrl('pooling'), 'Opening a connection per request exhausts the database.\n\nA pooler such as PgBouncer keeps a few warm connections and hands them out per transaction.'],
      [articleUrl('billing'), 'Invoices are generated nightly from the usage records. A late record is billed in the next cycle.'],
    ]);
    const textLoader = createOffThreadLoader({ vocabulary: () => vocabulary, snapshotPath: join(dir, 'texts.snapshot'), texts: async () => ({ given: texts }) });
    try {
      const reloaded = await textLoader.load(catalogPath, {});
      const engine = textLoader.engineFor(reloaded.articles)!;
      const built = createSearchEngine((await loadCatalog(catalogPath)).articles, { vocabulary, texts });
      expect(engine.index.passages?.index.documentCount).toBe(built.index.passages?.index.documentCount);
      for (const q of ['pgbouncer', 'warm connections per transaction', 'invoices nightly', 'tenant', 'billing']) {
        expect(engine.search(q), q).toEqual(built.search(q));
      }
      expect(engine.search('pgbouncer').hits[0]?.snippet).toContain('PgBouncer keeps a few warm connections');
      // The snapshot it wrote is keyed by the texts too: a start with the same texts reuses it.
      const read = await readSnapshot(join(dir, 'texts.snapshot'), { key: catalogSnapshotKey(reloaded.fingerprint, vocabulary, texts), catalog: true });
      expect(read.status).toBe('loaded');
      expect((await readSnapshot(join(dir, 'texts.snapshot'), { key: catalogSnapshotKey(reloaded.fingerprint, vocabulary), catalog: true })).status).toBe('stale');
    } finally {
      await textLoader.close();
    }
  });
});
