/**
 * The catalog's markdown format → articles. Pure: no file system, no network, so the loader,
 * the CLI and tests all parse the same way. Each article is a run of table rows:
 *
 *   | [Title](https://url) |
 *   |:----------|
 *   | *Created: 08 SEP 2023 by Peter Yang, Tomo Sakatoku* |
 *   | Summary text, sometimes ending in […] |
 *   | [![category](svg/saas.svg)](tags/saas.md) |        ← badges, or empty `|  |`
 *
 * separated by blank lines; `# heading` names the collection and `## heading` the section. A
 * `# heading` written as a tag slug (`# amazon_aurora`: a tag page of the collection) is also a tag
 * of every article in the file; a title (`# Apache Flink Blog`) is not: an article is not about
 * the name of the list it is on, and a tag every article has only blurs search and the tag list. A malformed entry is skipped with a warning naming the source
 * and line; everything else still loads. Articles come back in file order.
 */
import { isRealDate, isoDay } from '../util/dates.js';
import { isWhitespace, trimEndWhile, trimStartWhile } from '../util/text.js';
import { articleId } from './article-id.js';
import { uniqueTags } from './assemble.js';
import { decodeCell, decodeEntities } from './entities.js';
import { isBadgeRow, parseBadges, parseTitleLink, slugify } from './links-and-badges.js';
import type { Article, CatalogWarning, Tag } from './types.js';

/**
 * Longer lines are not parsed (a warning names them). Real rows are a few hundred characters; a
 * megabyte-long line is a broken export or an attack, and every step below is linear anyway.
 */
export const MAX_LINE_LENGTH = 100_000;

/**
 * The version of the rules that turn the same text into articles. Part of a saved catalog's
 * identity (search/cold-start.ts): a snapshot parsed under other rules is parsed again. 2: a `#`
 * title that is not a tag slug no longer tags every article.
 */
export const PARSE_RULES = 2;

/** A heading written as a tag slug: lower case, no spaces (`advanced_300`, `aws_x-ray`, `management_&_governance`). */
const isTagSlug = (title: string) => /^[\p{Ll}\p{N}][\p{Ll}\p{N}_&.+-]*$/u.test(title) && slugify(title) === title;

export interface ParsedCatalogFile {
  /** The file's `# heading`, or null when it has none. */
  collection: string | null;
  articles: Article[];
  warnings: CatalogWarning[];
}

interface Row {
  /** Cell text between the outer pipes, trimmed; `\|` still escaped. */
  cell: string;
  /** 1-based line number. */
  line: number;
  /** The `|:----------|` row under a title. Computed once: entry splitting asks about every row twice. */
  separator: boolean;
}

/** Parse one catalog file. `source` (a path or URL) is only used to label articles and warnings. */
export function parseCatalogMarkdown(text: string, source: string): ParsedCatalogFile {
  // split('\n') is several times faster than a regex split on a 70 MB catalog; normalise first.
  const unix = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const lines = unix.replace(/^\uFEFF/, '').split('\n');
  const articles: Article[] = [];
  const warnings: CatalogWarning[] = [];
  let collection: string | null = null;
  let collectionTag: Tag | null = null;
  let section = '';
  let block: Row[] = [];

  const flush = () => {
    for (const entry of splitEntries(block)) {
      const result = parseEntry(entry, { source, section, collectionTag });
      if (result.article) articles.push(result.article);
      warnings.push(...result.warnings);
    }
    block = [];
  };

  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed.length > MAX_LINE_LENGTH) {
      warnings.push({ source, line, message: `line is ${trimmed.length.toLocaleString('en-US')} characters long (over ${MAX_LINE_LENGTH.toLocaleString('en-US')}); its text is ignored` });
      // A table row keeps its place (an entry's summary is lost, not the entry); anything else is dropped.
      if (trimmed.startsWith('|')) block.push({ cell: '', line, separator: false });
      return;
    }
    if (trimmed.startsWith('|')) {
      const cell = cellOf(trimmed);
      // Only short cells can be `|:---|`; skipping the regex on summaries matters at 100k articles.
      block.push({ cell, line, separator: cell.length < 64 && SEPARATOR.test(cell) });
      return;
    }
    if (block.length > 0) flush();
    if (!trimmed.startsWith('#')) return; // blank lines and prose between tables are allowed and ignored
    const heading = parseHeading(trimmed);
    if (!heading) return;
    const { level } = heading;
    const title = decodeEntities(heading.text).trim();
    if (level === 1) {
      if (collection !== null) {
        warnings.push({ source, line, message: `second "# ${title}" heading ignored; the collection stays "${collection}"` });
        return;
      }
      collection = title;
      collectionTag = isTagSlug(title) ? { slug: title, name: title } : null;
      section = '';
    } else if (level === 2) {
      section = title;
    }
  });
  flush();
  return { collection, articles, warnings };
}

/**
 * An ATX heading (`## Older posts ##`) → level and text, or null. By hand: the obvious regular
 * expression backtracks polynomially on a long run of spaces or `#`s.
 */
function parseHeading(line: string): { level: number; text: string } | null {
  let level = 0;
  while (level < line.length && line[level] === '#') level += 1;
  if (level < 1 || level > 6) return null;
  if (level === line.length) return { level, text: '' };
  if (!isWhitespace(line[level]!)) return null;
  let text = line.slice(level).trim();
  // A closing run of `#`s counts only when a space precedes it (or it is all there is).
  const withoutClosing = trimEndWhile(text, (ch) => ch === '#');
  if (withoutClosing === '' || isWhitespace(withoutClosing[withoutClosing.length - 1]!)) text = withoutClosing.trim();
  return { level, text };
}

// ---------------------------------------------------------------------------------------------

/** `| a \| b |  ` → `a \| b`: drop the outer pipes (not an escaped one) and surrounding spaces. */
function cellOf(row: string): string {
  let inner = row.slice(1);
  if (inner.endsWith('|') && !inner.endsWith('\\|')) inner = inner.slice(0, -1);
  return inner.trim();
}

// GFM: a delimiter cell is one or more hyphens, optionally with colons for alignment.
const SEPARATOR = /^:?\s*-[-\s]*:?$/;

function isSeparator(row: Row | undefined): boolean {
  return row?.separator === true;
}

/**
 * Split a run of consecutive table rows into entries. Entries are normally separated by blank
 * lines, but a missing blank line must not swallow the next article: a row followed by the
 * `|:---|` separator starts a new entry.
 */
function splitEntries(rows: Row[]): Row[][] {
  const entries: Row[][] = [];
  let current: Row[] = [];
  rows.forEach((row, i) => {
    const startsEntry = i > 0 && !isSeparator(row) && isSeparator(rows[i + 1]);
    if (startsEntry && current.length > 0) {
      entries.push(current);
      current = [];
    }
    current.push(row);
  });
  if (current.length > 0) entries.push(current);
  return entries;
}

interface EntryContext {
  source: string;
  section: string;
  collectionTag: Tag | null;
}

interface EntryResult {
  /** Absent when the entry was skipped. */
  article?: Article;
  warnings: CatalogWarning[];
}

function parseEntry(rows: Row[], ctx: EntryContext): EntryResult {
  const [titleRow, ...rest] = rows;
  if (titleRow === undefined) throw new Error('parseEntry: empty entry'); // splitEntries never yields one
  const skip = (message: string, line = titleRow.line): EntryResult => ({
    warnings: [{ source: ctx.source, line, message: `entry skipped: ${message}` }],
  });

  const link = parseTitleLink(titleRow.cell);
  if (link === null) {
    return skip(`the first row should be "| [Title](https://…) |" but is "${clip(titleRow.cell)}"`);
  }
  const label = `"${clip(link.title, 60)}"`;
  if (link.title === '') return skip(`the link to ${link.url} has an empty title`);
  let id: string;
  try {
    id = articleId(link.url);
  } catch {
    return skip(`${label} links to "${clip(link.url)}", which is not an absolute http(s) URL`);
  }

  const body = isSeparator(rest[0]) ? rest.slice(1) : rest;
  const [createdRow, ...after] = body;
  if (createdRow === undefined) return skip(`${label} has no "*Created: DD MON YYYY by …*" row`);
  const created = parseCreated(createdRow.cell);
  if (typeof created === 'string') return skip(`${label}: ${created}`, createdRow.line);

  // After the created row: the summary, then the badge row. A lone badge row means no summary.
  let summaryRow: Row | undefined;
  let badgeRow: Row | undefined;
  const [first, second, ...extra] = after;
  if (first !== undefined && second === undefined && isBadgeRow(first.cell)) badgeRow = first;
  else [summaryRow, badgeRow] = [first, second];

  const warnings: CatalogWarning[] = [];
  const [firstExtra] = extra;
  if (firstExtra !== undefined) {
    warnings.push({ source: ctx.source, line: firstExtra.line, message: `${label}: ${extra.length} row(s) after the badge row ignored` });
  }
  if (badgeRow !== undefined && badgeRow.cell !== '' && !isBadgeRow(badgeRow.cell)) {
    warnings.push({ source: ctx.source, line: badgeRow.line, message: `${label}: badge row "${clip(badgeRow.cell)}" holds text besides ![category](svg/….svg) badges; the text is ignored` });
  }
  const summaryCell = summaryRow?.cell ?? '';
  const summaryText = decodeCell(summaryCell.includes('<') ? summaryCell.replace(/<br\s*\/?>/gi, ' ') : summaryCell);
  const summary = summaryText.replace(/\[\.\.\.\]$/, '[…]');
  const tags = uniqueTags([...(badgeRow ? parseBadges(badgeRow.cell) : []), ...(ctx.collectionTag ? [ctx.collectionTag] : [])]);

  const article: Article = {
    id,
    title: link.title,
    url: link.url,
    published: created.published,
    authors: created.authors,
    summary,
    truncated: summary.endsWith('[…]'),
    tags,
    section: ctx.section,
    source: ctx.source,
    line: titleRow.line,
  };
  return { article, warnings };
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** `*Created: 08 SEP 2023 by A, B*` → ISO date + authors, or a message saying what is wrong. Linear, by hand. */
function parseCreated(cell: string): { published: string; authors: string[] } | string {
  const expected = `expected "*Created: DD MON YYYY by Author, Author*" but found "${clip(cell)}"`;
  const isStar = (ch: string) => ch === '*';
  let rest = trimStartWhile(cell, isStar).trimStart();
  if (rest.slice(0, 8).toLowerCase() !== 'created:') return expected;
  rest = trimEndWhile(rest.slice(8), isStar).trim();
  if (cell.length - trimStartWhile(cell, isStar).length > 2) return expected;

  const badDate = `date in "${clip(cell)}" is not "DD MON YYYY" (e.g. 08 SEP 2023)`;
  const words = new WordReader(rest);
  const dd = words.next();
  const monWord = words.next();
  const yyyy = words.next();
  if (!/^\d{1,2}$/.test(dd) || !/^[A-Za-z]{3,9}\.?$/.test(monWord) || !/^\d{4}$/.test(yyyy)) return badDate;
  const mon = monWord.endsWith('.') ? monWord.slice(0, -1) : monWord;
  let authors: string[] = [];
  if (!words.done()) {
    // "by" then the authors; "by" alone (or "by *") means the catalog names no author.
    if (words.next().toLowerCase() !== 'by') return badDate;
    authors = splitAuthors(decodeCell(words.rest()));
  }
  const month = monthNumber(mon);
  if (month === null) return `"${mon}" in "${dd} ${mon} ${yyyy}" is not a month (write JAN, FEB, … DEC)`;
  const day = Number(dd);
  const year = Number(yyyy);
  if (year < 1900 || !isRealDate(year, month, day)) return `"${dd} ${mon} ${yyyy}" is not a real date`;
  return { published: isoDay(year, month, day), authors };
}

/** Whitespace-separated words of a string, one at a time, in linear time overall. */
class WordReader {
  private at = 0;
  constructor(private readonly text: string) {}
  private skipSpace(): void {
    while (this.at < this.text.length && isWhitespace(this.text[this.at]!)) this.at += 1;
  }
  next(): string {
    this.skipSpace();
    const start = this.at;
    while (this.at < this.text.length && !isWhitespace(this.text[this.at]!)) this.at += 1;
    return this.text.slice(start, this.at);
  }
  done(): boolean {
    this.skipSpace();
    return this.at >= this.text.length;
  }
  rest(): string {
    this.skipSpace();
    return this.text.slice(this.at);
  }
}

const FULL_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** SEP, Sep, Sept, September → 9; "Septober" → null. */
function monthNumber(name: string): number | null {
  const lower = name.toLowerCase();
  const month = MONTHS[lower.length === 3 ? lower : lower.slice(0, 3)];
  if (month === undefined) return null;
  return lower.length === 3 || lower === 'sept' || lower === FULL_MONTHS[month - 1] ? month : null;
}

/** Split on commas outside parentheses: "Ran Isenberg (AWS Serverless Hero, Israel), Tod Golding" is two authors. */
export function splitAuthors(text: string): string[] {
  const authors: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      authors.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  authors.push(current);
  const cleaned = authors.map((a) => a.replace(/\s+/g, ' ').trim()).filter((a) => a !== '');
  return [...new Set(cleaned)];
}

function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
