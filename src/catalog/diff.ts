/**
 * What a reload changed. Digests announce `added`; the search index rebuilds on any change.
 */
import type { Article, Catalog, CatalogDiff, Tag } from './types.js';

/**
 * The fields a reader would notice changing. `source` and `line` are left out on purpose:
 * inserting one article shifts the line of every article below it, which is not a change.
 */
export const DIFFED_FIELDS = ['title', 'url', 'published', 'authors', 'summary', 'truncated', 'tags', 'section'] as const satisfies ReadonlyArray<keyof Article>;

/** Compare two catalogs by article id. Lists follow `next`'s order (newest first); `removed` follows `previous`'s. */
export function diffCatalogs(previous: Catalog, next: Catalog): CatalogDiff {
  const added: Article[] = [];
  const changed: CatalogDiff['changed'] = [];
  for (const after of next.articles) {
    const before = previous.byId.get(after.id);
    if (before === undefined) {
      added.push(after);
      continue;
    }
    const fields = DIFFED_FIELDS.filter((field) => !sameValue(field, before, after));
    if (fields.length > 0) changed.push({ before, after, fields: [...fields] });
  }
  const removed = previous.articles.filter((a) => !next.byId.has(a.id));
  return { added, removed, changed };
}

/** True when the diff holds no change at all. */
export function isEmptyDiff(diff: CatalogDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

function sameValue(field: (typeof DIFFED_FIELDS)[number], a: Article, b: Article): boolean {
  switch (field) {
    case 'authors':
      return a.authors.length === b.authors.length && a.authors.every((x, i) => x === b.authors[i]);
    case 'tags':
      // Order of badges is presentation, not content.
      return tagKey(a.tags) === tagKey(b.tags);
    default:
      return a[field] === b[field];
  }
}

function tagKey(tags: readonly Tag[]): string {
  return tags
    .map((t) => `${t.slug}\u0000${t.name}`)
    .sort()
    .join('\u0001');
}
