/**
 * Matching, ranking and paging.
 *
 * An article matches when it covers enough of the query, weighted by how telling each word is
 * (scorer.ts): not "every word or nothing", so "serverless tenant routing" still lists the routing
 * articles that do not say "serverless", after those that say all three. When even the best article
 * covers too little of the query ("android app store screenshots" in a SaaS catalog), the catalog
 * has nothing about it: no result, and the nearest articles are offered as the closest, not as hits.
 *
 * Order: by coverage in steps, then by BM25 score (equal scores newest first). With a date order
 * (`latest`, time words, `sort:`) and words, the articles on the topic (best coverage, score near
 * the best) come first by date, then the rest by date.
 */
import type { SearchContext } from './context.js';
import type { Filters } from './filters.js';
import { COMPOUND_MARK } from '../indexing/index.js';
import { snippetOf, withoutTitle } from '../passages/index.js';
import { answersTellingWords, planQuery, type QueryPlan } from './plan.js';
import type { ParsedQuery, SearchHit, SortOrder } from '../types.js';

/** Matches before paging; valid until the next evaluate() (its arrays are reused). */
export interface Ranked {
  /** Positions of the matching articles, unordered (a typed array: "saas" matches every article). */
  ids: Uint32Array;
  /** Rank key by position: the coverage step plus the BM25 score squashed below 1. Undefined without words. */
  keys: Float64Array | undefined;
  /** Articles on the topic (first in date orders), a byte by position. Undefined without words. */
  topical: Uint8Array | undefined;
  /** Every index term the query looked up (for the "matched" hint). */
  terms: Set<string> | undefined;
  /** The catalog has nothing about the query: `ids` is empty and `closest` holds the nearest articles. */
  weak: boolean;
  closest: Uint32Array;
  plan: QueryPlan | undefined;
  /** By position: the best passage (-1: none), and whether it covers some of the query the fields do not. Undefined without words. */
  passage: Int32Array | undefined;
  fromBody: Uint8Array | undefined;
}

/** Scores within a millionth of each other count as equal, so float noise does not beat "newest first". */
const SAME_SCORE = 1e-6;
const sameScore = (a: number, b: number) => Math.abs(a - b) <= SAME_SCORE * Math.max(Math.abs(a), Math.abs(b));
const rounded = (score: number) => (score === 0 ? 0 : Number(score.toPrecision(6)));
/** BM25 scores squashed into [0, 1) as score / (score + SQUASH): order kept, below one coverage step. */
const SQUASH = 10;
const EMPTY = new Uint32Array(0);

export interface Ranking {
  evaluate(q: ParsedQuery): Ranked;
  page(q: ParsedQuery, ranked: Ranked, offset: number, limit: number): SearchHit[];
  /** The first `limit` of `positions` (e.g. the closest articles of a weak query) as hits, best first. */
  hitsOf(positions: Uint32Array, ranked: Ranked, limit: number): SearchHit[];
}

export function createRanking(ctx: SearchContext, filters: Filters): Ranking {
  const { articles, count, dateRank, newestFirst, scorer, tuning } = ctx;
  // Per-query arrays, reused (a query over 100,000 articles would otherwise allocate ~2 MB): a
  // Ranked is valid until the next evaluate(), which is how the engine uses it.
  const buffers = { keys: new Float64Array(count), candidates: new Uint32Array(count), members: new Uint32Array(count), topical: new Uint8Array(count) };

  function evaluate(q: ParsedQuery): Ranked {
    const { from, to, test } = filters.make(q);
    const plan = planQuery(ctx, q);
    if (plan.nodes.length === 0) {
      // No words: the filters alone decide (or every article, for an empty query / `latest`).
      const ids = new Uint32Array(Math.max(0, to - from));
      let n = 0;
      for (let rank = from; rank < to; rank += 1) {
        const id = newestFirst[rank]!;
        if (!test || test(id)) ids[n++] = id;
      }
      return { ids: ids.subarray(0, n), keys: undefined, topical: undefined, terms: undefined, weak: false, closest: EMPTY, plan, passage: undefined, fromBody: undefined };
    }
    const { scores, coverage, nodeCount, nodeWeights, passage, fromBody } = scorer.score(plan.nodes);
    const full = nodeWeights.reduce((sum, w) => sum + w, 0) || 1;
    const terms = new Set(plan.nodes.flatMap((node) => [...node.terms.keys(), ...node.groups.flatMap((g) => g.parts.flatMap((part) => [...part.keys()]))]));

    // One pass over every article: candidates pass the filters; the best coverage with and without them.
    const step = tuning.coverageStep;
    const { keys, candidates, members, topical } = buffers;
    let n = 0;
    let bestAnywhere = 0;
    let bestArticle = -1;
    let best = 0;
    // Whether some article covers enough of the query to answer it: weakCoverage, or
    // weakBodyCoverage when what it covers needs a passage of its text (fromBody; see options.ts).
    let answered = false;
    const ranged = from > 0 || to < count;
    for (let id = 0; id < count; id += 1) {
      if (nodeCount[id] === 0) continue;
      const share = coverage[id]! / full;
      if (share > bestAnywhere) {
        bestAnywhere = share;
        bestArticle = id;
      }
      if (share >= (fromBody[id] === 1 ? tuning.weakBodyCoverage : tuning.weakCoverage)) answered = true;
      if (ranged) {
        const rank = dateRank[id]!;
        if (rank < from || rank >= to) continue;
      }
      if (test !== undefined && !test(id, passage[id])) continue;
      const score = scores[id]!;
      keys[id] = Math.floor(share / step + 1e-9) + score / (score + SQUASH);
      candidates[n++] = id;
      if (share > best) best = share;
    }
    const found = candidates.subarray(0, n);
    // Weak: something matches, but nothing covers enough of the query (nothing at all is a plain "no match").
    // Enough: weakCoverage from the fields, weakBodyCoverage when the article needs its text to get there.
    // …unless the best article has the question's telling words: what it lacks is then the phrasing (plan.ts: answersTellingWords).
    const weak = bestAnywhere > 0 && !answered && !(bestAnywhere >= tuning.tellingCoverage && answersTellingWords(ctx, plan, nodeWeights, bestArticle));
    if (weak) return { ids: EMPTY, keys, topical: undefined, terms, weak, closest: found, plan, passage, fromBody };

    // Matches: articles covering enough of the query, and enough of what the best one covers.
    // (An answer through its telling words covers less than weakCoverage: then relative to the best only.)
    const least = (Math.max(best < tuning.weakCoverage ? 0 : tuning.weakCoverage, best * tuning.relativeCoverage) - 1e-9) * full;
    let m = 0;
    for (let t = 0; t < n; t += 1) {
      const id = found[t]!;
      if (coverage[id]! >= least) members[m++] = id;
    }
    const ids = members.subarray(0, m);
    if (q.sort === 'relevance') return { ids, keys, topical: undefined, terms, weak, closest: EMPTY, plan, passage, fromBody };

    // Date orders: the articles on the topic first. On the topic: covering nearly as much of the
    // query as the best article, with a score not far below the best among those.
    const band = (best - tuning.topicalMargin - 1e-9) * full;
    let bandScore = 0;
    for (let t = 0; t < m; t += 1) if (coverage[ids[t]!]! >= band) bandScore = Math.max(bandScore, scores[ids[t]!]!);
    for (let t = 0; t < m; t += 1) {
      const id = ids[t]!;
      topical[id] = coverage[id]! >= band && scores[id]! >= tuning.topicalShare * bandScore ? 1 : 0;
    }
    return { ids, keys, topical, terms, weak, closest: EMPTY, plan, passage, fromBody };
  }

  /** How a result list is ordered: a comparator, plus the keys when the order is by key (relevance). */
  interface Order {
    compare: (a: number, b: number) => number;
    byKey: Float64Array | undefined;
  }

  function orderFor(sort: SortOrder, ranked: Ranked): Order {
    const newest = (a: number, b: number) => dateRank[a]! - dateRank[b]!;
    const oldest = (a: number, b: number) => dateRank[b]! - dateRank[a]!;
    const { keys, topical } = ranked;
    if (sort !== 'relevance' || !keys) {
      const byDate = sort === 'oldest' ? oldest : newest;
      if (!topical) return { compare: byDate, byKey: undefined };
      return { compare: (a, b) => topical[b]! - topical[a]! || byDate(a, b), byKey: undefined };
    }
    const compare = (a: number, b: number) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      return sameScore(ka, kb) ? newest(a, b) : kb - ka;
    };
    return { compare, byKey: keys };
  }

  /**
   * The first `k` ids in `order`, without sorting all of them when k is small. In key order, an id
   * clearly below the current k-th is skipped without a comparison: that is nearly every id of a
   * broad query.
   */
  function firstK(ids: Uint32Array, k: number, { compare, byKey }: Order): number[] {
    if (k >= ids.length / 4) return Array.from(ids).sort(compare).slice(0, k);
    const kept: number[] = [];
    // Below `floor`, a key can neither equal (sameScore) nor beat the k-th best.
    let floor = -Infinity;
    for (let t = 0; t < ids.length; t += 1) {
      const id = ids[t]!;
      if (kept.length === k) {
        if (byKey !== undefined && byKey[id]! < floor) continue;
        if (compare(id, kept[k - 1]!) >= 0) continue;
      }
      // Binary insertion into the short sorted list.
      let lo = 0;
      let hi = kept.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compare(kept[mid]!, id) <= 0) lo = mid + 1;
        else hi = mid;
      }
      kept.splice(lo, 0, id);
      if (kept.length > k) kept.pop();
      if (byKey !== undefined && kept.length === k) {
        const kth = byKey[kept[k - 1]!]!;
        floor = kth - 2 * SAME_SCORE * Math.abs(kth);
      }
    }
    return kept;
  }

  function toHit(id: number, ranked: Ranked): SearchHit {
    const passage = ranked.passage?.[id] ?? -1;
    const matched = ranked.terms ? scorer.termsIn(id, ranked.terms, passage).map((t) => t.replace(COMPOUND_MARK, '')) : [];
    const hit: SearchHit = { article: articles[id]!, score: ranked.keys ? rounded(ranked.keys[id]!) : 0, matched };
    // The passage is shown when the text explains the match (covers what the title and blurb do not).
    if (ranked.terms !== undefined && ranked.fromBody?.[id] === 1 && passage >= 0) {
      const text = ctx.passageText(id, passage);
      const terms = ranked.terms;
      if (text !== undefined) hit.snippet = snippetOf(withoutTitle(text, hit.article.title), (word) => terms.has(word));
    }
    return hit;
  }

  function page(q: ParsedQuery, ranked: Ranked, offset: number, limit: number): SearchHit[] {
    const end = Number.isFinite(limit) ? offset + limit : ranked.ids.length;
    if (end <= 0 || offset >= ranked.ids.length) return [];
    // Word-less queries are already in date order; only a sort:oldest needs flipping.
    let ordered: number[];
    if (!ranked.keys && q.sort !== 'oldest') ordered = Array.from(ranked.ids.subarray(offset, end));
    else ordered = firstK(ranked.ids, end, orderFor(q.sort, ranked)).slice(offset, end);
    return ordered.map((id) => toHit(id, ranked));
  }

  function hitsOf(positions: Uint32Array, ranked: Ranked, limit: number): SearchHit[] {
    return firstK(positions, limit, orderFor('relevance', ranked)).map((id) => toHit(id, ranked));
  }

  return { evaluate, page, hitsOf };
}
