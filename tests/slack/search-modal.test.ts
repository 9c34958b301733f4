/**
 * The search modal end to end: a signed global shortcut (and Home's Search button) opens it with
 * the click's trigger_id; typing (block_actions from the dispatch_action input) updates it with the
 * `/catalog` results; Next pages; "Share to channel…" pushes the picker, whose submission posts the
 * card in the picked channel "shared by" the user; submissions of bad queries are answered on the
 * input. Everything the app sent is read back from the fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODAL_PAGE_SIZE, SEARCH_MODAL_IDS, SHARE_MODAL_IDS } from '../../src/slack/blocks/search-modal.js';
import { HOME_ACTION_IDS } from '../../src/slack/home/home-view.js';
import { SEARCH_CALLBACK_ID } from '../../src/slack/listeners/shortcuts/search-catalog.js';
import type { FakeSlackCall } from '../helpers/fake-slack.js';
import { globalShortcutBody, modalActionBody, viewSubmissionBody, type ModalInPayload } from '../helpers/signed-request.js';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Block Kit JSON introspection

let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(async () => {
  await t.close();
});

const viewSent = (call: FakeSlackCall): Json => (typeof call.params.view === 'string' ? JSON.parse(call.params.view) : call.params.view) as Json;
const search = (q: string, offset = 0) => t.app.runtime.handlerDeps.search().search(q, { limit: MODAL_PAGE_SIZE, offset });

/** The titles a user reads on the modal's cards, in order. */
function cardTitles(view: Json): string[] {
  return (view.blocks as Json[])
    .filter((b) => b.accessory?.action_id === SEARCH_MODAL_IDS.share)
    .map((b) => /^\*<[^|]*\|([^>]*)>\*/.exec(b.text.text as string)?.[1] ?? '')
    .map((s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}
/** Every mrkdwn text of a view: where Slack would turn `<!channel>` into a ping. */
function mrkdwnTexts(view: Json): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Json;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(view.blocks);
  return out;
}
const expectedTitles = (q: string, offset = 0) => search(q, offset).hits.map((h) => h.article.title.slice(0, 150));

let triggers = 0;
/** Open the modal from the shortcuts menu; the view as Slack holds it (id, hash). */
async function openModal(userId = 'U0ALICE'): Promise<ModalInPayload & { sent: Json }> {
  const triggerId = `trigger-${(triggers += 1)}`;
  const { status } = await t.interaction(globalShortcutBody({ callbackId: SEARCH_CALLBACK_ID, triggerId, userId }));
  expect(status).toBe(200);
  const call = await t.fake.waitFor((c) => c.method === 'views.open' && c.params.trigger_id === triggerId);
  const opened = (call.body as Json).view as Json;
  return { id: opened.id as string, hash: opened.hash as string, callbackId: SEARCH_MODAL_IDS.callbackId, sent: viewSent(call) };
}

const shownUpdates = (viewId: string) => t.fake.callsTo('views.update').filter((c) => c.params.view_id === viewId && c.outcome === 'ok');

/** Send a block_actions from the modal as it is now, and wait for the views.update it causes. */
async function act(viewId: string, action: Json, triggerId?: string): Promise<Json> {
  const before = shownUpdates(viewId).length;
  const current = t.fake.modal(viewId)!;
  const modal = { id: viewId, hash: current.hash, callbackId: SEARCH_MODAL_IDS.callbackId, privateMetadata: String(current.private_metadata ?? '') };
  const { status } = await t.interaction(modalActionBody({ modal, action, triggerId }));
  expect(status).toBe(200);
  await t.fake.waitFor(() => shownUpdates(viewId).length > before);
  return viewSent(shownUpdates(viewId)[before]!);
}

const typing = (value: string) => ({ type: 'plain_text_input', block_id: SEARCH_MODAL_IDS.inputBlock, action_id: SEARCH_MODAL_IDS.input, value });
const button = (b: Json) => ({ type: 'button', action_id: b.action_id, value: b.value, text: b.text });
const buttonsOf = (view: Json): Json[] => (view.blocks as Json[]).flatMap((b) => [...(b.accessory ? [b.accessory] : []), ...(b.type === 'actions' ? b.elements : [])]).filter((e: Json) => e.type === 'button');

describe('search modal (global shortcut catalog_search)', () => {
  it('opens with the trigger id, then shows the top 10 as the user types, pages with Next, and shares a card to a channel', async () => {
    const modal = await openModal();
    expect(modal.sent.type).toBe('modal');
    const input = (modal.sent.blocks as Json[]).find((b) => b.block_id === SEARCH_MODAL_IDS.inputBlock)!;
    expect(input.dispatch_action).toBe(true);
    expect(input.element.dispatch_action_config.trigger_actions_on).toEqual(['on_character_entered']);

    const query = 'multi-tenant saas';
    const results = await act(modal.id, typing(query));
    const titles = cardTitles(results);
    expect(titles).toHaveLength(MODAL_PAGE_SIZE);
    expect(titles).toEqual(expectedTitles(query));
    const total = search(query).total;
    expect(total).toBeGreaterThan(MODAL_PAGE_SIZE);
    expect(JSON.stringify(results.blocks)).toContain(`10 of ${total} articles`);

    const next = buttonsOf(results).find((b) => b.action_id === SEARCH_MODAL_IDS.next)!;
    expect(next, 'a Next button').toBeDefined();
    const page2 = await act(modal.id, button(next));
    expect(cardTitles(page2)).toEqual(expectedTitles(query, MODAL_PAGE_SIZE));
    expect(JSON.stringify(page2.blocks)).toContain(`11–`);
    expect(buttonsOf(page2).map((b) => b.action_id)).toContain(SEARCH_MODAL_IDS.previous);

    // Share the first card of page 2: the picker is pushed with the click's trigger id.
    const share = buttonsOf(page2).find((b) => b.action_id === SEARCH_MODAL_IDS.share)!;
    const shareTrigger = 'trigger-share-1';
    const current = t.fake.modal(modal.id)!;
    await t.interaction(modalActionBody({ modal: { id: modal.id, hash: current.hash, callbackId: SEARCH_MODAL_IDS.callbackId }, action: button(share), triggerId: shareTrigger }));
    const pushCall = await t.fake.waitFor((c) => c.method === 'views.push' && c.params.trigger_id === shareTrigger);
    const pushed = (pushCall.body as Json).view as Json;
    expect(viewSent(pushCall).callback_id).toBe(SHARE_MODAL_IDS.callbackId);

    const submitted = await t.interaction(
      viewSubmissionBody({
        modal: {
          id: pushed.id as string,
          hash: pushed.hash as string,
          callbackId: SHARE_MODAL_IDS.callbackId,
          privateMetadata: pushed.private_metadata as string,
          values: { [SHARE_MODAL_IDS.channelBlock]: { [SHARE_MODAL_IDS.channel]: { type: 'conversations_select', selected_conversation: 'C0SHAREHERE' } } },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    expect((submitted.body as Json).response_action).toBe('update');
    const post = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0SHAREHERE');
    expect(String(post.params.text)).toContain('shared by <@U0ALICE>');
    expect(JSON.stringify(post.params.blocks)).toContain('shared by <@U0ALICE>');
    expect(String(post.params.text)).toContain(expectedTitles(query, MODAL_PAGE_SIZE)[0]!.slice(0, 40).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const outcome = await t.fake.waitFor((c) => c.method === 'views.update' && c.params.view_id === pushed.id);
    expect(JSON.stringify(viewSent(outcome).blocks)).toContain('Shared in <#C0SHAREHERE>');
    expect(t.limitProblems()).toEqual([]);
  });

  it('tells the user in the Share modal when the bot is not in the picked channel, with the picker to choose again', async () => {
    t.fake.setChannel('C0NOTMINE', { member: false });
    const modal = await openModal();
    const results = await act(modal.id, typing('kubernetes'));
    const share = buttonsOf(results).find((b) => b.action_id === SEARCH_MODAL_IDS.share)!;
    await t.interaction(modalActionBody({ modal: { ...modal, hash: t.fake.modal(modal.id)!.hash }, action: button(share), triggerId: 'trigger-share-2' }));
    const pushed = ((await t.fake.waitFor((c) => c.method === 'views.push' && c.params.trigger_id === 'trigger-share-2')).body as Json).view as Json;
    await t.interaction(
      viewSubmissionBody({
        modal: { id: pushed.id, hash: pushed.hash, callbackId: SHARE_MODAL_IDS.callbackId, privateMetadata: pushed.private_metadata, values: { [SHARE_MODAL_IDS.channelBlock]: { [SHARE_MODAL_IDS.channel]: { type: 'conversations_select', selected_conversation: 'C0NOTMINE' } } } },
      }),
    );
    const outcome = viewSent(await t.fake.waitFor((c) => c.method === 'views.update' && c.params.view_id === pushed.id));
    const text = JSON.stringify(outcome.blocks);
    expect(text).toContain('Not shared in <#C0NOTMINE>');
    expect(text).toContain('/invite @catalog-bot');
    expect((outcome.blocks as Json[]).some((b) => b.block_id === SHARE_MODAL_IDS.channelBlock)).toBe(true);
    expect(t.fake.messagesIn('C0NOTMINE')).toHaveLength(0);
  });

  it('answers a submitted empty or unreadable query on the input (response_action errors), and a good one with results', async () => {
    const modal = await openModal();
    const submit = (value: string) =>
      t.interaction(viewSubmissionBody({ modal: { ...modal, values: { [SEARCH_MODAL_IDS.inputBlock]: { [SEARCH_MODAL_IDS.input]: { type: 'plain_text_input', value } } } } }));

    const blank = (await submit('   ')).body as Json;
    expect(blank.response_action).toBe('errors');
    expect(blank.errors[SEARCH_MODAL_IDS.inputBlock]).toMatch(/Type some words/);

    const badDate = (await submit('dynamodb after:someday')).body as Json;
    expect(badDate.response_action).toBe('errors');
    expect(badDate.errors[SEARCH_MODAL_IDS.inputBlock]).toMatch(/not a date/);

    const good = (await submit('dynamodb')).body as Json;
    expect(good.response_action).toBe('update');
    expect(cardTitles(good.view).length).toBeGreaterThan(0);
    expect(cardTitles(good.view)).toEqual(expectedTitles('dynamodb'));
  });

  it('escapes hostile text typed in the query and found in the catalog: nothing in the modal pings or links', async () => {
    const modal = await openModal();
    const typed = '<!channel> <https://evil.example|x> zebrafish';
    const view = await act(modal.id, typing(typed));
    const texts = mrkdwnTexts(view).join('\n');
    expect(texts).toContain('Zebrafish');
    for (const forged of ['<!channel>', '<!here>', '<!everyone>', '<https://evil.example|x>', '<@U0VICTIM>', '<https://x|y>']) expect(texts).not.toContain(forged);
    expect(texts).toContain('&lt;!channel&gt;');
    expect(t.limitProblems()).toEqual([]);
  });

  it('shows the weak-result and no-result answers the way /catalog does, with "did you mean" as modal buttons', async () => {
    const modal = await openModal();
    const weak = await act(modal.id, typing('android app store screenshots'));
    expect(search('android app store screenshots').weak).toBe(true);
    expect(JSON.stringify(weak.blocks)).toContain('Nothing in the catalog is about *android app store screenshots*');

    const query = 'dynamodb year:2015';
    const expected = search(query);
    expect(expected.total).toBe(0);
    expect(expected.suggestions.length).toBeGreaterThan(0);
    const none = await act(modal.id, typing(query));
    expect(JSON.stringify(none.blocks)).toContain('No articles match');
    const suggestion = buttonsOf(none).find((b) => b.action_id === `${SEARCH_MODAL_IDS.suggestionPrefix}:0`)!;
    expect(suggestion, 'a "did you mean" button').toBeDefined();
    const tried = await act(modal.id, button(suggestion));
    expect(cardTitles(tried)).toEqual(expectedTitles(expected.suggestions[0]!));
    expect(cardTitles(tried).length).toBeGreaterThan(0);
  });

  it("opens the same modal from App Home's Search button", async () => {
    expect(await t.event('EvModalHome1', { type: 'app_home_opened', user: 'U0HOMESEARCH', channel: 'D0HOME', tab: 'home', event_ts: '1700000000.1' })).toBe(200);
    const home = viewSent(await t.fake.waitFor((c) => c.method === 'views.publish' && c.params.user_id === 'U0HOMESEARCH'));
    const search = buttonsOf(home).find((b) => b.action_id === HOME_ACTION_IDS.search);
    expect(search?.text.text).toBe('Search');
    const { status } = await t.click({ actionId: HOME_ACTION_IDS.search, value: 'search', userId: 'U0HOMESEARCH', triggerId: 'trigger-home-search' });
    expect(status).toBe(200);
    const call = await t.fake.waitFor((c) => c.method === 'views.open' && c.params.trigger_id === 'trigger-home-search');
    expect(viewSent(call).callback_id).toBe(SEARCH_MODAL_IDS.callbackId);
  });

  it('tells the user by DM when a share failed after the Share modal was closed', async () => {
    t.fake.setChannel('C0NOTMINE2', { member: false });
    const article = search('dynamodb').hits[0]!.article;
    await t.interaction(
      viewSubmissionBody({
        modal: {
          id: 'V0CLOSEDMODAL',
          hash: 'stale',
          callbackId: SHARE_MODAL_IDS.callbackId,
          privateMetadata: JSON.stringify({ a: article.id }),
          values: { [SHARE_MODAL_IDS.channelBlock]: { [SHARE_MODAL_IDS.channel]: { type: 'conversations_select', selected_conversation: 'C0NOTMINE2' } } },
        },
        userId: 'U0CLOSER',
      }),
    );
    const dm = await t.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'U0CLOSER');
    expect(String(dm.params.text)).toContain('was not shared');
    expect(String(dm.params.text)).toContain('/invite @catalog-bot');
  });
});
