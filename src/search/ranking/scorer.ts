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
 *
 * With the articles' text (the index's passages, a second index sharing the term ids): each passage
 * is scored like a document, and each article adds its best passage — the one covering most of the
 * query beyond its fields, then the best scored — at `bodyWeight` to its score and at `bodyCredit` to
 * its coverage (per node, the better of its fields and that one passage). A word's weight counts the
 * articles holding it fully in their fields or any passage. Common words of the text are scored only
 * in passages holding a rarer word of the query (`commonInText`). See docs/design.md, "Full text".
 */
import { BODY_FIELD, type FrozenIndex } from '../indexing/index.js';

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
  /** By article position: the passage id of its best passage, -1 when no passage matched. */
  passage: Int32Array;
  /** By article position: 1 when its best passage covers some of the query its fields do not. */
  fromBody: Uint8Array;
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
  /** Positions of the articles containing every one of `terms` (exact index terms) in their fields. */
  containingAll(terms: readonly string[]): number[];
  /** Which of `terms` occur in the article at `position` (its fields, or the passage `passage` when given, ≥ 0). */
  termsIn(position: number, terms: Iterable<string>, passage?: number): string[];
}

interface FieldInfo {
  id: number;
  boost: number;
  average: number;
  lengths: Uint16Array;
}

/**
 * One index to score: the articles' fields, or the passages' one field. `allParts` works on either
 * with the buffers sized for its documents.
 */
interface Space {
  index: FrozenIndex;
  fields: FieldInfo[];
  fieldCount: number;
  idf: (df: number) => number;
  groupScores: Float64Array;
  groupStage: Uint8Array;
}

/** Options of `createScorer` besides the field boosts. */
export interface ScorerOptions {
  bm25?: Bm25Params;
  /** The weight of an article's best passage in its score, as a field boost (below the summary's). */
  bodyWeight?: number;
  /** What a match in a passage is worth to coverage, times the term's credit (a match in a field: 1). Default 0.7. */
  bodyCredit?: number;
  /**
   * A term more passages than this hold (a share of all passages, and at least `commonInTextMin`)
   * is scored in the text only in passages that hold a rarer word of the query. Default 0.01 / 10,000.
   */
  commonInText?: number;
  commonInTextMin?: number;
}

/** Restricts a walk over postings to the documents whose mark is `mark`. */
interface Only {
  marks: Int32Array;
  mark: number;
}

export function createScorer(index: FrozenIndex, boosts: Readonly<Record<string, number>>, options: ScorerOptions = {}): Scorer {
  const size = index.documentCount;
  const { k, b, d } = options.bm25 ?? BM25_DEFAULTS;
  const bodyWeight = options.bodyWeight ?? 0.5;
  const bodyCredit = options.bodyCredit ?? 0.7;

  const idfOver = (total: number) => (df: number) => Math.log(1 + (total - df + 0.5) / (df + 0.5));
  const spaceOf = (of: FrozenIndex, fieldBoosts: Readonly<Record<string, number>>): Space => ({
    index: of,
    fieldCount: of.fields.length,
    fields: Object.entries(fieldBoosts).map(([name, boost]) => {
      const id = of.fields.indexOf(name);
      if (id < 0) throw new Error(`search: boost for unknown field "${name}"`);
      return { id, boost, average: of.averageFieldLength[id] || 1, lengths: of.fieldLengths[id]! };
    }),
    idf: idfOver(of.documentCount),
    groupScores: new Float64Array(of.documentCount),
    groupStage: new Uint8Array(of.documentCount),
  });
  const head = spaceOf(index, boosts);
  const passages = index.passages;
  // Passages are scored with boost 1; the best one's score is weighed by bodyWeight per article.
  const body = passages === undefined ? undefined : spaceOf(passages.index, { [BODY_FIELD]: 1 });
  // The common-terms rule (Lucene's CommonTermsQuery does the same): a word half the passages hold
  // says nothing about which passage answers, and walking its postings is most of a query's time
  // at 100,000 articles of text. It still counts where a rarer word of the query is.
  const commonLimit = Math.max(options.commonInTextMin ?? 10_000, (options.commonInText ?? 0.01) * (passages?.index.documentCount ?? 0));
  const passageDf = (termId: number) => (body === undefined ? 0 : body.index.offsets[termId + 1]! - body.index.offsets[termId]!);
  const isCommon = (termId: number) => passageDf(termId) > commonLimit;
  // How many articles hold a common term in their text: its node's weight (idf) is at most that of
  // so many articles (the walk that would count them exactly is the one skipped). Per term, once.
  const textArticles = new Map<number, number>();
  const articlesWithText = (termId: number): number => {
    let found = textArticles.get(termId);
    if (found === undefined && passages !== undefined) {
      const { offsets: starts, docs: postings } = passages.index;
      let last = -1;
      found = 0;
      for (let p = starts[termId]!; p < starts[termId + 1]!; p += 1) {
        const owner = passages.passageArticle[postings[p]!]!;
        if (owner !== last) {
          found += 1;
          last = owner;
        }
      }
      textArticles.set(termId, found);
    }
    return found ?? 0;
  };
  const { offsets, docs, freqs } = index;
  const fieldCount = head.fieldCount;
  const fields = head.fields;
  const idfOf = head.idf;
  // People's names: only the word itself meets them. The stem of "billing" is the first name
  // "Bill", and an author's name is not what an article is about.
  const namesField = index.fields.indexOf('authors');

  /** BM25 of one posting (minisearch's formula). */
  const bm25Of = (w: number, tf: number, norm: number, length: number) => w * (d + (tf * (k + 1)) / (tf + k * (1 - b + norm * length)));

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

  /** Score of `term` in document `position` of `space` (0 when absent), by binary search per field. */
  function scoreAt(space: Space, termId: number, weight: number, position: number): number {
    const { offsets: starts, docs: postings, freqs: tfs } = space.index;
    let score = 0;
    for (const f of space.fields) {
      const key = termId * space.fieldCount + f.id;
      let lo = starts[key]!;
      const start = lo;
      let hi = starts[key + 1]!;
      const end = hi;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const doc = postings[mid]!;
        if (doc === position) {
          score += bm25Of(weight * f.boost * space.idf(end - start), tfs[mid]!, b / f.average, f.lengths[position]!);
          break;
        }
        if (doc < position) lo = mid + 1;
        else hi = mid;
      }
    }
    return score;
  }

  const postingCount = (space: Space, termId: number) => space.index.offsets[(termId + 1) * space.fieldCount]! - space.index.offsets[termId * space.fieldCount]!;

  /** Term ids and weights of a part, dropping terms the index does not hold. */
  const resolve = (part: ReadonlyMap<string, number>): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    for (const [term, weight] of part) {
      const id = index.dictionary.get(term);
      if (id !== undefined) out.push([id, weight]);
    }
    return out;
  };

  /** Whether document `position` of `space` holds `term` in any field (binary search per field). */
  function holds(space: Space, term: string, position: number): boolean {
    const termId = index.dictionary.get(term);
    if (termId === undefined) return false;
    const { offsets: starts, docs: postings } = space.index;
    const count = space.fieldCount;
    for (let f = 0; f < count; f += 1) {
      let lo = starts[termId * count + f]!;
      let hi = starts[termId * count + f + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const doc = postings[mid]!;
        if (doc === position) return true;
        if (doc < position) lo = mid + 1;
        else hi = mid;
      }
    }
    return false;
  }

  /**
   * Visit the documents of `space` matching every part, with their summed scores. The rarest part
   * goes first; later parts only check its candidates (binary search) when that is cheaper than
   * walking their postings.
   */
  function allParts(space: Space, parts: ReadonlyArray<ReadonlyMap<string, number>>, visit: (position: number, score: number) => void, only?: Only): void {
    const resolved = parts.map(resolve).map((terms) => ({ terms, size: terms.reduce((n, [id]) => n + postingCount(space, id), 0) }));
    if (resolved.some((r) => r.size === 0)) return;
    resolved.sort((x, y) => x.size - y.size);
    const { offsets: starts, docs: postings, freqs: tfs } = space.index;
    const count = space.fieldCount;
    // stage[p] = how many parts position p has matched so far; both arrays are shared by every
    // call and left all zero again at the end (every position written is among the first candidates).
    const scores = space.groupScores;
    const stage = space.groupStage;
    let candidates: number[] = [];
    let first: number[] = [];
    resolved.forEach((part, j) => {
      const probe = j > 0 && candidates.length * count * Math.log2(part.size + 2) < part.size;
      if (probe) {
        for (const position of candidates) {
          let partScore = 0;
          for (const [id, weight] of part.terms) partScore += scoreAt(space, id, weight, position);
          if (partScore > 0) {
            stage[position] = j + 1;
            scores[position] = scores[position]! + partScore;
          }
        }
      } else {
        for (const [id, weight] of part.terms) {
          for (const f of space.fields) {
            const key = id * count + f.id;
            const start = starts[key]!;
            const end = starts[key + 1]!;
            if (start === end) continue;
            const w = weight * f.boost * space.idf(end - start);
            const norm = b / f.average;
            for (let p = start; p < end; p += 1) {
              const position = postings[p]!;
              const st = stage[position]!;
              if (st !== j && st !== j + 1) continue;
              if (j === 0 && only !== undefined && only.marks[position] !== only.mark) continue;
              if (st === j) {
                stage[position] = j + 1;
                if (j === 0) candidates.push(position);
              }
              scores[position] = scores[position]! + bm25Of(w, tfs[p]!, norm, f.lengths[position]!);
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
  // passageNode and fullNode are the same for passages and for "matched fully somewhere"; passageQuery
  // and articleQuery mark a query's first touch of a passage / an article's best passage.
  const passageCount = passages?.index.documentCount ?? 0;
  let lastNode = new Int32Array(size);
  let fullNode = new Int32Array(size);
  let articleQuery = new Int32Array(size);
  let passageNode = new Int32Array(passageCount);
  let passageQuery = new Int32Array(passageCount);
  let mark = 0;
  /** A new mark; marks only wrap (arrays cleared) at the start of a query, never within one. */
  const nextMark = () => ++mark;
  const wrapMarks = () => {
    if (mark > 0x7fff0000) {
      lastNode = new Int32Array(size);
      fullNode = new Int32Array(size);
      articleQuery = new Int32Array(size);
      passageNode = new Int32Array(passageCount);
      passageQuery = new Int32Array(passageCount);
      mark = 0;
    }
  };
  // Per node: the positions it matched and the best credit each reached; per query: the outputs.
  // All reused across queries (a query over 100,000 articles would otherwise allocate ~2 MB), so a
  // result is valid until the next call of score().
  const best = new Float32Array(size);
  const touched = new Uint32Array(size);
  const out: NodeScores = {
    scores: new Float64Array(size),
    coverage: new Float64Array(size),
    nodeCount: new Uint8Array(size),
    nodeWeights: [],
    passage: new Int32Array(size).fill(-1),
    fromBody: new Uint8Array(size),
  };
  // Per passage, the same: the best credit of the current node, and for the query its summed score
  // and the coverage it adds beyond its article's fields (`extra`). Touched lists instead of fills:
  // a query touches a few thousand of the ~800,000 passages of 100,000 articles.
  const passageBest = new Float32Array(passageCount);
  const passageScores = new Float64Array(passageCount);
  const passageExtra = new Float64Array(passageCount);
  const nodePassages = new Uint32Array(passageCount);
  const queryPassages = new Uint32Array(passageCount);
  let queryPassageCount = 0;

  /** Every passage holding a rare term of the query, marked (`queryMark`) and its sums reset. */
  function markCandidates(space: Space, termId: number, queryMark: number): void {
    const { offsets: starts, docs: postings } = space.index;
    for (let p = starts[termId]!; p < starts[termId + 1]!; p += 1) {
      const passage = postings[p]!;
      if (passageQuery[passage] !== queryMark) {
        passageQuery[passage] = queryMark;
        queryPassages[queryPassageCount++] = passage;
        passageScores[passage] = 0;
        passageExtra[passage] = 0;
      }
    }
  }

  /**
   * addPostings for the passages, only over the query's candidate passages (markCandidates): node
   * marks in passageNode, the best credit in passageBest, the summed score in passageScores. A
   * common term's long postings are not walked when the candidates are far fewer: each candidate
   * (in order, `sortedCandidates`) is looked up by galloping search from the previous one.
   */
  function addPassagePostings(space: Space, termId: number, weight: number, credit: number, nodeMark: number, queryMark: number, count: number): number {
    const { offsets: starts, docs: postings, freqs: tfs } = space.index;
    const start = starts[termId]!;
    const end = starts[termId + 1]!;
    if (start === end) return count;
    const f = space.fields[0]!;
    const w = weight * space.idf(end - start);
    const lengths = f.lengths;
    const norm = b / f.average;
    let n = count;
    const add = (p: number, passage: number) => {
      if (passageNode[passage] !== nodeMark) {
        passageNode[passage] = nodeMark;
        nodePassages[n++] = passage;
        passageBest[passage] = credit;
      }
      passageScores[passage] = passageScores[passage]! + bm25Of(w, tfs[p]!, norm, lengths[passage]!);
    };
    const candidateCount = queryPassageCount;
    if (candidateCount * 4 * Math.log2((end - start) / candidateCount + 2) < end - start) {
      const sorted = sortedCandidates();
      let p = start;
      for (let c = 0; c < candidateCount && p < end; c += 1) {
        const target = sorted[c]!;
        // Gallop: double the step until past the target, then binary search in the last step.
        let step = 1;
        let hi = p;
        while (hi < end && postings[hi]! < target) {
          p = hi + 1;
          hi = p + step;
          step *= 2;
        }
        if (hi > end) hi = end;
        while (p < hi) {
          const mid = (p + hi) >>> 1;
          if (postings[mid]! < target) p = mid + 1;
          else hi = mid;
        }
        if (p < end && postings[p] === target) add(p, target);
      }
      return n;
    }
    for (let p = start; p < end; p += 1) {
      const passage = postings[p]!;
      if (passageQuery[passage] !== queryMark) continue; // holds no rarer word of the query
      add(p, passage);
    }
    return n;
  }

  /** The candidate passages in ascending order (sorted once per query, when first needed). */
  let sortedUpTo = -1;
  function sortedCandidates(): Uint32Array {
    if (sortedUpTo !== queryPassageCount) {
      queryPassages.subarray(0, queryPassageCount).sort();
      sortedUpTo = queryPassageCount;
    }
    return queryPassages;
  }

  /** A candidate passage the current node matched through a group (all parts in the passage). */
  function notePassage(passage: number, credit: number, score: number, nodeMark: number, count: number): number {
    let n = count;
    if (passageNode[passage] !== nodeMark) {
      passageNode[passage] = nodeMark;
      nodePassages[n++] = passage;
      passageBest[passage] = credit;
    } else if (passageBest[passage]! < credit) {
      passageBest[passage] = credit;
    }
    passageScores[passage] = passageScores[passage]! + score;
    return n;
  }

  return {
    idf: idfOf,
    score(nodes) {
      const { scores, coverage, nodeCount, passage: bestPassage, fromBody } = out;
      scores.fill(0);
      coverage.fill(0);
      nodeCount.fill(0);
      if (body !== undefined) {
        bestPassage.fill(-1);
        fromBody.fill(0);
      }
      wrapMarks();
      const queryMark = nextMark();
      queryPassageCount = 0;
      sortedUpTo = -1;
      const nodeWeights: number[] = [];
      // The candidate passages: those holding a rare term of the query, in any node or group.
      if (body !== undefined) {
        for (const queryNode of nodes) {
          for (const term of queryNode.terms.keys()) {
            const id = index.dictionary.get(term);
            if (id !== undefined && !isCommon(id)) markCandidates(body, id, queryMark);
          }
          for (const group of queryNode.groups) {
            for (const part of group.parts) {
              for (const term of part.keys()) {
                const id = index.dictionary.get(term);
                if (id !== undefined && !isCommon(id)) markCandidates(body, id, queryMark);
              }
            }
          }
        }
      }
      const candidates: Only = { marks: passageQuery, mark: queryMark };
      for (const queryNode of nodes) {
        const mark = nextMark();
        let count = 0;
        const terms = [...queryNode.terms].sort((x, y) => y[1].credit - x[1].credit);
        for (const [term, match] of terms) {
          const id = index.dictionary.get(term);
          if (id !== undefined) count = addPostings(id, match.weight, match.credit, scores, mark, count);
        }
        for (const group of queryNode.groups) {
          allParts(head, group.parts, (position, score) => {
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
        // The node in the passages: per passage its best credit (and the query's summed score).
        let passageMatches = 0;
        let commonArticles = 0;
        if (body !== undefined) {
          for (const [term, match] of terms) {
            const id = index.dictionary.get(term);
            if (id === undefined) continue;
            if (queryPassageCount > 0) passageMatches = addPassagePostings(body, id, match.weight, match.credit, mark, queryMark, passageMatches);
            if (match.credit >= FULL_CREDIT && isCommon(id)) commonArticles = Math.max(commonArticles, articlesWithText(id));
          }
          for (const group of queryNode.groups) {
            allParts(
              body,
              group.parts,
              (passage, score) => {
                passageMatches = notePassage(passage, group.credit, score, mark, passageMatches);
              },
              candidates,
            );
          }
        }
        // The node's weight: the idf of the articles it matches fully, in their fields or a passage.
        let fully = 0;
        for (let t = 0; t < count; t += 1) {
          const position = touched[t]!;
          if (best[position]! >= FULL_CREDIT) {
            fullNode[position] = mark;
            fully += 1;
          }
        }
        if (passages !== undefined) {
          const owner = passages.passageArticle;
          for (let t = 0; t < passageMatches; t += 1) {
            const passage = nodePassages[t]!;
            const position = owner[passage]!;
            if (lastNode[position] !== mark) {
              // Matched in its text only: an article of the node, with no credit from its fields.
              lastNode[position] = mark;
              touched[count++] = position;
              best[position] = 0;
            }
            if (passageBest[passage]! >= FULL_CREDIT && fullNode[position] !== mark) {
              fullNode[position] = mark;
              fully += 1;
            }
          }
        }
        const weight = idfOf(Math.max(fully, commonArticles)) * (queryNode.weightScale ?? 1);
        nodeWeights.push(weight);
        for (let t = 0; t < count; t += 1) {
          const position = touched[t]!;
          coverage[position] = coverage[position]! + weight * best[position]!;
          nodeCount[position] = nodeCount[position]! + 1;
        }
        if (passages !== undefined) {
          // What each passage covers beyond its article's fields: per node the max of the two, a
          // passage's credit discounted (bodyCredit).
          const owner = passages.passageArticle;
          for (let t = 0; t < passageMatches; t += 1) {
            const passage = nodePassages[t]!;
            const extra = passageBest[passage]! * bodyCredit - best[owner[passage]!]!;
            if (extra > 0) passageExtra[passage] = passageExtra[passage]! + weight * extra;
          }
        }
      }
      if (passages !== undefined && queryPassageCount > 0) addBestPassages(passages.passageArticle, queryMark);
      out.nodeWeights = nodeWeights;
      return out;
    },
    containingAll(terms) {
      if (terms.length === 0) return [];
      const positions: number[] = [];
      allParts(
        head,
        terms.map((t) => new Map([[t, 0.001]])),
        (position) => positions.push(position),
      );
      return positions;
    },
    termsIn(position, terms, passage) {
      const found: string[] = [];
      for (const term of terms) if (holds(head, term, position) || (body !== undefined && passage !== undefined && passage >= 0 && holds(body, term, passage))) found.push(term);
      return found;
    },
  };

  /**
   * Each article's best passage — the one covering most of the query beyond its fields, then the
   * best scored — adds its coverage and its score (× bodyWeight). Not the sum over passages: the
   * same words scattered over a long text must not add up to a match.
   */
  function addBestPassages(owner: Uint32Array, queryMark: number): void {
    const { scores, coverage, passage: bestPassage, fromBody } = out;
    for (let t = 0; t < queryPassageCount; t += 1) {
      const passage = queryPassages[t]!;
      const position = owner[passage]!;
      if (articleQuery[position] !== queryMark) {
        articleQuery[position] = queryMark;
        bestPassage[position] = passage;
        continue;
      }
      const current = bestPassage[position]!;
      const extra = passageExtra[passage]!;
      const currentExtra = passageExtra[current]!;
      if (extra > currentExtra || (extra === currentExtra && passageScores[passage]! > passageScores[current]!)) bestPassage[position] = passage;
    }
    for (let t = 0; t < queryPassageCount; t += 1) {
      const position = owner[queryPassages[t]!]!;
      const passage = bestPassage[position]!;
      if (passage !== queryPassages[t]) continue; // once per article: at its best passage
      scores[position] = scores[position]! + bodyWeight * passageScores[passage]!;
      const extra = passageExtra[passage]!;
      if (extra > 0) {
        coverage[position] = coverage[position]! + extra;
        fromBody[position] = 1;
      }
    }
  }
}
