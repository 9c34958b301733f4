/**
 * The catalog in service: loaded once at start, reloaded on a schedule (or on demand), and never
 * left empty by a bad reload. Subscribers (the search index, digests) hear about changes through
 * `onChange` instead of polling.
 */
import { errorMessage } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { runInSlices } from '../util/slices.js';
import { diffSteps, isEmptyDiff } from './diff.js';
import { loadCatalog, type LoadedCatalog, type LoadOptions, type PreviousLoad, type SavedCatalogLookup } from './load.js';
import { LOAD_DEFAULTS, type Catalog, type CatalogDiff } from './types.js';

export interface CatalogServiceOptions {
  /** CATALOG_SOURCE: a .md file, a folder of them, or an http(s) URL. Relative paths resolve against the cwd. */
  source: string;
  /** URL sources: fetch timeout in ms. Default 10 000. */
  fetchTimeoutMs?: number;
  /** URL sources: size limit in bytes. Default 10 MB. */
  maxBytes?: number;
  /** Where load summaries and catalog warnings go. Default silent. */
  logger?: Logger;
  /**
   * Reads and parses the source for reloads (the first `load()` always uses `loadCatalog` here).
   * Default `loadCatalog`, in this thread; the bot passes one that works in a worker thread.
   */
  reloader?: CatalogLoader;
}

/** `loadCatalog`'s shape: what a reload calls to read the source again. */
export type CatalogLoader = (source: string, options: LoadOptions) => Promise<LoadedCatalog>;

export interface FirstLoadOptions {
  /**
   * A catalog saved by an earlier process for the same source text (the index snapshot), used
   * instead of parsing (`LoadOptions.saved`). Reloads compare with the catalog in service instead.
   */
  saved?: SavedCatalogLookup;
}

export type ReloadResult =
  | { ok: true; catalog: Catalog; diff: CatalogDiff }
  | { ok: false; error: Error; catalog: Catalog };

/** May be async; a rejection is logged like a throw (the reload itself has already succeeded). */
// `unknown`, not `void | Promise<void>`: expression-bodied listeners (`() => count++`) must still type-check.
export type CatalogChangeListener = (catalog: Catalog, diff: CatalogDiff) => unknown;

export class CatalogService {
  readonly source: string;
  private readonly fetchTimeoutMs: number;
  private readonly maxBytes: number;
  private readonly logger: Logger;
  private readonly reloader: CatalogLoader;
  private catalog: Catalog | null = null;
  /** What the last successful load returned: the ETag and body for `If-None-Match`, the fingerprint to skip parsing an unchanged file. */
  private previous: Omit<PreviousLoad, 'catalog'> | undefined;
  private readonly listeners = new Set<CatalogChangeListener>();
  /** A reload already running; concurrent callers share it instead of fetching twice. */
  private inFlight: Promise<ReloadResult> | null = null;

  constructor(options: CatalogServiceOptions) {
    this.source = options.source;
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? LOAD_DEFAULTS.fetchTimeoutMs;
    this.maxBytes = options.maxBytes ?? LOAD_DEFAULTS.maxBytes;
    this.logger = options.logger ?? silentLogger;
    this.reloader = options.reloader ?? loadCatalog;
  }

  /** `LoadedCatalog.fingerprint` of the catalog in service (what the index snapshot is keyed by); undefined before the first load. */
  get fingerprint(): string | undefined {
    return this.previous?.fingerprint;
  }

  /** First load. Throws a `CatalogError` when the source cannot be read or holds no article. */
  async load(options: FirstLoadOptions = {}): Promise<Catalog> {
    const { catalog } = await this.fetchAndParse(null, options.saved);
    this.catalog = catalog;
    return catalog;
  }

  /** True once a load has succeeded. */
  get loaded(): boolean {
    return this.catalog !== null;
  }

  /** The catalog in service. Throws when `load()` has not succeeded yet (a wiring bug, not a user error). */
  current(): Catalog {
    if (this.catalog === null) {
      throw new Error(`CatalogService: the catalog from "${this.source}" is not loaded yet; await load() at start-up before serving requests`);
    }
    return this.catalog;
  }

  /**
   * Load the source again and swap it in. On failure the previous catalog stays in service and
   * the error is logged and returned, not thrown. Before any successful `load()`, there is nothing
   * to fall back on, so a failure throws like `load()` does.
   */
  reload(): Promise<ReloadResult> {
    this.inFlight ??= this.doReload().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Call `listener` after each reload that added, removed or changed an article. Returns an unsubscribe function. */
  onChange(listener: CatalogChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private async doReload(): Promise<ReloadResult> {
    const before = this.catalog;
    if (before === null) {
      const catalog = await this.load();
      return { ok: true, catalog, diff: { added: [...catalog.articles], removed: [], changed: [] } };
    }
    let next: Catalog;
    let notModified: boolean;
    try {
      ({ catalog: next, notModified } = await this.fetchAndParse(before));
    } catch (error) {
      const err = error instanceof Error ? error : new Error(errorMessage(error));
      this.logger.warn('catalog reload failed; keeping the previous catalog', {
        source: this.source,
        error: err.message,
        articles: before.articles.length,
        loadedAt: before.loadedAt.toISOString(),
      });
      return { ok: false, error: err, catalog: before };
    }
    // 304: the very same catalog stays in service (same object, same loadedAt); nothing changed.
    if (notModified) return { ok: true, catalog: before, diff: { added: [], removed: [], changed: [] } };
    // In slices: at 100,000 articles the comparison alone would hold the event loop for most of a second.
    const diff = await runInSlices(diffSteps(before, next));
    this.catalog = next;
    if (!isEmptyDiff(diff)) {
      this.logger.info('catalog changed', { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length });
      this.notify(next, diff);
    }
    return { ok: true, catalog: next, diff };
  }

  private notify(catalog: Catalog, diff: CatalogDiff): void {
    for (const listener of [...this.listeners]) {
      // One broken subscriber must not stop the others or fail the reload.
      const report = (error: unknown) => this.logger.error('catalog change listener failed', { error: errorMessage(error) });
      try {
        const pending = listener(catalog, diff);
        if (pending instanceof Promise) pending.catch(report);
      } catch (error) {
        report(error);
      }
    }
  }

  private async fetchAndParse(current: Catalog | null, saved?: SavedCatalogLookup): Promise<{ catalog: Catalog; notModified: boolean }> {
    const previous = this.previous && current ? { ...this.previous, catalog: current } : undefined;
    const load = current === null ? loadCatalog : this.reloader;
    const loaded: LoadedCatalog = await load(this.source, {
      fetchTimeoutMs: this.fetchTimeoutMs,
      maxBytes: this.maxBytes,
      ...(previous ? { previous } : {}),
      ...(saved ? { saved } : {}),
    });
    const { etag, body, fingerprint, notModified, fromSaved, skippedFiles, ...catalog } = loaded;
    this.previous = { fingerprint, ...(etag !== null && body !== null ? { etag, body } : {}) };
    if (notModified && current) {
      this.logger.info('catalog not modified', { source: this.source, ...(etag !== null ? { etag } : {}) });
      return { catalog: current, notModified: true };
    }
    for (const w of catalog.warnings) {
      this.logger.warn(`catalog warning: ${w.source}:${w.line}: ${w.message}`, { source: w.source, line: w.line });
    }
    this.logger.info('catalog loaded', {
      source: this.source,
      ...(fromSaved ? { savedCatalog: true } : {}),
      articles: catalog.articles.length,
      warnings: catalog.warnings.length,
      ...(skippedFiles.length > 0 ? { skippedFiles: skippedFiles.length, firstSkipped: skippedFiles[0] } : {}),
    });
    return { catalog: Object.freeze(catalog), notModified: false };
  }
}
