/**
 * The App Home view: what a user sees with and without subscriptions, a paused one with its reason
 * and how to resume, clamping of long lists within Slack's view limits, and escaping of catalog text.
 */
import { describe, expect, it } from 'vitest';
import type { Subscription } from '../../../src/store/types.js';
import { HOME_ACTION_IDS, HOME_MAX_SUBSCRIPTIONS, homeView, type HomeViewInput } from '../../../src/slack/home/home-view.js';
import { makeArticle } from '../../helpers/article.js';
import { viewProblems } from '../../helpers/block-kit-limits.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Block Kit JSON introspection

const subscription = (i: number, over: Partial<Subscription> = {}): Subscription => ({
  id: `s${i}`,
  channelId: `C${i}`,
  query: `tag:t${i}`,
  createdBy: 'U1',
  createdAt: new Date('2024-01-01T00:00:00Z'),
  state: 'active',
  ...over,
});
const input = (over: Partial<HomeViewInput> = {}): HomeViewInput => ({
  userId: 'U1',
  newest: [makeArticle({ id: 'a1', title: 'Kafka at scale' })],
  subscriptions: [],
  catalogSize: 1234,
  timeZone: 'UTC',
  ...over,
});
const texts = (view: Json): string => JSON.stringify(view.blocks);
const unsubscribeButtons = (view: Json): Json[] => (view.blocks as Json[]).filter((b) => b.accessory?.action_id === HOME_ACTION_IDS.unsubscribe).map((b) => b.accessory);

describe('App Home view', () => {
  it('without subscriptions says how to subscribe, and says how to search, and shows the newest articles', () => {
    const view = homeView(input()) as Json;
    expect(viewProblems(view)).toEqual([]);
    expect(view.type).toBe('home');
    expect(texts(view)).toContain('You have no subscriptions');
    expect(texts(view)).toContain('/catalog subscribe');
    expect(texts(view)).toContain('Kafka at scale');
    expect(texts(view)).toContain('/catalog &lt;words&gt;');
    expect(unsubscribeButtons(view)).toEqual([]);
  });

  it('with no articles says the catalog is empty', () => {
    expect(texts(homeView(input({ newest: [] })) as Json)).toContain('no articles yet');
  });

  it('lists each subscription with channel, query, state, last digest and an Unsubscribe button', () => {
    const subs = [
      subscription(1, { lastDeliveredAt: new Date('2024-03-05T10:00:00Z') }),
      subscription(2, { state: 'paused', pausedReason: 'the channel was archived', pausedAt: new Date('2024-03-06T00:00:00Z') }),
    ];
    const view = homeView(input({ subscriptions: subs })) as Json;
    expect(viewProblems(view)).toEqual([]);
    const rows = (view.blocks as Json[]).filter((b) => b.accessory?.action_id === HOME_ACTION_IDS.unsubscribe).map((b) => b.text.text as string);
    expect(rows[0]).toContain('<#C1>');
    expect(rows[0]).toContain('t1');
    expect(rows[0]).toContain('active');
    expect(rows[0]).toContain('last digest');
    expect(rows[1]).toContain('paused');
    expect(rows[1]).toContain('the channel was archived');
    expect(rows[1]).toContain('/catalog subscribe tag:t2');
    expect(rows[1]).toContain('no digest yet');
    expect(unsubscribeButtons(view).map((b) => b.value)).toEqual(['s1', 's2']);
  });

  it('clamps many subscriptions within 100 blocks and says how many more and how to list them', () => {
    const subs = Array.from({ length: 500 }, (_, i) => subscription(i));
    const view = homeView(input({ subscriptions: subs, newest: Array.from({ length: 50 }, (_, i) => makeArticle({ id: `a${i}` })) })) as Json;
    expect(viewProblems(view)).toEqual([]);
    expect(unsubscribeButtons(view)).toHaveLength(HOME_MAX_SUBSCRIPTIONS);
    expect(texts(view)).toContain(`and ${500 - HOME_MAX_SUBSCRIPTIONS} more`);
    expect(texts(view)).toContain('/catalog subscriptions');
  });

  it('escapes hostile catalog text and pause reasons so nothing pings or forges a link', () => {
    const hostile = '<!channel> <https://evil.example|click> & <@U999>';
    const view = homeView(input({
      newest: [makeArticle({ title: hostile, summary: hostile, authors: [hostile] })],
      subscriptions: [subscription(1, { state: 'paused', pausedReason: hostile, query: 'x' })],
    })) as Json;
    expect(viewProblems(view)).toEqual([]);
    const all = texts(view);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<https://evil.example');
    expect(all).not.toContain('<@U999>');
    expect(all).toContain('&lt;!channel&gt;');
  });

  it('shows a stored channel id that is not one Slack makes, or a hostile paused reason, as text (no link, no mention)', () => {
    const view = homeView(input({ subscriptions: [subscription(1, { channelId: 'C1>|<!channel', state: 'paused', pausedReason: '<!here> gone', query: 'a <b> & c' })] })) as Json;
    const text = texts(view);
    expect(text).not.toContain('<!channel');
    expect(text).not.toContain('<!here>');
    expect(text).toContain('&lt;!here&gt;');
    expect(text).toContain('a channel');
  });
});
