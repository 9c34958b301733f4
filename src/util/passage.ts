/**
 * A search hit's passage (the best window of the article's text, `SearchHit.snippet`) as words and
 * the text between them, with the words the query matched picked out, for any renderer: Slack
 * mrkdwn (slack/blocks/snippet.ts) and the CLI's text. Linear loops, no backtracking patterns: the
 * passage is page text from outside.
 */
import { isWhitespace } from './text.js';

/** A run of the passage: a word (letters and digits, with inner joiners as in `node.js`) or what lies between words. */
export interface PassagePiece {
  text: string;
  word: boolean;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const isLetterOrDigit = (ch: string) => LETTER_OR_DIGIT.test(ch);
/** Characters that join two word parts, as the index tokenizer keeps them: `ci/cd`, `multi-tenant`, `node.js`, `o'brien`, `snake_case`, `r&d`. */
const INNER_JOINERS = new Set(['-', '/', '.', "'", '\u2019', '_', '&', '+', '#']);
/** Characters a word may end with: `c++`, `c#`, `f#`. */
const TRAILING = new Set(['+', '#']);

/**
 * `text` cut into words and separators, in order; joining the pieces' text gives `text` back. A word
 * is a maximal run of letters and digits, with joiners inside it only between two letters/digits,
 * so a bolded word always starts and ends next to a non-word character (never inside a word).
 */
export function passagePieces(text: string): PassagePiece[] {
  const chars = Array.from(text);
  const pieces: PassagePiece[] = [];
  let gap = '';
  let i = 0;
  while (i < chars.length) {
    if (!isLetterOrDigit(chars[i]!)) {
      gap += chars[i]!;
      i += 1;
      continue;
    }
    let end = i + 1;
    for (;;) {
      while (end < chars.length && isLetterOrDigit(chars[end]!)) end += 1;
      if (end + 1 < chars.length && INNER_JOINERS.has(chars[end]!) && isLetterOrDigit(chars[end + 1]!)) end += 1;
      else break;
    }
    while (end < chars.length && TRAILING.has(chars[end]!)) end += 1;
    if (gap) pieces.push({ text: gap, word: false });
    gap = '';
    pieces.push({ text: chars.slice(i, end).join(''), word: true });
    i = end;
  }
  if (gap) pieces.push({ text: gap, word: false });
  return pieces;
}

/** How a word is compared: NFKC-folded, typographic apostrophe made plain, lower case (as the index folds it). */
export function foldWord(word: string): string {
  return word.normalize('NFKC').replace(/\u2019/g, "'").toLowerCase();
}

/**
 * The set of words to pick out from `matched` (the hit's index terms: lower-case words, and phrases
 * such as `tenant isolation`, whose words count one by one).
 */
export function matchedWords(matched: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const term of matched) for (const piece of passagePieces(term)) if (piece.word) words.add(foldWord(piece.text));
  return words;
}

/**
 * True when `word` (one passage word) is a matched word, compared case-insensitively. A joined word
 * (`multi-tenant`, `node.js`) counts when it or one of its parts matched, and is then picked out
 * whole: marking only a part would put a marker inside a word.
 */
export function isMatchedWord(word: string, words: ReadonlySet<string>): boolean {
  const folded = foldWord(word);
  if (words.has(folded)) return true;
  let part = '';
  for (const ch of folded) {
    if (isLetterOrDigit(ch)) {
      part += ch;
      continue;
    }
    if (part && words.has(part)) return true;
    part = '';
  }
  return part !== '' && words.has(part);
}

/** C0 and C1 control characters (tabs and newlines are whitespace, handled before). */
const isControl = (ch: string) => {
  const code = ch.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
};

/**
 * The passage as one line: runs of whitespace (newlines included) made one space, control
 * characters dropped (a terminal escape sequence in a page must not reach the CLI's output), trimmed.
 * A passage is shown as one line (a quoted line in Slack), so page text cannot start a new block.
 */
export function passageLine(snippet: string): string {
  let line = '';
  let space = false;
  for (const ch of snippet) {
    if (isWhitespace(ch)) {
      space = line !== '';
      continue;
    }
    if (isControl(ch)) continue;
    if (space) line += ' ';
    space = false;
    line += ch;
  }
  return line;
}

/**
 * `text` rebuilt piece by piece: each matched word through `matchedWord`, every other word and
 * separator through `other`. Renderers escape in both, so nothing of the page text reaches the
 * output unprocessed.
 */
export function renderPassage(
  text: string,
  matched: readonly string[],
  render: { matchedWord: (word: string) => string; other: (text: string) => string },
): string {
  const words = matchedWords(matched);
  return passagePieces(text)
    .map((piece) => (piece.word && isMatchedWord(piece.text, words) ? render.matchedWord(piece.text) : render.other(piece.text)))
    .join('');
}

/** The passage as one line of plain text with the matched words between `*` (the CLI's text output). */
export function markedPassage(snippet: string, matched: readonly string[]): string {
  return renderPassage(passageLine(snippet), matched, { matchedWord: (w) => `*${w}*`, other: (t) => t });
}
