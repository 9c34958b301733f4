/**
 * Issue 4 end to end through the real composition root: a signed `/catalog subscribe` into the HTTP
 * app, then the digest job the app scheduled, run now, posting to the fake Slack as the catalog grows.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
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
