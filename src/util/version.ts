/**
 * The version in package.json, read once: `catalog-bot --version` and the crawler's User-Agent.
 * src/util/ and dist/util/ both sit two levels below package.json (the Docker image copies it too).
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** e.g. `0.1.0`; `dev` when package.json cannot be read. */
export function packageVersion(): string {
  if (cached !== undefined) return cached;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cached = typeof pkg.version === 'string' ? pkg.version : 'dev';
  } catch {
    cached = 'dev';
  }
  return cached;
}
