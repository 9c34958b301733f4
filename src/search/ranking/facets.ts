/**
 * Who wrote each article and what it is tagged with, as small typed arrays over the distinct names
 * and tags, for the `author:` and `tag:` filters. A filter then tests each distinct name or tag once
 * and walks these arrays, instead of visiting 100,000 article objects (~90 ms cold, which a reload's
 * fresh engine would pay on the thread answering Slack). A reload computes them in its worker thread.
 */
import type { Article } from '../../catalog/types.js';

/** Per article i, its entries are `ids[start[i]] … ids[start[i + 1] - 1]` (CSR layout). */
export interface FacetColumn {
  start: Uint32Array;
  ids: Uint32Array;
}

export interface Facets {
  /** Distinct author names, as written. */
  authorNames: string[];
  authors: FacetColumn;
  /** Distinct tags (slug and name), in parallel arrays. */
  tagSlugs: string[];
  tagNames: string[];
  tags: FacetColumn;
}

function column<T>(articles: readonly Article[], valuesOf: (a: Article) => readonly T[], idOf: (value: T) => number): FacetColumn {
  const start = new Uint32Array(articles.length + 1);
  const ids: number[] = [];
  articles.forEach((article, i) => {
    for (const value of valuesOf(article)) ids.push(idOf(value));
    start[i + 1] = ids.length;
  });
  return { start, ids: Uint32Array.from(ids) };
}

export function facetsOf(articles: readonly Article[]): Facets {
  const authorIds = new Map<string, number>();
  const authorNames: string[] = [];
  const authors = column(articles, (a) => a.authors, (name) => {
    let id = authorIds.get(name);
    if (id === undefined) {
      id = authorNames.push(name) - 1;
      authorIds.set(name, id);
    }
    return id;
  });
  const tagIds = new Map<string, number>();
  const tagSlugs: string[] = [];
  const tagNames: string[] = [];
  const tags = column(articles, (a) => a.tags, (tag) => {
    const key = `${tag.slug}\u0000${tag.name}`;
    let id = tagIds.get(key);
    if (id === undefined) {
      id = tagSlugs.push(tag.slug) - 1;
      tagNames.push(tag.name);
      tagIds.set(key, id);
    }
    return id;
  });
  return { authorNames, authors, tagSlugs, tagNames, tags };
}

/** Marks in a fresh array the articles having at least one entry whose id passes `accepted`. */
export function articlesWith(column: FacetColumn, accepted: Uint8Array, count: number): Uint8Array {
  const found = new Uint8Array(count);
  const { start, ids } = column;
  for (let i = 0; i < count; i += 1) {
    for (let k = start[i]!; k < start[i + 1]!; k += 1) {
      if (accepted[ids[k]!] === 1) {
        found[i] = 1;
        break;
      }
    }
  }
  return found;
}
