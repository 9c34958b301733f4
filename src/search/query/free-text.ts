/**
 * What the free words of a query say besides their topic: time words that order the answer
 * ("most recent posts on api throttling", "the first post we had on SaaS metrics"), dates and
 * authors written the way people write them ("in 2023", "since 2022", "before 2020", "last year",
 * "by Tod Golding"). They become the same filters as `year:` / `after:` / `before:` / `author:`
 * and the same orders as `latest` / `sort:oldest`, so the canonical text of a query is still made
 * of the documented syntax only, and a subscription stores what was understood.
 *
 * One pass over the words with a fixed look-ahead: linear in the length of the query.
 */
import type { QueryWord } from '../indexing/index.js';

export type TimeOrder = 'newest' | 'oldest';

export interface FreeTextReading {
  /** The words left once the time, date and author expressions are taken out, in order. */
  words: string[];
  /** The first time word's order, when the query has one. */
  order?: TimeOrder;
  year?: number;
  /** Same meaning as the `after:` / `before:` filters: after the END / before the START of the period. */
  after?: string;
  before?: string;
  /** Lower-cased names written as "by Tod Golding". */
  authors: string[];
}

/** Words that ask for the newest articles on a topic. */
const NEWEST_WORDS = new Set(['latest', 'newest', 'recent', 'recently', 'lately']);
/** Words that ask for the first articles on a topic. */
const OLDEST_WORDS = new Set(['oldest', 'earliest', 'first']);
/** "new" orders by date only in "what's new …", "anything new …", "new in / on / with / about …". */
const BEFORE_NEW = new Set(['what', 'whats', 'anything', 'something']);
const AFTER_NEW = new Set(['in', 'on', 'with', 'about', 'for', 'regarding', 'around', 'posts', 'articles']);
/** "when did the newsletter start?": asking when something began is asking for the first article. */
const BEGIN_WORDS = new Set(['start', 'started', 'begin', 'began', 'launch', 'launched', 'introduced', 'appear', 'appeared']);
const YEAR_PREPOSITIONS = new Set(['in', 'from', 'during']);
const MONTHS = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].flatMap((m, i) => [[m, i + 1] as const]),
);
const MONTH_NAMES = new Map(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].map(
    (m, i) => [m, i + 1] as const,
  ),
);
/** Words that can never start a name written after "by" ("by Tuesday", "by The way" are not authors). */
const NOT_NAMES = new Set(['the', 'a', 'an', 'default', 'design', 'tenant', 'tenants', 'customer', 'customers', 'using', 'way', 'me']);
const MAX_NAME_WORDS = 3;

const isYear = (word: string | undefined): word is string => word !== undefined && /^(?:19|20)\d\d$/.test(word);

function monthOf(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  return MONTH_NAMES.get(word) ?? (word === 'sept' ? 9 : MONTHS.get(word));
}

const pad = (n: number) => String(n).padStart(2, '0');
/** The month before / after (year, month), as YYYY-MM. */
const monthBefore = (year: number, month: number) => (month === 1 ? `${year - 1}-12` : `${year}-${pad(month - 1)}`);
const monthAfter = (year: number, month: number) => (month === 12 ? `${year + 1}-01` : `${year}-${pad(month + 1)}`);
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function monthsAgo(now: Date, months: number): Date {
  const date = new Date(now.getTime());
  date.setUTCMonth(date.getUTCMonth() - months);
  return date;
}

/** One reading of a query's free words: the words, today, and what was understood so far. */
interface Pass {
  input: readonly QueryWord[];
  words: readonly string[];
  now: Date;
  reading: FreeTextReading;
  /** "when" came earlier: a word like "started" then asks for the first article. */
  askedWhen: boolean;
}

// The first expression of each kind wins ("latest … oldest" orders newest first).
const setOrder = (pass: Pass, order: TimeOrder) => {
  pass.reading.order ??= order;
};
const setYear = (pass: Pass, year: number) => {
  pass.reading.year ??= year;
};
const setAfter = (pass: Pass, period: string) => {
  pass.reading.after ??= period;
};
const setBefore = (pass: Pass, period: string) => {
  pass.reading.before ??= period;
};

// --- time words ---------------------------------------------------------------------------

/** A time word at `i` sets the order; true when the word is one (it is then not a topic word). */
function readTimeWord(pass: Pass, i: number): boolean {
  const { words } = pass;
  const word = words[i]!;
  const next = words[i + 1];
  if (NEWEST_WORDS.has(word)) {
    setOrder(pass, 'newest');
    return true;
  }
  if (OLDEST_WORDS.has(word)) {
    setOrder(pass, 'oldest');
    return true;
  }
  if (word === 'new') {
    // "a new tenant" is a tenant, not a date order; "what's new with …" is.
    if (BEFORE_NEW.has(words[i - 1] ?? '') || AFTER_NEW.has(next ?? '')) setOrder(pass, 'newest');
    return true;
  }
  if (pass.askedWhen && BEGIN_WORDS.has(word)) {
    setOrder(pass, 'oldest');
    return true;
  }
  return false;
}

// --- dates ----------------------------------------------------------------------------------

/**
 * A named period from `i`: "in 2023", "in June 2023", "since 2022", "after May 2021", "before
 * 2020", "between 2019 and 2021". Returns how many words it covers (0: none starts here).
 */
function readPeriod(pass: Pass, i: number): number {
  const { words } = pass;
  const word = words[i]!;
  const next = words[i + 1];
  if (YEAR_PREPOSITIONS.has(word)) {
    const month = monthOf(next);
    if (month !== undefined && isYear(words[i + 2])) {
      const year = Number(words[i + 2]);
      setAfter(pass, monthBefore(year, month));
      setBefore(pass, monthAfter(year, month));
      return 3;
    }
    if (isYear(next)) {
      setYear(pass, Number(next));
      return 2;
    }
  }
  if (word === 'since' || word === 'after') {
    const month = monthOf(next);
    if (month !== undefined && isYear(words[i + 2])) {
      const year = Number(words[i + 2]);
      setAfter(pass, word === 'since' ? monthBefore(year, month) : `${year}-${pad(month)}`);
      return 3;
    }
    if (isYear(next)) {
      setAfter(pass, word === 'since' ? String(Number(next) - 1) : next);
      return 2;
    }
  }
  if (word === 'before') {
    const month = monthOf(next);
    if (month !== undefined && isYear(words[i + 2])) {
      setBefore(pass, `${words[i + 2]}-${pad(month)}`);
      return 3;
    }
    if (isYear(next)) {
      setBefore(pass, next);
      return 2;
    }
  }
  if (word === 'between' && isYear(next) && words[i + 2] === 'and' && isYear(words[i + 3])) {
    const [from, to] = [Number(next), Number(words[i + 3])].sort((a, b) => a - b) as [number, number];
    setAfter(pass, String(from - 1));
    setBefore(pass, String(to + 1));
    return 4;
  }
  return 0;
}

/**
 * A period counted from today, from `i`: "this year", "last month", "past year", "last 3 years".
 * Returns how many words it covers (0: none starts here).
 */
function readRelativePeriod(pass: Pass, i: number): number {
  const { words, now } = pass;
  const word = words[i]!;
  const next = words[i + 1];
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  if ((word === 'this' || word === 'last' || word === 'past' || word === 'previous') && (next === 'year' || next === 'month')) {
    if (next === 'year') {
      if (word === 'this') setYear(pass, thisYear);
      else if (word === 'past') setAfter(pass, isoDay(monthsAgo(now, 12)));
      else setYear(pass, thisYear - 1);
    } else if (word === 'this') {
      setAfter(pass, monthBefore(thisYear, thisMonth));
    } else if (word === 'past') {
      setAfter(pass, isoDay(monthsAgo(now, 1)));
    } else {
      const last = monthsAgo(now, 1);
      setAfter(pass, monthBefore(last.getUTCFullYear(), last.getUTCMonth() + 1));
      setBefore(pass, `${thisYear}-${pad(thisMonth)}`);
    }
    return 2;
  }
  if ((word === 'last' || word === 'past') && next !== undefined && /^\d{1,2}$/.test(next) && /^(?:year|month)s?$/.test(words[i + 2] ?? '')) {
    const count = Number(next);
    const months = (words[i + 2]!.startsWith('year') ? 12 : 1) * count;
    if (count > 0) setAfter(pass, isoDay(monthsAgo(now, months)));
    return 3;
  }
  return 0;
}

// --- authors: "by Tod Golding" (a capitalised name; "by tenant" stays words) ----------------

/** An author written "by Tod Golding" from `i`. Returns how many words it covers (0: none). */
function readAuthor(pass: Pass, i: number): number {
  const { input, words } = pass;
  const next = words[i + 1];
  if (words[i] !== 'by' || !input[i + 1]?.capitalised || NOT_NAMES.has(next!)) return 0;
  let end = i + 1;
  while (end < words.length && end - i <= MAX_NAME_WORDS && input[end]!.capitalised && !isYear(words[end])) end += 1;
  pass.reading.authors.push(words.slice(i + 1, end).join(' '));
  return end - i;
}

/** Read the time, date and author expressions out of a query's free words. */
export function readFreeText(input: readonly QueryWord[], now: Date): FreeTextReading {
  const pass: Pass = { input, words: input.map((w) => w.word), now, reading: { words: [], authors: [] }, askedWhen: false };
  const { words, reading } = pass;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i]!;
    if (word === 'when') pass.askedWhen = true;
    if (readTimeWord(pass, i)) continue;
    const covered = readPeriod(pass, i) || readRelativePeriod(pass, i) || readAuthor(pass, i);
    if (covered > 0) {
      i += covered - 1;
      continue;
    }
    reading.words.push(word);
  }
  return reading;
}
