/**
 * The real app on PostgreSQL while the database goes away and comes back (a private server of our
 * own, stopped and started; the shared cluster is never touched): the bot keeps serving, says not
 * ready, answers subscription commands with "try again shortly", schedules the digest to try again
 * soon, and is back to normal when the database is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../store/private-postgres.js';

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
