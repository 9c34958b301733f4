/**
 * Whether a person is in a conversation, asked of Slack (conversations.members, paged): the Share
 * modal posts a card only where the person who picked the channel is a member, so a forged
 * submission cannot make the bot post into a conversation its sender does not belong to.
 */
import type { WebClient } from '@slack/web-api';
import { slackErrorCode } from '../post-failure.js';

/** Members read at most (1,000 a page) before giving up as "cannot tell". */
const MAX_PAGES = 20;

export type Membership = { member: true } | { member: false } | { member: undefined; slackError?: string };

export async function membership(client: WebClient, channel: string, userId: string): Promise<Membership> {
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const response = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      if (response.members?.includes(userId)) return { member: true };
      cursor = response.response_metadata?.next_cursor;
      if (!cursor) return { member: false };
    }
    return { member: undefined };
  } catch (error) {
    return { member: undefined, ...(slackErrorCode(error) ? { slackError: slackErrorCode(error) } : {}) };
  }
}
