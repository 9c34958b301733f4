/**
 * Text normalisation shared by the query parser, the vocabulary and the index, so that a word
 * typed by a user, a vocabulary entry and an article's text all become the same tokens.
 */
import { oneOf, trimEndWhile, trimStartWhile } from '../util/text.js';

/**
 * English function words. Dropped from the index and from queries: they match nearly every
 * article, so they only cost time and blur the ranking.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a an and are as at be been being but by can could did do does doing for from had has have having
  he her his i if in into is it its itself me my of on or our ours so such than that the their them
  then there these they this those to too very was we were will with would you your yours not no nor
  only own same just should now also via per any all each both few more most other some up down out
  off over under again further once here s t d ll m o re ve y`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words people put around a question ("which articles cover tenant onboarding?") that say nothing
 * about the topic. Dropped from queries only: an article may legitimately say "this post".
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  `what which who whom whose where when why how whats article articles post posts blog blogs
  cover covers covering covered show find list give get tell anything something everything
  about regarding concerning related relating please pls looking look want need know learn read
  talk talks talking discuss discusses discussing mention mentions`
    .split(/\s+/)
    .filter(Boolean),
);

/** Characters that may sit inside a query word (`ci/cd`, `multi-tenant`, `node.js`, `c++`, `o'brien`). */
const WORD_PIECES = /[^\p{L}\p{N}/\-+.#'_&]+/u;
const isLeadingJoiner = oneOf("-/.'_&+#");
const isTrailingJoiner = oneOf("-/.'_&");

/** Lower-cased, NFKC-folded, typographic quotes and dashes made plain. */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2014]/g, '-');
}

/**
 * Split free text into query words, keeping in-word joiners: "Multi-Tenant, CI/CD?" →
 * ["multi-tenant", "ci/cd"]. Possessive 's is dropped ("tenant's" → "tenant").
 */
export function queryWords(text: string): string[] {
  const words: string[] = [];
  for (const piece of fold(text).split(WORD_PIECES)) {
    const word = trimEndWhile(trimStartWhile(piece, isLeadingJoiner), isTrailingJoiner).replace(/'s$/, '');
    if (word && /[\p{L}\p{N}]/u.test(word)) words.push(word);
  }
  return words;
}

const TOKEN_SPLIT = /[^\p{L}\p{N}]+/u;

const ASCII_TOKEN_SPLIT = /[^a-z0-9]+/;
// eslint-disable-next-line no-control-regex -- the test is exactly "only 7-bit characters"
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Index tokens: letters and digits only ("ci/cd" → ["ci", "cd"]), lower-cased, stop words kept. */
export function rawTokens(text: string): string[] {
  // Indexing 100,000 articles calls this 400,000 times: plain ASCII (most text) takes a faster path
  // that gives the same tokens (quotes and dashes are separators either way).
  const tokens = ASCII_ONLY.test(text)
    ? text.toLowerCase().split(ASCII_TOKEN_SPLIT)
    : text.normalize('NFKC').toLowerCase().split(TOKEN_SPLIT);
  return tokens.filter(Boolean);
}

/** Index tokens without stop words: what the minisearch index holds. */
export function indexTokens(text: string): string[] {
  return rawTokens(text).filter((t) => !STOP_WORDS.has(t));
}

/**
 * A conservative singular for plural query words ("policies" → "policy", "tenants" → "tenant"),
 * used as an extra, lower-weighted alternative; undefined when the word does not look plural.
 */
export function singular(token: string): string | undefined {
  if (token.length <= 3 || /\d/.test(token)) return undefined;
  if (token.endsWith('ies') && token.length > 4) return token.slice(0, -3) + 'y';
  if (/(ss|us|is|as)$/.test(token)) return undefined;
  if (/(sses|ches|shes|xes)$/.test(token)) return token.slice(0, -2);
  if (token.endsWith('s')) return token.slice(0, -1);
  return undefined;
}

/** The plural of a singular query word ("tenant" → "tenants", "policy" → "policies"), or undefined. */
export function plural(token: string): string | undefined {
  if (token.length <= 3 || /\d/.test(token) || /(s|x|z|ch|sh)$/.test(token)) return undefined;
  if (/[^aeiou]y$/.test(token)) return token.slice(0, -1) + 'ies';
  return token + 's';
}

/** Text with every run of non-word characters collapsed to one space, padded: for phrase checks. */
export function phraseText(text: string): string {
  return ` ${rawTokens(text).join(' ')} `;
}
