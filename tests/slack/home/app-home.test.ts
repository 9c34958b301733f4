/**
 * App Home end to end: signed app_home_opened events and button clicks into the real app, the
 * views.publish calls read back from the fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../src/slack/blocks/actions.js';
import { SHARE_MODAL_IDS } from '../../../src/slack/blocks/search-modal.js';
import { HOME_ACTION_IDS } from '../../../src/slack/home/home-view.js';
import type { FakeSlackCall } from '../../helpers/fake-slack.js';
import { homeActionBody, viewSubmissionBody } from '../../helpers/signed-request.js';
import { startTestSlackApp, type TestSlackApp } from '../../helpers/slack-app-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Block Kit JSON introspection

let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(async () => {
  await t.close();
});

const viewOf = (call: FakeSlackCall): Json => (typeof call.params.view === 'string' ? JSON.parse(call.params.view) : call.params.view) as Json;
let eventCounter = 0;
/** Open Home as `userId` and wait for the views.publish that answers it (the n-th for that user). */
async function openHome(userId: string): Promise<Json> {
  const before = t.fake.callsTo('views.publish').filter((c) => c.params.user_id === userId).length;
  expect(await t.event(`EvHome${(eventCounter += 1)}`, { type: 'app_home_opened', user: userId, channel: 'D0HOME', tab: 'home', event_ts: '1700000000.1' })).toBe(200);
  let seen = 0;
  return viewOf(await t.fake.waitFor((c) => c.method === 'views.publish' && c.params.user_id === userId && (seen += 1) > before));
}
/** Every mrkdwn text of a view. */
function mrkdwnTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) mrkdwnTexts(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Json;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    for (const v of Object.values(o)) mrkdwnTexts(v, out);
  }
  return out;
}
/** What Slack would read as a link, mention or command that we did not make: any `<…>` but a channel mention or an escaped link. */
const unescaped = (view: Json): string[] =>
  mrkdwnTexts(view.blocks)
    .map((text) => text.replace(/<#[CGD][A-Z0-9]+>/g, '').replace(/<https?:\/\/[^<>|\s]+\|[^<>]*>/g, ''))
    .filter((rest) => /[<>]/.test(rest));
const rows = (view: Json): Json[] => (view.blocks as Json[]).filter((b) => b.accessory?.action_id === HOME_ACTION_IDS.unsubscribe);

describe('App Home', () => {
  it('shows a user without subscriptions how to subscribe, how to search and the newest articles', async () => {
    const view = await openHome('U0NOBODY');
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('You have no subscriptions');
    expect(text).toContain('Newest articles');
    expect(text).toContain('/catalog &lt;words&gt;');
    expect(unescaped(view)).toEqual([]);
    expect(rows(view)).toEqual([]);
    expect(t.limitProblems()).toEqual([]);
  });

  it("lists the subscriptions the user created in every channel (not others'), and Unsubscribe removes one and re-publishes", async () => {
    // Each confirmation is posted after the subscription is stored: wait for all three.
    for (const [query, channelId, userId] of [['tag:saas', 'C0HOMEA', 'U0HOMER'], ['author:golding', 'C0HOMEB', 'U0HOMER'], ['tag:kafka', 'C0HOMEA', 'U0OTHER']] as const) {
      const { responseId } = await t.command(`subscribe ${query}`, { channelId, userId });
      expect(JSON.stringify(await t.response(responseId))).toContain('subscribed this channel');
    }

    const view = await openHome('U0HOMER');
    const listed = rows(view);
    expect(listed.map((b) => b.text.text as string).map((s) => s.match(/<#(C0HOME[AB])>/)?.[1])).toEqual(['C0HOMEA', 'C0HOMEB']);
    expect(JSON.stringify(listed)).toContain('saas');
    expect(JSON.stringify(listed)).toContain('golding');
    expect(JSON.stringify(listed)).not.toContain('kafka');
    expect(JSON.stringify(listed)).toContain('active');

    const first = listed[0]!.accessory.value as string;
    const before = t.fake.callsTo('views.publish').length;
    const { status } = await t.click({ actionId: HOME_ACTION_IDS.unsubscribe, value: first, userId: 'U0HOMER' });
    expect(status).toBe(200);
    const after = viewOf(await t.fake.waitFor((c) => c.method === 'views.publish' && c.params.user_id === 'U0HOMER' && t.fake.callsTo('views.publish').indexOf(c) >= before));
    expect(rows(after).map((b) => b.accessory.value)).toEqual([listed[1]!.accessory.value]);
    expect(t.limitProblems()).toEqual([]);
  });

  it("does not remove someone else's subscription from a forged Unsubscribe click", async () => {
    const view = await openHome('U0OTHER');
    const theirs = rows(view)[0]!.accessory.value as string;
    const before = t.fake.callsTo('views.publish').length;
    await t.click({ actionId: HOME_ACTION_IDS.unsubscribe, value: theirs, userId: 'U0MALLORY' });
    await t.fake.waitFor((c) => c.method === 'views.publish' && c.params.user_id === 'U0MALLORY' && t.fake.callsTo('views.publish').indexOf(c) >= before);
    expect(rows(await openHome('U0OTHER')).map((b) => b.accessory.value)).toEqual([theirs]);
  });

  it('Share on a Home card opens the channel picker, and its submission posts the card "shared by" the clicker', async () => {
    t.fake.setChannel('C0HOMESHARE', { members: ['U0SHARER'] });
    const view = await openHome('U0SHARER');
    const share = (view.blocks as Json[]).map((b) => b.accessory).find((a: Json | undefined) => a?.action_id === ACTION_IDS.share) as Json;
    expect(share, 'a Share button on a Home card').toBeDefined();
    const article = t.app.runtime.handlerDeps.catalog().byId.get(share.value as string)!;
    const errorsBefore = t.logs.filter((l) => l.level === 'error').length;

    const clicked = await t.interaction(homeActionBody({ userId: 'U0SHARER', triggerId: 'trigger-home-share', action: { type: 'button', action_id: share.action_id, value: share.value, text: share.text } }));
    expect(clicked.status).toBe(200);
    const opened = await t.fake.waitFor((c) => c.method === 'views.open' && c.params.trigger_id === 'trigger-home-share');
    const picker = (opened.body as Json).view as Json;
    expect(viewOf(opened).callback_id).toBe(SHARE_MODAL_IDS.callbackId);

    const submitted = await t.interaction(
      viewSubmissionBody({
        userId: 'U0SHARER',
        modal: {
          id: picker.id as string,
          hash: picker.hash as string,
          callbackId: SHARE_MODAL_IDS.callbackId,
          privateMetadata: picker.private_metadata as string,
          values: { [SHARE_MODAL_IDS.channelBlock]: { [SHARE_MODAL_IDS.channel]: { type: 'conversations_select', selected_conversation: 'C0HOMESHARE' } } },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0HOMESHARE');
    expect(String(post.params.text)).toContain('shared by <@U0SHARER>');
    expect(JSON.stringify(post.params.blocks)).toContain(article.url);
    expect(t.logs.filter((l) => l.level === 'error').slice(errorsBefore)).toEqual([]);
  });

  it('escapes every text, the subscriptions\' queries included, as cards are', async () => {
    const { responseId } = await t.command('subscribe "r&d <b>" <!channel>', { channelId: 'C0HOMEESC', userId: 'U0ESCAPE' });
    expect(JSON.stringify(await t.response(responseId))).toContain('subscribed this channel');
    const view = await openHome('U0ESCAPE');
    expect(rows(view)).toHaveLength(1);
    expect(unescaped(view)).toEqual([]);
    expect(JSON.stringify(rows(view))).toContain('r&amp;d');
  });
});
