/**
 * `catalog-bot crawl` as a real process (src compiled once, as the digest crash tests do) against a
 * web site on 127.0.0.1 and a SQLite file: the summary, progress on stderr, the exit codes, and the
 * texts left in the store for the bot.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { compileCli, type CompiledCli } from '../digest/cli-process.js';
import { blogPage, filler, page, startSite, type Site } from '../helpers/site-server.js';

let cli: CompiledCli;
let web: Site;
const dir = mkdtempSync(join(tmpdir(), 'crawl-cli-'));

beforeAll(async () => {
  cli = await compileCli();
  web = await startSite({
    '/robots.txt': page('User-agent: *\nDisallow: /private/\n', '"r"', 'text/plain'),
    '/one': page(blogPage('Profiling CPU', filler('flame graphs')), '"1"'),
    '/two': page(blogPage('Linking wasm', filler('wasm linking')), '"2"'),
    '/private/three': page(blogPage('Private', filler('secrets')), '"3"'),
    '/broken': (_req, res) => void res.writeHead(500).end(),
  });
});
afterAll(async () => {
  cli?.remove();
  await web?.close();
  rmSync(dir, { recursive: true, force: true });
});

function catalogOf(paths: readonly string[]): string {
  const file = join(dir, `catalog-${paths.length}-${Math.random().toString(36).slice(2)}.md`);
  const rows = paths.map(
    (p, i) => `| [Article ${i}](${web.url(p)}) |\n|:----------|\n| *Created: 0${(i % 9) + 1} JAN 2024 by Ann Author* |\n| A blurb about article ${i}. |\n| [![category](svg/saas.svg)](tags/saas.md) |\n`,
  );
  writeFileSync(file, `# test_catalog\n\n## New articles\n\n${rows.join('\n')}`);
  return file;
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(SLACK_|DATABASE_|CATALOG_|CRAWL_)/.test(k)) childEnv[k] = v;
  const child = spawn(process.execPath, [cli.entry, 'crawl', ...args], { cwd: dir, env: { ...childEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('catalog-bot crawl (a real process)', () => {
  it('crawls the catalog into DATABASE_PATH, lists failures by reason, and exits 0', async () => {
    const db = join(dir, 'bot.db');
    const catalog = catalogOf(['/one', '/two', '/private/three', '/broken']);
    const result = await run(['--catalog', catalog, '--json'], { DATABASE_PATH: db });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ ran: true, articles: 4, fetched: 2, unchanged: 0, failed: { http_500: 1 }, refusedByRobots: 1, withText: 2 });
    expect(summary.durationMs).toEqual(expect.any(Number));
    // Not a terminal: a line per 10 %.
    expect(result.stderr).toMatch(/^crawl: 100% \(4\/4\)$/m);

    const store = await openSqliteStore(db);
    try {
      const texts = await store.articleTexts();
      expect([...texts.keys()].sort()).toEqual([web.url('/one'), web.url('/two')]);
      expect(texts.get(web.url('/one'))).toContain('explains flame graphs in detail');
    } finally {
      await store.close();
    }

    // Again, in words: the unchanged pages cost a 304 each.
    const again = await run(['--catalog', catalog], { DATABASE_PATH: db });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 fetched, 2 unchanged \(304\), 1 failed, 1 refused by robots\.txt/);
    expect(again.stdout).toContain('failed: http_500 1');
    expect(again.stdout).toContain('2 of 4 article(s) have text.');
  });

  it('exits 1 when no page could be fetched', async () => {
    const result = await run(['--catalog', catalogOf(['/broken', '/missing'])], { DATABASE_PATH: join(dir, 'none.db') });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/0 fetched, 0 unchanged \(304\), 2 failed/);
    expect(result.stdout).toMatch(/http_500 1/);
    expect(result.stdout).toMatch(/http_404 1/);
  });

  it('exits 1 on a configuration problem, saying what to fix, and makes no request with CATALOG_FULL_TEXT=off', async () => {
    const asked = web.requests.length;
    const off = await run(['--catalog', catalogOf(['/one'])], { DATABASE_PATH: join(dir, 'off.db'), CATALOG_FULL_TEXT: 'off' });
    expect(off.code).toBe(1);
    expect(off.stderr).toContain('Set CATALOG_FULL_TEXT=on');
    const bad = await run(['--catalog', catalogOf(['/one'])], { DATABASE_PATH: join(dir, 'bad.db'), CRAWL_CONCURRENCY: 'lots' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('CRAWL_CONCURRENCY="lots" must be a whole number');
    expect(web.requests.length).toBe(asked);
  });
});
