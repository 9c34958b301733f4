/**
 * Small string helpers written as loops rather than regular expressions: they run on text from
 * outside (catalog bytes, Slack payloads, what users type), where a pattern such as `/\s+$/` is
 * quadratic on a long run of spaces followed by something else. Each helper is linear.
 */

const WHITESPACE = /\s/;

/** True for one whitespace character (what `\s` matches). */
export function isWhitespace(ch: string): boolean {
  return WHITESPACE.test(ch);
}

/** `text` without the trailing characters for which `drop` holds. */
export function trimEndWhile(text: string, drop: (ch: string) => boolean): string {
  let end = text.length;
  while (end > 0 && drop(text[end - 1]!)) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

/** `text` without the leading characters for which `drop` holds. */
export function trimStartWhile(text: string, drop: (ch: string) => boolean): string {
  let start = 0;
  while (start < text.length && drop(text[start]!)) start += 1;
  return start === 0 ? text : text.slice(start);
}

/** A predicate for "one of these characters". */
export function oneOf(chars: string): (ch: string) => boolean {
  const set = new Set(chars);
  return (ch) => set.has(ch);
}

/** `"share  2 x"` → `["share", "2 x"]`: the first whitespace-separated word and the trimmed rest. */
export function splitFirstWord(text: string): [string, string] {
  const trimmed = text.trim();
  let end = 0;
  while (end < trimmed.length && !isWhitespace(trimmed[end]!)) end += 1;
  return [trimmed.slice(0, end), trimmed.slice(end).trim()];
}
