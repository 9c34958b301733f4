/**
 * `catalog-bot parse | head -1`: when the reader of the output goes away, every command that
 * prints stops quietly (exit 0, nothing on stderr), as `git log | head` does. The real CLI as a
 * child process whose stdout pipe is closed after the first chunk, with a catalog big enough that
 * the output cannot fit in the pipe's buffer (so the write after the close always fails).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let catalog: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-bot-pipe-'));
  catalog = join(dir, 'big.md');
  const rows = Array.from(
    { length: 1000 },
    (_, i) => `| [Tenant article number ${i}](https://example.com/a/${i}) |\n|:---|\n| *Created: 01 JAN 2024 by Ann Example* |\n| About tenants and pipes, part ${i}. |\n|  |\n`,
  );
  writeFileSync(catalog, `# big\n\n${rows.join('\n')}`);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Run the CLI, read its first chunk of stdout, then close the pipe as `head -1` does. */
function runAndCloseAfterFirstChunk(args: string[], stdin = ''): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; first: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, INDEX_SNAPSHOT_PATH: join(dir, 'index.bin'), DATABASE_PATH: join(dir, 'state.db') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString();
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, first }));
    child.stdin.end(stdin);
  });
}

describe('output into a pipe that closes early', () => {
  it.each([
    ['parse', ['parse', '--catalog', '__CATALOG__'], ''],
    ['search', ['search', '--json', '--limit', '1000', '--catalog', '__CATALOG__', 'tenant'], ''],
    ['shell', ['shell', '--json', '--catalog', '__CATALOG__'], '/catalog tenant\n'.repeat(40)],
  ])('%s exits 0 without an EPIPE stack trace', async (_name, args, stdin) => {
    const result = await runAndCloseAfterFirstChunk(
      args.map((a) => (a === '__CATALOG__' ? catalog : a)),
      stdin,
    );
    expect(result.first.length).toBeGreaterThan(0);
    expect(result.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(result).toMatchObject({ code: 0, signal: null });
  }, 30_000);
});
