/**
 * Where a digest run's search engine comes from: the bot's own (no second index), or one built for
 * `digest --now` and kept while the catalog is unchanged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogService } from '../../src/catalog/catalog-service.js';
import type { Article } from '../../src/catalog/types.js';
import { loadConfig } from '../../src/config.js';
import { ownEngineCatalog, runningEngineCatalog } from '../../src/digest/digest-catalog.js';
import type { QueryMatcher } from '../../src/digest/types.js';
import { silentLogger } from '../../src/logger.js';
import { createSearchEngine } from '../../src/search/index.js';
import { loadConversationRuntime, type ConversationRuntime } from '../../src/slack/conversation/runtime.js';
import { articleUrl, capturingLogger, catalogMarkdown, type EntrySpec } from './helpers.js';

let dir: string;
let catalogPath: string;
const BASE: EntrySpec[] = [{ slug: 'base-1', title: 'Tenant isolation basics' }];
const write = (specs: readonly EntrySpec[]) => writeFileSync(catalogPath, catalogMarkdown(specs));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'catalog-digest-catalog-'));
  catalogPath = join(dir, 'catalog.md');
  write(BASE);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A build function that counts its calls. */
function countingBuild() {
  const built: Array<readonly Article[]> = [];
  return { built, build: (articles: readonly Article[]): QueryMatcher => (built.push(articles), createSearchEngine(articles)) };
}

const idOf = (catalogArticles: readonly Article[], slug: string) => catalogArticles.find((a) => a.url === articleUrl(slug))?.id;

describe('runningEngineCatalog (the running bot)', () => {
  let runtime: ConversationRuntime;
  beforeEach(async () => {
    const config = loadConfig({ CATALOG_SOURCE: catalogPath, INDEX_SNAPSHOT_PATH: join(dir, 'index.snapshot') });
    runtime = await loadConversationRuntime(config, silentLogger);
  });
  afterEach(() => runtime.close());

  it('matches with the engine the bot serves searches with, the one made for the reloaded catalog, and builds none', async () => {
    const { built, build } = countingBuild();
    const digestCatalog = runningEngineCatalog({ service: runtime.catalogService, current: () => runtime.handlerDeps.search(), build });

    const unchanged = await digestCatalog.refresh();
    expect(unchanged.matcher).toBe(runtime.handlerDeps.search());

    write([...BASE, { slug: 'fresh-1', title: 'Tenant onboarding flows' }]);
    const before = runtime.handlerDeps.search();
    const { catalog, matcher } = await digestCatalog.refresh();
    // The engine the reload made for the new catalog (off the main thread), not the one the bot had, and not a new one.
    expect(matcher).not.toBe(before);
    expect(matcher).toBe(runtime.handlerDeps.search());
    expect(catalog).toBe(runtime.handlerDeps.catalog());
    expect(matcher.matchingIds('onboarding')).toEqual(new Set([idOf(catalog.articles, 'fresh-1')]));
    expect(built).toEqual([]);
  });

  it('builds one for the run when the engine it is given does not index the catalog in service, and says so', async () => {
    const { built, build } = countingBuild();
    const stale = runtime.handlerDeps.search();
    const { logger, at } = capturingLogger();
    // An engine that never moves on (a wiring mistake): the run must not match against the old articles.
    const digestCatalog = runningEngineCatalog({ service: runtime.catalogService, current: () => stale, build, logger });
    write([...BASE, { slug: 'fresh-1', title: 'Tenant onboarding flows' }]);

    const { catalog, matcher } = await digestCatalog.refresh();
    expect(built).toHaveLength(1);
    expect(matcher.matchingIds('onboarding')).toEqual(new Set([idOf(catalog.articles, 'fresh-1')]));
    expect(at('warn').map((l) => l.msg)).toEqual(['the search index in service does not index the catalog in service; building one for this digest run']);
  });
});

describe('ownEngineCatalog (digest --now)', () => {
  it('builds for the first run and after a change, and reuses the engine while the catalog is unchanged', async () => {
    const { built, build } = countingBuild();
    const digestCatalog = ownEngineCatalog(new CatalogService({ source: catalogPath }), build);
    const first = await digestCatalog.refresh();
    const again = await digestCatalog.refresh();
    expect(again.matcher).toBe(first.matcher);
    write([...BASE, { slug: 'fresh-1', title: 'Tenant onboarding flows' }]);
    const changed = await digestCatalog.refresh();
    expect(changed.matcher).not.toBe(first.matcher);
    expect(built).toHaveLength(2);
    expect(changed.matcher.matchingIds('onboarding').size).toBe(1);
  });
});
