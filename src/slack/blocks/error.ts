/** What the user sees when handling failed: an apology and the reference the log line carries. */
import type { SlackMessage } from './message.js';
import { escapeMrkdwn } from './text.js';

export function apologyMessage(reference: string): SlackMessage {
  const text = `Something went wrong, reference ${escapeMrkdwn(reference)}. Please try again; if it keeps happening, give this reference to whoever runs the bot.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${text}` } }] };
}
