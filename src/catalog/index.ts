/** The catalog engine's public API: parse, load, diff and serve the article catalog. */
export type { Article, Catalog, CatalogDiff, CatalogWarning, Tag } from './types.js';
export { parseCatalogMarkdown, slugify, splitAuthors, parseBadges, type ParsedCatalogFile } from './parse.js';
export { canonicalUrl, articleId, isArticleUrl } from './article-id.js';
export { decodeEntities } from './entities.js';
export { createCatalog, mergeArticles, compareNewestFirst, sortNewestFirst, titleSortKey, type CreateCatalogOptions } from './assemble.js';
export { loadCatalog, isUrlSource, LOAD_DEFAULTS, type LoadOptions, type LoadedCatalog } from './load.js';
export { diffCatalogs, isEmptyDiff, DIFFED_FIELDS } from './diff.js';
export {
  CatalogService,
  type CatalogServiceOptions,
  type ReloadResult,
  type CatalogChangeListener,
} from './catalog-service.js';
