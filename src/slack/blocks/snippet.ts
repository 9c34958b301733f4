/**
 * The passage line of a result card: the words of the article's text that made it match
 * (`SearchHit.snippet`), as one quoted mrkdwn line with the query's words in bold. Pure.
 *
 * The passage is page text from anywhere, so it goes through the same escaping as all catalog text,
 * and more, because it sits next to our own bold markers:
 * - `&`, `<`, `>` are escaped (escapeMrkdwn), so `<!channel>` or `<https://evil|x>` shows as text
 *   and can neither ping nor forge a link.
 * - Slack's formatting characters `*` `_` `~` and the backtick are replaced by look-alikes Slack does
 *   not read as markup (∗ ˍ ∼ ˋ). mrkdwn has no backslash escape, and a stray `*` or backtick in the
 *   page would otherwise pair with our bold markers, or turn the rest of the line into code.
 * - Whitespace and newlines become one space, so the passage cannot open a block quote, a code block
 *   or a list of its own; it is one line under our `> `.
 * - Bold goes around whole words only (a word and its neighbours are never split), so a marker is
 *   never inside a word and never inside an entity such as `&amp;`. Each piece is made safe (look-
 *   alikes, then escaped) before the markers are put around it: escaping comes first.
 */
import type { SearchHit } from '../../search/index.js';
import { passageLine, renderPassage } from '../../util/passage.js';
import { escapeMrkdwn, truncateAtWord } from './text.js';

/** A passage longer than this many characters is cut at a word boundary (the engine keeps to it too). */
export const PASSAGE_MAX_CHARS = 300;

/** What a card needs to show why its article matched. */
export interface Passage {
  /** Plain page text (SearchHit.snippet). */
  snippet: string;
  /** The index terms that matched (SearchHit.matched): their words are shown in bold. */
  matched: readonly string[];
}

/** The hit's passage, or undefined when the match did not come from the article's text. */
export function passageOf(hit: Pick<SearchHit, 'snippet' | 'matched'>): Passage | undefined {
  return hit.snippet ? { snippet: hit.snippet, matched: hit.matched } : undefined;
}

const LOOK_ALIKES: Readonly<Record<string, string>> = { '*': '\u2217', _: '\u02cd', '~': '\u223c', '`': '\u02cb' };

/** `text` with Slack's formatting characters (`*` `_` `~` backtick) replaced by look-alikes that format nothing. */
export function withoutFormatting(text: string): string {
  return text.replace(/[*_~`]/g, (ch) => LOOK_ALIKES[ch] ?? ch);
}

const safe = (text: string) => escapeMrkdwn(withoutFormatting(text));

/** The shortest passage worth showing: below this many characters of text it says too little. */
const PASSAGE_MIN_CHARS = 60;

/**
 * The passage as mrkdwn: one line, at most `max` characters of text (cut at a word boundary before
 * escaping, so the cut never splits an entity or a bold word), matched words in bold; '' when empty.
 */
export function passageMrkdwn(passage: Passage, max = PASSAGE_MAX_CHARS): string {
  const line = truncateAtWord(passageLine(passage.snippet), max);
  return renderPassage(line, passage.matched, { matchedWord: (word) => `*${safe(word)}*`, other: safe });
}

/**
 * `> …passage with *words*…`: the card's quoted line, at most `room` characters of mrkdwn. Escaping
 * can make 300 characters of page text 1,500 of mrkdwn, so when that does not fit, the passage is
 * cut shorter (at a word boundary) until it does; '' when even a short one does not, or it is empty.
 */
export function passageQuote(passage: Passage, room = Infinity): string {
  for (let max = PASSAGE_MAX_CHARS; max >= PASSAGE_MIN_CHARS; max = Math.floor(max * 0.75)) {
    const mrkdwn = passageMrkdwn(passage, max);
    if (mrkdwn === '') return '';
    const quote = `> ${mrkdwn}`;
    if (Array.from(quote).length <= room) return quote;
  }
  return '';
}
