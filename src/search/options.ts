/**
 * Every search setting in one constant. The `index` part decides what goes into the index (fields,
 * tokenizer, term processing): it is used to build the index AND is part of a snapshot's identity
 * (snapshot.ts hashes it), so a snapshot made with other settings is rebuilt, never half-used.
 * The rest tunes how queries are run and ranked.
 */
import type { Article } from '../catalog/types.js';
import { STOP_WORDS, rawTokens } from './text.js';
import { defaultVocabulary } from './vocabulary.js';

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
export const COMPOUND_PHRASES: ReadonlySet<string> = new Set(defaultVocabulary().phrases);
const COMPOUND_FIRST_WORDS: ReadonlySet<string> = new Set([...COMPOUND_PHRASES].map((p) => p.split(' ')[0]!));
const LONGEST_COMPOUND = Math.max(1, ...[...COMPOUND_PHRASES].map((p) => p.split(' ').length));

/** The index term for a compound phrase (tokens joined by one space). */
export const compoundTerm = (phrase: string) => COMPOUND_MARK + phrase;

/** Index tokens of a field: its words, plus one compound term per vocabulary phrase it contains. */
export function tokenizeField(text: string): string[] {
  const tokens = rawTokens(text);
  const words = tokens.filter((t) => !STOP_WORDS.has(t));
  for (let i = 0; i < words.length; i += 1) {
    if (!COMPOUND_FIRST_WORDS.has(words[i]!)) continue;
    let phrase = words[i]!;
    for (let n = 2; n <= LONGEST_COMPOUND && i + n <= words.length; n += 1) {
      phrase += ` ${words[i + n - 1]!}`;
      if (COMPOUND_PHRASES.has(phrase)) tokens.push(compoundTerm(phrase));
    }
  }
  return tokens;
}

export interface IndexOptions {
  /** Indexed fields, in field-id order. */
  fields: readonly SearchField[];
  /** Text → tokens (words and compound terms). */
  tokenize: (text: string) => string[];
  /** Token → index term, or null to leave it out (stop words, absurdly long tokens). */
  processTerm: (token: string) => string | null;
}

const INDEX_OPTIONS: IndexOptions = {
  fields: ['title', 'summary', 'authors', 'tags'],
  tokenize: tokenizeField,
  processTerm: (term) =>
    STOP_WORDS.has(term) || (term.length > MAX_TERM_LENGTH && !term.startsWith(COMPOUND_MARK)) ? null : term,
};

export const SEARCH_OPTIONS = {
  index: INDEX_OPTIONS,
  /** Field boosts: a word in the title says more about an article than the same word in its summary. */
  boost: { title: 3, tags: 2, authors: 2, summary: 1 } satisfies Record<SearchField, number>,
  /** Words at least this long also match longer words starting with them ("dyna" → "dynamodb"). */
  prefixMinLength: 3,
  /**
   * Typo tolerance (edit distance) by word length. Short words get none: "ecs" is one edit from
   * "eks", "sqs", "ec2"… Only words the index does not know (not even as a prefix) are fuzzed.
   */
  fuzzyDistance: (length: number): number => (length < 4 ? 0 : length < 8 ? 1 : 2),
  /** Relative weights of prefix and typo matches (an exact match weighs 1). */
  weights: { prefix: 0.4, fuzzy: 0.4 },
  /** Weight of a vocabulary synonym ("k8s" → "kubernetes"), split across its words. */
  synonymWeight: 0.45,
  /** Weight of a vocabulary related term ("pub/sub" → "queue"), split across its words. */
  relatedWeight: 0.2,
  /** Weight of the singular or plural of a query word ("policies" → "policy", "tenant" → "tenants"). */
  singularWeight: 0.8,
  /** At most this many prefix completions or typo matches per query word (shortest / closest first). */
  maxExpansions: 50,
  /** Weight of the words of a typed multi-word vocabulary name when they are not side by side. */
  scatteredWeight: 0.3,
  /** Default page size of `search()`. */
  defaultLimit: 5,
  /** How many "did you mean" suggestions and alternative articles a query with no result gets. */
  suggestionCount: 3,
  alternativeCount: 3,
} as const;

export type SearchTuning = typeof SEARCH_OPTIONS;
