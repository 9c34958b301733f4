/**
 * Abbreviations a catalog defines in its own text — "WebAssembly (Wasm)", "Return Position Impl
 * Trait In Traits (RPITIT)", "EKS (Amazon Elastic Kubernetes Service)" — learned when the engine is
 * made, so that either form finds the other in any domain, without a vocabulary file.
 *
 * A pure function over strings (titles, blurbs, and article text when there is some). The short
 * form is found beside a parenthesis and its long form among the words next to it, by the
 * Schwartz–Hearst algorithm (each letter of the short form, right to left, found in the long form,
 * the first at the start of a word), then checked: the short form must fit the long form's words —
 * every content word's initial, in order (RPITIT: R P I T T, "in" being a stop word), or, for a
 * one-word long form, a subsequence of it starting with its first letter (Wasm in WebAssembly).
 *
 * Linear in the text: each parenthesis looks at most a few dozen characters around it; at most
 * MAX_PAIRS abbreviations are kept.
 */
import { STOP_WORDS, rawTokens } from './indexing/index.js';
import { createVocabulary, type Vocabulary, type VocabularyMatch } from './vocabulary.js';

export interface Abbreviation {
  /** The short form, as index tokens join it ("wasm", "rpitit", "eks"). */
  short: string;
  /** The long form as written ("WebAssembly", "Return Position Impl Trait In Traits"). */
  long: string;
}

/** At most this many abbreviations are learned from one catalog. */
const MAX_PAIRS = 5_000;
/** A parenthesis holding more than this many characters is not an abbreviation or its long form. */
const MAX_INSIDE = 80;
/** Short forms: 2 to 10 letters or digits, starting with a letter. */
const SHORT_FORM = /^[A-Za-z][A-Za-z0-9]{1,9}$/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
/** A letter or digit; plain ASCII without a regular expression (this runs for every character looked at). */
function isWordChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return LETTER_OR_DIGIT.test(ch);
}

/** A short form is written with a capital somewhere ("EKS", "Wasm", "gRPC"): "(optional)" is a word, not an abbreviation. */
const isShortForm = (word: string) => SHORT_FORM.test(word) && word !== word.toLowerCase() && /[A-Za-z]/.test(word.slice(1));

/**
 * Schwartz–Hearst: the shortest end of `long` in which the letters of `short` appear in order,
 * the first one at the start of a word; undefined when they do not.
 */
function bestLongForm(short: string, long: string): string | undefined {
  const s = short.toLowerCase();
  const l = long.toLowerCase();
  let si = s.length - 1;
  let li = l.length - 1;
  while (si >= 0) {
    const c = s[si]!;
    if (!isWordChar(c)) {
      si -= 1;
      continue;
    }
    while (li >= 0 && (l[li] !== c || (si === 0 && li > 0 && isWordChar(l[li - 1]!)))) li -= 1;
    if (li < 0) return undefined;
    li -= 1;
    si -= 1;
  }
  const start = l.lastIndexOf(' ', li) + 1;
  return long.slice(start).trim();
}

/** Whether `short` fits the words of `long` (see the module comment). */
function fits(short: string, long: string): boolean {
  const letters = short.toLowerCase();
  const words = rawTokens(long);
  if (words.length === 0) return false;
  if (words.length === 1) {
    const word = words[0]!;
    return word.length > letters.length && word[0] === letters[0] && word !== letters;
  }
  const content = words.filter((w) => !STOP_WORDS.has(w));
  if (content.length < 2 || content.length > letters.length || content.includes(letters)) return false;
  // Each content word's initial, in order, among the short form's letters.
  let at = 0;
  for (const word of content) {
    at = letters.indexOf(word[0]!, at);
    if (at < 0) return false;
    at += 1;
  }
  return letters[0] === content[0]![0];
}

/** The words before `end` in `text` that may be a long form for a short form of `length` letters. */
function wordsBefore(text: string, end: number, length: number): string {
  const maxWords = Math.min(length + 5, 2 * length);
  const from = Math.max(0, end - 12 * maxWords);
  // Within the sentence or clause: a long form does not run over a full stop or another parenthesis.
  const window = text.slice(from, end);
  const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf(';'), window.lastIndexOf(':'), window.lastIndexOf('('), window.lastIndexOf(')'), window.lastIndexOf('\n'));
  const words = window.slice(cut + 1).split(/\s+/).filter(Boolean);
  return words.slice(-maxWords).join(' ');
}

/** The word just before `end` (spaces between skipped), at most 12 characters back; '' when none. */
function lastWord(text: string, end: number): string {
  let stop = end;
  while (stop > 0 && end - stop < 12 && /\s/.test(text[stop - 1]!)) stop -= 1;
  let start = stop;
  while (start > 0 && end - start < 12 && isWordChar(text[start - 1]!)) start -= 1;
  return text.slice(start, stop);
}

/**
 * The abbreviations defined in `texts`: for each short form, the long form written most often
 * (first seen on a tie). Pure and deterministic; linear in the texts' length.
 */
export function learnAbbreviations(texts: Iterable<string>): Abbreviation[] {
  const counts = new Map<string, Map<string, { long: string; count: number }>>();
  let pairs = 0;
  const note = (short: string, long: string) => {
    const key = short.toLowerCase();
    let longs = counts.get(key);
    if (!longs) {
      if (pairs >= MAX_PAIRS) return;
      counts.set(key, (longs = new Map()));
      pairs += 1;
    }
    const longKey = rawTokens(long).join(' ');
    const seen = longs.get(longKey);
    if (seen) seen.count += 1;
    else longs.set(longKey, { long, count: 1 });
  };
  for (const text of texts) {
    for (let open = text.indexOf('('); open !== -1; open = text.indexOf('(', open + 1)) {
      const close = text.indexOf(')', open + 1);
      if (close === -1) break;
      if (close - open - 1 > MAX_INSIDE) continue;
      const inside = text.slice(open + 1, close).trim();
      if (isShortForm(inside)) {
        // "long form (SHORT)"
        const long = bestLongForm(inside, wordsBefore(text, open, inside.length));
        if (long !== undefined && fits(inside, long)) note(inside, long);
      } else if (/\s/.test(inside)) {
        // "SHORT (long form)"
        const before = lastWord(text, open);
        if (isShortForm(before)) {
          const long = bestLongForm(before, inside);
          if (long !== undefined && fits(before, long)) note(before, long);
        }
      }
    }
  }
  const learned: Abbreviation[] = [];
  for (const [short, longs] of counts) {
    let best: { long: string; count: number } | undefined;
    for (const candidate of longs.values()) if (!best || candidate.count > best.count) best = candidate;
    learned.push({ short, long: best!.long });
  }
  return learned;
}

/**
 * The vocabulary with the learned abbreviations as synonyms (each form expands to the other). The
 * index is not changed by them: `phrases` stays the base's (a learned multi-word long form is
 * matched as its words in one article, not as an indexed compound), so neither the snapshot nor
 * its identity depends on them.
 */
export function withAbbreviations(base: Vocabulary, abbreviations: readonly Abbreviation[]): Vocabulary {
  const groups = abbreviations.filter((a) => rawTokens(a.long).some((t) => !STOP_WORDS.has(t))).map((a) => ({ terms: [a.long, a.short] }));
  if (groups.length === 0) return base;
  const learned = createVocabulary({ groups }, 'abbreviations learned from the catalog');
  const words = [...new Set([...base.words, ...learned.words])].sort();
  return {
    size: base.size + learned.size,
    phrases: base.phrases,
    words,
    match(tokens, start): VocabularyMatch | undefined {
      const a = base.match(tokens, start);
      const b = learned.match(tokens, start);
      if (!a || !b) return a ?? b;
      if (a.length !== b.length) return a.length > b.length ? a : b;
      const known = new Set(a.expansions.map((e) => e.tokens.join(' ')));
      return { length: a.length, forms: [...a.forms, ...b.forms], expansions: [...a.expansions, ...b.expansions.filter((e) => !known.has(e.tokens.join(' ')))] };
    },
  };
}
