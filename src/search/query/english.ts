/**
 * Whether a word is a correctly spelled English word, so that typo correction leaves it alone:
 * "burning" is not a misspelt "boring", nor "paid" a misspelt "pad", even when the catalog has only
 * the second word.
 *
 * The list is `an-array-of-english-words` (MIT, ~275,000 lower-case words with their inflections —
 * "pretending", "paid" — which a stem-and-affix dictionary would need rules to produce). It is
 * sorted, so it is kept as the package's JSON text (3.3 MB) with the offset of each word, and
 * looked up by binary search: read on the first question (~20 ms, ~4.5 MB) instead of a Set of
 * 275,000 strings (~320 ms, ~37 MB). Nothing reads it until a query has a word the catalog does
 * not know, so a start never pays for it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface WordList {
  text: string;
  /** starts[i]..ends[i] is the i-th word in `text` (sorted). */
  starts: Uint32Array;
  ends: Uint32Array;
}

let list: WordList | undefined | null;

function load(): WordList | null {
  try {
    const path = createRequire(import.meta.url).resolve('an-array-of-english-words');
    const text = readFileSync(path, 'latin1');
    // The JSON is ["a","aa",…]: each word sits between a pair of quotes, with no escapes (a–z only).
    let count = 0;
    for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) count += 1;
    const starts = new Uint32Array(count >> 1);
    const ends = new Uint32Array(count >> 1);
    let n = 0;
    for (let i = text.indexOf('"'); i !== -1 && n < starts.length; n += 1) {
      const end = text.indexOf('"', i + 1);
      starts[n] = i + 1;
      ends[n] = end;
      i = text.indexOf('"', end + 1);
    }
    return { text, starts, ends };
  } catch {
    // Without the list, corrections fall back to the catalog's and the vocabulary's words alone.
    return null;
  }
}

/** True when `word` (lower-case) is in the English word list. */
export function isEnglishWord(word: string): boolean {
  if (word.length === 0 || !/^[a-z]+$/.test(word)) return false;
  if (list === undefined) list = load();
  if (list === null) return false;
  const { text, starts, ends } = list;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const candidate = text.slice(starts[mid]!, ends[mid]!);
    if (candidate === word) return true;
    if (candidate < word) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
