/**
 * A hit's snippet: the passage that matched, as plain text of at most SNIPPET_CHARS characters, cut
 * at word boundaries and centred on the query's words when the passage is longer. Plain text: the
 * Slack blocks escape it and bold the words (src/slack/blocks/), the CLI prints it as is.
 */

export const SNIPPET_CHARS = 300;
const ELLIPSIS = '…';
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * `passage` without the article's own title at its start: pages repeat their title as the first
 * heading, which Readability keeps, and the card already shows the title just above the passage.
 */
export function withoutTitle(passage: string, title: string): string {
  const text = passage.trimStart();
  const head = title.trim();
  if (head === '' || text.length <= head.length || text.slice(0, head.length).toLowerCase() !== head.toLowerCase()) return passage;
  // Only a whole title: the next character ends it (space or punctuation), not "Profiling Rustaceans".
  if (/[\p{L}\p{N}]/u.test(text[head.length]!)) return passage;
  return text.slice(head.length).replace(/^[\s:.\-–—|]+/u, '');
}

/**
 * The snippet of `passage` (white space already collapsed), centred on its words for which
 * `matches(word)` holds (`word` lower-cased, letters and digits only, as the index tokenizes).
 */
export function snippetOf(passage: string, matches: (word: string) => boolean): string {
  const text = passage.trim();
  if (text.length <= SNIPPET_CHARS) return text;
  // The matched words' positions, then the window of SNIPPET_CHARS holding the most of them
  // (two pointers: linear in the passage).
  const hits: number[] = [];
  for (const m of text.matchAll(WORD)) if (matches(m[0].toLowerCase())) hits.push(m.index);
  const room = SNIPPET_CHARS - 2 * ELLIPSIS.length;
  let from = 0;
  if (hits.length > 0) {
    let bestCount = 0;
    let bestFirst = 0;
    let bestLast = 0;
    let lo = 0;
    for (let hi = 0; hi < hits.length; hi += 1) {
      while (hits[hi]! - hits[lo]! > room * 0.8) lo += 1;
      if (hi - lo + 1 > bestCount) {
        bestCount = hi - lo + 1;
        bestFirst = hits[lo]!;
        bestLast = hits[hi]!;
      }
    }
    // Centre the matched span in the window.
    from = Math.max(0, Math.round((bestFirst + bestLast) / 2 - room / 2));
    from = Math.min(from, Math.max(0, text.length - room));
  }
  let to = Math.min(text.length, from + room);
  // Whole words only: move the start forward to a word start, the end back to a word end.
  if (from > 0) {
    while (from < to && !/\s/.test(text[from - 1]!)) from += 1;
  }
  if (to < text.length) {
    while (to > from && !/\s/.test(text[to]!)) to -= 1;
  }
  if (to <= from) {
    // One word longer than the room (a URL, a hash): cut inside it.
    from = 0;
    to = room;
  }
  const snippet = text.slice(from, to).trim();
  return `${from > 0 ? ELLIPSIS : ''}${snippet}${to < text.length ? ELLIPSIS : ''}`;
}
