/**
 * BM25 scoring over the frozen index's postings, into typed arrays.
 *
 * Same formula and parameters as minisearch (so scores mean what they mean there), but without one
 * result object per document per term: a query for "multi-tenant saas" over 100,000 articles
 * touches ~300,000 postings, and this keeps it to additions into a Float64Array.
 *
 * A query is a list of nodes (one per query word or vocabulary name); a node is a list of
 * alternatives (the word, its prefix completions, typo matches, synonyms…); an alternative is a list
 * of parts that must all match (usually one part; several for a multi-word name not indexed as one term).
 */
import type { FrozenIndex } from './frozen-index.js';

/** Term → weight (prefix/typo/synonym discounts already applied). */
export type TermWeights = Map<string, number>;

/** Matches when every part matches (a part matches when any of its terms does). */
export interface Alternative {
  parts: TermWeights[];
}

export type QueryNodeTerms = Alternative[];

export interface NodeScores {
  /** Summed score by article position. */
  scores: Float64Array;
  /** How many nodes each article matched (0: not a match). */
  nodeCount: Uint8Array;
}

export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

/** minisearch's defaults. */
export const BM25_DEFAULTS: Bm25Params = { k: 1.2, b: 0.7, d: 0.5 };

export interface Scorer {
  score(nodes: readonly QueryNodeTerms[]): NodeScores;
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
  const { k, b, d } = bm25;

  /** BM25 of one posting (minisearch's formula). */
  const bm25Of = (w: number, tf: number, norm: number, length: number) => w * (d + (tf * (k + 1)) / (tf + k * (1 - b + norm * length)));
  const idfOf = (df: number) => Math.log(1 + (total - df + 0.5) / (df + 0.5));

  /**
   * Add every posting of `term` to `scores`, counting each position once per node (`mark`).
   * Plain loops, no callback per posting: this is where a query spends its time.
   */
  function addPostings(termId: number, weight: number, node: NodeScores, lastNode: Int32Array, mark: number): void {
    const { scores, nodeCount } = node;
    for (const f of fields) {
      const key = termId * fieldCount + f.id;
      const start = offsets[key]!;
      const end = offsets[key + 1]!;
      if (start === end) continue;
      const w = weight * f.boost * idfOf(end - start);
      const lengths = f.lengths;
      const norm = b / f.average;
      for (let p = start; p < end; p += 1) {
        const position = docs[p]!;
        if (lastNode[position] !== mark) {
          lastNode[position] = mark;
          nodeCount[position] = nodeCount[position]! + 1;
        }
        scores[position] = scores[position]! + bm25Of(w, freqs[p]!, norm, lengths[position]!);
      }
    }
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
  const resolve = (part: TermWeights): Array<[number, number]> => {
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
   * Positions matching every part, with their summed scores. The rarest part goes first; later parts
   * only check its candidates (binary search) when that is cheaper than walking their postings.
   */
  function allParts(parts: readonly TermWeights[]): { positions: number[]; scores: Float64Array } {
    const resolved = parts.map(resolve).map((terms) => ({ terms, size: terms.reduce((n, [id]) => n + postingCount(id), 0) }));
    const scores = new Float64Array(size);
    if (resolved.some((r) => r.size === 0)) return { positions: [], scores };
    resolved.sort((x, y) => x.size - y.size);
    // stage[p] = how many parts position p has matched so far.
    const stage = new Uint8Array(size);
    let candidates: number[] = [];
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
      if (j > 0) candidates = candidates.filter((position) => stage[position] === j + 1);
    });
    return { positions: candidates, scores };
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

  return {
    score(nodes) {
      const result: NodeScores = { scores: new Float64Array(size), nodeCount: new Uint8Array(size) };
      nodes.forEach((alternatives) => {
        const nodeMark = nextMark();
        // Single-part alternatives merge into one term list (a term counted once, at its best weight).
        const single: TermWeights = new Map();
        for (const alternative of alternatives) {
          if (alternative.parts.length !== 1) continue;
          for (const [term, weight] of alternative.parts[0]!) single.set(term, Math.max(weight, single.get(term) ?? 0));
        }
        for (const [id, weight] of resolve(single)) addPostings(id, weight, result, lastNode, nodeMark);
        for (const alternative of alternatives) {
          if (alternative.parts.length < 2) continue;
          const matched = allParts(alternative.parts);
          for (const position of matched.positions) {
            if (lastNode[position] !== nodeMark) {
              lastNode[position] = nodeMark;
              result.nodeCount[position] = result.nodeCount[position]! + 1;
            }
            result.scores[position] = result.scores[position]! + matched.scores[position]!;
          }
        }
      });
      return result;
    },
    containingAll(terms) {
      if (terms.length === 0) return [];
      return allParts(terms.map((t) => new Map([[t, 0.001]]))).positions;
    },
    termsIn(position, terms) {
      const found: string[] = [];
      for (const term of terms) if (holds(term, position)) found.push(term);
      return found;
    },
  };
}
