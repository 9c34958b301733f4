/**
 * The catalog's domain types. Plain values: no Slack, no minisearch, so every other layer can use them.
 */

/** A category an article belongs to: `amazon_dynamodb` / `amazon dynamodb`. */
export interface Tag {
  /** Lower-case, underscore-separated identifier used in `tag:` filters, e.g. `amazon_dynamodb`. */
  slug: string;
  /** Human-readable, decoded name, e.g. `amazon dynamodb`. */
  name: string;
}

export interface Article {
  /** Stable id derived from the canonical URL (same article → same id across reloads and files). */
  id: string;
  title: string;
  /** The link as written in the catalog (trimmed). */
  url: string;
  /** Publication date as an ISO date, `YYYY-MM-DD`. */
  published: string;
  authors: string[];
  /** Summary with HTML entities decoded; still ends in `[…]` when `truncated`. */
  summary: string;
  /** The catalog only holds the start of the summary (it ends in `[…]`). */
  truncated: boolean;
  /** Category badges plus the collection tag (the file's `# heading`). Unique by slug. */
  tags: Tag[];
  /** `## heading` the article sits under, e.g. `New articles`, or '' when there is none. */
  section: string;
  /** File path or URL the article came from (the first one, when several files list it). */
  source: string;
  /** 1-based line of the article's title row in `source`. */
  line: number;
}

/** A malformed entry that was skipped, or something odd worth telling the catalog owner. */
export interface CatalogWarning {
  source: string;
  line: number;
  message: string;
}

/** One loaded catalog: every article, newest first, plus the warnings met while loading it. */
export interface Catalog {
  articles: readonly Article[];
  byId: ReadonlyMap<string, Article>;
  warnings: readonly CatalogWarning[];
  /** The CATALOG_SOURCE it was loaded from. */
  source: string;
  loadedAt: Date;
}

/** What a reload changed, by article id. */
export interface CatalogDiff {
  added: Article[];
  removed: Article[];
  changed: Array<{ before: Article; after: Article; fields: Array<keyof Article> }>;
}

/**
 * How long a URL catalog may take and how large any catalog may be, unless configured: beside the
 * types, so config.ts and the loader both read them without config.ts importing the loader.
 */
export const LOAD_DEFAULTS = {
  fetchTimeoutMs: 10_000,
  maxBytes: 10 * 1024 * 1024,
} as const;
