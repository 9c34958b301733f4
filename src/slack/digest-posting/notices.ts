/**
 * Direct messages to a subscriber whose subscription needs them: paused (channel archived or gone)
 * or waiting for an /invite (private channel). All user-provided text is escaped.
 */
import type { SubscriberNotice } from '../../digest/types.js';
import { BOT_HANDLE, SLASH_COMMAND } from '../names.js';
import { escapeMrkdwn } from '../blocks/text.js';
import type { SlackMessage } from '../blocks/message.js';

/** `tag:saas` → "`tag:saas`"; '' → "all new articles". Escaped, backticks removed so the code span holds. */
export function describeQuery(query: string): string {
  return query.trim() === '' ? 'all new articles' : `\`${escapeMrkdwn(query.replace(/`/g, "'"))}\``;
}

export function subscriberNoticeMessage(notice: SubscriberNotice): SlackMessage {
  const { subscription } = notice;
  const channel = `<#${subscription.channelId}>`;
  const what = `Your digest subscription \`${subscription.id}\` (${describeQuery(subscription.query)}) in ${channel}`;
  let text: string;
  if (notice.kind === 'paused') {
    const queryText = escapeMrkdwn(subscription.query.replace(/`/g, "'"));
    text =
      `${what} is paused: ${escapeMrkdwn(notice.reason)}. It is kept, not deleted, and listed as paused by \`${SLASH_COMMAND} subscriptions\`.\n` +
      `If the channel is private and the bot was removed, invite it back with \`/invite ${BOT_HANDLE}\`. ` +
      `Running \`${SLASH_COMMAND} subscribe${queryText ? ` ${queryText}` : ''}\` in the channel once it is back resumes it (or, in another channel, starts the same digest there); ` +
      `\`${SLASH_COMMAND} unsubscribe ${subscription.id}\` removes it.`;
  } else {
    text =
      `${what} has new articles, but the bot is not a member of that private channel and cannot join it by itself.\n` +
      `Type \`/invite ${BOT_HANDLE}\` in ${channel}; the articles go out with the next digest.`;
  }
  return { text, unfurl_links: false, unfurl_media: false };
}
