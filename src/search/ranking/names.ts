/**
 * An author's name is not a topic. A word typed among the topic words that this catalog has only
 * in its authors' names, in every form ("tarr", "golding"), is read as the `author:` filter it
 * stands for: the answer lists that author's articles and says "by tarr", instead of presenting
 * them as articles about "tarr". A word some title, summary, tag or article text has in any form
 * ("bill", when a title says "billing"), or that the vocabulary knows, stays a topic word.
 */
import { indexTokens } from '../indexing/index.js';
import type { ParsedQuery } from '../types.js';
import type { SearchContext } from './context.js';

/** Postings of `term` in the authors field and in every other field. */
function postings(ctx: SearchContext, term: string, authorsField: number): { names: number; elsewhere: number } {
  const { index } = ctx;
  const id = index.dictionary.get(term);
  if (id === undefined) return { names: 0, elsewhere: 0 };
  const fields = index.fields.length;
  let names = 0;
  let elsewhere = 0;
  for (let f = 0; f < fields; f += 1) {
    const count = index.offsets[id * fields + f + 1]! - index.offsets[id * fields + f]!;
    if (f === authorsField) names += count;
    else elsewhere += count;
  }
  return { names, elsewhere };
}

/**
 * Whether the index term `term` is only ever an author's name: in the authors field and in no other
 * field nor article text. Such a term is no spelling to correct a topic word to ("kafka" is not a
 * misspelt "kalra", an author): the corrected query would list that author's articles.
 */
export function nameOnlyTerm(ctx: SearchContext, term: string): boolean {
  const authorsField = ctx.index.fields.indexOf('authors');
  if (authorsField < 0) return false;
  const own = postings(ctx, term, authorsField);
  if (own.names === 0 || own.elsewhere > 0) return false;
  // The passages share the articles' term ids (one field): a name the texts also use is a word too.
  const body = ctx.index.passages?.index;
  const id = ctx.index.dictionary.get(term)!;
  return body === undefined || body.offsets[id + 1]! === body.offsets[id]!;
}

/** Whether the catalog has `word` only in authors' names (see the module comment). */
function onlyAName(ctx: SearchContext, word: string, authorsField: number): boolean {
  const tokens = indexTokens(word);
  if (tokens.length !== 1) return false;
  const token = tokens[0]!;
  if (ctx.vocabulary.match(tokens, 0) !== undefined) return false;
  const own = postings(ctx, token, authorsField);
  if (own.names === 0 || own.elsewhere > 0) return false;
  return ctx.forms(token).every((form) => postings(ctx, form, authorsField).elsewhere === 0);
}

/** The query with its name-only words moved from the topic words to the `author:` filters. */
export function readNames(ctx: SearchContext, q: ParsedQuery): ParsedQuery {
  const authorsField = ctx.index.fields.indexOf('authors');
  if (authorsField < 0 || q.terms.length === 0) return q;
  const names = q.terms.filter((term) => onlyAName(ctx, term, authorsField));
  if (names.length === 0) return q;
  return {
    ...q,
    terms: q.terms.filter((term) => !names.includes(term)),
    authors: [...q.authors, ...names.filter((name) => !q.authors.includes(name))],
  };
}
