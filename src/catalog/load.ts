/**
 * Read CATALOG_SOURCE — one .md file, a folder of them, or an http(s) URL — into a `Catalog`.
 * The only module of the catalog that touches the file system or the network.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CatalogError, errorMessage } from '../errors.js';
import { createCatalog } from './assemble.js';
import { fetchText } from './fetch-text.js';
import { parseCatalogMarkdown } from './parse.js';
import type { Article, Catalog, CatalogWarning } from './types.js';

export interface LoadOptions {
  /** URL sources: abort the fetch after this many milliseconds. Default 10 000. */
  fetchTimeoutMs?: number;
  /** URL sources: refuse a body larger than this many bytes. Default 10 MB. */
  maxBytes?: number;
  /**
   * URL sources: what the previous load returned (`etag` and `body`). The etag is sent as
   * `If-None-Match`. On `304 Not Modified` the previous `catalog` is returned as is when given,
   * otherwise the previous body is parsed again; either way nothing is downloaded.
   */
  previous?: { etag: string; body: string; catalog?: Catalog };
  /** Base for relative paths. Default `process.cwd()`. */
  cwd?: string;
}

export const LOAD_DEFAULTS = {
  fetchTimeoutMs: 10_000,
  maxBytes: 10 * 1024 * 1024,
} as const;

/**
 * A `Catalog` plus what a URL source needs for the next conditional request. Usable anywhere a
 * `Catalog` is expected; `CatalogService` strips the extra fields before serving it.
 */
export interface LoadedCatalog extends Catalog {
  /** URL sources: the response's ETag (or the previous one after a 304); null otherwise. */
  etag: string | null;
  /** URL sources: the raw markdown, to pass back as `previous.body`; null for files. */
  body: string | null;
  /** True when a URL source answered 304 and the previous body was reused. */
  notModified: boolean;
}

const HOW_TO_FIX = 'Set CATALOG_SOURCE to a .md file, a folder of them, or an http(s) URL.';

export function isUrlSource(source: string): boolean {
  return /^https?:\/\//i.test(source.trim());
}

/**
 * Load and parse a catalog source. Malformed entries become `catalog.warnings`; a source that
 * cannot be read, or that yields no article at all, throws a `CatalogError` saying what to fix.
 */
export async function loadCatalog(source: string, options: LoadOptions = {}): Promise<LoadedCatalog> {
  const trimmed = source.trim();
  if (trimmed === '') throw new CatalogError('catalog_unreadable', source, `catalog: CATALOG_SOURCE is empty. ${HOW_TO_FIX}`);
  const read = isUrlSource(trimmed) ? await readUrl(trimmed, options) : await readPath(pathOf(trimmed), options.cwd ?? process.cwd());
  const reuse = options.previous?.catalog;
  if (read.notModified && reuse !== undefined) {
    return { ...reuse, etag: read.etag, body: read.body, notModified: true };
  }

  const articles: Article[] = [];
  const warnings: CatalogWarning[] = [];
  for (const file of read.files) {
    const parsed = parseCatalogMarkdown(file.text, file.label);
    articles.push(...parsed.articles);
    warnings.push(...parsed.warnings);
  }
  if (articles.length === 0) {
    const first = warnings[0];
    const why = first ? ` The first problem: ${first.source}:${first.line}: ${first.message}.` : '';
    const html = read.contentType?.includes('html') ? ` The server sent ${read.contentType}, not markdown: point CATALOG_SOURCE at the raw .md file.` : '';
    throw new CatalogError(
      'catalog_empty',
      source,
      `catalog: "${source}" holds no article (${read.files.length} file(s) read, ${warnings.length} entr${warnings.length === 1 ? 'y' : 'ies'} skipped).${why}${html} ` +
        'Each article starts with a "| [Title](https://…) |" row followed by "| *Created: DD MON YYYY by Author* |".',
    );
  }
  const catalog = createCatalog(articles, { source, warnings });
  return { ...catalog, etag: read.etag, body: read.body, notModified: read.notModified };
}

interface ReadSource {
  files: Array<{ label: string; text: string }>;
  /** URL sources: the response's Content-Type, for a better hint when it is an HTML page. */
  contentType?: string | null;
  etag: string | null;
  body: string | null;
  notModified: boolean;
}

async function readUrl(url: string, options: LoadOptions): Promise<ReadSource> {
  const previous = options.previous;
  const result = await fetchText(url, {
    timeoutMs: options.fetchTimeoutMs ?? LOAD_DEFAULTS.fetchTimeoutMs,
    maxBytes: options.maxBytes ?? LOAD_DEFAULTS.maxBytes,
    ...(previous ? { etag: previous.etag } : {}),
  });
  if (result.status === 'not-modified' && previous) {
    return { files: [{ label: url, text: previous.body }], etag: previous.etag, body: previous.body, notModified: true };
  }
  if (result.status === 'not-modified') throw new Error('unreachable: fetchText returned not-modified without an etag');
  return { files: [{ label: url, text: result.body }], etag: result.etag, body: result.body, notModified: false, contentType: result.contentType };
}

async function readPath(source: string, cwd: string): Promise<ReadSource> {
  const path = resolve(cwd, source);
  const shown = path === source ? `"${source}"` : `"${source}" (${path})`;
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'does not exist' : `cannot be read (${errorMessage(error)})`;
    throw new CatalogError('catalog_unreadable', source, `catalog: ${shown} ${what}. ${HOW_TO_FIX}`, { cause: error });
  }

  if (info.isDirectory()) {
    let names: string[];
    try {
      const entries = await readdir(path, { withFileTypes: true });
      // Not recursive. Dotfiles are editor droppings (`.#draft.md`), not catalog files.
      // Symlinks count when they point at a file.
      const candidates = entries.filter((e) => !e.name.startsWith('.') && e.name.toLowerCase().endsWith('.md'));
      const isFile = await Promise.all(
        candidates.map(async (e) => e.isFile() || (e.isSymbolicLink() && (await stat(join(path, e.name)).then((s) => s.isFile(), () => false)))),
      );
      names = candidates.filter((_e, i) => isFile[i]).map((e) => e.name);
    } catch (error) {
      throw new CatalogError('catalog_unreadable', source, `catalog: folder ${shown} cannot be listed (${errorMessage(error)}). ${HOW_TO_FIX}`, { cause: error });
    }
    // Code-unit order, not locale order: the merge keeps the first occurrence, so the order must not depend on the machine.
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (names.length === 0) {
      throw new CatalogError('catalog_empty', source, `catalog: folder ${shown} holds no .md file. Put the catalog's .md files there, or ${HOW_TO_FIX[0]?.toLowerCase()}${HOW_TO_FIX.slice(1)}`);
    }
    const files = await Promise.all(
      names.map(async (name) => ({ label: join(source, name), text: await readText(join(path, name), join(source, name)) })),
    );
    return { files, etag: null, body: null, notModified: false };
  }
  return { files: [{ label: source, text: await readText(path, source) }], etag: null, body: null, notModified: false };
}

/** `file:///srv/catalog.md` → `/srv/catalog.md`; anything else is already a path. */
function pathOf(source: string): string {
  if (!/^file:/i.test(source)) return source;
  try {
    return fileURLToPath(source);
  } catch (error) {
    throw new CatalogError('catalog_unreadable', source, `catalog: "${source}" is not a usable file: URL (${errorMessage(error)}). ${HOW_TO_FIX}`);
  }
}

async function readText(path: string, label: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CatalogError('catalog_unreadable', label, `catalog: "${label}" cannot be read (${errorMessage(error)}). ${HOW_TO_FIX}`, { cause: error });
  }
}
