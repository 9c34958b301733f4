/**
 * What a reload changed. Digests announce `added`; the search index rebuilds on any change.
 */
import { each, runToEnd, type Sliced } from '../util/slices.js';
import type { Article, Catalog, CatalogDiff, Tag } from './types.js';

/**
 * The fields a reader would notice changing. `source` and `line` are left out on purpose:
 * inserting one article shifts the line of every article below it, which is not a change.
 */
export const DIFFED_FIELDS = ['title', 'url', 'published', 'authors', 'summary', 'truncated', 'tags', 'section'] as const satisfies ReadonlyArray<keyof Article>;

/** Compare two catalogs by article id. Lists follow `next`'s order (newest first); `removed` follows `previous`'s. */
export function diffCatalogs(previous: Catalog, next: Catalog): CatalogDiff {
  return runToEnd(diffSteps(previous, next));
}

/** Articles compared between two yields: ~1 ms of work. */
const DIFF_SLICE = 500;

/**
 * `diffCatalogs` as work that yields every few hundred articles (util/slices.ts): comparing two
 * 100,000-article catalogs takes most of a second, too long to hold the event loop in a reload.
 */
export function* diffSteps(previous: Catalog, next: Catalog): Sliced<CatalogDiff> {
  const added: Article[] = [];
  const changed: CatalogDiff['changed'] = [];
  yield* each(next.articles, DIFF_SLICE, (after) => {
    const before = previous.byId.get(after.id);
    if (before === undefined) {
      added.push(after);
      return;
    }
    const fields = DIFFED_FIELDS.filter((field) => !sameValue(field, before, after));
    if (fields.length > 0) changed.push({ before, after, fields: [...fields] });
  });
  const removed: Article[] = [];
  yield* each(previous.articles, DIFF_SLICE * 4, (a) => {
    if (!next.byId.has(a.id)) removed.push(a);
  });
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
