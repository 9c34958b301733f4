/**
 * BM25 scoring over the frozen index's postings, into typed arrays, plus how much of the query each
 * article covers.
 *
 * Same formula and parameters as minisearch (so scores mean what they mean there), but without one
 * result object per document per term: a query for "multi-tenant saas" over 100,000 articles
 * touches ~300,000 postings, and this keeps it to additions into a Float64Array.
 *
 * A query is a list of nodes (one per query word or vocabulary name). A node matches through any of
 * its terms (the word, its other forms, completions, typo matches, synonyms…) or any of its groups
 * (terms that must all match: a multi-word name not indexed as one term). Each term has a weight
 * (how much a match adds to the score) and a credit (how fully a match covers the node: 1 for the
 * word itself, less for a neighbouring idea).
 *
 * Coverage: each node weighs what its word tells, the BM25 idf of the articles it matches fully
 * (a word nearly every article has tells little; a word no article has tells the most), and an
 * article covers the weight of the nodes it matches times their credit. "serverless tenant routing"
 * is then covered mostly by "routing" and "serverless", hardly by "tenant".
 */
import type { FrozenIndex } from '../indexing/index.js';

/** What a match on one term is worth: to the score, and to the node's coverage (0–1). */
export interface TermMatch {
  weight: number;
  credit: number;
}

/** Terms that must all match, each part being term → weight (any term of a part matches it). */
export interface TermGroup {
  parts: Array<Map<string, number>>;
  credit: number;
}

export interface QueryNode {
  terms: Map<string, TermMatch>;
  groups: TermGroup[];
  /** Multiplies the node's weight (a word the catalog and the vocabulary never heard of weighs less). Default 1. */
  weightScale?: number;
}

export interface NodeScores {
  /** Summed score by article position. */
  scores: Float64Array;
  /** Summed (node weight × credit) by article position. */
  coverage: Float64Array;
  /** How many nodes each article matched (0: not a match). */
  nodeCount: Uint8Array;
  /** Each node's weight (idf of the articles it matches fully); their sum is full coverage. */
  nodeWeights: number[];
}

export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

/** minisearch's defaults. */
export const BM25_DEFAULTS: Bm25Params = { k: 1.2, b: 0.7, d: 0.5 };

/**
 * A node match with at least this credit counts as the node's word itself when its weight (idf) is
 * computed: the word, its other forms, synonyms, typo corrections and prefix completions, but not
 * a neighbouring idea.
 */
export const FULL_CREDIT = 0.75;

/**
 * The credit of the word itself, as typed. Only such a match counts in the authors field: another
 * form of the word, a completion, a typo match or a vocabulary name never meets a person's name.
 */
export const EXACT_CREDIT = 1;

export interface Scorer {
  /** Scores of every article for `nodes`. The arrays are reused: valid until the next call. */
  score(nodes: readonly QueryNode[]): NodeScores;
  /** The idf of a word found in `df` articles (BM25's, as the scores use). */
  idf(df: number): number;
  /** Positions of the articles containing every one of `terms` (exact index terms). */
  containingAll(terms: readonly string[]): number[];
  /** Which of `terms` occur in the article at `position`. */
  termsIn(position: number, terms: Iterable<string>): string[];
}

interface FieldInfo {
  id: number;
  boost: number;
  average: number;
  lengths: Uint16Array;
}

export function createScorer(index: FrozenIndex, boosts: Readonly<Record<string, number>>, bm25: Bm25Params = BM25_DEFAULTS): Scorer {
  const size = index.documentCount;
  const fieldCount = index.fields.length;
  const fields: FieldInfo[] = Object.entries(boosts).map(([name, boost]) => {
    const id = index.fields.indexOf(name);
    if (id < 0) throw new Error(`search: boost for unknown field "${name}"`);
    return { id, boost, average: index.averageFieldLength[id] || 1, lengths: index.fieldLengths[id]! };
  });
  const { offsets, docs, freqs } = index;
  const total = size;
  // People's names: only the word itself meets them. The stem of "billing" is the first name
  // "Bill", and an author's name is not what an article is about.
  const namesField = index.fields.indexOf('authors');
  const { k, b, d } = bm25;

  /** BM25 of one posting (minisearch's formula). */
  const bm25Of = (w: number, tf: number, norm: number, length: number) => w * (d + (tf * (k + 1)) / (tf + k * (1 - b + norm * length)));
  const idfOf = (df: number) => Math.log(1 + (total - df + 0.5) / (df + 0.5));

  /**
   * Add every posting of `termId` to `scores`, noting each position once per node (`mark`) in
   * `touched` (from index `count`; the new count is returned), with the best credit it reached in
   * `best`. Plain loops over locals, no callback per posting: this is where a query spends its time.
   */
  function addPostings(termId: number, weight: number, credit: number, scores: Float64Array, mark: number, count: number): number {
    const seen = lastNode;
    let n = count;
    for (const f of fields) {
      if (f.id === namesField && credit < EXACT_CREDIT) continue;
      const key = termId * fieldCount + f.id;
      const start = offsets[key]!;
      const end = offsets[key + 1]!;
      if (start === end) continue;
      const w = weight * f.boost * idfOf(end - start);
      const lengths = f.lengths;
      const norm = b / f.average;
      for (let p = start; p < end; p += 1) {
        const position = docs[p]!;
        // Terms come best credit first (score()), so the first credit a position gets is its best.
        if (seen[position] !== mark) {
          seen[position] = mark;
          touched[n++] = position;
          best[position] = credit;
        }
        scores[position] = scores[position]! + bm25Of(w, freqs[p]!, norm, lengths[position]!);
      }
    }
    return n;
  }

  /** Score of `term` in the article at `position` (0 when absent), by binary search per field. */
  function scoreAt(termId: number, weight: number, position: number): number {
    let score = 0;
    for (const f of fields) {
      const key = termId * fieldCount + f.id;
      let lo = offsets[key]!;
      const start = lo;
      let hi = offsets[key + 1]!;
      const end = hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const doc = docs[mid]!;
        if (doc === position) {
          score += bm25Of(weight * f.boost * idfOf(end - start), freqs[mid]!, b / f.average, f.lengths[position]!);
          break;
        }
        if (doc < position) lo = mid + 1;
        else hi = mid;
      }
    }
    return score;
  }

  const postingCount = (termId: number) => offsets[(termId + 1) * fieldCount]! - offsets[termId * fieldCount]!;

  /** Term ids and weights of a part, dropping terms the index does not hold. */
  const resolve = (part: ReadonlyMap<string, number>): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    for (const [term, weight] of part) {
      const id = index.dictionary.get(term);
      if (id !== undefined) out.push([id, weight]);
    }
    return out;
  };

  /** Whether the article at `position` holds `term` in any field (binary search per field). */
  function holds(term: string, position: number): boolean {
    const termId = index.dictionary.get(term);
    if (termId === undefined) return false;
    for (let f = 0; f < fieldCount; f += 1) {
      let lo = offsets[termId * fieldCount + f]!;
      let hi = offsets[termId * fieldCount + f + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const doc = docs[mid]!;
        if (doc === position) return true;
        if (doc < position) lo = mid + 1;
        else hi = mid;
      }
    }
    return false;
  }

  /**
   * Visit the positions matching every part, with their summed scores. The rarest part goes first; later parts
   * only check its candidates (binary search) when that is cheaper than walking their postings.
   */
  function allParts(parts: ReadonlyArray<ReadonlyMap<string, number>>, visit: (position: number, score: number) => void): void {
    const resolved = parts.map(resolve).map((terms) => ({ terms, size: terms.reduce((n, [id]) => n + postingCount(id), 0) }));
    if (resolved.some((r) => r.size === 0)) return;
    resolved.sort((x, y) => x.size - y.size);
    // stage[p] = how many parts position p has matched so far; both arrays are shared by every
    // call and left all zero again at the end (every position written is among the first candidates).
    const scores = groupScores;
    const stage = groupStage;
    let candidates: number[] = [];
    let first: number[] = [];
    resolved.forEach((part, j) => {
      const probe = j > 0 && candidates.length * fieldCount * Math.log2(part.size + 2) < part.size;
      if (probe) {
        for (const position of candidates) {
          let partScore = 0;
          for (const [id, weight] of part.terms) partScore += scoreAt(id, weight, position);
          if (partScore > 0) {
            stage[position] = j + 1;
            scores[position] = scores[position]! + partScore;
          }
        }
      } else {
        for (const [id, weight] of part.terms) {
          for (const f of fields) {
            const key = id * fieldCount + f.id;
            const start = offsets[key]!;
            const end = offsets[key + 1]!;
            if (start === end) continue;
            const w = weight * f.boost * idfOf(end - start);
            const norm = b / f.average;
            for (let p = start; p < end; p += 1) {
              const position = docs[p]!;
              const st = stage[position]!;
              if (st !== j && st !== j + 1) continue;
              if (st === j) {
                stage[position] = j + 1;
                if (j === 0) candidates.push(position);
              }
              scores[position] = scores[position]! + bm25Of(w, freqs[p]!, norm, f.lengths[position]!);
            }
          }
        }
      }
      if (j === 0) first = candidates;
      else candidates = candidates.filter((position) => stage[position] === j + 1);
    });
    for (const position of candidates) visit(position, scores[position]!);
    for (const position of first) {
      stage[position] = 0;
      scores[position] = 0;
    }
  }

  // lastNode[p] = the mark of the last node that counted position p. Marks only grow, so the array
  // is shared by every query without clearing (one 400 KB allocation less per query at 100,000).
  let lastNode = new Int32Array(size);
  let mark = 0;
  const nextMark = () => {
    if (mark === 0x7fffffff) {
      lastNode = new Int32Array(size);
      mark = 0;
    }
    mark += 1;
    return mark;
  };
  // Per node: the positions it matched and the best credit each reached; per query: the outputs.
  // All reused across queries (a query over 100,000 articles would otherwise allocate ~2 MB), so a
  // result is valid until the next call of score().
  const best = new Float32Array(size);
  const touched = new Uint32Array(size);
  const groupScores = new Float64Array(size);
  const groupStage = new Uint8Array(size);
  const out: NodeScores = { scores: new Float64Array(size), coverage: new Float64Array(size), nodeCount: new Uint8Array(size), nodeWeights: [] };

  return {
    idf: idfOf,
    score(nodes) {
      const { scores, coverage, nodeCount } = out;
      scores.fill(0);
      coverage.fill(0);
      nodeCount.fill(0);
      const nodeWeights: number[] = [];
      for (const queryNode of nodes) {
        const mark = nextMark();
        let count = 0;
        const terms = [...queryNode.terms].sort((x, y) => y[1].credit - x[1].credit);
        for (const [term, match] of terms) {
          const id = index.dictionary.get(term);
          if (id !== undefined) count = addPostings(id, match.weight, match.credit, scores, mark, count);
        }
        for (const group of queryNode.groups) {
          allParts(group.parts, (position, score) => {
            if (lastNode[position] !== mark) {
              lastNode[position] = mark;
              touched[count++] = position;
              best[position] = group.credit;
            } else if (best[position]! < group.credit) {
              best[position] = group.credit;
            }
            scores[position] = scores[position]! + score;
          });
        }
        let fully = 0;
        for (let t = 0; t < count; t += 1) if (best[touched[t]!]! >= FULL_CREDIT) fully += 1;
        const weight = idfOf(fully) * (queryNode.weightScale ?? 1);
        nodeWeights.push(weight);
        for (let t = 0; t < count; t += 1) {
          const position = touched[t]!;
          coverage[position] = coverage[position]! + weight * best[position]!;
          nodeCount[position] = nodeCount[position]! + 1;
        }
      }
      out.nodeWeights = nodeWeights;
      return out;
    },
    containingAll(terms) {
      if (terms.length === 0) return [];
      const positions: number[] = [];
      allParts(
        terms.map((t) => new Map([[t, 0.001]])),
        (position) => positions.push(position),
      );
      return positions;
    },
    termsIn(position, terms) {
      const found: string[] = [];
      for (const term of terms) if (holds(term, position)) found.push(term);
      return found;
    },
  };
}
