/** Small Article builders for search tests: only what a test sets differs from plausible defaults. */
import type { Article, Tag } from '../../src/catalog/types.js';

let next = 0;

export function tag(slug: string): Tag {
  return { slug, name: slug.replace(/_/g, ' ') };
}

export function article(fields: Partial<Article> & { title: string }): Article {
  next += 1;
  const id = fields.id ?? `fixture-${next}`;
  return {
    id,
    url: `https://example.com/${id}`,
    published: '2022-01-01',
    authors: ['Ada Example'],
    summary: '',
    truncated: false,
    tags: [tag('fixtures')],
    section: 'New articles',
    source: 'fixtures.md',
    line: next,
    ...fields,
  };
}
