/**
 * Text normalisation shared by the query parser, the vocabulary and the index, so that a word
 * typed by a user, a vocabulary entry and an article's text all become the same tokens.
 */
import porter2 from 'wink-porter2-stemmer';
import { oneOf, trimEndWhile, trimStartWhile } from '../../util/text.js';

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
  talk talks talking talked discuss discusses discussing discussed mention mentions mentioned
  wrote written`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * General words of a question that carry no topic in any catalog: who is asking ("anyone", "we",
 * "our team"), what they hope for ("best way", "make sure", "any guidance"), and verbs, linking
 * words and quantifiers that frame the question ("how do I keep one tenant from…", "because",
 * "gone", "give every…"). Dropped from queries like the question words, so they cannot decide the
 * ranking: an article that merely says "best" or "way" must not outrank the one about the topic.
 * Kept out: words that name a topic somewhere ("build", "run", "state", "stream", "example",
 * "exactly", "start", "docs", "link", "stop", "inside": documentation sites, link-time errors,
 * stopping a job, inside a container). Words that are usually filler but sometimes the topic
 * ("time", "parts") are FILLER_WORDS instead: kept, weighing little.
 */
export const NOISE_WORDS: ReadonlySet<string> = new Set(
  `anyone anybody someone somebody everyone everybody people folks guys us ourselves yourself
  writeup writeups write-up write-ups guide guides tutorial
  tutorials material info information reading
  way ways best good better great nice right proper correct recommended recommend recommendation
  recommendations suggest suggestion suggestions advice tip tips guidance idea ideas thoughts
  approach approaches option options possible possibly able easy easily quick quickly
  sure make makes making made built keep keeps keeping prevent avoid
  give gives giving got getting gets go goes going went gone come comes came put puts let lets
  handle handles handling deal dealing work works working worked figure try trying tried
  use uses using used
  may might must shall
  every each one ones several many much lot lots bunch dozens tons whole entire
  thing things stuff kind sort like e.g eg i.e ie etc
  actually really basically currently today still already yet ever always never
  without within across since during between before after last past previous
  question questions help done am through vs versus via instead against etc
  huge tiny heavy old forever fully totally
  because cause though although unless whether whenever otherwise else maybe perhaps somehow
  anyway anyways okay ok hey hi hello thanks thank
  doesn't don't isn't aren't can't won't wouldn't shouldn't couldn't didn't wasn't weren't haven't
  hasn't i'm we're they're you're it's that's there's let's i've we've i'd we'd`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words that frame a question more often than they name its topic ("takes a long time", "in two
 * parts", "what happens when"), but may be it ("time zones", "spare parts"): kept in the query,
 * weighing a fraction of a word (SEARCH_OPTIONS.fillerWeight), so they never decide the order nor
 * make a query the catalog cannot answer look answered.
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set(
  `time times part parts piece pieces bit bits step steps case cases point points place places
  level levels end ends number amount problem problems issue issues happen happens happened
  happening take takes took taking long longer minute minutes hour hours day days week weeks
  certain fine another want wants wanted needed needs say says said see seen seeing mean
  means meant think thinking ask asked asking wonder wondering example examples`
    .split(/\s+/)
    .filter(Boolean),
);

/** Characters that may sit inside a query word (`ci/cd`, `multi-tenant`, `node.js`, `c++`, `o'brien`). */
const WORD_PIECES = /[^\p{L}\p{N}/\-+.#'_&]+/u;
const isLeadingJoiner = oneOf("-/.'_&+#");
const isTrailingJoiner = oneOf("-/.'_&");

/** NFKC-folded, typographic quotes and dashes made plain; case kept. */
function plainPunctuation(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2014]/g, '-');
}

/** Lower-cased, NFKC-folded, typographic quotes and dashes made plain. */
export function fold(text: string): string {
  return plainPunctuation(text).toLowerCase();
}

/** One word of free text: folded (`word`), and whether it was typed with a capital (`Golding`). */
export interface QueryWord {
  word: string;
  capitalised: boolean;
}

/**
 * Split free text into query words, keeping in-word joiners: "Multi-Tenant, CI/CD?" →
 * multi-tenant, ci/cd. Possessive 's is dropped ("tenant's" → "tenant").
 */
export function splitQueryWords(text: string): QueryWord[] {
  const words: QueryWord[] = [];
  for (const piece of plainPunctuation(text).split(WORD_PIECES)) {
    const raw = trimEndWhile(trimStartWhile(piece, isLeadingJoiner), isTrailingJoiner);
    const word = raw.toLowerCase().replace(/'s$/, '');
    if (word && /[\p{L}\p{N}]/u.test(word)) words.push({ word, capitalised: /^\p{Lu}/u.test(raw) });
  }
  return words;
}

/** The folded words of free text (see splitQueryWords). */
export function queryWords(text: string): string[] {
  return splitQueryWords(text).map((w) => w.word);
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

/** Tokens this short are not stemmed: they are mostly acronyms ("ecs", "eks", "aws", "ses"), which a stemmer would mangle ("ecs" → "ec"). */
const MIN_STEM_LENGTH = 4;
const STEMMABLE = /^[a-z]+$/;

/**
 * The Porter2 (Snowball English) stem of an index token: "throttled", "throttling" → "throttl";
 * "isolate", "isolation" → "isol". Words that are not plain lower-case letters, and short ones, are
 * their own stem. Used for the index (terms grouped by stem) and the query (a word meets every
 * indexed form with its stem), never to replace the exact form, which still ranks first.
 */
export function stem(token: string): string {
  if (token.length < MIN_STEM_LENGTH || !STEMMABLE.test(token)) return token;
  let stemmed = stems.get(token);
  if (stemmed === undefined) {
    // The stemmer costs ~20 µs a word; the same words come back in every query and catalog.
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stemmed = porter2(token);
    stems.set(token, stemmed);
  }
  return stemmed;
}

const MAX_CACHED_STEMS = 100_000;
const stems = new Map<string, string>();

/** Text with every run of non-word characters collapsed to one space, padded: for phrase checks. */
export function phraseText(text: string): string {
  return ` ${rawTokens(text).join(' ')} `;
}
