/**
 * The offline shell, driven through stdin like a script would: the real CLI (`catalog-bot shell`)
 * and `npm start` without credentials, as child processes, plus `runShell` on streams for the
 * button verbs. Expected values come from the real catalog and search engine, not from copies.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { runShell, SHELL_CHANNEL } from '../../src/shell/shell.js';
import { blockKitProblems, viewProblems } from '../helpers/block-kit-limits.js';
import { FILTER_EXAMPLES } from '../../src/slack/blocks/help.js';
import { loadConversationRuntime, type ConversationRuntime } from '../../src/slack/conversation/runtime.js';

let dir: string;
let runtime: ConversationRuntime;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-bot-shell-'));
  runtime = await loadConversationRuntime(loadConfig({ INDEX_SNAPSHOT_PATH: join(dir, 'index.json') }), silentLogger);
});
afterAll(() => {
  runtime.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Run a command with `script` on stdin; resolves when it exits (stdin ends, so it must). */
function runScript(args: string[], script: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, INDEX_SNAPSHOT_PATH: join(dir, 'child-index.json'), DATABASE_PATH: join(dir, 'child.db'), ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(script);
  });
}

async function shellOutput(script: string, json = false): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString()));
  input.end(script);
  await runShell({ input, output, deps: runtime.handlerDeps, json });
  return text;
}

describe('catalog-bot shell (stdin script)', () => {
  it('answers /catalog, @catalog-bot, share and next like Slack would, as text, and exits at end of input', async () => {
    const { code, stdout } = await runScript(['src/cli/main.ts', 'shell'], '/catalog multi-tenant\nnext\nshare 2\n@catalog-bot eks\n');
    expect(code).toBe(0);
    const search = runtime.handlerDeps.search();
    const page1 = search.search('multi-tenant', { limit: 5 });
    const page2 = search.search('multi-tenant', { limit: 5, offset: 5 });
    expect(stdout).toContain(`5 of ${page1.total} articles for *multi-tenant*`);
    // Links are shown as "title (url)", buttons as [Share N].
    expect(stdout).toContain(`${page1.hits[0]!.article.title} (${page1.hits[0]!.article.url})`);
    expect(stdout).toContain('[Share 5]');
    expect(stdout).toContain('[Next]');
    expect(stdout).toContain(`6–${Math.min(10, page2.total)} of ${page2.total} articles`);
    // share 2 refers to the page shown last (page 2).
    expect(stdout).toMatch(new RegExp(`posted in #${SHELL_CHANNEL} for everyone\\)\\n\\*?${escapeRe(page2.hits[1]!.article.title)}`));
    expect(stdout).toContain('shared by @U0SHELL');
    const eks = search.search('eks', { limit: 3 });
    expect(stdout).toContain(`${eks.hits[0]!.article.title} (${eks.hits[0]!.article.url})`);
  }, 30_000);

  it('--json prints Block Kit JSON within limits, ready for Block Kit Builder', async () => {
    const { code, stdout } = await runScript(['src/cli/main.ts', 'shell', '--json'], '/catalog dynamodb\n');
    expect(code).toBe(0);
    const message = JSON.parse(stdout) as Record<string, unknown>;
    expect(message.response_type).toBe('ephemeral');
    expect(Array.isArray(message.blocks)).toBe(true);
    expect(blockKitProblems(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain(runtime.handlerDeps.search().search('dynamodb').hits[0]!.article.url);
  }, 30_000);

  it('--catalog picks the source; catalog text that looks like Slack markup is shown as typed', async () => {
    const { code, stdout } = await runScript(['src/cli/main.ts', 'shell', '--catalog', 'tests/fixtures/slack/hostile.md'], '/catalog zebrafish\n');
    expect(code).toBe(0);
    expect(stdout).toContain('1 of 1 article for *zebrafish*');
    expect(stdout).toContain('Zebrafish escaping <https://x|y> & <!channel> in titles (https://example.com/blog/zebrafish-escaping)');
    expect(stdout).toContain('Mallory <!here>, Trudy & Co');
  }, 30_000);

  it('npm start without Slack credentials and without a terminal says so and exits 1 (a container without its tokens); the shell command reads the pipe', async () => {
    const start = await runScript(['src/app.ts'], 'help\nquit\n');
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('No Slack credentials');
    expect(start.stderr).toContain('SLACK_BOT_TOKEN');
    expect(start.stderr).toContain('catalog-bot shell');
    expect(start.stdout).toBe('');
    const shell = await runScript(['src/cli/main.ts', 'shell'], 'help\nquit\n/catalog never reached\n');
    expect(shell.code).toBe(0);
    expect(shell.stdout).toContain('author:golding');
    expect(shell.stdout).not.toContain('never reached');
  }, 30_000);

  it('the shell with .env\'s LOG_LEVEL=info keeps JSON log lines off the screen and says where they go', async () => {
    const { code, stdout, stderr } = await runScript(['src/cli/main.ts', 'shell'], '/catalog dynamodb\n', { LOG_LEVEL: 'info' });
    expect(code).toBe(0);
    expect(stdout).toContain('articles for *dynamodb*');
    expect(`${stdout}${stderr}`).not.toContain('"level":');
    expect(stderr).toContain(`Logs go to ${join(dir, 'child.shell.log')}`);
    expect(stderr).toContain(`Subscriptions made here are kept in ${join(dir, 'child.shell.db')}`);
  }, 30_000);
});

describe('runShell', () => {
  it('shows how a query was read, and answers a question the catalog has nothing about as such', async () => {
    const out = await shellOutput('/catalog most recent posts on api throttling\n@catalog-bot android app store screenshots\n');
    expect(out).toMatch(/\d+ of \d+ articles for \*api throttling\* · newest first/);
    expect(out).toContain('Nothing in the catalog is about *android app store screenshots*.');
    expect(out).toContain('Closest articles:');
  });

  it('says what to type when a button verb has nothing to act on', async () => {
    const out = await shellOutput('next\n/catalog dynamodb\nshare 9\n');
    expect(out).toContain('There are no results to "next" yet');
    expect(out).toMatch(/No "share 9" button on the last results; try one of: share 1/);
  });

  it('runs a "did you mean" suggestion with try N', async () => {
    const result = runtime.handlerDeps.search().search('dynamodb year:2015');
    expect(result.suggestions.length).toBeGreaterThan(0);
    const out = await shellOutput('/catalog dynamodb year:2015\ntry 1\n');
    expect(out).toContain('No articles match');
    expect(out).toContain('→ try 1]');
    const ran = runtime.handlerDeps.search().search(result.suggestions[0]!);
    expect(out).toContain('(replaces your results, only you see it)');
    expect(out).toContain(ran.hits[0]!.article.url);
  });

  it('"more" after a mention shows the whole list, only to you', async () => {
    const out = await shellOutput('@catalog-bot multi-tenant\nmore\n');
    const total = runtime.handlerDeps.search().search('multi-tenant').total;
    expect(out).toContain(`[See all ${total} (only you) → more]`);
    expect(out).toContain(`(only you see this)\n5 of ${total} articles for *multi-tenant*`);
  });

  it('after a mention, the button verbs act on that answer, never on an older one', async () => {
    const search = runtime.handlerDeps.search();
    const one = search.search('keyspaces');
    expect(one.total).toBe(1);
    // A mention whose answer has no buttons: `share 1` must not share card 1 of the /catalog answer before it.
    const quiet = await shellOutput('/catalog multi-tenant\n@catalog-bot keyspaces\nshare 1\nnext\n');
    expect(quiet).toContain('No "share 1" button on the last results: the answer to @catalog-bot keyspaces has no buttons.');
    expect(quiet).toContain('No "next" button on the last results: the answer to @catalog-bot keyspaces has no buttons.');
    expect(quiet).not.toContain('shared by @U0SHELL');
    expect(quiet).not.toContain('6–10 of');

    // A mention with more results than it shows: `next` says how to get them; after `more`, share and next work on that list.
    const multi = search.search('multi-tenant', { limit: 5 });
    const out = await shellOutput('/catalog dynamodb\n@catalog-bot multi-tenant\nnext\nmore\nshare 1\nnext\n');
    expect(out).toContain('No "next" button on the last results; try one of: more. The answer to @catalog-bot multi-tenant was posted for everyone');
    expect(out).toMatch(new RegExp(`shared by @U0SHELL`));
    expect(out).toMatch(new RegExp(`posted in #${SHELL_CHANNEL} for everyone\\)\\n\\*?${escapeRe(multi.hits[0]!.article.title)}`));
    expect(out).toContain(`6–10 of ${multi.total} articles for *multi-tenant*`);
  });

  it('answers a bare "share" or "try" with how to use it, instead of searching for the word', async () => {
    const out = await shellOutput('/catalog dynamodb\nshare\ntry\nshare first\n');
    expect(out).toContain('Type "share N" with the number of a card of the last results, e.g. "share 1".');
    expect(out).toContain('Type "try N" with the number of a "did you mean" suggestion, e.g. "try 1".');
    expect(out.match(/\(only you see this\)/g)).toHaveLength(1);
    expect(out).not.toContain('for *share*');
  });

  it('treats a plain line as a /catalog search', async () => {
    const plain = await shellOutput('dynamodb\n');
    const slash = await shellOutput('/catalog dynamodb\n');
    expect(plain).toBe(slash);
    expect(plain).toContain(runtime.handlerDeps.search().search('dynamodb').hits[0]!.article.url);
  });

  it('related <text> shows what the clicker of "Find related articles" sees, and share N works on it', async () => {
    const out = await shellOutput('related how do we isolate tenants in dynamodb?\nshare 1\nrelated :tada: <https://example.com>\n');
    expect(out).toMatch(/tenant/i);
    expect(out).toMatch(/shared by/i);
    expect(out).toContain('no words to search with');
  });

  it('help and ? show the shell\'s own commands and the query syntax; only a bare help is help', async () => {
    for (const typed of ['help', '?', 'HELP']) {
      const out = await shellOutput(`${typed}\n`);
      for (const verb of ['next', 'share N', 'home', 'related <text>', 'paste <url>', 'shortcut search', 'more', 'quit']) expect(out).toContain(verb);
      for (const [example] of FILTER_EXAMPLES) expect(out).toContain(example);
      // Not the Slack card.
      expect(out).not.toContain('Searching the article catalog');
    }
    const question = await shellOutput('help me find articles about billing\n');
    expect(question).not.toContain('Type what you would type');
    expect(question).not.toContain('Searching the article catalog');
    expect(question).toContain('(only you see this)');
    expect(question).toMatch(/billing/);
  });

  it('an empty answer says how the query was read: "last year" names the year', async () => {
    const year = new Date().getUTCFullYear() - 1;
    const out = await shellOutput('/catalog last year\n');
    expect(out).toMatch(new RegExp(`\\*last year\\* · ${year}|· ${year}\\b`));
  });

  it('paste <url> says the preview shows under the message, not that anything was posted', async () => {
    const article = runtime.handlerDeps.catalog().articles[0]!;
    const out = await shellOutput(`paste ${article.url}\npaste https://example.com/not-here\n`);
    expect(out).not.toContain(`posted in #${SHELL_CHANNEL}`);
    expect(out.match(/the bot posts nothing/g)).toHaveLength(2);
  });

  it('paste <url> prints the preview of a catalog article, however the link is written, and says when a URL is not in the catalog', async () => {
    const article = runtime.handlerDeps.catalog().articles[0]!;
    const variant = `http://www.${article.url.replace(/^https?:\/\//, '')}/?utm_source=x#top`;
    const out = await shellOutput(`paste ${variant}\npaste https://example.com/not-here\n`);
    expect(out).toContain(article.title.slice(0, 30));
    expect(out).toContain('https://example.com/not-here is not an article of the catalog');
  });

  it('shortcut search prints the search modal\'s results (10 a page) with next, prev and share N working in it', async () => {
    const search = runtime.handlerDeps.search();
    const page1 = search.search('multi-tenant', { limit: 10 });
    const page2 = search.search('multi-tenant', { limit: 10, offset: 10 });
    expect(page1.total).toBeGreaterThan(10);
    const out = await shellOutput('shortcut search multi-tenant\nnext\nshare 1\n');
    expect(out).toContain('(the "Search the catalog" modal after typing "multi-tenant", only you see it)');
    expect(out).toContain(`10 of ${page1.total} articles for *multi-tenant*`);
    expect(out).toContain(`${page1.hits[9]!.article.title} (${page1.hits[9]!.article.url})`);
    expect(out).toContain('[Share to channel… 10]');
    expect(out).toContain(`11–${Math.min(20, page1.total)} of ${page1.total} articles`);
    expect(out).toMatch(new RegExp(`posted in #${SHELL_CHANNEL} for everyone\\)\\n\\*?${escapeRe(page2.hits[0]!.article.title)}`));
    expect(out).toContain('shared by @U0SHELL');
  });

  it('shortcut search with --json prints the modal view within Block Kit limits; a bare "shortcut" says how to use it', async () => {
    const view = JSON.parse(await shellOutput('shortcut search dynamodb\n', true)) as Record<string, unknown>;
    expect(view.type).toBe('modal');
    expect(viewProblems(view)).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain(runtime.handlerDeps.search().search('dynamodb').hits[0]!.article.url);
    expect(await shellOutput('shortcut\n')).toContain('Type "shortcut search <text>"');
    expect(await shellOutput('home\n')).toContain('App Home is not available');
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
