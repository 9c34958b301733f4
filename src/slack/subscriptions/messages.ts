/**
 * The messages of the subscription verbs: the public "subscribed" confirmation with its preview,
 * the list of a channel's subscriptions, and the unsubscribe confirmations. Pure builders; every
 * piece of user or catalog text is escaped, and every message stays within Block Kit limits.
 */
import type { KnownBlock } from '@slack/types';
import type { Article } from '../../catalog/types.js';
import type { Subscription } from '../../store/types.js';
import { articleCard, articleFallback } from '../blocks/article-card.js';
import { MAX_BLOCKS_PER_MESSAGE, MAX_SECTION_TEXT } from '../blocks/limits.js';
import type { SlackMessage } from '../blocks/message.js';
import { capMrkdwn, escapeMrkdwn, listWithMore, mrkdwnText, truncate } from '../blocks/text.js';

/** Subscriptions listed one per block; past this many, "and N more" (Block Kit allows 50 blocks). */
export const MAX_LISTED = 40;
/** Subscriptions named inline (in a hint or a confirmation) before "and N more". */
export const MAX_NAMED = 10;
/** Characters of a saved query shown in a subscription's own line, and when several are named inline. */
const MAX_QUERY_CHARS = 500;
const MAX_INLINE_QUERY_CHARS = 80;
/** Characters of a pause reason shown (it is Slack's error code and our words, but stored text is bounded here). */
const MAX_REASON_CHARS = 300;

/** `` `a1b2c` (`tag:saas`), `d3e4f` (…), and 50 more ``: subscriptions named inline. */
export function subscriptionIds(subscriptions: readonly Subscription[]): string {
  return listWithMore(
    subscriptions.map((s) => `\`${s.id}\` (${queryLabel(s.query, MAX_INLINE_QUERY_CHARS)})`),
    MAX_NAMED,
  );
}

/** A saved query for display: escaped code span, or "all new articles". */
export function queryLabel(query: string, max = MAX_QUERY_CHARS): string {
  return query.trim() === '' ? '*all new articles*' : `\`${mrkdwnText(query.replace(/`/g, "'"), max)}\``;
}

/** `3 Mar 2024 09:00 UTC`, in the digest's time zone. */
export function formatWhen(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} ${get('hour')}:${get('minute')} ${timeZone}`;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

export interface SubscribedView {
  subscription: Subscription;
  /** The schedule in words (`describeSchedule`). */
  schedule: string;
  /** How many catalog articles the query matches today. */
  matchingToday: number;
  /** The newest matching articles (at most two are shown). */
  newest: readonly Article[];
  /** `/catalog` or `@catalog-bot`. */
  prefix: string;
}

export function subscribedMessage(view: SubscribedView): SlackMessage {
  const { subscription, prefix } = view;
  const who = `<@${subscription.createdBy}>`;
  const what = queryLabel(subscription.query);
  const newest = view.newest.slice(0, 2);
  const blocks: KnownBlock[] = [
    section(
      `:bell: ${who} subscribed this channel to ${what} (subscription \`${subscription.id}\`).\n` +
        `A digest of newly added matching articles is posted here ${escapeMrkdwn(view.schedule)}. Articles already in the catalog are not sent.`,
    ),
  ];
  if (view.matchingToday === 0) {
    blocks.push(context('No catalog article matches this today; new ones will arrive as they are added.'));
  } else {
    const count = `${view.matchingToday} catalog article${view.matchingToday === 1 ? '' : 's'} match${view.matchingToday === 1 ? 'es' : ''} today`;
    blocks.push(context(`Preview: ${count}. The newest ${newest.length === 1 ? 'one' : `${newest.length}`}:`));
    for (const article of newest) blocks.push({ type: 'divider' }, ...articleCard(article));
  }
  blocks.push(context(`\`${prefix} subscriptions\` lists this channel's subscriptions · \`${prefix} unsubscribe ${subscription.id}\` stops this one`));
  const fallbackQuery = subscription.query === '' ? 'all new articles' : escapeMrkdwn(subscription.query);
  const preview = newest.length > 0 ? ` Newest: ${newest.map(articleFallback).join('; ')}` : '';
  return {
    text: truncate(`${who} subscribed this channel to ${fallbackQuery} (${subscription.id}); digests ${escapeMrkdwn(view.schedule)}. ${view.matchingToday} match today.${preview}`, 3000),
    blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}

function subscriptionLine(s: Subscription, timeZone: string): string {
  const state = s.state === 'active' ? ':large_green_circle: active' : `:double_vertical_bar: *paused*: ${mrkdwnText(s.pausedReason ?? 'no reason recorded', MAX_REASON_CHARS)}`;
  const last = s.lastDeliveredAt ? `last digest ${formatWhen(s.lastDeliveredAt, timeZone)}` : 'no digest yet';
  const invite = s.inviteRequestedAt ? `\n:warning: waiting for \`/invite @catalog-bot\` in <#${s.channelId}> (asked <@${s.createdBy}> on ${formatWhen(s.inviteRequestedAt, timeZone)})` : '';
  return `\`${s.id}\` ${queryLabel(s.query)} · ${state}\nsubscribed by <@${s.createdBy}> on ${formatWhen(s.createdAt, timeZone)} · ${last}${invite}`;
}

export function subscriptionListMessage(subscriptions: readonly Subscription[], options: { timeZone: string; prefix: string; schedule: string }): SlackMessage {
  const { prefix } = options;
  if (subscriptions.length === 0) {
    const text = `This channel has no subscriptions. Subscribe it with \`${prefix} subscribe [query]\`, e.g. \`${prefix} subscribe tag:saas\`.`;
    return { text, blocks: [section(text)] };
  }
  const n = subscriptions.length;
  const header = `This channel has ${n} subscription${n === 1 ? '' : 's'}; digests come ${escapeMrkdwn(options.schedule)}.`;
  const shown = subscriptions.slice(0, MAX_LISTED);
  const blocks: KnownBlock[] = [section(header)];
  for (const s of shown) blocks.push(section(subscriptionLine(s, options.timeZone)));
  if (n > shown.length) blocks.push(context(`…and ${n - shown.length} more (\`${prefix} unsubscribe <id>\` takes any of their ids).`));
  blocks.push(context(`\`${prefix} unsubscribe <id>\` removes one · \`${prefix} unsubscribe all\` removes them all`));
  const fallback = `${header} ${subscriptions.map((s) => `${s.id} (${s.state})`).join(', ')}`;
  return { text: truncate(fallback, 3000), blocks: blocks.slice(0, MAX_BLOCKS_PER_MESSAGE) };
}

export function unsubscribedMessage(userId: string, removed: readonly Subscription[]): SlackMessage {
  const list = listWithMore(
    removed.map((s) => `\`${s.id}\` ${queryLabel(s.query, removed.length === 1 ? MAX_QUERY_CHARS : MAX_INLINE_QUERY_CHARS)}`),
    MAX_NAMED,
  );
  const text =
    removed.length === 1
      ? `:no_bell: <@${userId}> unsubscribed this channel from ${list}. No more digests for it.`
      : `:no_bell: <@${userId}> unsubscribed this channel from all ${removed.length} subscriptions: ${list}. No more digests here.`;
  return noticeMessage(text);
}

/**
 * An answer built from escaped parts (a refusal, a usage hint, a confirmation): one section and the
 * same text as fallback. The parts are clamped where they are made; the cap here is the last guard.
 */
export function noticeMessage(text: string): SlackMessage {
  const capped = capMrkdwn(text, MAX_SECTION_TEXT);
  return { text: capped, blocks: [section(capped)] };
}
