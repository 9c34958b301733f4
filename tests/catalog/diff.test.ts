import { describe, expect, test } from 'vitest';
import { articleId } from '../../src/catalog/article-id.js';
import { createCatalog } from '../../src/catalog/assemble.js';
import { diffCatalogs, isEmptyDiff } from '../../src/catalog/diff.js';
import type { Article } from '../../src/catalog/types.js';

function article(slug: string, overrides: Partial<Article> = {}): Article {
  const url = `https://example.com/${slug}`;
  return {
    id: articleId(url),
    title: `Article ${slug}`,
    url,
    published: '2024-01-01',
    authors: ['Ada Lovelace'],
    summary: `About ${slug}.`,
    truncated: false,
    tags: [{ slug: 'saas', name: 'saas' }],
    section: 'New articles',
    source: 'a.md',
    line: 1,
    ...overrides,
  };
}

describe('diffCatalogs', () => {
  const before = createCatalog([article('a'), article('b'), article('c')]);

  test('identical catalogs: empty diff', () => {
    const diff = diffCatalogs(before, createCatalog([article('a'), article('b'), article('c')]));
    expect(diff).toEqual({ added: [], removed: [], changed: [] });
    expect(isEmptyDiff(diff)).toBe(true);
  });

  test('added, removed and changed, by id', () => {
    const after = createCatalog([article('a', { title: 'Renamed' }), article('c'), article('d')]);
    const diff = diffCatalogs(before, after);
    expect(diff.added.map((a) => a.url)).toEqual(['https://example.com/d']);
    expect(diff.removed.map((a) => a.url)).toEqual(['https://example.com/b']);
    expect(diff.changed).toEqual([{ before: before.byId.get(articleId('https://example.com/a')), after: after.articles.find((a) => a.title === 'Renamed'), fields: ['title'] }]);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  test.each<[string, Partial<Article>, Array<keyof Article>]>([
    ['date', { published: '2024-02-02' }, ['published']],
    ['author list', { authors: ['Ada Lovelace', 'Alan Turing'] }, ['authors']],
    ['summary and truncation', { summary: 'Cut […]', truncated: true }, ['summary', 'truncated']],
    ['tags', { tags: [{ slug: 'saas', name: 'saas' }, { slug: 'iam', name: 'iam' }] }, ['tags']],
    ['section', { section: 'Older posts' }, ['section']],
    ['url spelling (same id)', { url: 'https://example.com/a/' }, ['url']],
  ])('a changed %s is reported by field name', (_what, overrides, fields) => {
    const diff = diffCatalogs(createCatalog([article('a')]), createCatalog([article('a', overrides)]));
    expect(diff.changed.map((c) => c.fields)).toEqual([fields]);
  });

  test('moving an article within or between files is not a change', () => {
    const diff = diffCatalogs(createCatalog([article('a')]), createCatalog([article('a', { source: 'b.md', line: 40 })]));
    expect(isEmptyDiff(diff)).toBe(true);
  });

  test('reordered tags are not a change', () => {
    const tags = [{ slug: 'saas', name: 'saas' }, { slug: 'iam', name: 'iam' }];
    const diff = diffCatalogs(createCatalog([article('a', { tags })]), createCatalog([article('a', { tags: [...tags].reverse() })]));
    expect(isEmptyDiff(diff)).toBe(true);
  });
});
