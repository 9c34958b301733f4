/**
 * The App Home tab (views.publish): how to search, the newest articles as cards, the
 * subscriptions this user created in any channel with an Unsubscribe button each, and a short
 * "how to use". Pure: what to show in, the view out, clamped to Slack's 100 blocks per view.
 *
 * Every text is escaped as cards' are (blocks/text.ts), ours included: `/catalog <words>` unescaped
 * is a link to "words" for Slack. Formatting (code spans, bold, channel mentions) is added around
 * escaped parts, never inside them.
 */
import type { KnownBlock, View } from '@slack/types';
import type { Article } from '../../catalog/types.js';
import type { Subscription } from '../../store/types.js';
import { articleCard } from '../blocks/article-card.js';
import { MAX_BLOCKS_PER_VIEW, MAX_SECTION_TEXT } from '../blocks/limits.js';
import { channelMention, escapeMrkdwn, mrkdwnText, plainText } from '../blocks/text.js';
import { SLASH_COMMAND } from '../names.js';
import { formatWhen, queryLabel } from '../subscriptions/messages.js';

/** Newest articles shown: enough to see what is new without pushing the subscriptions off-screen. */
export const HOME_NEWEST = 5;
/**
 * Subscriptions listed: each is one block, and with the cards (≤ 2 blocks each) and the fixed
 * blocks this keeps the view far below 100 blocks; the rest are counted and pointed to.
 */
export const HOME_MAX_SUBSCRIPTIONS = 40;

export const HOME_ACTION_IDS = {
  /** Removes one subscription; value = subscription id. */
  unsubscribe: 'home_unsubscribe',
  /** Opens the search modal (the same as the "Search the catalog" shortcut). */
  search: 'home_search',
} as const;

export interface HomeViewInput {
  userId: string;
  /** Newest first; only the first HOME_NEWEST are shown. */
  newest: readonly Article[];
  /** This user's subscriptions, any channel, oldest first; undefined when the store could not list them. */
  subscriptions: readonly Subscription[] | undefined;
  catalogSize: number;
  timeZone: string;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
/** A command as a code span, escaped: `/catalog <words>` shows as typed. */
const code = (text: string): string => `\`${escapeMrkdwn(text.replace(/`/g, "'"))}\``;
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text: plainText(text, 150) } });

/** State in words, and for a paused one why and how to resume (subscribing again resumes it). */
export function subscriptionState(s: Subscription): string {
  if (s.state === 'active') return ':large_green_circle: active';
  const reason = mrkdwnText(s.pausedReason ?? 'no reason recorded', 300);
  const resume = s.query === '' ? `${SLASH_COMMAND} subscribe` : `${SLASH_COMMAND} subscribe ${s.query}`;
  return `:double_vertical_bar: *paused*: ${reason}. To resume, fix that and type ${code(resume.slice(0, 500))} in ${channelMention(s.channelId)}`;
}

function subscriptionBlock(s: Subscription, timeZone: string): KnownBlock {
  const last = s.lastDeliveredAt ? `last digest ${formatWhen(s.lastDeliveredAt, timeZone)}` : 'no digest yet';
  const where = channelMention(s.channelId, 'a channel');
  const text = `${where} · ${queryLabel(s.query, 300)} · ${code(s.id)}\n${subscriptionState(s)}\n${escapeMrkdwn(last)}`;
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: text.length > MAX_SECTION_TEXT ? `${where} · ${code(s.id.slice(0, 100))}` : text },
    accessory: {
      type: 'button',
      action_id: HOME_ACTION_IDS.unsubscribe,
      text: { type: 'plain_text', text: 'Unsubscribe' },
      value: s.id,
      confirm: {
        title: { type: 'plain_text', text: 'Unsubscribe?' },
        text: { type: 'plain_text', text: plainText(`No more digests in this channel for subscription ${s.id}.`, 300) },
        confirm: { type: 'plain_text', text: 'Unsubscribe' },
        deny: { type: 'plain_text', text: 'Keep it' },
      },
    },
  };
}

export function homeView(input: HomeViewInput): View {
  const blocks: KnownBlock[] = [
    header('Technical article catalog'),
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `Search ${input.catalogSize.toLocaleString('en-US')} articles by words, tags, authors and dates, or type ${code(`${SLASH_COMMAND} <words>`)} in any channel.` },
      accessory: { type: 'button', action_id: HOME_ACTION_IDS.search, text: { type: 'plain_text', text: 'Search' }, style: 'primary' },
    },
    header('Newest articles'),
  ];
  const newest = input.newest.slice(0, HOME_NEWEST);
  if (newest.length === 0) blocks.push(context('The catalog has no articles yet. Once it is loaded, the newest appear here.'));
  for (const article of newest) blocks.push(...articleCard(article, { share: true }));

  blocks.push({ type: 'divider' }, header('Your subscriptions'));
  const subs = input.subscriptions ?? [];
  if (input.subscriptions === undefined) {
    blocks.push(context(':warning: Your subscriptions cannot be shown right now: the bot\'s database does not answer. Search works as usual; open this tab again in a few minutes.'));
  } else if (subs.length === 0) {
    blocks.push(context(`You have no subscriptions. In a channel, type ${code(`${SLASH_COMMAND} subscribe [query]`)} (e.g. ${code(`${SLASH_COMMAND} subscribe tag:kafka`)}) to get a digest of new matching articles there.`));
  }
  const shown = subs.slice(0, HOME_MAX_SUBSCRIPTIONS);
  for (const s of shown) blocks.push(subscriptionBlock(s, input.timeZone));
  if (subs.length > shown.length) {
    blocks.push(context(`…and ${subs.length - shown.length} more. ${code(`${SLASH_COMMAND} subscriptions`)} in a channel lists all of that channel's.`));
  }

  blocks.push(
    { type: 'divider' },
    header('How to use'),
    section(
      `• ${code(`${SLASH_COMMAND} kafka streaming`)} searches; filters: ${code('tag:')}, ${code('author:')}, ${code('after:2024-01-01')}, ${code('before:')}\n` +
        `• ${code(`${SLASH_COMMAND} subscribe [query]`)} posts a digest of new matching articles in that channel\n` +
        `• ${code(`${SLASH_COMMAND} help`)} lists every command`,
    ),
  );
  // The fixed blocks plus HOME_NEWEST cards and HOME_MAX_SUBSCRIPTIONS rows stay well under; the slice keeps the limit explicit.
  return { type: 'home', blocks: blocks.slice(0, MAX_BLOCKS_PER_VIEW) };
}
