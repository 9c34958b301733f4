import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CatalogService } from '../../src/catalog/catalog-service.js';
import type { Catalog, CatalogDiff } from '../../src/catalog/types.js';
import { CatalogError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { serveWithEtag, startCatalogServer } from '../helpers/catalog-server.js';

interface Entry {
  slug: string;
  title?: string;
  date?: string;
}

const markdownOf = (entries: Entry[]) =>
  '# service_test\n\n' +
  entries
    .map(
      (e) =>
        `| [${e.title ?? `Article ${e.slug}`}](https://example.com/${e.slug}) |\n|:---|\n` +
        `| *Created: ${e.date ?? '01 JAN 2024'} by Ada Lovelace* |\n| About ${e.slug}. |\n|  |\n`,
    )
    .join('\n');

function captureLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines, warnings: () => lines.filter((l) => l.level === 'warn') };
}

describe('CatalogService with a file source', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'catalog-service-'));
    file = join(dir, 'catalog.md');
    await writeFile(file, markdownOf([{ slug: 'a' }, { slug: 'b' }, { slug: 'c' }]));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('current() before load() is a clear error', () => {
    const service = new CatalogService({ source: file });
    expect(service.loaded).toBe(false);
    expect(() => service.current()).toThrow(`the catalog from "${file}" is not loaded yet; await load()`);
  });

  test('load() serves the catalog; a failing first load throws the CatalogError', async () => {
    const service = new CatalogService({ source: file });
    const catalog = await service.load();
    expect(service.current()).toBe(catalog);
    expect(catalog.articles.map((a) => a.title)).toEqual(['Article a', 'Article b', 'Article c']);
    // The service serves a plain Catalog: no raw body or etag riding along.
    expect(Object.keys(catalog).sort()).toEqual(['articles', 'byId', 'loadedAt', 'source', 'warnings']);

    await expect(new CatalogService({ source: join(dir, 'missing.md') }).load()).rejects.toThrow(CatalogError);
  });

  test('reload() after a rewrite returns added, removed and changed, and tells listeners once', async () => {
    const service = new CatalogService({ source: file });
    await service.load();
    const heard: Array<[Catalog, CatalogDiff]> = [];
    service.onChange((catalog, diff) => heard.push([catalog, diff]));

    await writeFile(file, markdownOf([{ slug: 'a', title: 'Article a, revised' }, { slug: 'c' }, { slug: 'd', date: '02 JAN 2024' }]));
    const result = await service.reload();

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.diff.added.map((a) => a.title)).toEqual(['Article d']);
    expect(result.diff.removed.map((a) => a.title)).toEqual(['Article b']);
    expect(result.diff.changed.map((c) => [c.before.title, c.after.title, c.fields])).toEqual([['Article a', 'Article a, revised', ['title']]]);
    expect(service.current()).toBe(result.catalog);
    expect(service.current().articles[0]!.title).toBe('Article d');
    expect(heard).toHaveLength(1);
    expect(heard[0]![0]).toBe(result.catalog);
    expect(heard[0]![1]).toBe(result.diff);
  });

  test('a reload that changes nothing does not call listeners', async () => {
    const service = new CatalogService({ source: file });
    await service.load();
    let calls = 0;
    service.onChange(() => calls++);
    const result = await service.reload();
    expect(result.ok && result.diff).toEqual({ added: [], removed: [], changed: [] });
    expect(calls).toBe(0);
  });

  test('an unchanged file is not parsed again: the catalog in service is kept as is', async () => {
    const { logger, lines } = captureLogger();
    const service = new CatalogService({ source: file, logger });
    const first = await service.load();
    const result = await service.reload();
    // Same object, same loadedAt: nothing was re-parsed (the hourly refresh of a big file costs nothing).
    expect(result.ok && result.catalog).toBe(first);
    expect(service.current().loadedAt).toBe(first.loadedAt);
    expect(lines.filter((l) => l.msg === 'catalog not modified')).toEqual([expect.objectContaining({ source: file })]);

    // Touched but identical text is still unchanged; one byte more is a change.
    await writeFile(file, await readFile(file, 'utf8'));
    expect((await service.reload()).catalog).toBe(first);
    await writeFile(file, `${await readFile(file, 'utf8')}\n`);
    const changed = await service.reload();
    expect(changed.catalog).not.toBe(first);
    expect(changed.ok && changed.diff).toEqual({ added: [], removed: [], changed: [] });
  });

  test('unsubscribed listeners are not called', async () => {
    const service = new CatalogService({ source: file });
    await service.load();
    let calls = 0;
    const off = service.onChange(() => calls++);
    off();
    await writeFile(file, markdownOf([{ slug: 'z' }]));
    await service.reload();
    expect(calls).toBe(0);
  });

  test.each([
    ['the file is deleted', (path: string) => rm(path), /does not exist/],
    ['the file loses every article', (path: string) => writeFile(path, '# empty now\n'), /holds no article/],
  ])('a failed reload (%s) keeps the previous catalog and logs a warning', async (_what, breakIt, message) => {
    const { logger, warnings } = captureLogger();
    const service = new CatalogService({ source: file, logger });
    const before = await service.load();
    let calls = 0;
    service.onChange(() => calls++);

    await breakIt(file);
    const result = await service.reload();

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(CatalogError);
    expect(result.error.message).toMatch(message);
    expect(result.catalog).toBe(before);
    expect(service.current()).toBe(before);
    expect(calls).toBe(0);
    expect(warnings()).toEqual([
      expect.objectContaining({ msg: 'catalog reload failed; keeping the previous catalog', source: file, articles: 3, error: expect.stringMatching(message) }),
    ]);
  });

  test('catalog warnings are logged once per load, with file and line', async () => {
    await writeFile(file, markdownOf([{ slug: 'a' }, { slug: 'bad', date: '31 FEB 2024' }]));
    const { logger, warnings } = captureLogger();
    const service = new CatalogService({ source: file, logger });
    const catalog = await service.load();
    expect(catalog.warnings).toHaveLength(1);
    // Line 11 is the bad entry's created row (heading, blank, 5 rows of "a", blank, title, separator, created).
    expect(warnings()).toEqual([expect.objectContaining({ source: file, line: 11, msg: expect.stringContaining(`${file}:11: entry skipped`) })]);
  });

  test('a listener that throws does not stop the others or fail the reload', async () => {
    const { logger, lines } = captureLogger();
    const service = new CatalogService({ source: file, logger });
    await service.load();
    let secondCalled = false;
    service.onChange(() => {
      throw new Error('index rebuild exploded');
    });
    service.onChange(() => {
      secondCalled = true;
    });
    await writeFile(file, markdownOf([{ slug: 'a' }]));
    const result = await service.reload();
    expect(result.ok).toBe(true);
    expect(secondCalled).toBe(true);
    expect(lines.filter((l) => l.level === 'error')).toEqual([expect.objectContaining({ msg: 'catalog change listener failed', error: 'index rebuild exploded' })]);
  });

  test('an async listener that rejects is logged, not left unhandled', async () => {
    let errorLine!: (line: Record<string, unknown>) => void;
    const logged = new Promise<Record<string, unknown>>((resolve) => (errorLine = resolve));
    const logger = createLogger({
      write: (line) => {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.level === 'error') errorLine(entry);
      },
    });
    const service = new CatalogService({ source: file, logger });
    await service.load();
    service.onChange(async () => {
      throw new Error('async rebuild failed');
    });
    await writeFile(file, markdownOf([{ slug: 'a' }]));
    expect((await service.reload()).ok).toBe(true);
    expect(await logged).toEqual(expect.objectContaining({ msg: 'catalog change listener failed', error: 'async rebuild failed' }));
  });

  test('reload() before any load acts as the first load', async () => {
    const service = new CatalogService({ source: file });
    const result = await service.reload();
    expect(result.ok && result.diff.added).toHaveLength(3);
    expect(service.current().articles).toHaveLength(3);
  });
});

describe('CatalogService with a URL source', () => {
  test('sends the ETag it got back, reuses the catalog on 304, and keeps it on a 500', async () => {
    const markdown = await readFile(fileURLToPath(new URL('../../data/advanced_300.md', import.meta.url)), 'utf8');
    const server = await startCatalogServer(serveWithEtag(markdown, '"rev-1"'));
    try {
      const service = new CatalogService({ source: server.url(), fetchTimeoutMs: 2_000 });
      const first = await service.load();
      expect(first.articles).toHaveLength(24);

      const unchanged = await service.reload();
      expect(server.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, '"rev-1"']);
      expect(unchanged.ok && unchanged.diff).toEqual({ added: [], removed: [], changed: [] });
      // Not re-parsed: the very same catalog object (and loadedAt) stays in service.
      expect(service.current()).toBe(first);

      server.setHandler((_req, res) => {
        res.writeHead(500);
        res.end();
      });
      const failed = await service.reload();
      expect(failed.ok).toBe(false);
      expect(!failed.ok && failed.error.message).toContain('answered 500');
      expect(service.current().articles).toHaveLength(24);
    } finally {
      await server.close();
    }
  });

  test('concurrent reloads share one request', async () => {
    const markdown = markdownOf([{ slug: 'a' }]);
    const server = await startCatalogServer(serveWithEtag(markdown, '"x"'));
    try {
      const service = new CatalogService({ source: server.url() });
      await service.load();
      const [r1, r2] = await Promise.all([service.reload(), service.reload()]);
      expect(r1).toBe(r2);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
