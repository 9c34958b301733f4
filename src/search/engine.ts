/**
 * The search engine: an index over title, summary, authors and tags (minisearch's term dictionary,
 * BM25 and field boosts; see frozen-index.ts), plus exact filters, vocabulary expansion,
 * AND-first-then-OR matching and "did you mean" answers.
 *
 * How a query runs:
 * 1. Its words become nodes: one per word, or one per vocabulary entry ("elastic kubernetes
 *    service"), each an OR of the exact word(s) (plus, for a word the index does not hold, its
 *    prefix completions or else its typo matches; plus its singular/plural) and the lower-weighted
 *    vocabulary expansions. Each phrase is a node too.
 * 2. Each node is scored against the index (scorer.ts); an article's score is the sum over nodes.
 * 3. Articles matching every node win; if the filters leave none of those, articles matching some
 *    nodes are used instead, scored by how many they match (never empty for one missing word).
 * 4. Filters (author, tag, dates, phrases, negations) are exact; then ranking: score, and equal
 *    scores newest first (or by date for sort:newest / sort:oldest / `latest`).
 */
import type { Article } from '../catalog/types.js';
import { CatalogBotError } from '../errors.js';
import { buildFrozenIndex, documentFrequency, type BuildProgress, type FrozenIndex } from './frozen-index.js';
import { COMPOUND_MARK, COMPOUND_PHRASES, SEARCH_OPTIONS, compoundTerm } from './options.js';
import { emptyQuery, formatQuery, parseQuery } from './query.js';
import { createScorer, type Alternative, type QueryNodeTerms, type TermWeights } from './scorer.js';
import { STOP_WORDS, indexTokens, phraseText, plural, rawTokens, singular } from './text.js';
import type { CatalogSearch, ParsedQuery, SearchHit, SearchOptions, SearchResult } from './types.js';
import { defaultVocabulary, type Vocabulary } from './vocabulary.js';
import { trimEndWhile, trimStartWhile } from '../util/text.js';

const isUnderscore = (ch: string) => ch === '_';
const trimUnderscores = (text: string) => trimEndWhile(trimStartWhile(text, isUnderscore), isUnderscore);

export interface SearchEngineOptions {
  /** Synonyms and jargon to expand queries with. Default: vocabulary/general.json. */
  vocabulary?: Vocabulary;
  /**
   * An index already built for exactly these articles, in this order (from a snapshot).
   * Default: build one.
   */
  index?: FrozenIndex;
}

export interface SearchEngine extends CatalogSearch {
  /** The indexed articles, in index order. */
  readonly articles: readonly Article[];
  /** The index (what a snapshot stores). */
  readonly index: FrozenIndex;
}

/** Build the index over the articles with SEARCH_OPTIONS.index. */
export function buildIndex(articles: readonly Article[], progress?: BuildProgress): FrozenIndex {
  return buildFrozenIndex(articles, progress);
}

/** Matches before paging: article positions with their scores. */
interface Ranked {
  /** Positions (a typed array: a query for "saas" matches every article, and a number[] that long costs milliseconds to grow). */
  ids: Uint32Array;
  scores: Float64Array | undefined;
  /** Every index term the query looked up (for the "matched" hint). */
  terms: Set<string> | undefined;
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
function editDistance(a: string, b: string, max: number): number {
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

export function createSearchEngine(articles: readonly Article[], options: SearchEngineOptions = {}): SearchEngine {
  const vocabulary = options.vocabulary ?? defaultVocabulary();
  const index = options.index ?? buildIndex(articles);
  if (index.documentCount !== articles.length) {
    throw new CatalogBotError(
      'config_invalid',
      `search: the index holds ${index.documentCount} articles but ${articles.length} were given; build it from these articles`,
    );
  }
  const dictionary = index.dictionary;
  const count = articles.length;
  const tuning = SEARCH_OPTIONS;

  // Date order, computed once: newestFirst[k] is the k-th newest article; dateRank is its inverse.
  // Ties (same day) keep catalog order, so results are stable across runs.
  const newestFirst = Array.from({ length: count }, (_, i) => i).sort((a, b) => {
    const pa = articles[a]!.published;
    const pb = articles[b]!.published;
    return pa < pb ? 1 : pa > pb ? -1 : a - b;
  });
  const dateRank = new Uint32Array(count);
  newestFirst.forEach((articleIndex, rank) => {
    dateRank[articleIndex] = rank;
  });

  const scorer = createScorer(index, tuning.boost);

  /** Whether the index holds `term` or a longer word starting with it. */
  const hasTermOrPrefix = (term: string): boolean => {
    if (dictionary.has(term)) return true;
    for (const key of dictionary.atPrefix(term).keys()) if (key.length > term.length) return true;
    return false;
  };

  // ---- query plan -------------------------------------------------------------------------

  /**
   * The index terms one query word stands for, with weights: the word itself; for a word the index
   * does not hold, its completions ("dyna" → "dynamodb") or, failing those, its typo matches
   * ("dynamdb" → "dynamodb"); and its singular/plural.
   */
  function wordTerms(token: string, weight: number): TermWeights {
    const terms: TermWeights = new Map();
    const put = (term: string, w: number) => terms.set(term, Math.max(w, terms.get(term) ?? 0));
    put(token, weight);
    const known = dictionary.has(token);
    let completions = 0;
    if (!known && token.length >= tuning.prefixMinLength) {
      // Shortest completions first: "kube" means "kubernetes" before "kubernetesoperatorhub".
      const keys = [...dictionary.atPrefix(token).keys()].filter((t) => t !== token);
      keys.sort((x, y) => x.length - y.length || (x < y ? -1 : 1));
      for (const term of keys.slice(0, tuning.maxExpansions)) {
        const distance = term.length - token.length;
        put(term, (weight * tuning.weights.prefix * term.length) / (term.length + 0.3 * distance));
        completions += 1;
      }
    }
    const maxDistance = tuning.fuzzyDistance(token.length);
    if (!known && completions === 0 && maxDistance > 0) {
      const near = [...dictionary.fuzzyGet(token, maxDistance)]
        .filter(([term, [, distance]]) => distance > 0 && !term.startsWith(COMPOUND_MARK))
        .sort((x, y) => x[1][1] - y[1][1])
        .slice(0, tuning.maxExpansions);
      for (const [term, [, distance]] of near) put(term, (weight * tuning.weights.fuzzy * term.length) / (term.length + distance));
    }
    for (const variant of [singular(token), plural(token)]) {
      if (variant && variant !== token && dictionary.has(variant)) put(variant, weight * tuning.singularWeight);
    }
    return terms;
  }

  /** All of `tokens`, exactly; a vocabulary name is looked up as its compound term (words side by side). */
  function exactAlternative(tokens: readonly string[], weight: number): Alternative {
    const phrase = tokens.join(' ');
    if (tokens.length > 1 && COMPOUND_PHRASES.has(phrase)) return { parts: [new Map([[compoundTerm(phrase), weight]])] };
    return { parts: tokens.map((t) => new Map([[t, weight / tokens.length]])) };
  }

  function planNodes(q: ParsedQuery): QueryNodeTerms[] {
    const nodes: QueryNodeTerms[] = [];
    const tokens: string[] = [];
    const fromTerm: number[] = []; // which typed word each token came from ("multi-tenant" → 2 tokens, 1 word)
    q.terms.forEach((t, w) => {
      for (const token of indexTokens(t)) {
        tokens.push(token);
        fromTerm.push(w);
      }
    });
    for (let i = 0; i < tokens.length; ) {
      const match = vocabulary.match(tokens, i);
      const length = match?.length ?? 1;
      const span = tokens.slice(i, i + length);
      const oneWord = fromTerm[i] === fromTerm[i + length - 1];
      i += length;
      const alternatives: Alternative[] = [];
      if (span.length === 1) {
        alternatives.push({ parts: [wordTerms(span[0]!, 1)] });
      } else if (COMPOUND_PHRASES.has(span.join(' '))) {
        // A typed multi-word name ("software as a service"): what counts is the words side by
        // side; the same words scattered over a field weigh much less.
        alternatives.push(exactAlternative(span, span.length));
        // Typed as one word ("multi-tenant", "ci/cd"), the words are side by side by definition.
        if (!oneWord) alternatives.push({ parts: span.map((t) => wordTerms(t, tuning.scatteredWeight)) });
      } else {
        alternatives.push({ parts: span.map((t) => wordTerms(t, 1)) });
      }
      for (const e of match?.expansions ?? []) {
        alternatives.push(exactAlternative(e.tokens, e.kind === 'synonym' ? tuning.synonymWeight : tuning.relatedWeight));
      }
      nodes.push(alternatives);
    }
    for (const phrase of q.phrases) {
      const phraseTokens = indexTokens(phrase);
      if (phraseTokens.length > 0) nodes.push([exactAlternative(phraseTokens, phraseTokens.length)]);
    }
    return nodes;
  }

  // ---- exact filters ----------------------------------------------------------------------

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
    const positions =
      tokens.length > 1 && COMPOUND_PHRASES.has(phrase) ? scorer.containingAll([compoundTerm(phrase)]) : scorer.containingAll(tokens);
    for (const position of positions) {
      if (!multi || inPhrase(articles[position]!, text)) into[position] = 1;
    }
  }

  const slug = (value: string) => trimUnderscores(value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_'));

  /**
   * Which articles an author: or tag: value matches, as a byte per article, computed once per value
   * and kept (a subscription's filters are applied to every reload; a Slack user retries a query).
   */
  const masks = new Map<string, Uint8Array>();
  const MAX_MASKS = 64;
  function mask(kind: 'author' | 'tag', wanted: string): Uint8Array {
    const key = `${kind}:${wanted}`;
    let found = masks.get(key);
    if (found) return found;
    found = new Uint8Array(count);
    if (kind === 'author') {
      articles.forEach((a, i) => {
        if (a.authors.some((name) => name.toLowerCase().includes(wanted))) found![i] = 1;
      });
    } else {
      // tag:saas matches the slug or the name; tag:dynamodb also matches amazon_dynamodb.
      const wantedSlug = slug(wanted);
      const suffix = `_${wantedSlug}`;
      articles.forEach((a, i) => {
        if (a.tags.some((t) => t.slug === wantedSlug || t.slug === wanted || t.name.toLowerCase() === wanted || t.slug.endsWith(suffix))) {
          found![i] = 1;
        }
      });
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

  /** The exact part of a query: a range of date ranks, and a test for the rest (undefined: none). */
  interface Filter {
    from: number;
    to: number;
    test: ((i: number) => boolean) | undefined;
  }

  function makeFilter(q: ParsedQuery): Filter {
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
    const test = (i: number): boolean => {
      for (const m of required) if (m[i] === 0) return false;
      for (const m of forbidden) if (m[i] === 1) return false;
      for (const phrase of phrases) if (!inPhrase(articles[i]!, phrase)) return false;
      return true;
    };
    return { from, to, test };
  }

  // ---- matching ---------------------------------------------------------------------------

  /** Every article the query matches, unordered, with scores when it has words. */
  function evaluate(q: ParsedQuery): Ranked {
    const filter = makeFilter(q);
    const nodes = planNodes(q);
    const { from, to, test } = filter;
    if (nodes.length === 0) {
      // No words: the filters alone decide (or every article, for an empty query / `latest`).
      const ids = new Uint32Array(Math.max(0, to - from));
      let n = 0;
      for (let rank = from; rank < to; rank += 1) {
        const id = newestFirst[rank]!;
        if (!test || test(id)) ids[n++] = id;
      }
      return { ids: ids.subarray(0, n), scores: undefined, terms: undefined };
    }
    const { scores, nodeCount } = scorer.score(nodes);
    const terms = new Set(nodes.flatMap((alternatives) => alternatives.flatMap((a) => a.parts.flatMap((part) => [...part.keys()]))));
    // One pass over a byte per article, sorting matches into "every word" and "some words". This
    // runs once per matching article (every article, for "saas"): keep it to typed arrays.
    const all = new Uint32Array(count);
    const some = new Uint32Array(count);
    let allCount = 0;
    let someCount = 0;
    const wanted = nodes.length;
    const ranged = from > 0 || to < count;
    for (let id = 0; id < count; id += 1) {
      const matched = nodeCount[id]!;
      if (matched === 0) continue;
      if (ranged) {
        const rank = dateRank[id]!;
        if (rank < from || rank >= to) continue;
      }
      if (test !== undefined && !test(id)) continue;
      if (matched === wanted) all[allCount++] = id;
      else some[someCount++] = id;
    }
    if (allCount > 0 || nodes.length === 1) return { ids: all.subarray(0, allCount), scores, terms };
    // Nobody matches every word: rank by how many words match, then by score.
    for (let t = 0; t < someCount; t += 1) {
      const id = some[t]!;
      scores[id] = scores[id]! * nodeCount[id]!;
    }
    return { ids: some.subarray(0, someCount), scores, terms };
  }

  // ---- ranking ----------------------------------------------------------------------------

  /** Scores within a millionth of each other count as equal, so float noise does not beat "newest first". */
  const SAME_SCORE = 1e-6;
  const sameScore = (a: number, b: number) => Math.abs(a - b) <= SAME_SCORE * Math.max(Math.abs(a), Math.abs(b));
  const rounded = (score: number) => (score === 0 ? 0 : Number(score.toPrecision(6)));

  /** How a result list is ordered: a comparator, plus the scores when the order is by score (relevance). */
  interface Order {
    compare: (a: number, b: number) => number;
    byScore: Float64Array | undefined;
  }

  function orderFor(q: ParsedQuery, scores: Float64Array | undefined): Order {
    const newest = (a: number, b: number) => dateRank[a]! - dateRank[b]!;
    if (q.sort === 'newest') return { compare: newest, byScore: undefined };
    if (q.sort === 'oldest') return { compare: (a, b) => dateRank[b]! - dateRank[a]!, byScore: undefined };
    if (!scores) return { compare: newest, byScore: undefined };
    const compare = (a: number, b: number) => {
      const sa = scores[a]!;
      const sb = scores[b]!;
      return sameScore(sa, sb) ? newest(a, b) : sb - sa;
    };
    return { compare, byScore: scores };
  }

  /**
   * The first `k` ids in `order`, without sorting all of them when k is small. In score order, an id
   * scoring clearly below the current k-th is skipped without a comparison: that is nearly every id
   * of a broad query.
   */
  function firstK(ids: Uint32Array, k: number, { compare, byScore }: Order): number[] {
    if (k >= ids.length / 4) return Array.from(ids).sort(compare).slice(0, k);
    const best: number[] = [];
    // Below `floor`, a score can neither equal (sameScore) nor beat the k-th best.
    let floor = -Infinity;
    for (let t = 0; t < ids.length; t += 1) {
      const id = ids[t]!;
      if (best.length === k) {
        if (byScore !== undefined && byScore[id]! < floor) continue;
        if (compare(id, best[k - 1]!) >= 0) continue;
      }
      // Binary insertion into the short sorted list.
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(best[mid]!, id) <= 0) lo = mid + 1;
        else hi = mid;
      }
      best.splice(lo, 0, id);
      if (best.length > k) best.pop();
      if (byScore !== undefined && best.length === k) {
        const kth = byScore[best[k - 1]!]!;
        floor = kth - 2 * SAME_SCORE * Math.abs(kth);
      }
    }
    return best;
  }

  function toHit(id: number, ranked: Ranked): SearchHit {
    const matched = ranked.terms ? scorer.termsIn(id, ranked.terms).map((t) => t.replace(COMPOUND_MARK, '')) : [];
    return { article: articles[id]!, score: ranked.scores ? rounded(ranked.scores[id]!) : 0, matched };
  }

  function page(q: ParsedQuery, ranked: Ranked, offset: number, limit: number): SearchHit[] {
    const end = Number.isFinite(limit) ? offset + limit : ranked.ids.length;
    if (end <= 0 || offset >= ranked.ids.length) return [];
    // Word-less queries are already in date order; only a sort:oldest needs flipping.
    let ordered: number[];
    if (!ranked.scores && q.sort !== 'oldest') ordered = Array.from(ranked.ids.subarray(offset, end));
    else ordered = firstK(ranked.ids, end, orderFor(q, ranked.scores)).slice(offset, end);
    return ordered.map((id) => toHit(id, ranked));
  }

  // ---- no result: suggestions and alternatives ---------------------------------------------

  /** The closest indexed word to an unknown one: fewest edits, then most common. */
  function correction(token: string): string | undefined {
    if (token.length < 3 || STOP_WORDS.has(token)) return undefined;
    const maxDistance = token.length <= 4 ? 1 : token.length <= 7 ? 2 : 3;
    let best: { term: string; distance: number; frequency: number } | undefined;
    for (const [term, [, distance]] of dictionary.fuzzyGet(token, maxDistance)) {
      if (term.startsWith(COMPOUND_MARK)) continue;
      const frequency = documentFrequency(index, term);
      if (!best || distance < best.distance || (distance === best.distance && frequency > best.frequency)) {
        best = { term, distance, frequency };
      }
    }
    return best?.term;
  }

  const tagSlugs = [...new Set(articles.flatMap((a) => a.tags.map((t) => t.slug)))];

  /** The known tag slug closest to an unknown tag value (at most 2 edits, or containing it). */
  function nearestTag(wanted: string): string | undefined {
    const target = slug(wanted);
    let best: { slug: string; distance: number } | undefined;
    for (const candidate of tagSlugs) {
      const distance = candidate.includes(target) ? 1 : editDistance(candidate, target, 2);
      if (distance <= 2 && (!best || distance < best.distance || (distance === best.distance && candidate < best.slug))) {
        best = { slug: candidate, distance };
      }
    }
    return best?.slug;
  }

  /** Variants of a query that return something: spelling fixed, then one word or filter dropped. */
  function relaxations(q: ParsedQuery): ParsedQuery[] {
    const variants: ParsedQuery[] = [];
    const copy = (): ParsedQuery => structuredClone({ ...q, problems: [] });
    let corrected = false;
    const fixed = copy();
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
      if (mask('tag', wanted).includes(1)) return wanted;
      const near = nearestTag(wanted);
      if (near) corrected = true;
      return near ?? wanted;
    });
    if (corrected) variants.push(fixed);
    const base = corrected ? fixed : q;
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

  /** At most this many relaxed queries are tried for one empty result, to bound its cost. */
  const MAX_RELAXATIONS = 8;

  function explainEmpty(q: ParsedQuery): Pick<SearchResult, 'suggestions' | 'alternatives'> {
    const original = formatQuery(q);
    const suggestions: string[] = [];
    let alternatives: SearchHit[] = [];
    for (const variant of relaxations(q).slice(0, MAX_RELAXATIONS)) {
      const text = formatQuery(variant);
      if (text === original || suggestions.includes(text)) continue;
      const ranked = evaluate(variant);
      if (ranked.ids.length === 0) continue;
      // An empty text would be "show everything", not a suggestion; its articles can still help.
      if (text !== '') suggestions.push(text);
      if (alternatives.length === 0) alternatives = page(variant, ranked, 0, tuning.alternativeCount);
      if (suggestions.length >= tuning.suggestionCount) break;
    }
    if (alternatives.length === 0) {
      // Nothing near: offer the newest articles rather than a bare nothing.
      const latest = { ...emptyQuery(), latest: true, sort: 'newest' as const };
      alternatives = page(latest, evaluate(latest), 0, tuning.alternativeCount);
    }
    return { suggestions, alternatives };
  }

  // ---- public API -------------------------------------------------------------------------

  const parse = (query: string | ParsedQuery): ParsedQuery => (typeof query === 'string' ? parseQuery(query) : query);

  return {
    articles,
    index,
    size: count,
    search(query, opts: SearchOptions = {}) {
      const q = parse(query);
      const limit = Math.max(0, opts.limit ?? tuning.defaultLimit);
      const offset = Math.max(0, Math.floor(opts.offset ?? 0));
      const ranked = evaluate(q);
      const hits = page(q, ranked, offset, limit);
      const total = ranked.ids.length;
      const empty = total === 0 ? explainEmpty(q) : { suggestions: [], alternatives: [] };
      return { query: q, hits, total, ...empty };
    },
    matchingIds(query) {
      const ranked = evaluate(parse(query));
      return new Set(Array.from(ranked.ids.sort(), (i) => articles[i]!.id));
    },
  };
}
