import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { articleId } from '../../src/catalog/article-id.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { CatalogError } from '../../src/errors.js';
import { serveWithEtag, startCatalogServer, type CatalogServer } from '../helpers/catalog-server.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/catalog/', import.meta.url));

async function loadError(source: string, options: Parameters<typeof loadCatalog>[1] = {}): Promise<CatalogError> {
  const error = await loadCatalog(source, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatalogError);
  return error as CatalogError;
}

describe('loadCatalog from files and folders', () => {
  test('a single file: 24 articles, newest first, relative path resolved against cwd', async () => {
    const catalog = await loadCatalog('data/advanced_300.md', { cwd: repo });
    expect(catalog.articles).toHaveLength(24);
    expect(catalog.source).toBe('data/advanced_300.md');
    expect(catalog.articles[0]!.published).toBe('2023-09-08');
    expect(catalog.articles.at(-1)!.published).toBe('2020-03-27');
    const dates = catalog.articles.map((a) => a.published);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(catalog.byId.get(catalog.articles[3]!.id)).toBe(catalog.articles[3]);
    expect(catalog.etag).toBeNull();
    expect(catalog.body).toBeNull();
  });

  test('the default folder data/ is the whole public collection: 75 articles, read recursively, nothing skipped', async () => {
    const catalog = await loadCatalog('data/', { cwd: repo });
    const single = await loadCatalog('data/advanced_300.md', { cwd: repo });
    expect(catalog.articles).toHaveLength(75);
    expect(catalog.warnings).toEqual([]);
    // advanced_300.md is also tags/advanced_300.md of the collection: merged by URL, one article each.
    for (const article of single.articles) expect(catalog.byId.has(article.id)).toBe(true);
    // Read in code-unit order: data/advanced_300.md first, then the collection's README.md, then tags/.
    expect(catalog.articles.find((a) => a.id === single.articles[0]!.id)!.source).toBe(join('data', 'advanced_300.md'));
    expect(catalog.articles[0]!.source).toBe(join('data', 'multi-tenancy-blog-post-collection', 'README.md'));
    // The badge's name wins over the heading's slug-like spelling, for every article carrying the tag.
    const advanced = catalog.articles.flatMap((a) => a.tags).filter((t) => t.slug === 'advanced_300');
    expect(new Set(advanced.map((t) => t.name))).toEqual(new Set(['advanced (300)']));
    expect(catalog.skippedFiles).toEqual(expect.arrayContaining([join('data', 'multi-tenancy-blog-post-collection', 'LICENSE')]));
  });

  test('a folder is read recursively; other files are counted as skipped, dotfiles and dot-folders ignored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'catalog-tree-'));
    try {
      const article = (slug: string) => `| [${slug}](https://example.com/${slug}) |\n|:--|\n| *Created: 01 JAN 2023 by A* |\n| s |\n|  |\n`;
      await mkdir(join(dir, 'tags', 'deeper'), { recursive: true });
      await mkdir(join(dir, '.git'));
      await writeFile(join(dir, 'top.md'), article('top'));
      await writeFile(join(dir, 'tags', 'one.md'), article('one'));
      await writeFile(join(dir, 'tags', 'deeper', 'two.MD'), article('two'));
      await writeFile(join(dir, '.git', 'HEAD.md'), article('hidden'));
      await writeFile(join(dir, 'LICENSE'), 'MIT');
      await writeFile(join(dir, 'tags', 'logo.svg'), '<svg/>');
      await symlink(dir, join(dir, 'tags', 'loop')); // a folder reached twice is read once
      const catalog = await loadCatalog(dir);
      expect(catalog.articles.map((a) => a.title).sort()).toEqual(['one', 'top', 'two']);
      expect(catalog.skippedFiles).toEqual([join(dir, 'LICENSE'), join(dir, 'tags', 'logo.svg')]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ['UTF-16 little-endian with a BOM', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), /UTF-16 \(little-endian/],
    ['UTF-16 big-endian with a BOM', (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), /UTF-16 \(big-endian/],
    ['UTF-16 without a BOM', (text: string) => Buffer.from(text, 'utf16le'), /UTF-16LE without a byte-order mark/],
  ])('a catalog file in %s is decoded, with a warning to save it as UTF-8', async (_name, encode, note) => {
    const dir = await mkdtemp(join(tmpdir(), 'catalog-utf16-'));
    try {
      const text = '# wide\n\n| [Caf\u00e9 tenants](https://example.com/cafe) |\n|:--|\n| *Created: 01 JAN 2023 by Zo\u00eb* |\n| s |\n|  |\n';
      await writeFile(join(dir, 'wide.md'), encode(text));
      const catalog = await loadCatalog(join(dir, 'wide.md'));
      expect(catalog.articles.map((a) => [a.title, a.authors])).toEqual([['Café tenants', ['Zoë']]]);
      expect(catalog.warnings.map((w) => w.message)).toEqual([expect.stringMatching(note)]);
      expect(catalog.warnings[0]!.message).toMatch(/save it as UTF-8/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('bytes that are not UTF-8 still load, with a warning saying how many sequences were replaced', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'catalog-latin1-'));
    try {
      const text = '| [Caf\u00e9](https://example.com/cafe) |\n|:--|\n| *Created: 01 JAN 2023 by A* |\n| s |\n|  |\n';
      await writeFile(join(dir, 'latin1.md'), Buffer.from(text, 'latin1'));
      const catalog = await loadCatalog(join(dir, 'latin1.md'));
      expect(catalog.articles).toHaveLength(1);
      expect(catalog.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/is not valid UTF-8: 1 byte sequence/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a folder: files merged in name order, one article per id, tags united, first occurrence wins', async () => {
    const catalog = await loadCatalog(join(fixtures, 'merge'));
    expect(catalog.articles.map((a) => a.title)).toEqual(['Only in A', 'Shared article', 'Only in B']);
    const shared = catalog.byId.get(articleId('https://example.com/shared'))!;
    expect(shared.url).toBe('https://example.com/shared/');
    expect(shared.published).toBe('2023-10-10');
    expect(shared.source).toBe(join(fixtures, 'merge', 'a-first.md'));
    expect(shared.tags.map((t) => t.slug)).toEqual(['saas', 'collection_a', 'amazon_s3', 'collection_b']);
  });

  test('a folder: disagreeing duplicates are reported at the later occurrence', async () => {
    const catalog = await loadCatalog(join(fixtures, 'merge'));
    const second = join(fixtures, 'merge', 'b-second.md');
    expect(catalog.warnings.map((w) => [w.source, w.line])).toEqual([
      [second, 3],
      [second, 3],
    ]);
    expect(catalog.warnings[0]!.message).toContain('with the title "Shared article"; keeping that one, not "Shared article, retitled"');
    expect(catalog.warnings[1]!.message).toContain('with the date 2023-10-10; keeping that one, not 2023-10-12');
  });

  test('ties on the date are ordered by title', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'catalog-ties-'));
    try {
      const row = (title: string, slug: string) =>
        `| [${title}](https://example.com/${slug}) |\n|:---|\n| *Created: 01 JAN 2024 by X* |\n| s |\n|  |\n\n`;
      await writeFile(join(dir, 'c.md'), row('banana', 'b') + row('Apple', 'a') + row('cherry', 'c'));
      const catalog = await loadCatalog(dir);
      expect(catalog.articles.map((a) => a.title)).toEqual(['Apple', 'banana', 'cherry']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a folder follows symlinked .md files and skips dotfiles, other extensions and subfolders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'catalog-folder-'));
    try {
      await symlink(join(repo, 'data/advanced_300.md'), join(dir, 'linked.md'));
      await writeFile(join(dir, '.#linked.md'), '| [Draft](https://example.com/draft) |\n|:---|\n| *Created: 01 JAN 2030 by X* |\n');
      await mkdir(join(dir, 'nested.md'));
      await writeFile(join(dir, 'notes.txt'), 'not a catalog');
      const catalog = await loadCatalog(dir);
      expect(catalog.articles).toHaveLength(24);
      expect(catalog.articles.some((a) => a.title === 'Draft')).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a file: URL is read as a path', async () => {
    const catalog = await loadCatalog(pathToFileURL(join(fixtures, 'tricky.md')).href);
    expect(catalog.articles).toHaveLength(3);
  });

  test('malformed entries become warnings and the rest loads', async () => {
    const catalog = await loadCatalog(join(fixtures, 'malformed.md'));
    expect(catalog.articles.map((a) => a.title)).toEqual(['Second good article', 'First good article']);
    expect(catalog.warnings.map((w) => w.line)).toEqual([11, 19, 25, 28, 36]);
  });
});

describe('loadCatalog errors say what to fix', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'catalog-errors-'));
    await mkdir(join(dir, 'empty'));
    await mkdir(join(dir, 'no-articles'));
    await writeFile(join(dir, 'no-articles', 'readme.md'), '# Nothing here\n\nJust prose.\n');
    await mkdir(join(dir, 'all-bad'));
    await writeFile(join(dir, 'all-bad', 'bad.md'), '| [T](https://example.com/t) |\n|:--|\n| *Created: 31 APR 2023 by X* |\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('a missing file', async () => {
    const error = await loadError('data/nope.md', { cwd: repo });
    expect(error.code).toBe('catalog_unreadable');
    expect(error.source).toBe('data/nope.md');
    expect(error.message).toBe(
      `catalog: "data/nope.md" (${join(repo, 'data/nope.md')}) does not exist. Set CATALOG_SOURCE to a .md file, a folder of them, or an http(s) URL.`,
    );
  });

  test('an empty folder', async () => {
    const error = await loadError(join(dir, 'empty'));
    expect(error.code).toBe('catalog_empty');
    expect(error.message).toContain('holds no .md file');
  });

  test('a folder whose files hold no article', async () => {
    const error = await loadError(join(dir, 'no-articles'));
    expect(error.code).toBe('catalog_empty');
    expect(error.message).toContain('holds no article (1 file(s) read, 0 entries skipped)');
  });

  test('a file whose only entry is malformed quotes the first problem', async () => {
    const error = await loadError(join(dir, 'all-bad'));
    expect(error.code).toBe('catalog_empty');
    expect(error.message).toContain(`${join(dir, 'all-bad', 'bad.md')}:3: entry skipped: "T": "31 APR 2023" is not a real date`);
  });

  test('an empty CATALOG_SOURCE', async () => {
    expect((await loadError('  ')).message).toContain('CATALOG_SOURCE is empty');
  });
});

describe('loadCatalog from an http(s) URL', () => {
  let server: CatalogServer;
  let markdown: string;
  beforeAll(async () => {
    markdown = await readFile(join(repo, 'data/advanced_300.md'), 'utf8');
    server = await startCatalogServer(serveWithEtag(markdown, '"v1"'));
  });
  afterEach(() => {
    server.setHandler(serveWithEtag(markdown, '"v1"'));
    server.requests.length = 0;
  });
  afterAll(() => server.close());

  test('200 with an ETag, then a conditional request answered 304 reuses the previous body', async () => {
    const first = await loadCatalog(server.url());
    expect(first.articles).toHaveLength(24);
    expect(first.etag).toBe('"v1"');
    expect(first.notModified).toBe(false);
    expect(first.articles[0]!.source).toBe(server.url());

    const second = await loadCatalog(server.url(), { previous: { etag: first.etag!, body: first.body! } });
    expect(server.requests.map((r) => r.ifNoneMatch)).toEqual([undefined, '"v1"']);
    expect(second.notModified).toBe(true);
    expect(second.etag).toBe('"v1"');
    expect(second.articles.map((a) => a.id)).toEqual(first.articles.map((a) => a.id));
  });

  test('on 304, a previous catalog passed in is reused without parsing', async () => {
    const first = await loadCatalog(server.url());
    const second = await loadCatalog(server.url(), { previous: { etag: first.etag!, body: 'not even markdown', catalog: first } });
    expect(second.notModified).toBe(true);
    expect(second.articles).toBe(first.articles);
    expect(second.loadedAt).toBe(first.loadedAt);
  });

  test('a changed ETag downloads the new body', async () => {
    const first = await loadCatalog(server.url());
    server.setHandler(serveWithEtag(markdown.split('\n| [Data Ingestion')[0]!, '"v2"'));
    const second = await loadCatalog(server.url(), { previous: { etag: first.etag!, body: first.body! } });
    expect(second.notModified).toBe(false);
    expect(second.etag).toBe('"v2"');
    expect(second.articles).toHaveLength(1);
  });

  test('a non-2xx answer is an error quoting the status', async () => {
    server.setHandler((_req, res) => {
      res.writeHead(500, 'Internal Server Error');
      res.end('boom');
    });
    const error = await loadError(server.url());
    expect(error.code).toBe('catalog_unreadable');
    expect(error.message).toContain(`GET ${server.url()} answered 500 Internal Server Error`);
  });

  test('a 404 says to check CATALOG_SOURCE', async () => {
    server.setHandler((_req, res) => {
      res.writeHead(404);
      res.end();
    });
    expect((await loadError(server.url())).message).toMatch(/answered 404 Not Found\. Check CATALOG_SOURCE/);
  });

  test('a body over maxBytes is refused while streaming, without Content-Length', async () => {
    server.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/markdown' }); // chunked: no Content-Length to trust
      res.write(markdown);
      res.end(markdown);
    });
    const error = await loadError(server.url(), { maxBytes: markdown.length + 100 });
    expect(error.message).toContain(`is larger than ${markdown.length + 100} bytes`);
    expect(error.message).toContain('CATALOG_MAX_BYTES');
  });

  test('a declared Content-Length over maxBytes is refused before reading', async () => {
    const error = await loadError(server.url(), { maxBytes: 1000 });
    expect(error.message).toContain(`is larger than 1000 bytes (Content-Length ${Buffer.byteLength(markdown)})`);
  });

  test('a server that never answers times out after fetchTimeoutMs', async () => {
    server.setHandler(() => {
      // never respond
    });
    const started = Date.now();
    const error = await loadError(server.url(), { fetchTimeoutMs: 150 });
    expect(error.message).toBe(`catalog: ${server.url()} did not answer within 150 ms. Check the server, or raise CATALOG_FETCH_TIMEOUT_MS.`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('a server that stalls mid-body also times out', async () => {
    server.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/markdown' });
      res.write(markdown.slice(0, 100)); // then nothing more
    });
    const error = await loadError(server.url(), { fetchTimeoutMs: 150 });
    expect(error.message).toContain('did not answer within 150 ms');
  });

  test('an HTML page instead of markdown gets a hint to use the raw file', async () => {
    server.setHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>catalog</body></html>');
    });
    const error = await loadError(server.url());
    expect(error.code).toBe('catalog_empty');
    expect(error.message).toContain('The server sent text/html; charset=utf-8, not markdown: point CATALOG_SOURCE at the raw .md file.');
  });

  test('a refused connection names the URL', async () => {
    const closed = await startCatalogServer(() => {});
    const url = closed.url();
    await closed.close();
    const error = await loadError(url);
    expect(error.message).toContain(`could not fetch ${url}`);
    expect(error.message).toContain('ECONNREFUSED');
  });
});

describe('a catalog saved by an earlier process (LoadOptions.saved)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'load-saved-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const copyOfBundledFile = async (name: string) => {
    const path = join(dir, name);
    await writeFile(path, await readFile(join(repo, 'data/advanced_300.md')));
    return path;
  };

  test('is asked with the fingerprint of the text read, and what it returns is served instead of parsing', async () => {
    const path = await copyOfBundledFile('saved.md');
    const parsed = await loadCatalog(path);
    const stored = { ...parsed, articles: parsed.articles.slice(0, 2), warnings: [{ source: path, line: 7, message: 'stored warning' }] };
    const asked: string[] = [];
    const loaded = await loadCatalog(path, {
      saved: async (fingerprint, source) => {
        asked.push(fingerprint, source);
        return stored;
      },
    });
    expect(asked).toEqual([parsed.fingerprint, path]);
    // The stored catalog, not a parse of the file (which has 24 articles).
    expect(loaded.articles).toBe(stored.articles);
    expect(loaded.warnings).toEqual([{ source: path, line: 7, message: 'stored warning' }]);
    expect(loaded.fromSaved).toBe(true);
    expect(loaded.fingerprint).toBe(parsed.fingerprint);
  });

  test('nothing saved: the file is parsed', async () => {
    const path = await copyOfBundledFile('nothing-saved.md');
    const loaded = await loadCatalog(path, { saved: async () => undefined });
    expect(loaded.articles).toHaveLength(24);
    expect(loaded.fromSaved).toBe(false);
  });

  test('the fingerprint changes with one byte of the text, and with the file name (another --catalog with the same text)', async () => {
    const path = await copyOfBundledFile('one-byte.md');
    const before = (await loadCatalog(path)).fingerprint;
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('Partitioning', 'Partitionin9'));
    expect((await loadCatalog(path)).fingerprint).not.toBe(before);
    await writeFile(path, text);
    expect((await loadCatalog(path)).fingerprint).toBe(before);
    const copy = await copyOfBundledFile('copy.md');
    expect((await loadCatalog(copy)).fingerprint).not.toBe(before);
  });

  test('a folder: files skipped as not markdown are still reported', async () => {
    const folder = join(dir, 'folder');
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'catalog.md'), await readFile(join(repo, 'data/advanced_300.md')));
    await writeFile(join(folder, 'LICENSE'), 'MIT');
    const parsed = await loadCatalog(folder);
    const loaded = await loadCatalog(folder, { saved: async () => parsed });
    expect(loaded.fromSaved).toBe(true);
    expect(loaded.skippedFiles).toEqual([join(folder, 'LICENSE')]);
  });
});
