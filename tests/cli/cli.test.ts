import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { catalogSnapshotKey, buildIndex, readSnapshot, writeSnapshot, defaultVocabulary } from '../../src/search/index.js';
import { openStore } from '../../src/store/open-store.js';

// Each run gets its own index snapshot unless a test says otherwise: never the repository's ./var/index.snapshot.
// Nor its ./var/catalog-bot.db: stored article texts come from a store a test names (DATABASE_PATH).
const snapshots = mkdtempSync(join(tmpdir(), 'cli-snapshots-'));
let runs = 0;
afterAll(() => rmSync(snapshots, { recursive: true, force: true }));

function run(argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env: { INDEX_SNAPSHOT_PATH: join(snapshots, `run-${++runs}.snapshot`), DATABASE_PATH: join(snapshots, 'no-store.db'), ...env },
  };
  return main(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

describe('catalog-bot search', () => {
  test('--json prints ranked rows with the documented fields', async () => {
    const { code, stdout } = await run(['search', '--json', '--catalog', 'data/advanced_300.md', 'dynamodb']);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(rows[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8,}$/),
      url: 'https://aws.amazon.com/blogs/apn/partitioning-pooled-multi-tenant-saas-data-with-amazon-dynamodb/',
      title: 'Partitioning Pooled Multi-Tenant SaaS Data with Amazon DynamoDB',
      published: '2020-08-10',
      authors: ['Anubhav Sharma', 'Tod Golding'],
      tags: ['advanced_300'],
      score: expect.any(Number),
    });
  });

  test('--limit caps the rows and filters apply', async () => {
    const { stdout } = await run(['search', '--json', '--limit', '2', 'author:golding']);
    const rows = JSON.parse(stdout) as Array<{ authors: string[] }>;
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.authors.join(',')).toMatch(/Golding/);
  });

  test('after the sub-command, a -word that is no option is a negation of the query, as in /catalog', async () => {
    const all = JSON.parse((await run(['search', '--json', '--limit', '100', 'saas'])).stdout) as Array<{ title: string; tags: string[] }>;
    // The catalog has both, or the negations below would prove nothing.
    expect(all.some((r) => /dynamodb/i.test(r.title))).toBe(true);
    expect(all.some((r) => r.tags.includes('apn'))).toBe(true);

    const noDynamo = await run(['search', '--json', '--limit', '100', 'saas', '-dynamodb']);
    expect(noDynamo.code).toBe(0);
    const rows = JSON.parse(noDynamo.stdout) as Array<{ title: string; tags: string[] }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => /dynamodb/i.test(r.title))).toBe(false);
    // The issue's own command: "Unknown option '-o'" before.
    const oracle = await run(['search', 'saas', '-oracle']);
    expect(oracle).toMatchObject({ code: 0, stderr: '' });

    // Before the options too, and `-tag:` filters; the options around it still apply.
    const noApn = await run(['search', '-tag:apn', '--json', '--limit', '100', 'saas']);
    expect(noApn.code).toBe(0);
    const apnRows = JSON.parse(noApn.stdout) as Array<{ tags: string[] }>;
    expect(apnRows.length).toBeGreaterThan(0);
    expect(apnRows.some((r) => r.tags.includes('apn'))).toBe(false);
  });

  test('an unknown --option is still a usage error, saying how to search for a word starting with "-"', async () => {
    const { code, stderr } = await run(['search', '--oracle', 'saas']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown option '--oracle'.*put it after "--"/);
  });

  test('tag:eks after:2022 finds the articles tagged with EKS\'s full name that "latest on EKS" lists from 2023', async () => {
    const latest = JSON.parse((await run(['search', '--json', '--limit', '100', 'latest on EKS'])).stdout) as Array<{ url: string; published: string; tags: string[] }>;
    const tagged2023 = latest.filter((r) => r.published >= '2023' && r.tags.includes('amazon_elastic_kubernetes_service'));
    expect(tagged2023.length).toBeGreaterThan(0);
    const filtered = JSON.parse((await run(['search', '--json', '--limit', '100', 'tag:eks', 'after:2022'])).stdout) as Array<{ url: string }>;
    expect(filtered.map((r) => r.url)).toEqual(expect.arrayContaining(tagged2023.map((r) => r.url)));
  });

  test('an empty answer says how the query was read', async () => {
    const { stdout } = await run(['search', 'last', 'year'], {});
    const year = new Date().getUTCFullYear() - 1;
    expect(stdout.split('\n')[0]).toMatch(new RegExp(`"last year" · ${year}\\.$|· ${year}`));
  });

  test('text output says how many matched and lists title, date and link', async () => {
    const { code, stdout } = await run(['search', 'keyspaces']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1 of 1 article for "keyspaces"/);
    expect(stdout).toContain('Storing Multi-Tenant SaaS Data in a Serverless Environment with Amazon Keyspaces');
    expect(stdout).toContain('2021-01-25');
  });

  test('a query the catalog has nothing about: the text says so and lists the closest articles apart; --json lists them marked weak', async () => {
    const json = await run(['search', '--json', 'android app store screenshots']);
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<{ title: string; weak?: boolean }>;
    const text = await run(['search', 'android app store screenshots']);
    expect(text.stdout).toMatch(/^Nothing in the catalog is about "android app store screenshots"\.\nClosest articles:\n1\. /);
    // The same closest articles, in the same order, each marked weak (not a result).
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.weak === true)).toBe(true);
    expect(rows.map((r) => r.title)).toEqual([...text.stdout.matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1]));
    // A real answer's rows carry no weak mark.
    const answered = JSON.parse((await run(['search', '--json', 'keyspaces'])).stdout) as Array<{ weak?: boolean }>;
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.some((r) => 'weak' in r)).toBe(false);
  });

  test('the first line says how the query was read', async () => {
    const { stdout } = await run(['search', 'most recent posts on api throttling in 2022']);
    expect(stdout.split('\n')[0]).toMatch(/^\d+ of \d+ articles for "api throttling" · newest first · 2022/);
  });

  test('CATALOG_VOCABULARY is searched with, and a bad one is a configuration error naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-vocabulary-'));
    const vocabulary = join(dir, 'mine.json');
    writeFileSync(vocabulary, JSON.stringify({ groups: [{ terms: ['zpoc', 'keyspaces'] }] }));
    const found = await run(['search', '--json', 'zpoc'], { CATALOG_VOCABULARY: vocabulary });
    expect(JSON.parse(found.stdout).map((r: { title: string }) => r.title)).toContain('Storing Multi-Tenant SaaS Data in a Serverless Environment with Amazon Keyspaces');
    writeFileSync(vocabulary, '{"groups": [');
    const bad = await run(['search', 'zpoc'], { CATALOG_VOCABULARY: vocabulary });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`CATALOG_VOCABULARY="${vocabulary}" is not valid JSON`);
  });

  test('--catalog reads another file, and CATALOG_SOURCE is the default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const file = join(dir, 'one.md');
    writeFileSync(
      file,
      '# mine\n\n| [Only Article About Zebras](https://example.com/zebras) |\n|:---|\n| *Created: 01 JAN 2024 by Ann Example* |\n| Zebras. |\n|  |\n',
    );
    const viaFlag = await run(['search', '--json', '--catalog', file, 'zebras']);
    const viaEnv = await run(['search', '--json', 'zebras'], { CATALOG_SOURCE: file });
    expect(JSON.parse(viaFlag.stdout)).toHaveLength(1);
    expect(viaEnv.stdout).toBe(viaFlag.stdout);
  });

  test('reads the article texts stored in the configured store (CATALOG_FULL_TEXT=on), never crawls; off: titles and blurbs only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-texts-'));
    const file = join(dir, 'one.md');
    writeFileSync(
      file,
      '# mine\n\n| [Profiling in production](http://127.0.0.1:9/profiling) |\n|:---|\n| *Created: 01 JAN 2024 by Ann Example* |\n| Notes from a year of performance work. |\n|  |\n',
    );
    const databasePath = join(dir, 'state.db');
    const store = await openStore({ databasePath, databaseUrl: undefined, databasePoolSize: 1 });
    await store.saveArticleText({ url: 'http://127.0.0.1:9/profiling', outcome: 'fetched', at: new Date(), text: 'Record a flamegraph with perf and look for the widest frames.' });
    await store.close();

    const withText = await run(['search', '--json', '--catalog', file, 'flamegraph'], { DATABASE_PATH: databasePath });
    expect(withText.code).toBe(0);
    const rows = JSON.parse(withText.stdout) as Array<{ title: string; snippet?: string }>;
    expect(rows.map((r) => r.title)).toEqual(['Profiling in production']);
    expect(rows[0]!.snippet).toBe('Record a flamegraph with perf and look for the widest frames.');
    const off = await run(['search', '--json', '--catalog', file, 'flamegraph'], { DATABASE_PATH: databasePath, CATALOG_FULL_TEXT: 'off' });
    expect(JSON.parse(off.stdout)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    [['search'], 2, /Give a query/],
    [['search', '--limit', 'ten', 'x'], 2, /--limit must be a whole number/],
    [['search', '--bogus', 'x'], 2, /Unknown option '--bogus'/],
    [['search', '--catalog', '/nonexistent/cat.md', 'x'], 1, /does not exist\. Set --catalog to/],
    [['parse', '--catalog', '/nonexistent/cat.md'], 1, /does not exist\. Set --catalog to/],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
  ])('%j exits %i with a message that says what to fix', async (argv, code, message) => {
    const result = await run(argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });
});

describe('catalog-bot --version', () => {
  test('prints the version of package.json and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V', 'version']) {
      const result = await run([flag]);
      expect(result).toEqual({ code: 0, stdout: `catalog-bot ${version}\n`, stderr: '' });
    }
  });
});

describe('--catalog blames the flag that was typed', () => {
  test('a missing --catalog source names --catalog, not CATALOG_SOURCE, for every command that reads one', async () => {
    for (const argv of [['search', '--catalog', '/nonexistent', 'x'], ['parse', '--catalog', '/nonexistent']]) {
      const { code, stderr } = await run(argv);
      expect(code).toBe(1);
      expect(stderr).toContain('"/nonexistent" does not exist. Set --catalog to a .md file');
      expect(stderr).not.toContain('CATALOG_SOURCE');
    }
    // Without the flag, the variable is still what to fix.
    const viaEnv = await run(['parse'], { CATALOG_SOURCE: '/nonexistent' });
    expect(viaEnv.stderr).toContain('Set CATALOG_SOURCE to');
  });
});

describe('every sub-command has its own --help', () => {
  test.each(['search', 'parse', 'shell', 'digest', 'start'])('catalog-bot %s --help prints its usage and exits 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = await run([name, flag]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(new RegExp(`^Usage: catalog-bot ${name}\\b`));
      expect(stdout).toContain('-h, --help');
    }
    expect((await run(['help', name])).stdout).toBe((await run([name, '--help'])).stdout);
  });

  test('a usage mistake points at the command\'s own help', async () => {
    const { code, stderr } = await run(['search', '--bogus', 'x']);
    expect(code).toBe(2);
    expect(stderr).toContain('Run "catalog-bot search --help" for usage.');
  });
});

describe('catalog-bot parse', () => {
  test('--json prints every article of the catalog', async () => {
    const { code, stdout } = await run(['parse', '--json', '--catalog', 'data/advanced_300.md']);
    expect(code).toBe(0);
    const articles = JSON.parse(stdout) as Array<{ title: string; truncated: boolean }>;
    expect(articles).toHaveLength(24);
    expect(articles.filter((a) => a.truncated).length).toBeGreaterThan(0);
  });

  test('the default catalog is the whole public collection: 75 articles, no skipped entry', async () => {
    const { code, stdout, stderr } = await run(['parse', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveLength(75);
    expect(stderr).not.toMatch(/warning/);
    expect(stderr).toMatch(/^note: 1 file skipped, not markdown \(\.md\): data\/multi-tenancy-blog-post-collection\/LICENSE$/m);
  });

  test('warnings about malformed entries go to stderr, the rest still prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const file = join(dir, 'bad.md');
    writeFileSync(
      file,
      '# mixed\n\n| [Good One](https://example.com/good) |\n|:---|\n| *Created: 01 JAN 2024 by A* |\n| ok |\n|  |\n\n' +
        '| [Bad Date](https://example.com/bad) |\n|:---|\n| *Created: 45 FOO 2024 by B* |\n| broken |\n|  |\n',
    );
    const { code, stdout, stderr } = await run(['parse', '--catalog', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('Good One');
    expect(stdout).not.toContain('Bad Date');
    expect(stderr).toMatch(/bad\.md:11: .*Bad Date/);
  });
});

describe('search and parse reuse the index snapshot (INDEX_SNAPSHOT_PATH)', () => {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  /** A catalog with articles and malformed entries (so warnings), and a snapshot path of its own. */
  function setUp() {
    const dir = mkdtempSync(join(snapshots, 'reuse-'));
    const catalog = join(dir, 'catalog.md');
    writeFileSync(catalog, readFileSync(join(repo, 'data/advanced_300.md'), 'utf8') + '\n' + readFileSync(join(repo, 'tests/fixtures/catalog/malformed.md'), 'utf8'));
    return { catalog, env: { INDEX_SNAPSHOT_PATH: join(dir, 'var', 'index.snapshot') } };
  }
  /** A snapshot for the catalog's current text whose first article has another title: only a run that skips parsing shows it. */
  async function plantSnapshot(catalog: string, snapshotPath: string, title: string) {
    const { fingerprint, articles, warnings } = await loadCatalog(catalog);
    const planted = articles.map((a, i) => (i === 0 ? { ...a, title } : a));
    await writeSnapshot(snapshotPath, buildIndex(planted), catalogSnapshotKey(fingerprint, defaultVocabulary()), { source: catalog, articles: planted, warnings });
  }

  test('a second search prints exactly what the first printed, catalog warnings included', async () => {
    const { catalog, env } = setUp();
    const first = await run(['search', '--catalog', catalog, 'dynamodb'], env);
    expect(existsSync(env.INDEX_SNAPSHOT_PATH)).toBe(true);
    expect(first.stderr).toContain('warning: ');
    const second = await run(['search', '--catalog', catalog, 'dynamodb'], env);
    expect(second).toEqual(first);
  });

  test('an unchanged catalog is answered from the snapshot, by search and by parse', async () => {
    const { catalog, env } = setUp();
    await plantSnapshot(catalog, env.INDEX_SNAPSHOT_PATH, 'Planted title about zyzzyva');
    expect((await run(['search', '--catalog', catalog, 'zyzzyva'], env)).stdout).toMatch(/^1 of 1 article for "zyzzyva"/);
    const parsed = await run(['parse', '--catalog', catalog], env);
    expect(parsed.stdout).toContain('Planted title about zyzzyva');
    // The catalog's warnings, from the snapshot, as a parse of the file prints them.
    expect(parsed.stderr).toBe((await run(['parse', '--catalog', catalog])).stderr);
  });

  test('another --catalog is not answered from the snapshot of this one', async () => {
    const { catalog, env } = setUp();
    await plantSnapshot(catalog, env.INDEX_SNAPSHOT_PATH, 'Planted title about zyzzyva');
    const other = join(snapshots, `other-${runs}.md`);
    writeFileSync(other, readFileSync(catalog));
    expect((await run(['search', '--catalog', other, 'zyzzyva'], env)).stdout).toMatch(/^No article matches "zyzzyva"/);
  });

  test('parse does not write a snapshot (it builds no index)', async () => {
    const { catalog, env } = setUp();
    expect((await run(['parse', '--catalog', catalog], env)).code).toBe(0);
    expect(existsSync(env.INDEX_SNAPSHOT_PATH)).toBe(false);
  });

  test('a corrupt snapshot: one warning on stderr, the same answer, and the snapshot repaired', async () => {
    const { catalog, env } = setUp();
    const good = await run(['search', '--catalog', catalog, 'dynamodb'], env);
    writeFileSync(env.INDEX_SNAPSHOT_PATH, 'CBSX garbage');
    const damaged = await run(['search', '--catalog', catalog, 'dynamodb'], env);
    expect(damaged.stdout).toBe(good.stdout);
    const extra = damaged.stderr.split('\n').filter((line) => !good.stderr.split('\n').includes(line));
    expect(extra).toEqual([expect.stringMatching(/^warning: search snapshot .* cannot be used \(.+\); reading the catalog without it$/)]);
    expect(await run(['search', '--catalog', catalog, 'dynamodb'], env)).toEqual(good);
  });

  test('a real `catalog-bot search` process writes the snapshot for the catalog it read, and answers from such a snapshot', async () => {
    const { catalog, env } = setUp();
    const cli = (query: string) =>
      new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'search', '--catalog', catalog, query], {
          cwd: repo,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout }));
      });
    const first = await cli('keyspaces');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^1 of 1 article for "keyspaces"/);
    const { fingerprint, articles } = await loadCatalog(catalog);
    const written = await readSnapshot(env.INDEX_SNAPSHOT_PATH, { key: catalogSnapshotKey(fingerprint, defaultVocabulary()), catalog: true });
    expect(written.status === 'loaded' ? written.catalog?.articles : written).toEqual(articles);
    await plantSnapshot(catalog, env.INDEX_SNAPSHOT_PATH, 'Planted title about zyzzyva');
    const second = await cli('zyzzyva');
    expect(second.stdout).toMatch(/^1 of 1 article for "zyzzyva"/);
  }, 30_000);
});
