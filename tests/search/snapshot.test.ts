import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Article } from '../../src/catalog/types.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { buildIndex, contentHash, loadOrBuildSearchEngine, readSnapshot, writeSnapshot, createVocabulary } from '../../src/search/index.js';
import { article, tag } from './fixtures.js';

const ARTICLES: Article[] = [
  article({ title: 'Partitioning Pooled Multi-Tenant SaaS Data with Amazon DynamoDB', published: '2020-08-10' }),
  article({ title: 'Storing Multi-Tenant SaaS Data with Amazon OpenSearch Service', published: '2022-09-13' }),
  article({ title: 'Using Amazon SQS in a Multi-Tenant SaaS Solution', published: '2020-10-09', authors: ['Raju Patel'] }),
];

let dir: string;
let lines: Array<Record<string, unknown>>;
let logger: Logger;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'search-snapshot-'));
  lines = [];
  logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const messages = () => lines.map((l) => `${String(l.level)} ${String(l.msg ?? l.message)}`);
const titles = (engine: Awaited<ReturnType<typeof loadOrBuildSearchEngine>>, q: string) =>
  engine.search(q).hits.map((h) => h.article.title);

describe('loadOrBuildSearchEngine', () => {
  test('builds and writes a snapshot, then a restart loads it and answers the same', async () => {
    const path = join(dir, 'nested', 'search.snap');
    const first = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger });
    expect((await stat(path)).size).toBeGreaterThan(0);
    expect(messages().some((m) => m.includes('built'))).toBe(true);

    lines = [];
    const second = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger });
    expect(messages().some((m) => m.includes('loaded from snapshot'))).toBe(true);
    for (const q of ['dynamodb', 'opensaerch', 'multi-tenant saas', 'dyna', 'author:patel', 'k8s']) {
      expect(second.search(q)).toEqual(first.search(q));
    }
  });

  test('a snapshot of other articles is not used: rebuilt and rewritten', async () => {
    const path = join(dir, 'search.snap');
    await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger });
    const changed = [...ARTICLES, article({ title: 'Tenant onboarding with Amazon Cognito', published: '2023-01-01' })];
    lines = [];
    const engine = await loadOrBuildSearchEngine({ articles: changed, snapshotPath: path, logger });
    expect(titles(engine, 'cognito')).toEqual(['Tenant onboarding with Amazon Cognito']);
    expect(messages().some((m) => m.includes('out of date'))).toBe(true);
    expect((await readSnapshot(path, { key: contentHash(changed), articleCount: changed.length })).status).toBe('loaded');
  });

  test.each([
    ['garbage', Buffer.from('not a snapshot at all')],
    ['empty file', Buffer.alloc(0)],
    ['JSON from another tool', Buffer.from('{"index": {}}')],
  ])('a corrupt snapshot (%s) is logged and ignored, never fatal', async (_name, bytes) => {
    const path = join(dir, 'search.snap');
    await writeFile(path, bytes);
    const engine = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger });
    expect(titles(engine, 'dynamodb')).toEqual(['Partitioning Pooled Multi-Tenant SaaS Data with Amazon DynamoDB']);
    expect(lines.some((l) => l.level === 'warn')).toBe(true);
    // …and it was replaced by a good one.
    expect((await readSnapshot(path, { key: contentHash(ARTICLES), articleCount: ARTICLES.length })).status).toBe('loaded');
  });

  test('a truncated snapshot is detected, not half-loaded', async () => {
    const path = join(dir, 'search.snap');
    await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger });
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 10));
    const read = await readSnapshot(path, { key: contentHash(ARTICLES), articleCount: ARTICLES.length });
    expect(read.status).toBe('corrupt');
    const engine = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger });
    expect(engine.size).toBe(3);
  });

  test('a snapshot path that cannot be written is logged; the engine still works', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'x');
    const engine = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: join(blocker, 'search.snap'), logger });
    expect(titles(engine, 'sqs')).toEqual(['Using Amazon SQS in a Multi-Tenant SaaS Solution']);
    expect(lines.some((l) => l.level === 'warn')).toBe(true);
  });

  test('the content hash changes when an indexed field changes, not when nothing does', () => {
    const same = ARTICLES.map((a) => ({ ...a }));
    expect(contentHash(same)).toBe(contentHash(ARTICLES));
    const edited = ARTICLES.map((a, i) => (i === 1 ? { ...a, summary: `${a.summary} Edited.` } : a));
    expect(contentHash(edited)).not.toBe(contentHash(ARTICLES));
  });
});

describe('the vocabulary is part of the index', () => {
  test('a snapshot built with another vocabulary (other compound names) is rebuilt, not half-used', async () => {
    const path = join(dir, 'search.snap');
    const mine = createVocabulary({ groups: [{ terms: ['saas solution', 'hosted product'] }] });
    expect(contentHash(ARTICLES, mine)).not.toBe(contentHash(ARTICLES));
    await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger });
    lines = [];
    const engine = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger, vocabulary: mine });
    expect(messages().some((m) => m.includes('out of date'))).toBe(true);
    expect(engine.search('hosted product').hits.map((h) => h.article.title)).toEqual(['Using Amazon SQS in a Multi-Tenant SaaS Solution']);
  });
});

describe('the catalog section', () => {
  const CATALOG = {
    source: 'data/',
    articles: [
      ...ARTICLES,
      article({ title: 'No authors, two tags, cut short […]', authors: [], truncated: true, tags: [tag('saas'), tag('amazon_dynamodb')], section: '', source: 'data/other.md', line: 42 }),
    ],
    warnings: [{ source: 'data/other.md', line: 7, message: 'skipped: no link' }],
  };

  test('is read back exactly as written, next to the index', async () => {
    const path = join(dir, 'search.snap');
    await writeSnapshot(path, buildIndex(CATALOG.articles), 'key-1', CATALOG);
    const read = await readSnapshot(path, { key: 'key-1', catalog: true });
    expect(read.status).toBe('loaded');
    if (read.status !== 'loaded') return;
    expect(read.catalog).toEqual(CATALOG);
    expect(read.index.documentCount).toBe(CATALOG.articles.length);
    expect((await readSnapshot(path, { key: 'key-2', catalog: true })).status).toBe('stale');
  });

  test('asked for, but the snapshot was written without it: out of date', async () => {
    const path = join(dir, 'search.snap');
    await writeSnapshot(path, buildIndex(ARTICLES), 'key-1');
    expect(await readSnapshot(path, { key: 'key-1', catalog: true })).toEqual({ status: 'stale', reason: 'written without the catalog' });
    expect((await readSnapshot(path, { key: 'key-1' })).status).toBe('loaded');
  });

  test('a catalog that is not the index\'s articles is refused when writing', async () => {
    await expect(writeSnapshot(join(dir, 'search.snap'), buildIndex(ARTICLES), 'key-1', CATALOG)).rejects.toThrow(/4 articles for an index of 3/);
  });
});

describe('snapshots with texts', () => {
  const texts = new Map([
    [ARTICLES[0]!.url, 'Hot partitions throttle writes.\n\nSpread the tenant keys with a random suffix so that no partition takes every write. Sharding the key space by tenant tier keeps the noisy ones apart.'],
    [ARTICLES[2]!.url, 'A queue per tenant costs more but isolates the noisy neighbour. Visibility timeouts decide when a message comes back.'],
  ]);

  test('the passage index round-trips: a restart answers the same, snippets included', async () => {
    const path = join(dir, 'search.snap');
    const first = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger, texts });
    expect(first.index.passages?.index.documentCount).toBeGreaterThan(1);
    lines = [];
    const second = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger, texts });
    expect(messages().some((m) => m.includes('loaded from snapshot'))).toBe(true);
    expect(second.index.passages).toEqual(first.index.passages);
    for (const q of ['random suffix', 'visibility timeout', 'noisy neighbour', 'sharding tenant', 'dynamodb']) {
      expect(second.search(q)).toEqual(first.search(q));
    }
    expect(second.search('visibility timeouts').hits[0]?.snippet).toContain('Visibility timeouts decide');
  });

  test('a damaged passage section is refused (corrupt), and the index rebuilt', async () => {
    const path = join(dir, 'search.snap');
    const key = contentHash(ARTICLES, undefined, texts);
    await writeSnapshot(path, buildIndex(ARTICLES, { texts }), key);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 8));
    expect((await readSnapshot(path, { key })).status).toBe('corrupt');
    const engine = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger, texts });
    expect(titles(engine, 'random suffix')).toEqual([ARTICLES[0]!.title]);
  });

  test('unchanged texts reuse the snapshot; a changed text rebuilds it', async () => {
    const path = join(dir, 'search.snap');
    await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger, texts });
    lines = [];
    await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger, texts: new Map([...texts].reverse()) });
    expect(messages().some((m) => m.includes('loaded from snapshot'))).toBe(true);

    const edited = new Map(texts).set(ARTICLES[1]!.url, 'Index templates per tenant keep mappings apart.');
    lines = [];
    const engine = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger, texts: edited });
    expect(messages().some((m) => m.includes('out of date'))).toBe(true);
    expect(titles(engine, 'index templates mappings')).toEqual([ARTICLES[1]!.title]);
    // And a blurb-only start does not take the snapshot with texts.
    expect(contentHash(ARTICLES, undefined, edited)).not.toBe(contentHash(ARTICLES));
    lines = [];
    const blurbs = await loadOrBuildSearchEngine({ articles: ARTICLES, snapshotPath: path, logger });
    expect(messages().some((m) => m.includes('out of date'))).toBe(true);
    expect(blurbs.index.passages).toBeUndefined();
  });
});
