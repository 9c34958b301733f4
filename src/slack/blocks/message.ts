/**
 * What every builder in this folder returns: a message as chat.postMessage, chat.postEphemeral and a
 * response_url accept it. It lives here, at the bottom of the Slack layer, so the builders import
 * nothing above them; the conversation handlers and the shell use it from here.
 */
import type { KnownBlock } from '@slack/types';

export interface SlackMessage {
  /** Plain fallback for notifications and screen readers; always present. */
  text: string;
  blocks?: KnownBlock[];
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}
