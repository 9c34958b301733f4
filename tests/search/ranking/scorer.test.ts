/** Which fields a match may count in: a person's name meets only the word itself (scorer.ts). */
import { describe, expect, test } from 'vitest';
import { createSearchEngine } from '../../../src/search/index.js';
import { cookingSite } from '../domains.js';

const ids = (engine: ReturnType<typeof createSearchEngine>, query: string) => engine.search(query, { limit: 10 }).hits.map((h) => h.article.id);

describe('authors are names, not topics', () => {
  const engine = createSearchEngine(cookingSite());

  test('the stem of "billing" does not meet the first name "Bill"', () => {
    // Only the catering article is about billing; Bill Baker's bread and stock articles are not.
    expect(ids(engine, 'billing')).toEqual(['budget']);
    expect(ids(engine, 'bills')).toEqual(['budget']);
  });

  test('a typo or a completion does not reach a name either', () => {
    // "bil" completes to "billing" (the catering article's title) but not to the first name "Bill".
    expect(ids(engine, 'bil')).toEqual(['budget']);
    // "bakr" is one edit from the surname "Baker" and no other word: no article is about it.
    expect(ids(engine, 'bakerr')).toEqual([]);
  });

  test('the name itself still finds the author\'s articles, and author: filters are unchanged', () => {
    expect(new Set(ids(engine, 'baker'))).toEqual(new Set(['bread', 'stock']));
    expect(new Set(ids(engine, 'author:bill'))).toEqual(new Set(['bread', 'stock']));
  });
});
