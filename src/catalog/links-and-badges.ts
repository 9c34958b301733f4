/**
 * The links and badges of a catalog row: the title cell's `[Title](url)` and the badge row's
 * `[![category](svg/name.svg)](tags/slug.md)` images, read into a title, a URL and tags. Split
 * from parse.ts, which walks the file's rows and entries; everything here reads one cell. Each
 * reader scans its cell once, left to right: rows come from outside and must parse in linear time.
 */
import { isWhitespace } from '../util/text.js';
import { decodeCell, decodeEntities } from './entities.js';
import type { Tag } from './types.js';

/**
 * A tag's slug: the decoded name lower-cased, parentheses removed, whitespace runs → `_`. The
 * collection's own rule (it holds for all 101 of its tag pages): `advanced (300)` →
 * `advanced_300`, `aws x-ray` → `aws_x-ray`, `management & governance` → `management_&_governance`.
 * Applied to badge names, `tags/…` link names and the collection heading alike, so one tag gets one
 * slug whether it is linked or not.
 */
export function slugify(name: string): string {
  return name.replace(/[()]/g, '').trim().toLowerCase().replace(/\s+/g, '_');
}

/**
 * `[Title](url)` → parts. The URL is the last `](…)` on the row, so titles may hold `]`, `(`,
 * `)` and escaped `\|`; the URL may hold balanced parentheses (`…/Foo_(bar)`).
 */
export function parseTitleLink(cell: string): { title: string; url: string } | null {
  if (!cell.startsWith('[') || !cell.endsWith(')')) return null;
  const split = cell.lastIndexOf('](');
  if (split < 1) return null;
  const title = decodeCell(cell.slice(1, split));
  // Link destination as CommonMark reads it: optional `<…>`, optional `"title"`, entities and
  // backslash escapes decoded (`&amp;` in a query string, `\)` in a path).
  const destination = /^\s*(?:<([^>]*)>|(\S+))(?:\s+(?:"[^"]*"|'[^']*'))?\s*$/.exec(cell.slice(split + 2, -1));
  const raw = destination?.[1] ?? destination?.[2] ?? '';
  const url = decodeEntities(raw.replace(/\\([()<>\\])/g, '$1')).trim();
  if (url === '' || /\s/.test(url)) return null;
  return { title, url };
}

/**
 * The badges of a row, read by a single left-to-right scan (the regular expression this replaces
 * backtracked quadratically on a long unterminated destination). Recognised, with spaces allowed
 * where markdown allows them and an optional "title" after a destination:
 *   `![alt](svg/name.svg)`                       a bare badge
 *   `[![alt](svg/name.svg)](tags/slug.md)`       a linked badge
 * A destination may hold one level of balanced parentheses (`svg/amazon%20rds%20(postgres).svg`).
 * `other` tells whether the row holds anything besides badges and whitespace.
 */
function scanBadges(cell: string): { badges: Array<{ image: string; link: string | undefined }>; other: boolean } {
  const badges: Array<{ image: string; link: string | undefined }> = [];
  let other = false;
  let at = 0;
  const skipSpace = (from: number) => {
    let i = from;
    while (i < cell.length && isWhitespace(cell[i]!)) i += 1;
    return i;
  };
  while ((at = skipSpace(at)) < cell.length) {
    const linked = cell[at] === '[';
    const imageAt = linked ? skipSpace(at + 1) : at;
    const image = cell.startsWith('![', imageAt) ? readLink(cell, imageAt + 1) : null;
    if (image === null) {
      other = true;
      at += 1;
      continue;
    }
    let end = image.end;
    let link: string | undefined;
    if (linked) {
      const close = skipSpace(end);
      const target = cell[close] === ']' && cell[close + 1] === '(' ? readDestination(cell, close + 2) : null;
      if (target === null) {
        // `[![a](x.svg)` without its `](link)`: the image alone is still a badge.
        other = true;
      } else {
        link = target.destination;
        end = target.end;
      }
    }
    badges.push({ image: image.destination, link });
    at = end;
  }
  return { badges, other };
}

/** `[alt](dest "title")` starting at the `[` at `from` → the destination and the index after `)`, or null. */
function readLink(cell: string, from: number): { destination: string; end: number } | null {
  // The alt text holds no `]` (badges' alt is "category").
  const close = cell.indexOf(']', from + 1);
  if (close < 0 || cell[close + 1] !== '(') return null;
  return readDestination(cell, close + 2);
}

/**
 * A destination starting at `from` (just after the `(`) up to its closing `)` → the destination
 * (no spaces; one level of balanced parentheses) and the index after the `)`, or null. Each
 * character is looked at once.
 */
function readDestination(cell: string, from: number): { destination: string; end: number } | null {
  let i = from;
  while (i < cell.length && isWhitespace(cell[i]!)) i += 1;
  const start = i;
  let depth = 0;
  for (; i < cell.length; i += 1) {
    const ch = cell[i]!;
    if (ch === '(') {
      if (depth === 1) return null;
      depth = 1;
    } else if (ch === ')') {
      if (depth === 0) break;
      depth = 0;
    } else if (isWhitespace(ch)) {
      break;
    }
  }
  if (i === start || depth !== 0) return null;
  const destination = cell.slice(start, i);
  // Then optional spaces and a "title" or 'title', and the closing `)`.
  while (i < cell.length && isWhitespace(cell[i]!)) i += 1;
  const quote = cell[i];
  if (quote === '"' || quote === "'") {
    const endQuote = cell.indexOf(quote, i + 1);
    if (endQuote < 0) return null;
    i = endQuote + 1;
    while (i < cell.length && isWhitespace(cell[i]!)) i += 1;
  }
  return cell[i] === ')' ? { destination, end: i + 1 } : null;
}

/** True when the cell holds badges and nothing else (a summary that embeds an image is still a summary). */
export function isBadgeRow(cell: string): boolean {
  if (cell === '') return false;
  const { badges, other } = scanBadges(cell);
  return badges.length > 0 && !other;
}

/** Badge row → tags. Name from the image file name, slug from the `tags/` link when there is one. */
export function parseBadges(cell: string): Tag[] {
  const tags: Tag[] = [];
  for (const badge of scanBadges(cell).badges) {
    const name = badgeName(badge.image, '.svg');
    if (name === '') continue;
    const linked = badge.link === undefined ? '' : badgeName(badge.link, '.md');
    tags.push({ slug: slugify(linked === '' ? name : linked), name });
  }
  return tags;
}

/**
 * Decoded name of a badge image or tag link. A catalog uses a few dozen badges thousands of times,
 * so names are remembered (bounded) instead of decoded again: a tenth of the parse time of a big file.
 */
const badgeNames = new Map<string, string>();
function badgeName(path: string, extension: string): string {
  const key = `${extension}\0${path}`;
  let name = badgeNames.get(key);
  if (name === undefined) {
    name = decodeName(baseName(path, extension));
    if (badgeNames.size >= 10_000) badgeNames.clear();
    badgeNames.set(key, name);
  }
  return name;
}

function baseName(path: string, extension: string): string {
  // No query/fragment stripping: badge names carry `&#40;`, whose `#` is part of the name.
  const file = path.slice(path.lastIndexOf('/') + 1);
  return file.toLowerCase().endsWith(extension) ? file.slice(0, -extension.length) : file;
}

/** Badge names are percent-encoded and may also carry entities: `amazon%20rds%20&#40;postgres&#41;`. */
function decodeName(raw: string): string {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // a stray `%` is just a character
  }
  return decodeEntities(text).replace(/\s+/g, ' ').trim();
}
