/**
 * The shell as `npm start` and `catalog-bot shell` start it: its own database next to the bot's,
 * its logs in a file next to that, and both said at start.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SHELL_CHANNEL } from '../../src/shell/shell.js';
import { shellFiles, startShell } from '../../src/shell/start-shell.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-bot-shell-start-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function runScript(env: Record<string, string>, script: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let stdout = '';
  let stderr = '';
  output.on('data', (d: Buffer) => (stdout += d.toString()));
  input.end(script);
  const shell = await startShell(loadConfig({ INDEX_SNAPSHOT_PATH: join(dir, 'index.bin'), ...env }), { input, output, stderr: (t) => (stderr += t) });
  await shell.finished;
  await shell.stop();
  return { stdout, stderr, files: shell.files };
}

describe('startShell', () => {
  it('derives its own files from DATABASE_PATH', () => {
    expect(shellFiles('./var/catalog-bot.db')).toEqual({ databasePath: './var/catalog-bot.shell.db', logPath: './var/catalog-bot.shell.log' });
    expect(shellFiles('/data/state')).toEqual({ databasePath: '/data/state.shell.db', logPath: '/data/state.shell.log' });
  });

  it("keeps subscriptions made at the prompt in its own database, never the bot's, and says where", async () => {
    const botDb = join(dir, 'bot.db');
    // The bot's database exists already, with nothing in it.
    await (await openSqliteStore(botDb)).close();
    const { stdout, stderr, files } = await runScript({ DATABASE_PATH: botDb }, '/catalog subscribe tag:saas\n');
    expect(files.databasePath).toBe(join(dir, 'bot.shell.db'));
    expect(stdout).toContain('subscribed this channel to `tag:saas`');
    expect(stderr).toContain(`Subscriptions made here are kept in ${files.databasePath}, apart from the bot's ${botDb}.`);

    const bot = await openSqliteStore(botDb);
    const shell = await openSqliteStore(files.databasePath);
    try {
      expect(await bot.listSubscriptions()).toEqual([]);
      expect(await shell.listSubscriptions()).toMatchObject([{ channelId: SHELL_CHANNEL, query: 'tag:saas' }]);
    } finally {
      await bot.close();
      await shell.close();
    }
  });

  it('keeps log lines off the screen even at LOG_LEVEL=info: they go to the log file it names', async () => {
    const { stdout, stderr, files } = await runScript({ DATABASE_PATH: join(dir, 'logs.db'), LOG_LEVEL: 'info' }, '/catalog dynamodb\n');
    expect(stderr).toContain(`Logs go to ${files.logPath}.`);
    expect(`${stdout}\n${stderr}`).not.toContain('"level":');
    expect(existsSync(files.logPath)).toBe(true);
    const lines = readFileSync(files.logPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['ready', 'request handled']));
  });

  it('home prints the App Home tab: the newest articles, your subscriptions with their state, how to use', async () => {
    const { stdout } = await runScript({ DATABASE_PATH: join(dir, 'home.db') }, 'home\n/catalog subscribe tag:saas\nhome\n');
    const [empty, withOne] = stdout.split('(your App Home tab, only you see it)').slice(1);
    expect(empty).toContain('Newest articles');
    expect(empty).toContain('You have no subscriptions');
    expect(withOne).toMatch(new RegExp(`#${SHELL_CHANNEL} · \`tag:saas\` · \`[a-z0-9]{5}\``));
    expect(withOne).toContain('active');
    expect(withOne).toContain('How to use');
    expect(withOne).toContain('[Unsubscribe]');
  });
});
