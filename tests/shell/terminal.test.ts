/**
 * The shell at a terminal: readline in terminal mode on a stream that says it is a TTY, fed the
 * bytes a keyboard sends (Ctrl+C is \x03, Ctrl+D is \x04, Enter is \r), so readline's own key
 * handling decides what a key does — the same code path as a real terminal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { runShell, SHELL_PROMPT } from '../../src/shell/shell.js';
import { loadConversationRuntime, type ConversationRuntime } from '../../src/slack/conversation/runtime.js';

let dir: string;
let runtime: ConversationRuntime;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-bot-tty-'));
  runtime = await loadConversationRuntime(loadConfig({ INDEX_SNAPSHOT_PATH: join(dir, 'index.json') }), silentLogger);
});
afterAll(() => {
  runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A shell on a pretend terminal: `type` sends keys, `until` waits (on output events) for text to appear. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: 200, rows: 50 });
  let text = '';
  const waiters = new Set<() => void>();
  output.on('data', (d: Buffer) => {
    text += d.toString();
    for (const w of [...waiters]) w();
  });
  let done = false;
  const finished = runShell({ input, output, deps: runtime.handlerDeps }).then(() => {
    done = true;
    for (const w of [...waiters]) w();
  });
  const until = (predicate: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; output so far:\n${text}`));
      }, 5_000);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { type: (keys: string) => input.write(keys), output: () => text, finished, isDone: () => done, until };
}

describe('the shell at a terminal', () => {
  it('Ctrl+C throws away a half-typed line and keeps the shell; on an empty line it says how to leave', async () => {
    const t = terminal();
    await t.until(() => t.output().includes(SHELL_PROMPT), 'the prompt');
    t.type('dynamo');
    t.type('\x03');
    t.type('keyspaces\r');
    // Had Ctrl+C left the shell, nothing would answer; had it kept the line, the search would be "dynamokeyspaces".
    await t.until(() => t.output().includes('1 of 1 article for *keyspaces*'), 'the answer to "keyspaces"');
    expect(t.isDone()).toBe(false);
    t.type('\x03');
    await t.until(() => t.output().includes('(To leave, press Ctrl+C again or Ctrl+D, or type quit.)'), 'the hint');
    expect(t.isDone()).toBe(false);
    t.type('quit\r');
    await t.finished;
  });

  it('Ctrl+D on an empty line leaves, and so does a second Ctrl+C in a row', async () => {
    const d = terminal();
    await d.until(() => d.output().includes(SHELL_PROMPT), 'the prompt');
    d.type('\x04');
    await d.finished;

    const c = terminal();
    await c.until(() => c.output().includes(SHELL_PROMPT), 'the prompt');
    c.type('\x03');
    await c.until(() => c.output().includes('(To leave'), 'the hint');
    c.type('\x03');
    await c.finished;
  });
});
