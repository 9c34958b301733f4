/**
 * The exact part of a query: dates (a range of the date order, found by binary search), authors
 * and tags (a byte per article, computed once per value and kept), phrases and negations.
 */
import type { Article } from '../../catalog/types.js';
import { articlesWith } from './facets.js';
import type { SearchContext } from './context.js';
import { compoundTerm, indexTokens, phraseText, rawTokens } from '../indexing/index.js';
import type { ParsedQuery } from '../types.js';
import { trimEndWhile, trimStartWhile } from '../../util/text.js';

const isUnderscore = (ch: string) => ch === '_';
const trimUnderscores = (text: string) => trimEndWhile(trimStartWhile(text, isUnderscore), isUnderscore);

/** A tag value as a slug: lower case, every run of other characters one underscore. */
export const slug = (value: string) => trimUnderscores(value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_'));

/**
 * The exact part of a query: a range of date ranks, and a test for the rest (undefined: none). The
 * test may be given the article's best passage (a passage id, -1: none): a "phrase" found there
 * counts as found in the article.
 */
export interface Filter {
  from: number;
  to: number;
  test: ((position: number, passage?: number) => boolean) | undefined;
}

export interface Filters {
  make(q: ParsedQuery): Filter;
  /** Which articles an author: or tag: value matches, a byte per article. */
  mask(kind: 'author' | 'tag', wanted: string): Uint8Array;
}

/** At most this many author/tag masks are kept (a subscription's filters are applied on every reload). */
const MAX_MASKS = 64;

export function createFilters(ctx: SearchContext): Filters {
  const { articles, count, newestFirst, scorer, compounds } = ctx;

  const inPhrase = (article: Article, phrase: string): boolean => {
    const needle = ` ${rawTokens(phrase).join(' ')} `;
    return (
      phraseText(article.title).includes(needle) ||
      phraseText(article.summary).includes(needle) ||
      phraseText(article.authors.join(', ')).includes(needle) ||
      phraseText(article.tags.map((t) => t.name).join(', ')).includes(needle)
    );
  };

  /** Marks (in `into`) the articles containing a word or phrase (exactly, no prefix or typo). */
  function markContaining(text: string, into: Uint8Array): void {
    const tokens = indexTokens(text);
    const multi = rawTokens(text).length > 1;
    if (tokens.length === 0) {
      // Only stop words ("-the"): nothing indexed to narrow with, check every article.
      articles.forEach((a, i) => {
        if (inPhrase(a, text)) into[i] = 1;
      });
      return;
    }
    const phrase = tokens.join(' ');
    const positions = tokens.length > 1 && compounds.has(phrase) ? scorer.containingAll([compoundTerm(phrase)]) : scorer.containingAll(tokens);
    for (const position of positions) {
      if (!multi || inPhrase(articles[position]!, text)) into[position] = 1;
    }
  }

  /**
   * The slugs a `tag:` value stands for: its own, and those of the vocabulary's synonyms for it
   * (general, the owner's, and abbreviations learned from the catalog: "eks" → elastic_kubernetes_service).
   */
  function tagSlugsFor(wanted: string): string[] {
    const slugs = [slug(wanted)];
    const tokens = indexTokens(wanted);
    const match = tokens.length > 0 ? ctx.vocabulary.match(tokens, 0) : undefined;
    if (match?.length === tokens.length) {
      // As written ("managed streaming for apache kafka") and as index tokens (stop words out).
      for (const e of match.expansions) if (e.kind === 'synonym') slugs.push(slug(e.text), e.tokens.join('_'));
    }
    return slugs.filter((s) => s !== '');
  }

  const masks = new Map<string, Uint8Array>();
  function mask(kind: 'author' | 'tag', wanted: string): Uint8Array {
    const key = `${kind}:${wanted}`;
    let found = masks.get(key);
    if (found) return found;
    const { facets } = ctx;
    if (kind === 'author') {
      const accepted = Uint8Array.from(facets.authorNames, (name) => (name.toLowerCase().includes(wanted) ? 1 : 0));
      found = articlesWith(facets.authors, accepted, count);
    } else {
      // tag:saas matches the slug or the name; tag:dynamodb also matches amazon_dynamodb; tag:eks
      // also matches the tags named by its other names (amazon_elastic_kubernetes_service).
      const slugs = tagSlugsFor(wanted);
      const accepted = Uint8Array.from(facets.tagSlugs, (tagSlug, id) =>
        tagSlug === wanted || facets.tagNames[id]!.toLowerCase() === wanted || slugs.some((s) => tagSlug === s || tagSlug.endsWith(`_${s}`)) ? 1 : 0,
      );
      found = articlesWith(facets.tags, accepted, count);
    }
    if (masks.size >= MAX_MASKS) masks.clear();
    masks.set(key, found);
    return found;
  }

  /** The first date rank (newest first) from which `reached(published)` holds; it must stay true after. */
  function firstRank(reached: (published: string) => boolean): number {
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (reached(articles[newestFirst[mid]!]!.published)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  function make(q: ParsedQuery): Filter {
    // after:P = after the END of P; before:P = before the START of P. ISO dates compare as strings,
    // so comparing the first |P| characters of the date with P does both. Articles are ordered by
    // date, so each bound is a binary search and the filter a range of ranks.
    let from = 0;
    let to = count;
    const { after, before, year } = q;
    if (after !== undefined) to = Math.min(to, firstRank((p) => p.slice(0, after.length) <= after));
    if (before !== undefined) from = Math.max(from, firstRank((p) => p.slice(0, before.length) < before));
    if (year !== undefined) {
      const y = String(year).padStart(4, '0');
      from = Math.max(from, firstRank((p) => p.slice(0, 4) <= y));
      to = Math.min(to, firstRank((p) => p.slice(0, 4) < y));
    }
    const required = [...q.authors.map((a) => mask('author', a)), ...q.tags.map((t) => mask('tag', t))];
    const forbidden = [...q.excludeAuthors.map((a) => mask('author', a)), ...q.excludeTags.map((t) => mask('tag', t))];
    const excludedTexts = [...q.excludeTerms, ...q.excludePhrases];
    if (excludedTexts.length > 0) {
      const excluded = new Uint8Array(count);
      for (const text of excludedTexts) markContaining(text, excluded);
      forbidden.push(excluded);
    }
    const phrases = q.phrases;
    if (required.length + forbidden.length + phrases.length === 0) return { from, to, test: undefined };
    const test = (i: number, passage = -1): boolean => {
      for (const m of required) if (m[i] === 0) return false;
      for (const m of forbidden) if (m[i] === 1) return false;
      let passageText: string | undefined;
      for (const phrase of phrases) {
        if (inPhrase(articles[i]!, phrase)) continue;
        // In the text: the passage that matched (re-split from the text: only articles whose
        // fields lack the phrase and whose text matched get here).
        if (passage < 0) return false;
        passageText ??= phraseText(ctx.passageText(i, passage) ?? '');
        if (!passageText.includes(` ${rawTokens(phrase).join(' ')} `)) return false;
      }
      return true;
    };
    return { from, to, test };
  }

  return { make, mask };
}
