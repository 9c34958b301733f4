/**
 * Read CATALOG_SOURCE — one .md file, a folder of them, or an http(s) URL — into a `Catalog`.
 * The only module of the catalog that touches the file system or the network.
 */
import { createHash } from 'node:crypto';
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
   * What the previous load returned. URL sources send its `etag` as `If-None-Match`; on `304 Not
   * Modified` the previous `catalog` is returned as is when given, otherwise the previous `body` is
   * parsed again (nothing is downloaded either way). Any source whose text still has the previous
   * `fingerprint` returns the previous `catalog` without parsing. Default: none (always parse).
   */
  previous?: PreviousLoad;
  /** Base for relative paths. Default `process.cwd()`. */
  cwd?: string;
}

/** What an earlier load returned, so the next one can skip downloading or parsing an unchanged source. */
export interface PreviousLoad {
  /** URL sources: the ETag and body of the last 200 response. */
  etag?: string;
  body?: string;
  /** `LoadedCatalog.fingerprint` of the earlier load. */
  fingerprint?: string;
  /** The earlier catalog, reused as is when the source turns out unchanged. */
  catalog?: Catalog;
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
  /** A hash of the raw text read (file names included), to recognise an unchanged source. */
  fingerprint: string;
  /**
   * True when the source is unchanged since `previous`: a URL answered 304, or the text read has
   * the previous fingerprint (so the previous catalog was reused without parsing).
   */
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
  const fingerprint = fingerprintOf(read.files);
  // The hourly refresh of an unchanged file must not parse it again: at 100,000 articles that is
  // seconds of blocked event loop (and a URL server may ignore If-None-Match and send it all again).
  if (reuse !== undefined && (read.notModified || fingerprint === options.previous?.fingerprint)) {
    return { ...reuse, etag: read.etag, body: read.body, fingerprint, notModified: true };
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
  return { ...catalog, etag: read.etag, body: read.body, fingerprint, notModified: read.notModified };
}

/** One hash over every file's name and content digest: equal fingerprints, same text read. */
function fingerprintOf(files: readonly ReadFile[]): string {
  const hash = createHash('sha1');
  for (const file of files) hash.update(`${file.label}\0${file.digest}\n`);
  return hash.digest('hex');
}

interface ReadFile {
  label: string;
  text: string;
  /** SHA-1 of the content (a change detector, not a security check; ~60 ms for 90 MB). */
  digest: string;
}

/** A file's text and digest, from its raw bytes (hashed as read, so the bytes need not be kept) or from text. */
function readFileOf(label: string, content: Buffer | string): ReadFile {
  const digest = createHash('sha1').update(content).digest('hex');
  return { label, text: typeof content === 'string' ? content : content.toString('utf8'), digest };
}

interface ReadSource {
  files: ReadFile[];
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
    ...(previous?.etag !== undefined && previous.body !== undefined ? { etag: previous.etag } : {}),
  });
  if (result.status === 'not-modified' && previous?.etag !== undefined && previous.body !== undefined) {
    return { files: [readFileOf(url, previous.body)], etag: previous.etag, body: previous.body, notModified: true };
  }
  if (result.status === 'not-modified') throw new Error('unreachable: fetchText returned not-modified without an etag');
  return { files: [readFileOf(url, result.body)], etag: result.etag, body: result.body, notModified: false, contentType: result.contentType };
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
    const files = await Promise.all(names.map((name) => readMarkdownFile(join(path, name), join(source, name))));
    return { files, etag: null, body: null, notModified: false };
  }
  return { files: [await readMarkdownFile(path, source)], etag: null, body: null, notModified: false };
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

async function readMarkdownFile(path: string, label: string): Promise<ReadFile> {
  try {
    return readFileOf(label, await readFile(path));
  } catch (error) {
    throw new CatalogError('catalog_unreadable', label, `catalog: "${label}" cannot be read (${errorMessage(error)}). ${HOW_TO_FIX}`, { cause: error });
  }
}
