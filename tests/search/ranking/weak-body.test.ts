/**
 * When the only article that covers a question needs its text to do so, it must cover more of the
 * question than an article covering it from its title and blurb (options.ts, weakBodyCoverage;
 * ranking/ranking.ts). On the real index, with a bakery's catalog.
 */
import { describe, expect, test } from 'vitest';
import type { Article } from '../../../src/catalog/types.js';
import { createSearchEngine } from '../../../src/search/index.js';
import { article } from '../fixtures.js';

const SHOP = [
  article({ title: 'Baking bread at home', summary: 'Flour, water, salt and patience: a loaf in a day.' }),
  article({ title: 'Laminated pastry', summary: 'Butter layers for croissants, folded three times.' }),
  article({ title: 'Choux without tears', summary: 'Eclairs and profiteroles that rise every time.' }),
  article({ title: 'Cake tins compared', summary: 'Aluminium, steel and silicone tins for sponges.' }),
  article({ title: 'Icing and glazes', summary: 'Royal icing, fondant and a mirror glaze.' }),
  article({ title: 'Cookies for a crowd', summary: 'Doughs that freeze well and bake from frozen.' }),
];
const PASSING = 'We thank the sourdough club for lending us their ovens during the move.';
// The question's words: "sourdough", "club" and "ovens" are in the sentence, the rest (loan,
// deposit, refund, terms) in no article. From a blurb that covers ~0.53 of it (an answer, above
// weakCoverage 0.35); from a passage, at bodyCredit 0.7, ~0.37: between weakCoverage and
// weakBodyCoverage 0.4, where the two bars differ.
const QUERY = 'sourdough club ovens loan: deposit, refund and terms';

function shop(newsletter: Article, text?: string) {
  const catalog = [...SHOP, newsletter];
  return createSearchEngine(catalog, text === undefined ? {} : { texts: new Map([[newsletter.url, text]]) });
}

describe('a question covered only by a passage of text', () => {
  test('a rare word said in passing in a text is not an answer', () => {
    // The newsletter's text thanks "the sourdough club" for lending ovens, in passing, in one
    // sentence: nothing in the catalog is about the terms of an oven loan. Had its blurb said the
    // same, it would answer (next test), as a blurb says what its article is about; but a text has
    // many passages, where a chance meeting of a question's words is far likelier, so the bar for
    // an answer from the text alone is higher: "nothing", the newsletter offered as the closest.
    const newsletter = article({ title: 'Shop newsletter, spring', summary: 'News from the bakery.' });
    const result = shop(newsletter, `${'The shop reopened after the works. '.repeat(3)}\n\n${PASSING}\n\nOpening hours are unchanged.`).search(QUERY);
    expect(result.weak).toBe(true);
    expect(result.hits).toEqual([]);
    // Still offered as the closest article.
    expect(result.alternatives.map((h) => h.article.title)).toContain(newsletter.title);
  });

  test('the same words in the blurb answer', () => {
    // The blurb is the catalog's own word on what the article is about: the blurb's bar applies.
    const newsletter = article({ title: 'Shop newsletter, spring', summary: PASSING });
    const result = shop(newsletter).search(QUERY);
    expect(result.weak).toBeFalsy();
    expect(result.hits.map((h) => h.article.title)).toEqual([newsletter.title]);
  });
});
