/**
 * The answer to a query with no result: "did you mean" queries that do return articles (a word
 * spelt closer to the catalog's, a tag that exists, one word or filter fewer), and the articles of
 * the first of them as the nearest alternatives. Never a bare nothing.
 */
import { nameOnlyTerm } from './names.js';
import type { SearchContext } from './context.js';
import type { Filters } from './filters.js';
import { slug } from './filters.js';
import { COMPOUND_MARK, STOP_WORDS, indexTokens } from '../indexing/index.js';
import { emptyQuery, formatQuery } from '../query/index.js';
import type { Ranking } from './ranking.js';
import { mayCorrect, plausibleTypo } from './plan.js';
import type { ParsedQuery, SearchHit, SearchResult } from '../types.js';

/** At most this many relaxed queries are tried for one empty result, to bound its cost. */
const MAX_RELAXATIONS = 8;

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Two query texts a reader would call the same, case and spacing aside: a "Did you mean" must differ from the query. */
const normalText = (text: string) => text.toLowerCase().trim().split(/\s+/).join(' ');
const sameText = (a: string, b: string) => normalText(a) === normalText(b);

export interface Suggestions {
  /** For a query with no match: queries that do return articles, and the first one's articles. */
  explainEmpty(q: ParsedQuery): Pick<SearchResult, 'suggestions' | 'alternatives'>;
  /** For a query the catalog has nothing about: the same query spelt closer to the catalog's words, if that one has matches. */
  respellings(q: ParsedQuery): string[];
}

export function createSuggestions(ctx: SearchContext, filters: Filters, ranking: Ranking): Suggestions {
  const { index, tuning } = ctx;
  const dictionary = index.dictionary;
  // From the filters' tag table (facets.ts), when first needed (a `tag:` value the catalog lacks):
  // making an engine must stay cheap, since a reload makes one on the thread that answers Slack.
  let tagSlugs: string[] | undefined;
  const knownTagSlugs = (): string[] => (tagSlugs ??= [...new Set(ctx.facets.tagSlugs)]);

  /** Whether the index holds `term` or a longer word starting with it. */
  const hasTermOrPrefix = (term: string): boolean => {
    if (dictionary.has(term)) return true;
    for (const key of dictionary.atPrefix(term).keys()) if (key.length > term.length) return true;
    return false;
  };

  /**
   * The closest indexed word to an unknown one: fewest edits, then most common (a wider reach than
   * search's own typo tolerance), with the same first letter: "gpu" is not a misspelt "cpu".
   */
  function correction(token: string): string | undefined {
    if (token.length < 3 || STOP_WORDS.has(token) || !mayCorrect(token)) return undefined;
    const maxDistance = token.length <= 4 ? 1 : 2;
    let best: { term: string; distance: number; frequency: number } | undefined;
    for (const [term, [, distance]] of dictionary.fuzzyGet(token, maxDistance)) {
      if (term.startsWith(COMPOUND_MARK) || term[0] !== token[0] || !plausibleTypo(token, term, distance) || nameOnlyTerm(ctx, term)) continue;
      const frequency = ctx.df(term);
      if (!best || distance < best.distance || (distance === best.distance && frequency > best.frequency)) {
        best = { term, distance, frequency };
      }
    }
    return best?.term;
  }

  /** The known tag slug closest to an unknown tag value (at most 2 edits, or containing it). */
  function nearestTag(wanted: string): string | undefined {
    const target = slug(wanted);
    let best: { slug: string; distance: number } | undefined;
    for (const candidate of knownTagSlugs()) {
      const distance = candidate.includes(target) ? 1 : editDistance(candidate, target, 2);
      if (distance <= 2 && (!best || distance < best.distance || (distance === best.distance && candidate < best.slug))) {
        best = { slug: candidate, distance };
      }
    }
    return best?.slug;
  }

  /** The query with each unknown word and tag spelt as the closest one the catalog has, or undefined when nothing changed. */
  function respelt(q: ParsedQuery): ParsedQuery | undefined {
    let corrected = false;
    const fixed = structuredClone({ ...q, problems: [] });
    fixed.terms = q.terms.map((term) => {
      let out = term;
      for (const token of indexTokens(term)) {
        if (hasTermOrPrefix(token)) continue;
        const better = correction(token);
        if (better) {
          out = out.replace(token, better);
          corrected = true;
        }
      }
      return out;
    });
    // tag:dynamo-db / tag:serverles: a tag no article has is most likely misspelt.
    fixed.tags = q.tags.map((wanted) => {
      if (filters.mask('tag', wanted).includes(1)) return wanted;
      const near = nearestTag(wanted);
      if (near) corrected = true;
      return near ?? wanted;
    });
    return corrected ? fixed : undefined;
  }

  /** Variants of a query that may return something: spelling fixed, then one word or filter dropped. */
  function relaxations(q: ParsedQuery): ParsedQuery[] {
    const variants: ParsedQuery[] = [];
    const fixed = respelt(q);
    if (fixed) variants.push(fixed);
    const base = fixed ?? q;
    const without = (change: (v: ParsedQuery) => void) => {
      const v = structuredClone({ ...base, problems: [] });
      change(v);
      variants.push(v);
    };
    base.authors.forEach((_, i) => without((v) => v.authors.splice(i, 1)));
    base.tags.forEach((_, i) => without((v) => v.tags.splice(i, 1)));
    if (base.year !== undefined) without((v) => delete v.year);
    if (base.after !== undefined) without((v) => delete v.after);
    if (base.before !== undefined) without((v) => delete v.before);
    base.phrases.forEach((_, i) => without((v) => v.phrases.splice(i, 1)));
    if (base.terms.length > 1) base.terms.forEach((_, i) => without((v) => v.terms.splice(i, 1)));
    base.excludeTerms.forEach((_, i) => without((v) => v.excludeTerms.splice(i, 1)));
    base.excludePhrases.forEach((_, i) => without((v) => v.excludePhrases.splice(i, 1)));
    base.excludeAuthors.forEach((_, i) => without((v) => v.excludeAuthors.splice(i, 1)));
    base.excludeTags.forEach((_, i) => without((v) => v.excludeTags.splice(i, 1)));
    return variants;
  }

  function explainEmpty(q: ParsedQuery): Pick<SearchResult, 'suggestions' | 'alternatives'> {
    const original = formatQuery(q);
    const suggestions: string[] = [];
    let alternatives: SearchHit[] = [];
    for (const variant of relaxations(q).slice(0, MAX_RELAXATIONS)) {
      const text = formatQuery(variant);
      if (sameText(text, original) || suggestions.some((s) => sameText(s, text))) continue;
      const ranked = ranking.evaluate(variant);
      if (ranked.ids.length === 0) continue;
      // An empty text would be "show everything", not a suggestion; its articles can still help.
      if (text !== '') suggestions.push(text);
      if (alternatives.length === 0) alternatives = ranking.page(variant, ranked, 0, tuning.alternativeCount);
      if (suggestions.length >= tuning.suggestionCount) break;
    }
    if (alternatives.length === 0) {
      // Nothing near: offer the newest articles rather than a bare nothing.
      const latest = { ...emptyQuery(), latest: true, sort: 'newest' as const };
      alternatives = ranking.page(latest, ranking.evaluate(latest), 0, tuning.alternativeCount);
    }
    return { suggestions, alternatives };
  }

  function respellings(q: ParsedQuery): string[] {
    const fixed = respelt(q);
    if (!fixed) return [];
    const text = formatQuery(fixed);
    return !sameText(text, formatQuery(q)) && ranking.evaluate(fixed).ids.length > 0 ? [text] : [];
  }

  return { explainEmpty, respellings };
}
