/**
 * Issue 4 end to end through the real composition root: a signed `/catalog subscribe` into the HTTP
 * app, then the digest job the app scheduled, run now, posting to the fake Slack as the catalog grows.
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

const CHANNEL = 'C0SUBS';
let t: TestSlackApp;
let catalogFile: string;

function article(title: string, slug: string, date: string, author: string): string {
  return `\n| [${title}](https://example.com/${slug}) |\n|:----------|\n| *Created: ${date} by ${author}* |\n| About ${title}. |\n|  |\n`;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-bot-subs-'));
  mkdirSync(join(dir, 'catalog'));
  catalogFile = join(dir, 'catalog', 'advanced_300.md');
  copyFileSync('data/advanced_300.md', catalogFile);
  t = await startTestSlackApp({ CATALOG_SOURCE: join(dir, 'catalog') });
});
afterAll(async () => {
  await t?.close();
});

const digestPostsTo = (channel: string) => t.fake.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);

describe('subscriptions through the running app', () => {
  it('subscribes with a filter, confirms for everyone, then delivers only new matching articles, once', async () => {
    const digest = t.app.jobs.digest;
    expect(digest, 'the HTTP app schedules a digest job').toBeDefined();

    // The first run on an empty database records the catalog as seen and posts nothing.
    await digest!.runNow();
    expect(digestPostsTo(CHANNEL)).toHaveLength(0);

    const { status, responseId } = await t.command('subscribe author:golding -oracle', { channelId: CHANNEL, userId: 'U0ALICE' });
    expect(status).toBe(200);
    const confirmation = await t.response(responseId);
    expect(confirmation.response_type).toBe('in_channel');
    expect(String(confirmation.text)).toMatch(/U0ALICE/);
    expect(JSON.stringify(confirmation)).toContain('author:golding -oracle');

    // The catalog grows: one article by Golding, one by someone else.
    appendFileSync(
      catalogFile,
      article('Tenant Tiering Revisited', 'tiering-revisited', '01 NOV 2026', 'Tod Golding') + article('Unrelated Lambda Tricks', 'lambda-tricks', '02 NOV 2026', 'Someone Else'),
    );
    await digest!.runNow();
    const posts = digestPostsTo(CHANNEL);
    expect(posts).toHaveLength(1);
    const posted = JSON.stringify(posts[0]!.params);
    expect(String(posts[0]!.params.text)).toMatch(/1 new article/);
    expect(posted).toContain('Tenant Tiering Revisited');
    expect(posted).not.toContain('Unrelated Lambda Tricks');

    // Nothing new: the next run posts nothing more.
    await digest!.runNow();
    expect(digestPostsTo(CHANNEL)).toHaveLength(1);
  });

  it('lists and removes subscriptions with the slash command', async () => {
    const list = await t.command('subscriptions', { channelId: CHANNEL });
    const listed = JSON.stringify(await t.response(list.responseId));
    const id = /`([a-z0-9]{5})`/.exec(listed)?.[1];
    expect(id, listed).toBeDefined();
    expect(listed).toMatch(/active/);

    const removal = await t.command(`unsubscribe ${id}`, { channelId: CHANNEL });
    const removed = await t.response(removal.responseId);
    expect(removed.response_type).toBe('in_channel');
    const again = await t.command('subscriptions', { channelId: CHANNEL });
    expect(JSON.stringify(await t.response(again.responseId))).not.toContain(id!);
  });
});

describe('a database deleted while the bot runs', () => {
  it('refuses /catalog subscribe with a clear message, confirms nothing, and logs one error', async () => {
    const own = await startTestSlackApp();
    try {
      const path = own.app.config.databasePath;
      for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });

      for (const query of ['tag:saas', 'author:golding']) {
        const { status, responseId } = await own.command(`subscribe ${query}`, { channelId: 'C0GONE', userId: 'U0ALICE' });
        expect(status).toBe(200);
        const reply = await own.response(responseId);
        // Only the person who typed it sees the refusal; nothing is announced to the channel.
        expect(reply.response_type).toBe('ephemeral');
        expect(String(reply.text)).toMatch(/Nothing was saved/);
        expect(String(reply.text)).toContain(path);
        expect(String(reply.text)).toMatch(/deleted or replaced/);
      }
      const list = await own.command('subscriptions', { channelId: 'C0GONE' });
      expect(JSON.stringify(await own.response(list.responseId))).toContain('This channel has no subscriptions.');
      expect(own.messages().filter((m) => m.message.response_type === 'in_channel')).toEqual([]);

      const errors = own.logs.filter((l) => l.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ path, happened: 'was deleted' });
      expect(existsSync(path)).toBe(false);
    } finally {
      await own.close();
    }
  });
});
