/**
 * An article's text as passages: windows of a few sentences, so that the body is scored passage by
 * passage (BM25 normalises by the passage's length, not the article's) and a hit can show the
 * passage that matched. The same text always gives the same passages: the index stores only their
 * positions (passage ids), and a hit's snippet recomputes its article's passages from the text.
 *
 * One pass over the text, no backtracking: sentences end at . ! ? followed by white space, or at a
 * paragraph break (a blank line); a window closes after MAX_SENTENCES sentences, before it would pass
 * MAX_CHARS, or at a paragraph break once it holds MIN_CHARS (a heading or a one-line paragraph joins
 * the text after it). A "sentence" longer than MAX_CHARS (a code block, a list without full stops)
 * is cut at word boundaries.
 */

/** Text beyond this many characters is not indexed (the crawler keeps ~100 KB; this bounds any caller). */
export const MAX_TEXT_CHARS = 100_000;
/** At most this many passages per article: the rest of a very long text is not indexed. */
export const MAX_PASSAGES = 200;
export const MAX_CHARS = 600;
const MIN_CHARS = 200;
const MAX_SENTENCES = 5;

/** A passage as a range of the text; its text is `passageText(text, passage)`. */
export interface PassageRange {
  start: number;
  end: number;
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11 || code === 0xa0;
const isEnd = (code: number) => code === 46 /* . */ || code === 33 /* ! */ || code === 63 /* ? */;

/** The passages of `text`, in order (at most MAX_PASSAGES). */
export function splitPassages(text: string): PassageRange[] {
  const length = Math.min(text.length, MAX_TEXT_CHARS);
  const passages: PassageRange[] = [];
  let start = -1; // start of the open window (-1: none)
  let end = 0; // end of its last complete sentence
  let sentences = 0;
  let sentenceStart = -1;

  const close = () => {
    if (start >= 0 && end > start) passages.push({ start, end });
    start = -1;
    sentences = 0;
  };
  /** A sentence [from, to) is complete; `paragraph`: a blank line follows it. */
  const sentence = (from: number, to: number, paragraph: boolean) => {
    if (start >= 0 && to - start > MAX_CHARS) close();
    if (to - from > MAX_CHARS) {
      cutLong(from, to);
    } else {
      if (start < 0) start = from;
      end = to;
      sentences += 1;
    }
    if (sentences >= MAX_SENTENCES || (paragraph && end - start >= MIN_CHARS)) close();
  };
  /** A run with no sentence end for more than MAX_CHARS: windows of whole words. */
  const cutLong = (from: number, to: number) => {
    let at = from;
    while (at < to && passages.length < MAX_PASSAGES) {
      let cut = Math.min(to, at + MAX_CHARS);
      if (cut < to) {
        let back = cut;
        while (back > at && !isSpace(text.charCodeAt(back))) back -= 1;
        if (back > at) cut = back;
      }
      let last = cut;
      while (last > at && isSpace(text.charCodeAt(last - 1))) last -= 1;
      if (last > at) passages.push({ start: at, end: last });
      at = cut;
      while (at < to && isSpace(text.charCodeAt(at))) at += 1;
    }
  };

  let i = 0;
  while (i < length && passages.length < MAX_PASSAGES) {
    const code = text.charCodeAt(i);
    if (isSpace(code)) {
      // A run of white space: a paragraph break when it holds two line breaks.
      let newlines = 0;
      let j = i;
      while (j < length && isSpace(text.charCodeAt(j))) {
        if (text.charCodeAt(j) === 10) newlines += 1;
        j += 1;
      }
      const ended = sentenceStart >= 0 && isEnd(text.charCodeAt(i - 1));
      if (sentenceStart >= 0 && (ended || newlines >= 2)) {
        sentence(sentenceStart, i, newlines >= 2);
        sentenceStart = -1;
      } else if (newlines >= 2 && start >= 0 && end - start >= MIN_CHARS) {
        close();
      }
      i = j;
      continue;
    }
    if (sentenceStart < 0) sentenceStart = i;
    i += 1;
  }
  if (sentenceStart >= 0 && passages.length < MAX_PASSAGES) sentence(sentenceStart, length, true);
  close();
  return passages.length > MAX_PASSAGES ? passages.slice(0, MAX_PASSAGES) : passages;
}

/** A passage's text, its white space collapsed to single spaces. */
export function passageText(text: string, passage: PassageRange): string {
  return text.slice(passage.start, passage.end).replace(/\s+/g, ' ');
}
