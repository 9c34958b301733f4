/**
 * Text helpers for everything that reaches Slack. The one place that knows Slack's mrkdwn control
 * characters, so no builder has to remember them.
 */
import { isWhitespace, oneOf, trimEndWhile } from '../../util/text.js';

const isPunctuation = oneOf(',;:.-–—');
const isTrailingPunctuation = (ch: string) => isWhitespace(ch) || isPunctuation(ch);

/**
 * Escape the three characters Slack's mrkdwn treats as control characters (`&` first, so the
 * entities we add are not escaped again). Once escaped, `<!channel>` or `<https://x|y>` typed by a
 * user or found in the catalog is shown as text and notifies no one.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Undo `escapeMrkdwn` (the shell shows messages as a person would read them in Slack). */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const ELLIPSIS = '…';

/**
 * Cut `text` to at most `max` characters (Unicode code points, so an emoji is never split in half),
 * ending in `…` when something was cut. Slack counts characters, not bytes.
 */
export function truncate(text: string, max: number): string {
  if (max <= 0) return '';
  // UTF-16 length is never below the character count, so short text needs no splitting.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('').trimEnd() + ELLIPSIS;
}

/**
 * Like `truncate`, but cuts at the last word boundary before `max` so the reader never sees half a
 * word, unless that would throw away more than a third of the room.
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  // When the next character is a space, the head already ends on a whole word.
  const endsOnWord = /\s/.test(chars[max - 1] ?? '');
  const cut = endsOnWord ? head.length : head.search(/\s\S*$/);
  const kept = cut > (max * 2) / 3 ? head.slice(0, cut) : head;
  return trimEndWhile(kept, isTrailingPunctuation) + ELLIPSIS;
}

/**
 * Text for a `plain_text` object: Slack does not parse mentions or links there, so no escaping is
 * needed, but empty text is rejected (1 character minimum) and the length is capped.
 */
export function plainText(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return truncate(oneLine || '-', max);
}

/**
 * Escape, then cap, a piece of untrusted text for a mrkdwn field. Truncating before escaping could
 * leave a dangling `&am`; escaping first and cutting at an entity boundary avoids that.
 */
export function mrkdwnText(text: string, max: number): string {
  return capMrkdwn(escapeMrkdwn(text), max);
}

/**
 * Cap mrkdwn that is already escaped (built from escaped parts) without escaping it again: cut to
 * `max` characters and drop a partial entity the cut left at the end, e.g. "…&am…".
 */
export function capMrkdwn(mrkdwn: string, max: number): string {
  if (mrkdwn.length <= max) return mrkdwn;
  const cut = truncate(mrkdwn, max);
  return cut.replace(/&[a-z]{0,4}…$/, '…');
}

/**
 * `a, b, c, and 57 more`: the first `max` items (already mrkdwn), joined, then how many were left
 * out, so a list of any length stays readable and within a block's limit.
 */
export function listWithMore(items: readonly string[], max: number, separator = ', '): string {
  const shown = items.slice(0, max).join(separator);
  return items.length > max ? `${shown}${separator}and ${items.length - max} more` : shown;
}

/**
 * A mrkdwn link `<url|label>`. The label is escaped; the URL is escaped too, and the characters
 * that would end the link early (`|`, whitespace) are percent-encoded.
 */
export function mrkdwnLink(url: string, label: string): string {
  const safeUrl = escapeMrkdwn(url.trim()).replace(/\|/g, '%7C').replace(/\s/g, '%20');
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

/**
 * `<#C123>` for a conversation id as Slack makes them; anything else (a forged or damaged id) as
 * escaped text, so a stored or sent id can never open a link or a mention of its own.
 */
export function channelMention(id: string, otherwise = 'that channel'): string {
  return /^[CGD][A-Z0-9]{1,30}$/.test(id) ? `<#${id}>` : escapeMrkdwn(otherwise);
}

/** Show a query inside bold mrkdwn: escaped, single line, and `*` removed so it cannot end the bold. */
export function boldQuery(query: string, max = 200): string {
  const oneLine = query.replace(/\s+/g, ' ').trim().replace(/\*/g, '');
  // Cut at a word first: a long query echoed as "…tenant iso…" looks like a typo we searched for.
  return `*${mrkdwnText(truncateAtWord(oneLine, max), max)}*`;
}

/** `2023-09-08` → `8 Sep 2023`; anything unparseable is returned escaped as-is. */
export function formatDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const month = m ? months[Number(m[2]) - 1] : undefined;
  if (!m || !month) return escapeMrkdwn(isoDate);
  return `${Number(m[3])} ${month} ${m[1]}`;
}
