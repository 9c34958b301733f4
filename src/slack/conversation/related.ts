/**
 * "Find related articles" (message shortcut): search with the words of someone's message. The
 * message arrives as Slack markup, so mentions, channel links, special mentions (`<!channel>`),
 * bare links, emoji codes and code blocks are dropped (they are not topic words), link labels are
 * kept, and the text is bounded before it is searched (a message can be 40,000 characters).
 */
import { searchReply } from './search.js';
import type { HandlerDeps, Invocation, Reply } from './types.js';
import { normalizeUserText } from './user-text.js';

/** Characters of a message searched with: a long post's topic is in its first lines. */
export const RELATED_MAX_CHARS = 300;
/** Characters of raw markup looked at, before cleaning (bounds the work on a 40,000-character message). */
const RAW_MAX_CHARS = 4000;

const CODE_BLOCK = /```[^`]*```/g;
const ANGLE_MARKUP = /<[@#!][^<>]*>/g;
const BARE_LINK = /<(?:https?|mailto):[^<>|]*>/g;
const EMOJI = /:[a-z0-9_+-]+:/g;

/** The searchable words of a message's `text`, or '' when it has none. */
export function relatedQueryText(messageText: string): string {
  const raw = messageText.slice(0, RAW_MAX_CHARS).replace(CODE_BLOCK, ' ').replace(ANGLE_MARKUP, ' ').replace(BARE_LINK, ' ').replace(EMOJI, ' ');
  const text = normalizeUserText(raw);
  if (!/[\p{L}\p{N}]/u.test(text)) return '';
  const chars = Array.from(text);
  if (chars.length <= RELATED_MAX_CHARS) return text;
  // Cut at the last space so the last word searched is a whole one.
  const head = chars.slice(0, RELATED_MAX_CHARS + 1).join('');
  const space = head.lastIndexOf(' ');
  return (space > 0 ? head.slice(0, space) : head).trim();
}

/** What the clicker sees: the results (with Share), or why the message could not be searched. */
export function relatedReply(invocation: Invocation, messageText: string, deps: HandlerDeps): Reply {
  const query = relatedQueryText(messageText);
  if (query === '') {
    return {
      visibility: 'ephemeral',
      message: { text: 'That message has no words to search with (only emoji, links, code or a file). Try it on a message with some text.' },
      resultCount: 0,
    };
  }
  return searchReply({ ...invocation, surface: 'command' }, query, deps);
}
