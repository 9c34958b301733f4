/**
 * The product's own full-text path, as an operator runs it: `catalog-bot crawl --catalog <local
 * catalog> --json` into a temporary SQLite file (DATABASE_PATH), then the conversation runtime
 * loaded with the same DATABASE_PATH and CATALOG_FULL_TEXT=on, so search reads the crawled text
 * from the store (`Store.articleTexts()`).
 *
 * Until the crawler (src/fetching/, `catalog-bot crawl`) is in the build, `crawlWithProduct` says
 * so instead of failing, and the bench prints "full-text: not available in this build".
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openStore } from '../../src/store/open-store.js';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export type CrawlOutcome = { available: true; summary: string; texts: number } | { available: false; reason: string };

/** Environment for the crawl and for the runtime: the temporary SQLite store, full text on, no PostgreSQL. */
export function fullTextEnv(databasePath: string): Record<string, string> {
  return { DATABASE_PATH: databasePath, CATALOG_FULL_TEXT: 'on' };
}

export async function crawlWithProduct(catalogPath: string, databasePath: string): Promise<CrawlOutcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...fullTextEnv(databasePath) };
  delete env.DATABASE_URL;
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, [CLI, 'crawl', '--catalog', catalogPath, '--json'], { env, maxBuffer: 64 << 20, timeout: 10 * 60_000 }));
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    if (/unknown command "crawl"/.test(stderr)) return { available: false, reason: 'catalog-bot has no `crawl` command' };
    return { available: false, reason: `catalog-bot crawl failed: ${stderr.trim().split('\n').slice(-3).join(' / ') || String(error)}` };
  }
  const texts = await storedTextCount(databasePath);
  if (texts === null) return { available: false, reason: 'the store has no articleTexts()' };
  return { available: true, summary: summariseCrawl(stdout), texts };
}

/** Articles with text in the store, or null when this build's store cannot say. */
async function storedTextCount(databasePath: string): Promise<number | null> {
  const store = await openStore({ databasePath, databaseUrl: undefined, databasePoolSize: 1 });
  try {
    const withTexts = store as unknown as { articleTexts?: () => Promise<Map<string, string>> };
    if (typeof withTexts.articleTexts !== 'function') return null;
    return (await withTexts.articleTexts()).size;
  } finally {
    await store.close();
  }
}

/** The crawl's --json summary in one line (whatever fields it has), or its first line of text. */
function summariseCrawl(stdout: string): string {
  try {
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    return Object.entries(parsed)
      .filter(([, v]) => typeof v === 'number' || typeof v === 'string')
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
  } catch {
    return stdout.trim().split('\n')[0] ?? '';
  }
}
