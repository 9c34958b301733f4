/**
 * BM25 scoring straight off minisearch's postings, into typed arrays.
 *
 * Same formula and parameters as minisearch (so scores mean the same thing), but without one
 * result object per document per term: a query for "multi-tenant saas" over 100,000 articles
 * touches ~300,000 postings, and this keeps it to additions into a Float64Array.
 *
 * A query is a list of nodes (one per query word or vocabulary name); a node is a list of
 * alternatives (the word, its prefix completions, typo matches, synonyms…); an alternative is a list
 * of parts that must all match (usually one part; several for a multi-word name not indexed as one term).
 */
import type MiniSearch from 'minisearch';
import { indexStatistics, termDictionary, type TermDictionary } from './minisearch-access.js';

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
  /** How many nodes each article matched. */
  nodeCount: Uint8Array;
  /** Positions with nodeCount > 0, in first-match order. */
  touched: number[];
}

export interface Bm25Params {
  k: number;
  b: number;
  d: number;
}

/** minisearch's defaults. */
export const BM25_DEFAULTS: Bm25Params = { k: 1.2, b: 0.7, d: 0.5 };

export interface Scorer {
  readonly dictionary: TermDictionary;
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
  /** Field length by article position. */
  lengths: Float32Array;
}

export function createScorer(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the scorer never touches documents
  index: MiniSearch<any>,
  size: number,
  boosts: Readonly<Record<string, number>>,
  bm25: Bm25Params = BM25_DEFAULTS,
): Scorer {
  const dictionary = termDictionary(index);
  const stats = indexStatistics(index);

  // Short ids are our positions when the index was filled in order (always, for buildIndex and its
  // snapshots); otherwise translate through a table.
  let identity = true;
  for (const [shortId, id] of stats.documentIds) {
    if (shortId !== id) {
      identity = false;
      break;
    }
  }
  const toPosition = identity ? undefined : new Int32Array(Math.max(0, ...stats.documentIds.keys()) + 1);
  const toShortId = identity ? undefined : new Map<number, number>();
  if (!identity) {
    for (const [shortId, id] of stats.documentIds) {
      toPosition![shortId] = id as number;
      toShortId!.set(id as number, shortId);
    }
  }

  const fields: FieldInfo[] = Object.entries(boosts).map(([name, boost]) => {
    const id = stats.fieldIds[name];
    if (id === undefined) throw new Error(`search: boost for unknown field "${name}"`);
    return { id, boost, average: stats.averageFieldLength[id] || 1, lengths: new Float32Array(size) };
  });
  for (const [shortId, lengths] of stats.fieldLength) {
    const position = toPosition ? toPosition[shortId]! : shortId;
    for (const f of fields) f.lengths[position] = lengths[f.id] ?? 0;
  }
  const total = stats.documentCount;
  const { k, b, d } = bm25;

  /** Visit every posting of `term` with its weighted BM25 score. */
  function eachPosting(term: string, weight: number, visit: (position: number, score: number) => void): void {
    const data = dictionary.get(term);
    if (!data) return;
    for (const f of fields) {
      const postings = data.get(f.id);
      if (!postings) continue;
      const df = postings.size;
      const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
      const w = weight * f.boost * idf;
      const lengths = f.lengths;
      const norm = b / f.average;
      for (const [shortId, tf] of postings) {
        const position = toPosition ? toPosition[shortId]! : shortId;
        visit(position, w * (d + (tf * (k + 1)) / (tf + k * (1 - b + norm * lengths[position]!))));
      }
    }
  }

  /** Positions matching every part, with their summed scores. */
  function allParts(parts: readonly TermWeights[]): { positions: number[]; scores: Float64Array } {
    const partCount = new Uint8Array(size);
    const scores = new Float64Array(size);
    const candidates: number[] = [];
    parts.forEach((part, p) => {
      for (const [term, weight] of part) {
        eachPosting(term, weight, (position, score) => {
          const c = partCount[position]!;
          if (c === p) {
            partCount[position] = p + 1;
            if (p === 0) candidates.push(position);
            scores[position] = scores[position]! + score;
          } else if (c === p + 1) {
            scores[position] = scores[position]! + score;
          }
        });
      }
    });
    return { positions: candidates.filter((position) => partCount[position] === parts.length), scores };
  }

  return {
    dictionary,
    score(nodes) {
      const scores = new Float64Array(size);
      const nodeCount = new Uint8Array(size);
      const lastNode = new Int32Array(size);
      const touched: number[] = [];
      nodes.forEach((alternatives, n) => {
        const mark = n + 1;
        const add = (position: number, score: number) => {
          if (lastNode[position] !== mark) {
            lastNode[position] = mark;
            if ((nodeCount[position] = nodeCount[position]! + 1) === 1) touched.push(position);
          }
          scores[position] = scores[position]! + score;
        };
        // Single-part alternatives merge into one term list (a term counted once, at its best weight).
        const single: TermWeights = new Map();
        for (const alternative of alternatives) {
          if (alternative.parts.length !== 1) continue;
          for (const [term, weight] of alternative.parts[0]!) single.set(term, Math.max(weight, single.get(term) ?? 0));
        }
        for (const [term, weight] of single) eachPosting(term, weight, add);
        for (const alternative of alternatives) {
          if (alternative.parts.length < 2) continue;
          const matched = allParts(alternative.parts);
          for (const position of matched.positions) add(position, matched.scores[position]!);
        }
      });
      return { scores, nodeCount, touched };
    },
    containingAll(terms) {
      if (terms.length === 0) return [];
      return allParts(terms.map((t) => new Map([[t, 0]]))).positions;
    },
    termsIn(position, terms) {
      const shortId = toShortId ? toShortId.get(position) : position;
      const found: string[] = [];
      if (shortId === undefined) return found;
      for (const term of terms) {
        const data = dictionary.get(term);
        if (data && [...data.values()].some((postings) => postings.has(shortId))) found.push(term);
      }
      return found;
    },
  };
}
