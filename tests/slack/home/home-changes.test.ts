/**
 * App Home after things change, end to end through signed app_home_opened events: a subscription
 * the digest paused (its channel was archived) is shown with why and how to resume, and a catalog
 * reload that brings a newer article re-publishes Home for whoever opened it recently.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAUSE_REASONS } from '../../../src/digest/deliver.js';
import { HOME_ACTION_IDS } from '../../../src/slack/home/home-view.js';
import type { FakeSlackCall } from '../../helpers/fake-slack.js';
import { startTestSlackApp, type TestSlackApp } from '../../helpers/slack-app-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Block Kit JSON introspection

let t: TestSlackApp;
/** The real catalog file the app reads (the harness's folder source); tests append articles to it. */
let catalogFile: string;

function article(title: string, slug: string, date: string, author: string, tag: string): string {
  const badge = `[![category](svg/${tag}.svg)](tags/${tag}.md)`;
  return `\n| [${title}](https://example.com/${slug}) |\n|:----------|\n| *Created: ${date} by ${author}* |\n| About ${title}. |\n| ${badge} |\n`;
}

beforeAll(async () => {
  t = await startTestSlackApp();
  catalogFile = join(t.catalogDir, 'advanced_300.md');
});
afterAll(async () => {
  await t?.close();
});

const viewOf = (call: FakeSlackCall): Json => (typeof call.params.view === 'string' ? JSON.parse(call.params.view) : call.params.view) as Json;
const publishesFor = (userId: string) => t.fake.callsTo('views.publish').filter((c) => c.params.user_id === userId && c.outcome === 'ok');
let eventCounter = 0;
async function openHome(userId: string): Promise<Json> {
  const before = publishesFor(userId).length;
  expect(await t.event(`EvHomeChange${(eventCounter += 1)}`, { type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home', event_ts: '1700000000.1' })).toBe(200);
  await t.fake.waitFor(() => publishesFor(userId).length > before);
  return viewOf(publishesFor(userId)[before]!);
}
/** The first card title under "Newest articles". */
function newestTitle(view: Json): string {
  const blocks = view.blocks as Json[];
  const at = blocks.findIndex((b) => b.type === 'header' && b.text.text === 'Newest articles');
  const card = blocks.slice(at + 1).find((b) => b.type === 'section');
  return /^\*<[^|]*\|([^>]*)>\*/.exec(String(card?.text?.text))?.[1] ?? '';
}

describe('App Home after changes', () => {
  it('shows a subscription the digest paused, with the reason and how to resume it', async () => {
    const digest = t.app.jobs.digest!;
    await digest.runNow(); // first run: the catalog as it is counts as seen
    const { responseId } = await t.command('subscribe tag:homepaused', { channelId: 'C0HOMEARCH', userId: 'U0PAUSER' });
    expect(JSON.stringify(await t.response(responseId))).toContain('subscribed this channel');

    const active = (await openHome('U0PAUSER')).blocks.filter((b: Json) => b.accessory?.action_id === HOME_ACTION_IDS.unsubscribe);
    expect(JSON.stringify(active)).toContain('active');

    // A new matching article, and the channel archived: the digest cannot post there and pauses it.
    appendFileSync(catalogFile, article('Paused Channel Piece', 'paused-piece', '03 NOV 2026', 'Pat Example', 'homepaused'));
    t.fake.setChannel('C0HOMEARCH', { archived: true });
    await digest.runNow();

    const row = JSON.stringify((await openHome('U0PAUSER')).blocks.filter((b: Json) => b.accessory?.action_id === HOME_ACTION_IDS.unsubscribe));
    expect(row).toContain('paused');
    expect(row).toContain(PAUSE_REASONS.is_archived);
    expect(row).toContain('To resume');
    expect(row).toContain('/catalog subscribe tag:homepaused');
    expect(row).toContain('<#C0HOMEARCH>');
    expect(t.limitProblems()).toEqual([]);
  });

  it('re-publishes Home for a recent viewer after a reload brings a newer article', async () => {
    const before = await openHome('U0READER');
    const title = 'Brand New Home Article From The Reload';
    expect(newestTitle(before)).not.toBe(title);

    const published = publishesFor('U0READER').length;
    appendFileSync(catalogFile, article(title, 'brand-new-home', '01 DEC 2026', 'Rita Reload', 'homereload'));
    await t.app.runtime.catalogService.reload();
    await t.fake.waitFor(() => publishesFor('U0READER').length > published);
    expect(newestTitle(viewOf(publishesFor('U0READER')[published]!))).toBe(title);
  });
});
