/**
 * Replays: the same signed request sent twice (inside the five minutes its signature is valid) is
 * answered once — a `/catalog` command, a Share click — on one replica or across two sharing a
 * store. Signed HTTP requests into the real app; the second copy is byte for byte the first.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/slack/blocks/actions.js';
import { buttonClickBody, commandBody, FORM, postSigned, slackSignature } from '../helpers/signed-request.js';
import { SIGNING_SECRET, startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

/** Send exactly the same bytes and headers to each URL in turn; the statuses. */
async function sendTwice(urls: [string, string], body: string): Promise<number[]> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = slackSignature(SIGNING_SECRET, timestamp, body);
  const statuses: number[] = [];
  for (const url of urls) {
    const res = await postSigned(url, { secret: SIGNING_SECRET, body, contentType: FORM, timestamp, signature });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

describe('one replica', () => {
  let t: TestSlackApp;
  beforeAll(async () => {
    t = await startTestSlackApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers the same signed /catalog request once', async () => {
    const body = commandBody({ text: 'kafka', response_url: t.fake.responseUrl('replayed-command') });
    expect(await sendTwice([t.eventsUrl, t.eventsUrl], body)).toEqual([200, 200]);
    await t.waitForLog((l) => l.msg === 'replayed request dropped' && l.seenBy === 'this process');
    await t.waitForLog((l) => l.msg === 'request handled' && l.kind === 'command');
    expect(t.fake.responses('replayed-command')).toHaveLength(1);
  });

  it('makes one public card for the same Share click sent twice', async () => {
    const article = t.app.runtime.handlerDeps.catalog().articles[0]!;
    const body = buttonClickBody({ actionId: ACTION_IDS.share, value: article.id, responseUrl: t.fake.responseUrl('replayed-share'), channelId: 'C0REPLAY' });
    expect(await sendTwice([t.eventsUrl, t.eventsUrl], body)).toEqual([200, 200]);
    await t.waitForLog((l) => l.msg === 'replayed request dropped');
    await t.waitForLog((l) => l.msg === 'request handled' && l.kind === 'action:share');
    expect(t.fake.messagesIn('C0REPLAY')).toHaveLength(1);
  });

  it('still answers two real requests that differ only in their trigger_id', async () => {
    const first = commandBody({ text: 'kafka', response_url: t.fake.responseUrl('two-real') });
    const second = commandBody({ text: 'kafka', response_url: t.fake.responseUrl('two-real') });
    for (const body of [first, second]) expect((await postSigned(t.eventsUrl, { secret: SIGNING_SECRET, body, contentType: FORM })).status).toBe(200);
    await t.fake.waitFor(() => t.fake.responses('two-real').length === 2);
  });
});

describe('two replicas on one store', () => {
  let replicas: TestSlackApp[] = [];
  afterEach(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    replicas = [];
  });

  it('drops a replay sent to the other replica', async () => {
    const env = { DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'catalog-bot-replays-')), 'shared.db') };
    replicas = [await startTestSlackApp(env), await startTestSlackApp(env)];
    const [a, b] = replicas as [TestSlackApp, TestSlackApp];
    const body = commandBody({ text: 'kafka', response_url: a.fake.responseUrl('replayed-elsewhere') });
    expect(await sendTwice([a.eventsUrl, b.eventsUrl], body)).toEqual([200, 200]);
    await b.waitForLog((l) => l.msg === 'replayed request dropped' && l.seenBy === 'another replica');
    await a.waitForLog((l) => l.msg === 'request handled' && l.kind === 'command');
    expect(a.fake.responses('replayed-elsewhere')).toHaveLength(1);
  });
});
