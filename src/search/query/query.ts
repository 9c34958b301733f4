/**
 * The query language: free words, "phrases", author:/tag:/after:/before:/year:/sort: filters,
 * negation with a leading minus, and the bare words `latest` / `new`.
 *
 * `parseQuery` never throws: a bad value becomes a message in `problems` and that filter is ignored.
 * `formatQuery` writes the canonical text form a channel subscription stores;
 * `parseQuery(formatQuery(q))` equals `q` apart from `problems`.
 */
import { readFreeText } from './free-text.js';
import { NOISE_WORDS, QUESTION_WORDS, STOP_WORDS, fold, queryWords, splitQueryWords, type QueryWord } from '../indexing/index.js';
import type { ParsedQuery, SortOrder } from '../types.js';
import { isRealDate } from '../../util/dates.js';

/** Input beyond this many characters is ignored (a problem says so): a query is a line, not a file. */
export const MAX_QUERY_LENGTH = 1_000;
/** Free words beyond this many are ignored (a problem says so). */
export const MAX_QUERY_WORDS = 24;

const SORT_ORDERS: readonly SortOrder[] = ['relevance', 'newest', 'oldest'];
/** A word that says nothing about the topic: dropped from the query's terms. */
const isNoise = (word: string) => STOP_WORDS.has(word) || QUESTION_WORDS.has(word) || NOISE_WORDS.has(word);
const PERIOD = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

export function emptyQuery(): ParsedQuery {
  return {
    terms: [],
    phrases: [],
    excludeTerms: [],
    excludePhrases: [],
    authors: [],
    excludeAuthors: [],
    tags: [],
    excludeTags: [],
    sort: 'relevance',
    latest: false,
    problems: [],
  };
}

/** One lexical unit of the query text. */
interface Token {
  negated: boolean;
  /** `author` in `author:x`; undefined for a word or phrase. */
  key?: string;
  value: string;
  quoted: boolean;
}

/**
 * Slack sends links, mentions and broadcasts as `<url|label>`, `<@U123>`, `<!channel>`, and escapes
 * & < >. Keep the label of a link, drop the rest, so they become harmless words.
 */
function stripMrkdwn(text: string): string {
  return text
    .replace(/<[^<>|]*\|([^<>]*)>/g, ' $1 ')
    .replace(/<[!@#][^<>]*>/g, ' ')
    .replace(/<([^<>]*)>/g, ' $1 ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readQuoted = (): string => {
    // i is on the opening quote; an unclosed quote runs to the end.
    const end = text.indexOf('"', i + 1);
    const value = text.slice(i + 1, end === -1 ? text.length : end);
    i = end === -1 ? text.length : end + 1;
    return value;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    let negated = false;
    if (ch === '-' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) {
      negated = true;
      i += 1;
    }
    if (text[i] === '"') {
      tokens.push({ negated, value: readQuoted(), quoted: true });
      continue;
    }
    const start = i;
    while (i < text.length && !/\s/.test(text[i]!) && text[i] !== '"') i += 1;
    const word = text.slice(start, i);
    const colon = word.indexOf(':');
    if (colon > 0) {
      const key = word.slice(0, colon).toLowerCase();
      let value = word.slice(colon + 1);
      let quoted = false;
      if (value === '' && text[i] === '"') {
        value = readQuoted();
        quoted = true;
      }
      tokens.push({ negated, key, value, quoted });
    } else {
      tokens.push({ negated, value: word, quoted: false });
    }
  }
  return tokens;
}

/** Lower-cased, whitespace collapsed: the canonical form of a filter value or phrase. */
function normaliseValue(value: string): string {
  return fold(value).replace(/["<>]/g, ' ').replace(/\s+/g, ' ').trim();
}

function normalisePhrase(value: string): string {
  return queryWords(value).join(' ');
}

/** A YYYY, YYYY-MM or YYYY-MM-DD that names a real period, else undefined. */
export function validPeriod(value: string): string | undefined {
  const m = PERIOD.exec(value);
  if (!m) return undefined;
  const [, year, month, day] = m;
  if (month === undefined) return value;
  // A month alone is checked as its first day.
  return isRealDate(Number(year), Number(month), day === undefined ? 1 : Number(day)) ? value : undefined;
}

const addUnique = (list: string[], value: string) => {
  if (value && !list.includes(value)) list.push(value);
};

function applyFilter(q: ParsedQuery, token: Token, explicitSort: { set: boolean }): boolean {
  const { key, negated } = token;
  const raw = token.value;
  const shown = `${negated ? '-' : ''}${key}:${token.quoted ? `"${raw}"` : raw}`;
  switch (key) {
    case 'author':
    case 'tag': {
      const value = normaliseValue(raw);
      if (!value) {
        q.problems.push(`${shown} ignored: give a ${key === 'author' ? 'name, e.g. author:golding' : 'tag, e.g. tag:saas'}.`);
        return true;
      }
      const list = key === 'author' ? (negated ? q.excludeAuthors : q.authors) : negated ? q.excludeTags : q.tags;
      addUnique(list, value);
      return true;
    }
    case 'after':
    case 'before':
    case 'year': {
      if (negated) {
        q.problems.push(`${shown} ignored: a date filter cannot be negated; use ${key === 'before' ? 'after:' : 'before:'} instead.`);
        return true;
      }
      const value = raw.trim();
      if (key === 'year') {
        if (!/^\d{4}$/.test(value)) {
          q.problems.push(`${shown} ignored: "${value}" is not a year (use four digits, e.g. year:2022).`);
          return true;
        }
        q.year = Number(value);
        return true;
      }
      if (!validPeriod(value)) {
        q.problems.push(`${shown} ignored: "${value}" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD, e.g. ${key}:2022-06).`);
        return true;
      }
      q[key] = value;
      return true;
    }
    case 'sort': {
      const value = raw.trim().toLowerCase() as SortOrder;
      if (negated || !SORT_ORDERS.includes(value)) {
        q.problems.push(`${shown} ignored: sort must be one of ${SORT_ORDERS.map((s) => `sort:${s}`).join(', ')}.`);
        return true;
      }
      q.sort = value;
      explicitSort.set = true;
      return true;
    }
    default:
      return false; // not one of ours: the caller treats it as words
  }
}

export interface ParseOptions {
  /** Today, for "last year", "this month", "past 2 years". Default: the current time. */
  now?: Date;
}

/**
 * At most `max` characters of `text`, ending at a word boundary: a word cut in two would be searched
 * as another word ("dynamodb" → "dyna"). A single word longer than `max` is cut where it must be.
 */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max || /\s/.test(text[max]!)) return text.slice(0, max).trimEnd();
  for (let i = max - 1; i > 0; i--) if (/\s/.test(text[i]!)) return text.slice(0, i).trimEnd();
  return text.slice(0, max);
}

/** Parse a query typed by a user (or a saved subscription). Never throws. */
export function parseQuery(text: string, options: ParseOptions = {}): ParsedQuery {
  const q = emptyQuery();
  let input = typeof text === 'string' ? text : '';
  if (input.length > MAX_QUERY_LENGTH) {
    const kept = cutAtWord(input, MAX_QUERY_LENGTH);
    q.problems.push(`The query is ${input.length} characters long; only the first ${kept.length} were used, up to the last whole word.`);
    input = kept;
  }
  const explicitSort = { set: false };
  const free: QueryWord[] = [];
  for (const token of tokenize(stripMrkdwn(input))) {
    if (token.key !== undefined && applyFilter(q, token, explicitSort)) continue;
    const text = token.key !== undefined ? `${token.key}:${token.value}` : token.value;
    if (token.quoted && token.key === undefined) {
      const phrase = normalisePhrase(text);
      if (phrase) addUnique(token.negated ? q.excludePhrases : q.phrases, phrase);
      continue;
    }
    if (token.negated) {
      for (const word of queryWords(text)) if (!isNoise(word)) addUnique(q.excludeTerms, word);
    } else {
      free.push(...splitQueryWords(text));
    }
  }

  const reading = readFreeText(free, options.now ?? new Date());
  // A filter typed as a filter wins over the same filter written in words.
  if (q.year === undefined && reading.year !== undefined) q.year = reading.year;
  if (q.after === undefined && reading.after !== undefined) q.after = reading.after;
  if (q.before === undefined && reading.before !== undefined) q.before = reading.before;
  for (const author of reading.authors) addUnique(q.authors, author);

  let droppedWords = 0;
  for (const word of reading.words) {
    if (isNoise(word)) continue;
    if (q.terms.length >= MAX_QUERY_WORDS) droppedWords += 1;
    else addUnique(q.terms, word);
  }
  if (droppedWords > 0) {
    q.problems.push(`Only the first ${MAX_QUERY_WORDS} words were used (${droppedWords} more ignored).`);
  }
  // A time word orders a topic ("latest on EKS"); `new` alone (filters at most) is the newest articles.
  const bareNew = free.length > 0 && free.every((w) => w.word === 'new');
  if (reading.order === 'newest' || bareNew) q.latest = true;
  if (!explicitSort.set) {
    if (q.latest) q.sort = 'newest';
    else if (reading.order === 'oldest') q.sort = 'oldest';
  }
  return q;
}

/** A filter value as it must be written to parse back to itself. */
function quoteValue(value: string): string {
  return /^[^\s"]+$/.test(value) ? value : `"${value}"`;
}

/**
 * The canonical text of a query: words, phrases, filters, sort, then negations, each in a fixed
 * order. Two queries that mean the same thing format the same; `problems` are not part of it.
 */
export function formatQuery(q: ParsedQuery): string {
  const parts: string[] = [];
  if (q.latest) parts.push('latest');
  parts.push(...q.terms);
  parts.push(...q.phrases.map((p) => `"${p}"`));
  parts.push(...q.authors.map((a) => `author:${quoteValue(a)}`));
  parts.push(...q.tags.map((t) => `tag:${quoteValue(t)}`));
  if (q.after !== undefined) parts.push(`after:${q.after}`);
  if (q.before !== undefined) parts.push(`before:${q.before}`);
  if (q.year !== undefined) parts.push(`year:${q.year}`);
  if (q.sort !== (q.latest ? 'newest' : 'relevance')) parts.push(`sort:${q.sort}`);
  parts.push(...q.excludeTerms.map((t) => `-${t}`));
  parts.push(...q.excludePhrases.map((p) => `-"${p}"`));
  parts.push(...q.excludeAuthors.map((a) => `-author:${quoteValue(a)}`));
  parts.push(...q.excludeTags.map((t) => `-tag:${quoteValue(t)}`));
  return parts.join(' ');
}

/** True when the query asks for nothing in particular: no word, phrase, filter or `latest`. */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return formatQuery(q) === '';
}
