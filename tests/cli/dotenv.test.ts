/**
 * `.env` in the working directory is read at start (dotenv), and quietly: dotenv prints an
 * "injected env (n) from .env" line unless told not to, and nothing it loads (tokens here) may
 * reach the output. The real CLI as a child process in a folder of its own, whose only way to find
 * the catalog is the `.env` there (the folder has no `data/`).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../..');
// The CLI's source behind the package's `catalog-bot` bin (dist/x.js → src/x.ts), run through tsx.
const bin = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['catalog-bot']!;
const entry = join(repo, bin.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SECRET = 'xoxb-dotenv-secret-4242';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-bot-dotenv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', tsx, entry, ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, INDEX_SNAPSHOT_PATH: join(dir, 'index.snapshot'), DATABASE_PATH: join(dir, 'state.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('.env at start', () => {
  it('is loaded from the working directory, printing nothing of its own and none of its values', async () => {
    writeFileSync(join(dir, '.env'), `CATALOG_SOURCE=${join(repo, 'data', 'advanced_300.md')}\nSLACK_BOT_TOKEN=${SECRET}\nSLACK_SIGNING_SECRET=${SECRET}-signing\n`);
    const { code, stdout, stderr } = await runCli(['search', 'dynamodb']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('DynamoDB');
    expect(stdout).not.toMatch(/injected|dotenv/i);
    expect(stdout).not.toContain(SECRET);
  }, 30_000);

  it('without it, the default catalog folder is looked for in the working directory', async () => {
    rmSync(join(dir, '.env'));
    const { code, stderr } = await runCli(['search', 'dynamodb']);
    expect(code).toBe(1);
    expect(stderr).toContain('data/');
  }, 30_000);
});
