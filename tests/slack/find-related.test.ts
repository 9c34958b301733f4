/**
 * The "Find related articles" message shortcut through the real Bolt app: a signed message_action
 * payload in, the clicker's private answer (chat.postEphemeral, in the message's thread) recorded
 * by the fake Slack, with the result cards and their Share buttons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/slack/blocks/actions.js';
import { relatedQueryText, RELATED_MAX_CHARS } from '../../src/slack/conversation/related.js';
import { startTestSlackApp, SIGNING_SECRET, type TestSlackApp } from '../helpers/slack-app-harness.js';
import { FORM, newTriggerId, postSigned } from '../helpers/signed-request.js';

let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(async () => {
  await t.close();
});

async function shortcut(channel: string, message: Record<string, unknown>, responseId = `rel-${channel}`) {
  const payload = {
    type: 'message_action',
    callback_id: 'catalog_related',
    trigger_id: newTriggerId('related'),
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: 'U0ALICE', username: 'alice', team_id: 'T0FAKE' },
    channel: { id: channel, name: channel.toLowerCase() },
    message_ts: message.ts,
    message: { type: 'message', user: 'U0BOB', ...message },
    response_url: t.fake.responseUrl(responseId),
    token: 'legacy-verification-token',
    action_ts: '1700002000.000100',
  };
  const res = await postSigned(t.eventsUrl, { secret: SIGNING_SECRET, body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: FORM });
  await res.arrayBuffer();
  return res.status;
}

const ephemeralIn = (channel: string) => t.fake.waitFor((c) => c.method === 'chat.postEphemeral' && c.params.channel === channel);
const blocksText = (params: Record<string, unknown>) => JSON.stringify(params.blocks ?? []);

describe('message shortcut "Find related articles" (catalog_related)', () => {
  it('answers the clicker privately in the channel with result cards and Share buttons', async () => {
    expect(await shortcut('C0REL', { text: 'How do we route tenants in a multi-tenant SaaS with <@U0CAROL>?', ts: '1700002000.000001' })).toBe(200);
    const call = await ephemeralIn('C0REL');
    expect(call.params.user).toBe('U0ALICE');
    expect(call.params.thread_ts).toBeUndefined();
    expect(blocksText(call.params)).toContain(ACTION_IDS.share);
    expect(blocksText(call.params).toLowerCase()).toContain('tenant');
  });

  it('answers in the thread when the message is in a thread', async () => {
    await shortcut('C0RELTHREAD', { text: 'any advice on eks for saas?', ts: '1700002100.000200', thread_ts: '1700002100.000100' });
    const call = await ephemeralIn('C0RELTHREAD');
    expect(call.params.thread_ts).toBe('1700002100.000100');
  });

  it('says so when the message has no usable words', async () => {
    await shortcut('C0RELEMPTY', { text: ':tada: <https://example.com/x> <@U0CAROL>', ts: '1700002200.000100' });
    const call = await ephemeralIn('C0RELEMPTY');
    expect(String(call.params.text)).toContain('no words to search with');
    expect(call.params.blocks).toBeUndefined();
  });

  it('never pings or forges links from the message text', async () => {
    await shortcut('C0RELHOSTILE', { text: '<!channel> zebrafish <https://evil.example|click me> <!here> &lt;@U0X&gt;', ts: '1700002300.000100' });
    const call = await ephemeralIn('C0RELHOSTILE');
    const all = JSON.stringify(call.params);
    expect(all).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
  });

  it('falls back to the response_url when the bot is not in the channel', async () => {
    t.fake.failChannel('C0NOTIN', 'not_in_channel', { methods: ['chat.postEphemeral'] });
    await shortcut('C0NOTIN', { text: 'multi-tenant data partitioning', ts: '1700002400.000100' }, 'rel-notin');
    const body = await t.response('rel-notin');
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain(ACTION_IDS.share);
  });

  it('searches with a bounded part of a 40,000-character message, markup removed', () => {
    const query = relatedQueryText(`${'tenant '.repeat(6000)}\`\`\`code here\`\`\``);
    expect(Array.from(query).length).toBeLessThanOrEqual(RELATED_MAX_CHARS);
    expect(query.startsWith('tenant tenant')).toBe(true);
    expect(relatedQueryText('see ```select * from t``` and <https://a.example|the label> <#C1|general>')).toBe('see and the label');
    expect(t.limitProblems()).toEqual([]);
  });
});
