/** A word the catalog has only in authors' names is read as `author:` (names.ts). */
import { describe, expect, test } from 'vitest';
import { createSearchEngine } from '../../../src/search/index.js';
import { cookingSite, rustBlog } from '../domains.js';

describe('an author\'s name is not a topic', () => {
  const engine = createSearchEngine(cookingSite());

  test('a word only in authors\' names is read as the author filter, and the answer says so', () => {
    const result = engine.search('baker', { limit: 10 });
    expect(new Set(result.hits.map((h) => h.article.id))).toEqual(new Set(['bread', 'stock']));
    expect(result.query.terms).toEqual([]);
    expect(result.query.authors).toEqual(['baker']);
    expect(result.reading?.notes).toContain('by baker');
  });

  test('with topic words, it narrows them to that author', () => {
    // Soups by Bill Baker: the stock article; his bread article is not about soup.
    expect(engine.search('baker soups').hits.map((h) => h.article.id)).toEqual(['stock']);
  });

  test('a word some title, summary or tag has, in any form, stays a topic word', () => {
    // "cook" is in a summary ("when you cook for events"); "bill" has the form "billing" in a title.
    expect(engine.search('cook').query.terms).toEqual(['cook']);
    expect(engine.search('bill').query.terms).toEqual(['bill']);
    expect(engine.search('bill').hits.map((h) => h.article.id)).toContain('budget');
  });
});

describe('a name is no spelling of a topic word', () => {
  // "Ferris" is only ever an author's name here (Ferris Crab): "ferrus" is closer to it than to any
  // word of a title or summary, but a corrected "ferris" would list that author's articles as if they
  // were about the typed word. So no typo match and no "Did you mean" lead to a name.
  const engine = createSearchEngine(rustBlog());

  test('an unknown word is not read as a near author name', () => {
    const result = engine.search('ferrus');
    expect(result.reading?.notes.join(' ') ?? '').not.toMatch(/ferris/i);
    expect(result.suggestions.join(' ')).not.toMatch(/ferris/);
    expect(result.hits.map((h) => h.article.id)).toEqual([]);
  });

  test('the name itself still finds its author', () => {
    // Typed exactly, the name is read as author:ferris (names.ts), not corrected away.
    expect(engine.search('ferris').hits.map((h) => h.article.id).sort()).toEqual(['libs', 'link', 'wasm']);
  });
});
