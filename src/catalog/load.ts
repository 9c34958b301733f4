/**
 * Read CATALOG_SOURCE — one .md file, a folder of them, or an http(s) URL — into a `Catalog`.
 * The only module of the catalog that touches the file system or the network.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CatalogError, errorMessage } from '../errors.js';
import { createCatalog } from './assemble.js';
import { decodeCatalogBytes } from './decode-text.js';
import { fetchBytes } from './fetch-bytes.js';
import { parseCatalogMarkdown } from './parse.js';
import { LOAD_DEFAULTS, type Article, type Catalog, type CatalogWarning } from './types.js';

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
  /**
   * Asked (after the source is read, when `previous` did not already match) for a catalog an
   * earlier process saved for exactly this fingerprint, e.g. the one in the search index snapshot;
   * what it returns is used instead of parsing. Undefined, or resolving to undefined: parse.
   * Supplied by the caller, so this module does not depend on where such catalogs are kept.
   */
  saved?: SavedCatalogLookup;
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

/** `LoadOptions.saved`: the catalog saved for this fingerprint of `source`'s text, if any. */
export type SavedCatalogLookup = (fingerprint: string, source: string) => Promise<Catalog | undefined>;

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
  /** Folder sources: files that were not read because they are not markdown (`LICENSE`, images), as labels. */
  skippedFiles: readonly string[];
  /**
   * True when the source is unchanged since `previous`: a URL answered 304, or the text read has
   * the previous fingerprint (so the previous catalog was reused without parsing).
   */
  notModified: boolean;
  /** True when the catalog is the one `LoadOptions.saved` returned (nothing was parsed). */
  fromSaved: boolean;
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
    return { ...reuse, etag: read.etag, body: read.body, fingerprint, notModified: true, fromSaved: false, skippedFiles: read.skippedFiles };
  }
  // A new process (the CLI, a restarted bot) has no `previous`, but may have saved this very text's catalog.
  const saved = options.saved ? await options.saved(fingerprint, source) : undefined;
  if (saved !== undefined) {
    return { ...saved, etag: read.etag, body: read.body, fingerprint, notModified: read.notModified, fromSaved: true, skippedFiles: read.skippedFiles };
  }

  const articles: Article[] = [];
  const warnings: CatalogWarning[] = [];
  for (const file of read.files) {
    const { text, note } = textOf(file);
    // Parsing 100,000 articles must not hold the raw bytes next to their text (90 MB more at peak).
    file.content = '';
    if (note) warnings.push({ source: file.label, line: 1, message: `the file ${note}` });
    const parsed = parseCatalogMarkdown(text, file.label);
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
  return { ...catalog, etag: read.etag, body: read.body, fingerprint, notModified: read.notModified, fromSaved: false, skippedFiles: read.skippedFiles };
}

/** One hash over every file's name and content digest: equal fingerprints, same text read. */
function fingerprintOf(files: readonly ReadFile[]): string {
  const hash = createHash('sha1');
  for (const file of files) hash.update(`${file.label}\0${file.digest}\n`);
  return hash.digest('hex');
}

interface ReadFile {
  label: string;
  /** The raw bytes, or the text when that is what we have (a URL's previous body). */
  content: Buffer | string;
  /** SHA-1 of the content (a change detector, not a security check; ~60 ms for 90 MB). */
  digest: string;
  /** Text content already decoded from bytes that were not plain UTF-8: what decoding noted. */
  note?: string;
}

/** A file's digest, from its raw bytes (hashed as read) or from text. */
function readFileOf(label: string, content: Buffer | string): ReadFile {
  return { label, content, digest: createHash('sha1').update(content).digest('hex') };
}

/**
 * The file's text, decoded only when it is parsed: a catalog reused unparsed never pays for
 * decoding (~0.3 s and a second copy of the text at 90 MB). `note` is set when the bytes were not
 * plain UTF-8 (decode-text.ts): it becomes a warning.
 */
function textOf(file: ReadFile): { text: string; note?: string } {
  if (typeof file.content !== 'string') return decodeCatalogBytes(file.content);
  return file.note === undefined ? { text: file.content } : { text: file.content, note: file.note };
}

interface ReadSource {
  files: ReadFile[];
  /** URL sources: the response's Content-Type, for a better hint when it is an HTML page. */
  contentType?: string | null;
  etag: string | null;
  body: string | null;
  notModified: boolean;
  skippedFiles: string[];
}

async function readUrl(url: string, options: LoadOptions): Promise<ReadSource> {
  const previous = options.previous;
  const result = await fetchBytes(url, {
    timeoutMs: options.fetchTimeoutMs ?? LOAD_DEFAULTS.fetchTimeoutMs,
    maxBytes: options.maxBytes ?? LOAD_DEFAULTS.maxBytes,
    ...(previous?.etag !== undefined && previous.body !== undefined ? { etag: previous.etag } : {}),
  });
  if (result.status === 'not-modified' && previous?.etag !== undefined && previous.body !== undefined) {
    return { files: [readFileOf(url, previous.body)], etag: previous.etag, body: previous.body, notModified: true, skippedFiles: [] };
  }
  if (result.status === 'not-modified') throw new Error('unreachable: fetchBytes returned not-modified without an etag');
  const file = readFileOf(url, result.body);
  const { text, note } = textOf(file);
  // The body is kept as text for the next conditional request; decode once, and keep the note for the warning.
  const decoded: ReadFile = { ...file, content: text, ...(note !== undefined ? { note } : {}) };
  return { files: [decoded], etag: result.etag, body: text, notModified: false, contentType: result.contentType, skippedFiles: [] };
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
    let listing: FolderListing;
    try {
      listing = await listFolder(path);
    } catch (error) {
      throw new CatalogError('catalog_unreadable', source, `catalog: folder ${shown} cannot be listed (${errorMessage(error)}). ${HOW_TO_FIX}`, { cause: error });
    }
    if (listing.markdown.length === 0) {
      const skipped = listing.skipped.length > 0 ? ` (${listing.skipped.length} other file(s) skipped)` : '';
      throw new CatalogError('catalog_empty', source, `catalog: folder ${shown} holds no .md file${skipped}. Put the catalog's .md files there, or ${HOW_TO_FIX[0]?.toLowerCase()}${HOW_TO_FIX.slice(1)}`);
    }
    const files = await Promise.all(listing.markdown.map((relative) => readMarkdownFile(join(path, relative), join(source, relative))));
    return { files, etag: null, body: null, notModified: false, skippedFiles: listing.skipped.map((relative) => join(source, relative)) };
  }
  return { files: [await readMarkdownFile(path, source)], etag: null, body: null, notModified: false, skippedFiles: [] };
}

interface FolderListing {
  /** Relative paths of the `.md` files, in code-unit order (`README.md` before `tags/a.md`). */
  markdown: string[];
  /** Relative paths of the other files (not dotfiles), in the same order. */
  skipped: string[];
}

/**
 * Every `.md` file under `root`, recursively. Dotfiles and dot-folders are editor and VCS droppings
 * (`.#draft.md`, `.git/`), not catalog files, and are not counted as skipped. Symlinks count when
 * they point at a file or folder; a folder reached twice (a symlink loop) is read once.
 */
async function listFolder(root: string): Promise<FolderListing> {
  const markdown: string[] = [];
  const skipped: string[] = [];
  const visited = new Set<string>();
  const walk = async (relative: string): Promise<void> => {
    const absolute = join(root, relative);
    const real = await realpath(absolute);
    if (visited.has(real)) return;
    visited.add(real);
    const entries = await readdir(absolute, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const child = relative === '' ? entry.name : join(relative, entry.name);
      let kind: 'file' | 'folder' | 'other' = entry.isFile() ? 'file' : entry.isDirectory() ? 'folder' : 'other';
      if (entry.isSymbolicLink()) {
        const target = await stat(join(root, child)).catch(() => undefined);
        kind = target?.isFile() ? 'file' : target?.isDirectory() ? 'folder' : 'other';
      }
      if (kind === 'folder') await walk(child);
      else if (kind === 'file') (entry.name.toLowerCase().endsWith('.md') ? markdown : skipped).push(child);
    }
  };
  await walk('');
  // Code-unit order, not locale order: the merge keeps the first occurrence, so the order must not depend on the machine.
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { markdown: markdown.sort(byCodeUnit), skipped: skipped.sort(byCodeUnit) };
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
