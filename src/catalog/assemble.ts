/**
 * From parsed files to one `Catalog`: merge articles listed more than once (same id, in one file
 * or across files of a folder), then order them newest first. Pure, so tests and the benchmark
 * can build catalogs from hand-made articles too.
 */
import type { Article, Catalog, CatalogWarning, Tag } from './types.js';

/**
 * One article per id, in first-seen order. Tags are united (first spelling of a slug wins);
 * every other field comes from the first occurrence. When a later occurrence disagrees on the
 * title or date, a warning at that occurrence says which one was kept, because that is usually
 * a copy-paste mistake the catalog owner wants to hear about.
 */
export function mergeArticles(articles: readonly Article[]): { articles: Article[]; warnings: CatalogWarning[] } {
  const byId = new Map<string, Article>();
  const warnings: CatalogWarning[] = [];
  for (const article of articles) {
    const first = byId.get(article.id);
    if (first === undefined) {
      byId.set(article.id, article);
      continue;
    }
    const where = `${first.source}:${first.line}`;
    if (first.title !== article.title) {
      warnings.push({
        source: article.source,
        line: article.line,
        message: `${article.url} is also listed at ${where} with the title "${first.title}"; keeping that one, not "${article.title}"`,
      });
    }
    if (first.published !== article.published) {
      warnings.push({
        source: article.source,
        line: article.line,
        message: `${article.url} is also listed at ${where} with the date ${first.published}; keeping that one, not ${article.published}`,
      });
    }
    byId.set(article.id, { ...first, tags: uniteTags(first.tags, article.tags) });
  }
  return { articles: [...byId.values()], warnings };
}

function uniteTags(a: readonly Tag[], b: readonly Tag[]): Tag[] {
  return uniqueTags([...a, ...b]);
}

/**
 * One tag per slug, in first-seen order, first spelling first; except that a name which is only the
 * slug (from a `# amazon_dynamodb` heading) gives way to a real name from a badge (`amazon dynamodb`).
 */
export function uniqueTags(tags: readonly Tag[]): Tag[] {
  const bySlug = new Map<string, Tag>();
  for (const tag of tags) {
    const seen = bySlug.get(tag.slug);
    if (seen === undefined || (looksLikeSlug(seen) && !looksLikeSlug(tag))) bySlug.set(tag.slug, tag);
  }
  return [...bySlug.values()];
}

const looksLikeSlug = (tag: Tag) => tag.name === tag.slug && tag.name.includes('_');

/**
 * Title order for same-day articles: case- and accent-insensitive (`Apple` < `banana` < `Éclair`).
 * A plain string key rather than `Intl.Collator`, so sorting 100,000 articles costs milliseconds.
 */
export function titleSortKey(title: string): string {
  // Most titles are ASCII: skip the (slow) Unicode normalisation for them.
  if (/^[\x20-\x7e]*$/.test(title)) return title.toLowerCase();
  return title.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Newest first; same day → by title (case- and accent-insensitive), then id, so the order is total and stable. */
export function compareNewestFirst(a: Article, b: Article): number {
  if (a.published !== b.published) return a.published < b.published ? 1 : -1;
  return compareStrings(titleSortKey(a.title), titleSortKey(b.title)) || compareStrings(a.id, b.id);
}

/** `compareNewestFirst` for many articles: keys are computed once per article, not once per comparison. */
export function sortNewestFirst(articles: readonly Article[]): Article[] {
  return articles
    .map((article) => ({
      article,
      // YYYY-MM-DD → YYYYMMDD as a number: integer comparisons keep a 100,000-article sort fast.
      day: Number(article.published.slice(0, 4) + article.published.slice(5, 7) + article.published.slice(8, 10)),
      key: titleSortKey(article.title),
      id: article.id,
    }))
    .sort((x, y) => y.day - x.day || compareStrings(x.key, y.key) || compareStrings(x.id, y.id))
    .map((entry) => entry.article);
}

export interface CreateCatalogOptions {
  /** The CATALOG_SOURCE the articles came from. Default `''`. */
  source?: string;
  warnings?: readonly CatalogWarning[];
  /** Default now. */
  loadedAt?: Date;
}

/** Merge, sort and index articles into a frozen `Catalog`. */
export function createCatalog(articles: readonly Article[], options: CreateCatalogOptions = {}): Catalog {
  const merged = mergeArticles(articles);
  const sorted = sortNewestFirst(merged.articles);
  return Object.freeze({
    articles: Object.freeze(sorted),
    byId: new Map(sorted.map((a) => [a.id, a])),
    warnings: Object.freeze([...(options.warnings ?? []), ...merged.warnings]),
    source: options.source ?? '',
    loadedAt: options.loadedAt ?? new Date(),
  });
}
