/**
 * The query plan: what each word of a query stands for in this catalog's index.
 *
 * 1. The words become index tokens. A token the catalog does not know in any form is read as the
 *    known word nearest in spelling (index words and vocabulary names: "kubernets" → kubernetes),
 *    and two tokens that are one known word when joined are read as it ("dynamo db" → dynamodb).
 * 2. The (corrected) tokens are matched against the vocabulary, longest name first, by stem. So a
 *    corrected word gets its vocabulary expansions like the right spelling would.
 * 3. Each word or vocabulary name becomes one node: its exact form (credit 1), its other forms with
 *    the same stem, its completions (a prefix) or typo matches, and the vocabulary's other names
 *    for it, each with a lower weight and credit (options.ts). Each "phrase" is a node too.
 */
import type { SearchContext } from './context.js';
import { COMPOUND_MARK, compoundTerm, indexTokens } from '../indexing/index.js';
import { isEnglishWord, isFiller } from '../query/index.js';
import { FULL_CREDIT, type QueryNode, type TermGroup, type TermMatch } from './scorer.js';
import { nameOnlyTerm } from './names.js';
import type { ParsedQuery, PlanNotes } from '../types.js';

export interface PlannedNode extends QueryNode {
  /** What the user typed for this node ("k8s", "elastic kubernetes service"). */
  label: string;
}

/** The nodes, plus the corrections and expansions the reading line reports (types.ts). */
export interface QueryPlan extends PlanNotes {
  nodes: PlannedNode[];
}

/** One position of the query after spelling fixes: the typed token(s) and the known token read. */
interface Unit {
  typed: string[];
  /** The token matched against the vocabulary: the typed one, its correction, or the joined pair. */
  read: string;
  /** Typed as one word of the query ("multi-tenant" gives two units of the same word). */
  word: number;
  /** How `read` was obtained; `unknown`: neither the catalog nor the vocabulary knows it in any form. */
  kind: 'typed' | 'corrected' | 'joined' | 'unknown';
}

/** True when `b` is `a` with two neighbouring letters swapped ("tabel" / "table"). */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/**
 * Words this short are corrected only by a swap of two neighbouring letters ("tpyo"), a letter left
 * out ("awre") or one too many: another letter in their place makes another word, often a name or
 * an abbreviation ("libc" / "libs", "scam" / "scan").
 */
const SHORT_WORD = 4;

/**
 * Whether a word the catalog does not know may be read as another word: not when it is spelt right
 * (an English word: "burning" is not a misspelt "boring"), nor when it holds a digit ("ec2", "k8s").
 */
export function mayCorrect(token: string): boolean {
  return !/\d/.test(token) && !isEnglishWord(token);
}

/** Whether `term`, found `distance` edits from `token`, may be its correction (a short word: not by a changed letter). */
export const plausibleTypo = (token: string, term: string, distance: number) =>
  distance > 0 && (token.length > SHORT_WORD || isSwap(token, term) || (distance === 1 && term.length !== token.length));

/** Node terms, keeping for each term its best weight and best credit. */
class NodeTerms {
  readonly terms = new Map<string, TermMatch>();
  readonly groups: TermGroup[] = [];
  put(term: string, weight: number, credit: number): void {
    const existing = this.terms.get(term);
    if (!existing) this.terms.set(term, { weight, credit });
    else this.terms.set(term, { weight: Math.max(weight, existing.weight), credit: Math.max(credit, existing.credit) });
  }
}

/**
 * What planning asks of the index and the vocabulary, shared by both steps: whether a token is
 * known, has completions, and the known word nearest in spelling.
 */
interface Speller {
  ctx: SearchContext;
  /** Known: the index holds the word in some form, or the vocabulary names it. */
  known(token: string): boolean;
  hasCompletion(token: string): boolean;
  /**
   * The known word nearest in spelling, or undefined: fewest edits (two swapped letters count as
   * one), then the same first letter (typos rarely hit it), then the word most articles use.
   */
  correction(token: string, maxDistance?: number): string | undefined;
  /** Index terms within `maxDistance` edits of `token`, a swap of two neighbouring letters counting as one edit. */
  nearSpellings(token: string, maxDistance: number): Array<[string, number]>;
}

function spellerOf(ctx: SearchContext): Speller {
  const { index, tuning, vocabulary } = ctx;
  const dictionary = index.dictionary;
  const family = ctx.forms;
  const known = (token: string): boolean =>
    dictionary.has(token) || family(token).length > 0 || vocabulary.match([token], 0) !== undefined;
  const hasCompletion = (token: string): boolean => {
    if (token.length < tuning.prefixMinLength) return false;
    for (const key of dictionary.atPrefix(token).keys()) if (key.length > token.length && !key.startsWith(COMPOUND_MARK)) return true;
    return false;
  };

  function correction(token: string, maxDistance = tuning.fuzzyDistance(token.length)): string | undefined {
    if (maxDistance === 0 || !mayCorrect(token)) return undefined;
    let best: { term: string; distance: number; first: number; frequency: number } | undefined;
    const consider = (term: string, distance: number) => {
      if (term.startsWith(COMPOUND_MARK) || !plausibleTypo(token, term, distance)) return;
      const frequency = ctx.df(term);
      const first = term[0] === token[0] ? 1 : 0; // only swaps of the first two letters differ here
      if (
        !best ||
        distance < best.distance ||
        (distance === best.distance && (first > best.first || (first === best.first && frequency > best.frequency)))
      ) {
        best = { term, distance, first, frequency };
      }
    };
    for (const [term, distance] of nearSpellings(token, maxDistance)) consider(term, distance);
    for (const [term, [, distance]] of ctx.vocabularyWords.fuzzyGet(token, maxDistance)) if (term[0] === token[0]) consider(term, distance);
    return best?.term;
  }

  function nearSpellings(token: string, maxDistance: number): Array<[string, number]> {
    // A swap is two edits to the index's Levenshtein search: reach two to find it ("lnik" / "link").
    const reach = token.length > SHORT_WORD - 1 ? Math.max(maxDistance, 2) : maxDistance;
    const near: Array<[string, number]> = [];
    for (const [term, [, distance]] of dictionary.fuzzyGet(token, reach)) {
      if (term[0] !== token[0] && !isSwap(token, term)) continue;
      // An author's name is no spelling of a topic word (names.ts); `author:` has its own look-up.
      if (nameOnlyTerm(ctx, term)) continue;
      if (distance <= maxDistance) near.push([term, distance]);
      else if (isSwap(token, term)) near.push([term, 1]);
    }
    return near;
  }

  return { ctx, known, hasCompletion, correction, nearSpellings };
}

// ---- 1. tokens, spelling fixes ------------------------------------------------------------

/** The query's words as units: typed, corrected, joined or unknown. Corrections go into `plan`. */
function readUnits(speller: Speller, q: ParsedQuery, plan: QueryPlan): Unit[] {
  const { known, hasCompletion, correction } = speller;
  const { index, vocabulary } = speller.ctx;
  const dictionary = index.dictionary;
  const typed: Array<{ token: string; word: number }> = [];
  q.terms.forEach((term, word) => {
    for (const token of indexTokens(term)) typed.push({ token, word });
  });
  const units: Unit[] = [];
  for (let i = 0; i < typed.length; i += 1) {
    const { token, word } = typed[i]!;
    const next = typed[i + 1];
    if (next) {
      // "dynamo db", "open serch": two tokens that are one known word once joined.
      const joined = token + next.token;
      const eitherUnknown = !known(token) || !known(next.token);
      const read = dictionary.has(joined) || vocabulary.match([joined], 0) ? joined : eitherUnknown ? correction(joined, 1) : undefined;
      if (read !== undefined && (eitherUnknown || read === joined)) {
        units.push({ typed: [token, next.token], read, word, kind: 'joined' });
        // "pub/sub" read as "pubsub" is the typed word itself; "dynamo db" as "dynamodb" is a correction.
        if (next.word !== word) plan.corrections.push({ from: `${token} ${next.token}`, to: read });
        i += 1;
        continue;
      }
    }
    if (known(token) || hasCompletion(token)) {
      units.push({ typed: [token], read: token, word, kind: 'typed' });
      continue;
    }
    const fixed = correction(token);
    if (fixed !== undefined) plan.corrections.push({ from: token, to: fixed });
    units.push({ typed: [token], read: fixed ?? token, word, kind: fixed === undefined ? 'unknown' : 'corrected' });
  }
  return units;
}

// ---- 2. nodes ------------------------------------------------------------------------------

/** A word and its other forms (same stem), at `weight` and `wordCredit` for the word itself. */
function addWordForms(ctx: SearchContext, node: NodeTerms, token: string, weight: number, wordCredit: number, formCredit: number): void {
  if (ctx.index.dictionary.has(token)) node.put(token, weight, wordCredit);
  const family = ctx.forms;
  for (const form of family(token)) if (form !== token) node.put(form, weight * ctx.tuning.stemWeight, formCredit);
}

/** A token as typed: exact, other forms; unknown in every form: completions, else typo matches. */
function addTyped(speller: Speller, node: NodeTerms, token: string, weight: number): void {
  const { ctx, known, nearSpellings } = speller;
  const { tuning } = ctx;
  const dictionary = ctx.index.dictionary;
  const credit = tuning.credit;
  addWordForms(ctx, node, token, weight, credit.exact, credit.stem);
  if (known(token)) return;
  let completions = 0;
  if (token.length >= tuning.prefixMinLength) {
    // Shortest completions first: "kube" means "kubernetes" before "kubernetesoperatorhub".
    const keys = [...dictionary.atPrefix(token).keys()].filter((t) => t !== token && !t.startsWith(COMPOUND_MARK));
    keys.sort((x, y) => x.length - y.length || (x < y ? -1 : 1));
    for (const term of keys.slice(0, tuning.maxExpansions)) {
      const distance = term.length - token.length;
      node.put(term, (weight * tuning.weights.prefix * term.length) / (term.length + 0.3 * distance), credit.prefix);
      completions += 1;
    }
  }
  const maxDistance = tuning.fuzzyDistance(token.length);
  if (completions > 0 || maxDistance === 0 || !mayCorrect(token)) return;
  const near = nearSpellings(token, maxDistance)
    .filter(([term, distance]) => plausibleTypo(token, term, distance) && !term.startsWith(COMPOUND_MARK))
    .sort((x, y) => x[1] - y[1])
    .slice(0, tuning.maxExpansions);
  for (const [term, distance] of near) node.put(term, (weight * tuning.weights.fuzzy * term.length) / (term.length + distance), credit.typo);
}

/**
 * All of `tokens`, exactly, as one node alternative: the compound term of a vocabulary name, else
 * every word. A one-word name comes with its other forms, unless it is only a neighbouring idea
 * (`forms: false`: "customer" must not bring "custom", its Porter2 stem).
 */
function addAll(ctx: SearchContext, node: NodeTerms, tokens: readonly string[], weight: number, allCredit: number, forms = true): void {
  const { tuning, compounds } = ctx;
  const dictionary = ctx.index.dictionary;
  const family = ctx.forms;
  const phrase = tokens.join(' ');
  if (tokens.length === 1) {
    if (forms) addWordForms(ctx, node, tokens[0]!, weight, allCredit, Math.min(allCredit, tuning.credit.stem));
    else if (dictionary.has(tokens[0]!)) node.put(tokens[0]!, weight, allCredit);
  } else if (compounds.has(phrase)) {
    node.put(compoundTerm(phrase), weight, allCredit);
  } else {
    // Each word in any of its forms ("rate limits" meets "rate limiting").
    const parts = tokens.map((t) => {
      const part = new Map([[t, weight / tokens.length]]);
      for (const form of family(t)) if (form !== t) part.set(form, (weight * tuning.stemWeight) / tokens.length);
      return part;
    });
    node.groups.push({ parts, credit: allCredit });
  }
}

/**
 * Whether no article has the node's word in any form, synonym or spelling (only neighbouring ideas
 * may match): then a category it belongs to ("kafka" → "messaging") is searched at the `alone`
 * credit, below any article with the word itself and too little to make the catalog look like it
 * answers the word, and the reading line lists the names that were searched instead.
 */
function isAlone(ctx: SearchContext, node: NodeTerms): boolean {
  if (node.groups.some((g) => g.credit >= FULL_CREDIT)) return false;
  for (const [term, match] of node.terms) if (match.credit >= FULL_CREDIT && ctx.df(term) > 0) return false;
  return true;
}

/**
 * One node per unit or vocabulary name (longest first), with the name's expansions, which go into
 * `plan` too. Returns, for each node, the typed word it came from (-1: a name over several words).
 */
function addWordNodes(speller: Speller, units: readonly Unit[], typedWords: readonly string[], plan: QueryPlan): number[] {
  const { ctx } = speller;
  const { tuning, vocabulary, compounds } = ctx;
  const credit = tuning.credit;
  const nodeWords: number[] = [];
  for (let i = 0; i < units.length; ) {
    const reads = units.map((u) => u.read);
    const match = vocabulary.match(reads, i);
    const length = match?.length ?? 1;
    const span = units.slice(i, i + length);
    i += length;
    const node = new NodeTerms();
    const label = span.flatMap((u) => u.typed).join(' ');
    // A filler word typed on its own ("long time"), not as part of a name ("end-to-end", "real time" in the vocabulary).
    const filler = span.length === 1 && !match && isFiller(typedWords[span[0]!.word] ?? '');
    if (span.length === 1) {
      const unit = span[0]!;
      if (unit.kind === 'typed' || unit.kind === 'unknown') {
        addTyped(speller, node, unit.read, filler ? tuning.fillerWeight : 1);
      } else {
        // The known word read for a typo or a split word, and (for a typo) its own near spellings.
        addWordForms(ctx, node, unit.read, 1, credit.typo, credit.typo);
        if (unit.kind === 'joined') addAll(ctx, node, unit.typed, 1, credit.typo);
        else addTyped(speller, node, unit.typed[0]!, 1);
      }
    } else {
      const tokens = span.map((u) => u.read);
      // A typed multi-word name ("software as a service"): what counts is the words side by side;
      // the same words scattered over a field weigh much less. Typed as one word ("multi-tenant",
      // "ci/cd"), the words are side by side by definition.
      addAll(ctx, node, tokens, tokens.length, credit.exact);
      // The name as the vocabulary spells it, when the words typed are other forms of it.
      for (const form of match?.forms ?? []) if (form.join(' ') !== tokens.join(' ')) addAll(ctx, node, form, tokens.length * tuning.stemWeight, credit.stem);
      const oneWord = span[0]!.word === span[span.length - 1]!.word;
      if (!oneWord && compounds.has(tokens.join(' '))) {
        node.groups.push({ parts: tokens.map((t) => new Map([[t, tuning.scatteredWeight]])), credit: credit.scattered });
      }
    }
    // A word thousands of articles already have gains little from its neighbouring ideas, which
    // would only add low-credit matches for the articles without it, at the cost of scoring tens of
    // thousands of postings more (a catalog of 100,000 articles and "tenant").
    const common = span.length === 1 && ctx.df(span[0]!.read) > tuning.commonWordArticles;
    // Categories last: whether any article has the word itself (or a synonym) decides what they are worth.
    const expansions = [...(match?.expansions ?? [])].sort((x, y) => Number(x.category === true) - Number(y.category === true));
    const firstExpansion = plan.expansions.length;
    let alone: boolean | undefined;
    for (const e of expansions) {
      const synonym = e.kind === 'synonym';
      if (!synonym && common) continue;
      alone ??= e.category === true ? isAlone(ctx, node) : undefined;
      const related = alone === true ? credit.alone : credit.related;
      addAll(ctx, node, e.tokens, synonym ? tuning.synonymWeight : tuning.relatedWeight, synonym ? credit.synonym : related, synonym);
      const to = e.tokens.join(' ');
      plan.expansions.push({ from: reads.slice(i - length, i).join(' '), to: e.text.toLowerCase(), synonym, articles: e.tokens.length > 1 ? ctx.df(compoundTerm(to)) : ctx.df(to) });
    }
    if (expansions.length > 0 && (alone ?? isAlone(ctx, node))) for (let e = firstExpansion; e < plan.expansions.length; e += 1) plan.expansions[e]!.alone = true;
    const unknown = span.length === 1 && span[0]!.kind === 'unknown' && !match;
    // A plain English word the catalog lacks is most often the phrasing of the question ("redeploying",
    // "boxes"); jargon the catalog lacks ("onnx", "tensorrt") more often its topic.
    const unknownWeight = unknown && isEnglishWord(span[0]!.read) ? tuning.unknownWordWeight.english : tuning.unknownWordWeight.jargon;
    plan.nodes.push({ label, terms: node.terms, groups: node.groups, weightScale: unknown ? unknownWeight : filler ? tuning.fillerWeight : 1 });
    nodeWords.push(span[0]!.word === span[span.length - 1]!.word ? span[0]!.word : -1);
  }
  return nodeWords;
}

/** A typed word that became several nodes ("acme.ourapp.com") weighs as one word, shared among them. */
function shareWordWeights(plan: QueryPlan, nodeWords: readonly number[]): void {
  const perWord = new Map<number, number>();
  for (const word of nodeWords) if (word >= 0) perWord.set(word, (perWord.get(word) ?? 0) + 1);
  nodeWords.forEach((word, n) => {
    const shared = perWord.get(word) ?? 1;
    if (shared > 1) plan.nodes[n]!.weightScale = (plan.nodes[n]!.weightScale ?? 1) / shared;
  });
}

/** Each "phrase": one node, its words side by side. */
function addPhraseNodes(ctx: SearchContext, q: ParsedQuery, plan: QueryPlan): void {
  for (const phrase of q.phrases) {
    const tokens = indexTokens(phrase);
    if (tokens.length === 0) continue;
    const node = new NodeTerms();
    addAll(ctx, node, tokens, tokens.length, ctx.tuning.credit.exact);
    plan.nodes.push({ label: `"${phrase}"`, terms: node.terms, groups: node.groups });
  }
}

export function planQuery(ctx: SearchContext, q: ParsedQuery): QueryPlan {
  const plan: QueryPlan = { nodes: [], corrections: [], expansions: [] };
  const speller = spellerOf(ctx);
  const units = readUnits(speller, q, plan);
  shareWordWeights(plan, addWordNodes(speller, units, q.terms, plan));
  addPhraseNodes(ctx, q, plan);
  return plan;
}

/**
 * Whether the article at `position` has at least two of the query's telling words — words typed
 * (not filler, not unknown to the catalog), that some article has and at most a tenth of the
 * catalog does — each itself or as good as itself (another form, a synonym, a corrected typo). An
 * article covering less of a question than `weakCoverage` but this much of it answers it: what it
 * lacks is the phrasing of the question ("tens of thousands of tasks", "why is … so slow").
 */
export function answersTellingWords(ctx: SearchContext, plan: QueryPlan, nodeWeights: readonly number[], position: number): boolean {
  if (position < 0) return false;
  const telling = ctx.scorer.idf(Math.max(1, Math.floor(ctx.count * ctx.tuning.tellingShare)));
  const absent = ctx.scorer.idf(0);
  let found = 0;
  plan.nodes.forEach((node, n) => {
    const weight = nodeWeights[n] ?? 0;
    if (found >= 2 || (node.weightScale ?? 1) !== 1 || weight < telling || weight >= absent - 1e-9) return;
    const full = [...node.terms].filter(([, match]) => match.credit >= FULL_CREDIT).map(([term]) => term);
    if (ctx.scorer.termsIn(position, full).length > 0) found += 1;
  });
  return found >= 2;
}
