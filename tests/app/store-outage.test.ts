/**
 * The real app on PostgreSQL while the database goes away and comes back (a private server of our
 * own, stopped and started; the shared cluster is never touched):
 * - At rest: the bot keeps serving, says not ready, answers subscription commands with "try again
 *   shortly", schedules the digest to try again soon, and is back to normal when the database is.
 * - In the middle of a digest run: during the outage commands say to try again shortly, /readyz says
 *   503 and /healthz names the store as unreachable; the run ends without a crash; after the restart
 *   the next run completes every digest, nothing lost and nothing doubled.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.js';

const unavailable = privatePostgresUnavailable();
if (unavailable && process.env.CI) throw new Error(`store-outage tests cannot run: ${unavailable}, and CI is set.`);

describe.skipIf(unavailable !== undefined)('the app while PostgreSQL is unreachable', () => {
  let server: PrivatePostgres;
  let t: TestSlackApp;
  beforeAll(async () => {
    server = await startPrivatePostgres();
    t = await startTestSlackApp({ DATABASE_URL: `postgres://postgres@127.0.0.1:${server.port}/postgres` });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await server?.destroy();
  });

  const probe = async (path: string) => {
    const res = await fetch(`${t.baseUrl}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const textOf = (m: Record<string, unknown>) => JSON.stringify(m);

  it('says not ready, keeps answering, and recovers when the database is back', async () => {
    expect(await probe('/readyz')).toMatchObject({ status: 200 });
    await server.stop();

    const live = await probe('/healthz');
    expect(live).toMatchObject({ status: 200, body: { status: 'degraded', store: { kind: 'postgres', reachable: false } } });
    expect((await probe('/readyz')).status).toBe(503);

    // A search needs no database; a subscription does, and nothing is confirmed that was not saved.
    const search = await t.command('dynamodb');
    expect(textOf(await t.response(search.responseId))).toContain('DynamoDB');
    const subscribe = await t.command('subscribe tag:saas', { channelId: 'C0OUTAGE' });
    expect(textOf(await t.response(subscribe.responseId))).toContain('try again shortly');

    // Home is still published (newest articles, Search), without the subscriptions and saying why.
    expect(await t.event('EvHomeOutage', { type: 'app_home_opened', user: 'U0HOMEDOWN', channel: 'D0HOME', tab: 'home', event_ts: '1700000000.1' })).toBe(200);
    const home = await t.fake.waitFor((c) => c.method === 'views.publish' && c.params.user_id === 'U0HOMEDOWN');
    const homeText = JSON.stringify(home.params.view);
    expect(homeText).toContain('Newest articles');
    expect(homeText).toContain('subscriptions cannot be shown right now');
    expect(t.logs.filter((l) => l.msg === 'home publish failed')).toEqual([]);

    // The digest fails on the database and is scheduled to run again soon, not tomorrow.
    await t.app.jobs.digest!.runNow();
    const failed = await t.waitForLog((l) => l.msg === "'digest' failed");
    expect(failed.retryInMs).toBeGreaterThan(0);

    await server.start();
    expect((await probe('/readyz')).status).toBe(200);
    const again = await t.command('subscribe tag:saas', { channelId: 'C0OUTAGE' });
    const confirmation = textOf(await t.response(again.responseId));
    expect(confirmation).not.toContain('try again shortly');
    expect(confirmation).toContain('tag:saas');
  }, 60_000);
});

const CHANNELS = ['C0OUT1', 'C0OUT2', 'C0OUT3'];

function article(title: string, slug: string, date: string): string {
  return `\n| [${title}](https://example.com/${slug}) |\n|:----------|\n| *Created: ${date} by Ada Lovelace* |\n| About ${title}. |\n|  |\n`;
}

describe.skipIf(unavailable !== undefined)('a PostgreSQL restart under the running app', () => {
  let server: PrivatePostgres;
  let t: TestSlackApp;
  let dir: string;
  let catalogFile: string;

  beforeAll(async () => {
    server = await startPrivatePostgres();
    dir = mkdtempSync(join(tmpdir(), 'catalog-bot-outage-'));
    mkdirSync(join(dir, 'catalog'));
    catalogFile = join(dir, 'catalog', 'advanced_300.md');
    copyFileSync('data/advanced_300.md', catalogFile);
    t = await startTestSlackApp({ CATALOG_SOURCE: join(dir, 'catalog'), DATABASE_URL: server.url });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await server?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const digestPosts = (channel: string) => t.fake.messagesIn(channel);
  const get = async (path: string) => {
    const res = await fetch(`${t.baseUrl}${path}`);
    return { status: res.status, body: (await res.json()) as { store?: { kind: string; reachable: boolean } } };
  };

  it('is survived: try again shortly and 503 during it, every digest once after it', async () => {
    const digest = t.app.jobs.digest!;
    await digest.runNow(); // baseline
    for (const channel of CHANNELS) {
      const { responseId } = await t.command('subscribe', { channelId: channel, userId: 'U0OPS' });
      expect(JSON.stringify(await t.response(responseId))).toContain('U0OPS');
    }
    appendFileSync(catalogFile, article('Outage One', 'outage-one', '01 NOV 2026') + article('Outage Two', 'outage-two', '02 NOV 2026'));

    // The first digest goes through; the second hangs in Slack while the database goes away.
    t.fake.holdPostMessagesAfter(t.fake.messages.length + 1);
    const run = digest.runNow();
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.outcome === 'held', { timeoutMs: 10_000 });
    await server.stop();

    expect(await get('/readyz')).toMatchObject({ status: 503, body: { ready: false, reasons: ['the postgres store does not answer'] } });
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { store: { kind: 'postgres', reachable: false } } });
    const during = await t.command('subscribe', { channelId: 'C0OUT4', userId: 'U0OPS' });
    expect(JSON.stringify(await t.response(during.responseId))).toContain('try again shortly');

    // Slack accepts the held digest; recording it fails; the run ends, logged, not crashed.
    t.fake.releaseHeld();
    await run;
    await server.start();
    expect((await get('/readyz')).status).toBe(200);

    await digest.runNow();
    for (const channel of CHANNELS) {
      const posts = digestPosts(channel);
      expect(posts, channel).toHaveLength(1);
      const text = JSON.stringify(posts[0]!.blocks);
      expect(text, channel).toContain('Outage One');
      expect(text, channel).toContain('Outage Two');
    }
    // The subscription refused during the outage was not made.
    const list = await t.command('subscriptions', { channelId: 'C0OUT4' });
    expect(JSON.stringify(await t.response(list.responseId))).not.toContain('active');
  }, 60_000);
});
