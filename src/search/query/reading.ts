/**
 * How a query was read, in words, for the answer's first line: "5 of 12 articles for *tenant cost*
 * · newest first · 2023 · also searched: kubernetes". A user then sees why the order is what it is:
 * which words were searched, the order, the filters understood from free text, a spelling that was
 * corrected, and the other names the vocabulary added. Plain text; the Slack blocks escape it.
 */
import { stem } from '../indexing/index.js';
import type { ParsedQuery, PlanNotes, QueryReading } from '../types.js';

/** At most this many other names are listed after "also searched:". */
const MAX_ALSO_SEARCHED = 3;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2022` → "2022", `2022-06` → "Jun 2022", `2022-06-14` → "14 Jun 2022". */
function periodText(period: string): string {
  const [year, month, day] = period.split('-');
  if (month === undefined) return year!;
  const name = MONTHS[Number(month) - 1] ?? month;
  return day === undefined ? `${name} ${year}` : `${Number(day)} ${name} ${year}`;
}

/** after:P means after the end of P: said as "since" the period that follows (after:2021 → "since 2022"). */
function afterText(period: string): string {
  const [year, month, day] = period.split('-');
  if (day !== undefined) return `after ${periodText(period)}`;
  if (month === undefined) return `since ${Number(year) + 1}`;
  const next = Number(month) === 12 ? `${Number(year) + 1}-01` : `${year}-${String(Number(month) + 1).padStart(2, '0')}`;
  return `since ${periodText(next)}`;
}

const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Another spelling of the same word ("multi tenancy" for "multi-tenant", "noisy neighbor" for "…neighbour"): not worth listing. */
function sameWord(a: string, b: string): boolean {
  const [x, y] = [letters(a), letters(b)];
  if (stem(x) === stem(y)) return true;
  let common = 0;
  while (common < x.length && x[common] === y[common]) common += 1;
  return common >= 5 && common >= Math.min(x.length, y.length) - 3;
}

const wordsOf = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const within = (inner: string, outer: string) => {
  const words = new Set(wordsOf(outer));
  return wordsOf(inner).every((w) => words.has(w));
};

/** A longer or shorter form of the same name ("amazon dynamodb" for "dynamodb", "isolation" for "tenant isolation"). */
function containsTyped(typed: string, name: string): boolean {
  return within(typed, name) || within(name, typed);
}

export function readingOf(q: ParsedQuery, plan: PlanNotes | undefined): QueryReading {
  const topic = [...q.terms, ...q.phrases.map((p) => `"${p}"`)].join(' ');
  const notes: string[] = [];
  if (q.sort === 'newest') notes.push('newest first');
  else if (q.sort === 'oldest') notes.push('oldest first');
  if (q.year !== undefined) notes.push(String(q.year));
  if (q.after !== undefined) notes.push(afterText(q.after));
  if (q.before !== undefined) notes.push(`before ${periodText(q.before)}`);
  for (const author of q.authors) notes.push(`by ${author}`);
  for (const tag of q.tags) notes.push(`tagged ${tag}`);
  const without = [...q.excludeTerms, ...q.excludePhrases.map((p) => `"${p}"`), ...q.excludeAuthors.map((a) => `author ${a}`), ...q.excludeTags.map((t) => `tag ${t}`)];
  if (without.length > 0) notes.push(`without ${without.join(', ')}`);
  for (const { from, to } of plan?.corrections ?? []) notes.push(`${from} read as ${to}`);
  // Other names worth saying: synonyms, and any name that was all a word was found by (no article has the word itself).
  const also = [
    ...new Set((plan?.expansions ?? []).filter((e) => (e.synonym || e.alone === true) && e.articles > 0 && !sameWord(e.from, e.to) && !containsTyped(e.from, e.to)).map((e) => e.to)),
  ];
  if (also.length > 0) notes.push(`also searched: ${also.slice(0, MAX_ALSO_SEARCHED).join(', ')}`);
  return { topic, notes };
}
