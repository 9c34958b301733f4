/** A synthetic Article for builder tests that need extremes the real catalog does not have. */
import type { Article } from '../../src/catalog/types.js';

export function makeArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: 'a1',
    title: 'A title',
    url: 'https://example.com/a',
    published: '2023-09-08',
    authors: ['Ann Author'],
    summary: 'A short summary.',
    truncated: false,
    tags: [{ slug: 'saas', name: 'saas' }],
    section: 'New articles',
    source: 'test.md',
    line: 1,
    ...overrides,
  };
}
