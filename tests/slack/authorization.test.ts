/**
 * Server-side authorization: who a payload says the user is and where it says to post are checked,
 * not taken. An app_home_opened without a user builds no Home (it would list everyone's
 * subscriptions); Share posts only where the click happened; the Share modal posts only in a
 * channel the sharer is a member of (conversations.members). Signed requests into the real app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/slack/blocks/actions.js';
import { shareMetadata, SHARE_MODAL_IDS } from '../../src/slack/blocks/search-modal.js';
import { buttonClickBody, eventBody, JSON_TYPE, postSigned, viewSubmissionBody } from '../helpers/signed-request.js';
import { SIGNING_SECRET, startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Block Kit JSON introspection

let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(async () => {
  await t?.close();
});

const article = () => t.app.runtime.handlerDeps.catalog().articles[0]!;
const finished = (kind: string, user: string) => t.waitForLog((l) => (l.msg === 'request handled' || l.msg === 'request failed') && l.kind === kind && l.user === user);

describe('app_home_opened', () => {
  it('without a user is refused: no Home is built or published', async () => {
    const { responseId } = await t.command('subscribe tag:saas', { channelId: 'C0AUTHZ', userId: 'U0OWNER' });
    expect(JSON.stringify(await t.response(responseId))).toContain('subscribed this channel');
    const before = t.fake.callsTo('views.publish').length;
    const body = eventBody({ eventId: 'EvHomeNoUser', event: { type: 'app_home_opened', channel: 'D0HOME', tab: 'home', event_ts: '1700000000.1' } });
    const res = await postSigned(t.eventsUrl, { secret: SIGNING_SECRET, body, contentType: JSON_TYPE });
    expect(res.status).toBe(400);
    // A later, valid open is published; the refused one never was.
    await t.event('EvHomeWithUser', { type: 'app_home_opened', user: 'U0SOMEONE', channel: 'D0HOME', tab: 'home', event_ts: '1700000000.2' });
    await t.fake.waitFor((c) => c.method === 'views.publish' && c.params.user_id === 'U0SOMEONE');
    expect(t.fake.callsTo('views.publish').slice(before).map((c) => c.params.user_id)).toEqual(['U0SOMEONE']);
  });
});

describe('Share on a result card', () => {
  it('posts where the click happened, not in another channel the payload names', async () => {
    const payload = JSON.parse(new URLSearchParams(buttonClickBody({ actionId: ACTION_IDS.share, value: article().id, responseUrl: t.fake.responseUrl('forged-share'), channelId: 'C0CLICKED', userId: 'U0FORGER' })).get('payload')!) as Json;
    payload.channel = { id: 'C0VICTIM', name: 'victim' };
    const res = await postSigned(t.eventsUrl, { secret: SIGNING_SECRET, body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    await finished('action:share', 'U0FORGER');
    expect(t.fake.messagesIn('C0VICTIM')).toEqual([]);
    expect(t.fake.messagesIn('C0CLICKED')).toHaveLength(1);
  });
});

describe('the Share modal', () => {
  const submit = (channel: string, userId: string) =>
    t.interaction(
      viewSubmissionBody({
        userId,
        modal: {
          id: 'V0SHAREAUTH',
          hash: 'h',
          callbackId: SHARE_MODAL_IDS.callbackId,
          privateMetadata: shareMetadata(article().id),
          values: { [SHARE_MODAL_IDS.channelBlock]: { [SHARE_MODAL_IDS.channel]: { type: 'conversations_select', selected_conversation: channel } } },
        },
      }),
    );

  it('does not post in a channel the sharer is not a member of, and says why', async () => {
    t.fake.setChannel('C0PRIVATEISH', { members: ['U0INSIDER'] });
    const before = t.fake.callsTo('views.update').length;
    expect((await submit('C0PRIVATEISH', 'U0OUTSIDER')).status).toBe(200);
    const update = await t.fake.waitFor((c) => c.method === 'views.update' && t.fake.callsTo('views.update').indexOf(c) >= before);
    expect(JSON.stringify(update.params.view)).toContain('not a member of that channel');
    expect(t.fake.messagesIn('C0PRIVATEISH')).toEqual([]);
  });

  it('posts for a member', async () => {
    t.fake.setChannel('C0MINE', { members: ['U0INSIDER'] });
    expect((await submit('C0MINE', 'U0INSIDER')).status).toBe(200);
    await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0MINE');
  });

  it("refuses a forged conversation that is not a channel (someone's DM) on the picker", async () => {
    const answer = await submit('D0BOB', 'U0ALICE');
    expect((answer.body as Json).response_action).toBe('errors');
    expect(t.fake.messagesIn('D0BOB')).toEqual([]);
  });
});
