/**
 * crawlCatalog against a real web server on 127.0.0.1 and the real SQLite store: politeness
 * (robots.txt, Crawl-delay, Retry-After, User-Agent), incremental revalidation, and each way a page
 * can fail being recorded with its reason while the other pages are unaffected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlCatalog, type CrawlCatalogOptions, type FetchSettings } from '../../src/fetching/index.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';
import { blogPage, filler, page, startSite, type Site } from '../helpers/site-server.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function site(routes: Parameters<typeof startSite>[0]): Promise<Site> {
  const s = await startSite(routes);
  cleanups.push(() => s.close());
  return s;
}

async function sqlite(): Promise<{ store: Store; path: string; reopen(): Promise<Store> }> {
  const dir = mkdtempSync(join(tmpdir(), 'crawl-test-'));
  const path = join(dir, 'state.db');
  const opened: Store[] = [];
  const open = async () => {
    const store = await openSqliteStore(path);
    opened.push(store);
    return store;
  };
  cleanups.push(async () => {
    for (const s of opened) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store: await open(), path, reopen: open };
}

/** Short limits so failure tests take milliseconds, not the 10 s defaults. */
const fast: Partial<FetchSettings> = { timeoutMs: 1_000, maxRetryAfterMs: 2_000 };
const crawl = (store: Store, urls: string[], extra: Partial<CrawlCatalogOptions> = {}) =>
  crawlCatalog({ articles: urls.map((url) => ({ url })), store, fetchOptions: fast, ...extra });

const robotsAllowAll = page('User-agent: *\nDisallow:\n', '"robots"', 'text/plain');

describe('crawlCatalog', () => {
  it('stores the main text of every page, then revalidates an unchanged site with conditional requests only', async () => {
    const web = await site({
      '/robots.txt': robotsAllowAll,
      '/a': page(blogPage('Profiling CPU', filler('flame graphs')), '"a1"'),
      '/b': page(blogPage('Linking wasm', filler('wasm link errors')), '"b1"'),
      '/c.md': page('# Notes\n\nPlain markdown about cargo lockfiles.', '"c1"', 'text/markdown'),
    });
    const { store } = await sqlite();
    const urls = [web.url('/a'), web.url('/b'), web.url('/c.md')];

    const first = await crawl(store, urls);
    expect(first).toMatchObject({ ran: true, articles: 3, fetched: 3, unchanged: 0, failed: {}, refusedByRobots: 0, withText: 3, textsChanged: true });
    const texts = await store.articleTexts();
    expect(texts.get(web.url('/a'))).toContain('explains flame graphs in detail');
    expect(texts.get(web.url('/a'))).not.toContain('Recent posts');
    expect(texts.get(web.url('/c.md'))).toBe('# Notes\n\nPlain markdown about cargo lockfiles.');
    // Polite: one robots.txt per host, and a User-Agent that names the bot and where to read about it.
    expect(web.requestsFor('/robots.txt')).toHaveLength(1);
    expect(web.requests.every((r) => /^catalog-bot\/\S+ \(\+https?:\/\/\S+/.test(r.userAgent ?? ''))).toBe(true);

    const before = web.requests.length;
    const second = await crawl(store, urls);
    expect(second).toMatchObject({ fetched: 0, unchanged: 3, failed: {}, withText: 3, textsChanged: false });
    const pageRequests = web.requests.slice(before).filter((r) => r.path !== '/robots.txt');
    expect(pageRequests).toHaveLength(3);
    for (const r of pageRequests) {
      expect(r.ifNoneMatch).toBeDefined();
      expect(r.ifModifiedSince).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    }
    expect(await store.articleTexts()).toEqual(texts);
  });

  it('obeys robots.txt Disallow for its own token and for *, and never asks for a refused page', async () => {
    const web = await site({
      '/robots.txt': page('User-agent: *\nDisallow: /private/\n\nUser-agent: catalog-bot\nDisallow: /drafts/\n', '"r"', 'text/plain'),
      '/public': page(blogPage('Public', filler('public things')), '"p"'),
      '/drafts/x': page(blogPage('Draft', filler('drafts')), '"d"'),
    });
    const { store } = await sqlite();
    const summary = await crawl(store, [web.url('/public'), web.url('/drafts/x')]);
    expect(summary).toMatchObject({ fetched: 1, refusedByRobots: 1 });
    expect(web.requestsFor('/drafts/x')).toHaveLength(0);
    const states = await store.articleTextStates();
    expect(states.get(web.url('/drafts/x'))).toMatchObject({ outcome: 'robots', hasText: false });
    // "*" applies when our token has no group of its own.
    const other = await site({
      '/robots.txt': page('User-agent: *\nDisallow: /private/\n', '"r"', 'text/plain'),
      '/private/y': page(blogPage('Private', filler('secrets')), '"y"'),
    });
    expect(await crawl(store, [other.url('/private/y')])).toMatchObject({ refusedByRobots: 1, fetched: 0 });
    expect(other.requestsFor('/private/y')).toHaveLength(0);
  });

  it('spaces requests to a host by its Crawl-delay, one at a time', async () => {
    const paths = ['/1', '/2', '/3', '/4'];
    const web = await site({
      '/robots.txt': page('User-agent: catalog-bot\nCrawl-delay: 0.2\n', '"r"', 'text/plain'),
      ...Object.fromEntries(paths.map((p) => [p, page(blogPage(`Page ${p}`, filler(`topic ${p}`)), `"${p}"`)])),
    });
    const { store } = await sqlite();
    const summary = await crawl(store, paths.map((p) => web.url(p)), { fetchOptions: { ...fast, concurrency: 4 } });
    expect(summary.fetched).toBe(4);
    const times = web.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.at);
    for (let i = 1; i < times.length; i += 1) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(190);
  });

  it('records a timeout, a huge body, a binary type, a redirect loop and a 500 with their reasons; the good page is unaffected', async () => {
    let hugeBytesSent = 0;
    let hugeClosed = false;
    const web = await site({
      '/robots.txt': robotsAllowAll,
      '/good': page(blogPage('Good', filler('good content')), '"g"'),
      '/slow': () => undefined, // never answers
      '/huge': (_req, res) => {
        // An endless body: the crawler must hang up past its cap, never read it all.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const pump = () => {
          while (!res.destroyed && hugeBytesSent < 64 * 1024 * 1024) {
            hugeBytesSent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        res.on('close', () => (hugeClosed = true));
        pump();
      },
      '/image': (_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      },
      '/loop-a': (_req, res) => void res.writeHead(302, { location: '/loop-b' }).end(),
      '/loop-b': (_req, res) => void res.writeHead(302, { location: '/loop-a' }).end(),
      '/broken': (_req, res) => void res.writeHead(500).end('boom'),
    });
    const { store } = await sqlite();
    const urls = ['/good', '/slow', '/huge', '/image', '/loop-a', '/broken'].map((p) => web.url(p));
    const summary = await crawl(store, urls, { fetchOptions: { ...fast, timeoutMs: 500, maxBytes: 2 * 1024 * 1024 } });
    expect(summary).toMatchObject({ fetched: 1, failed: { timeout: 1, too_large: 1, unsupported_type: 1, redirect_loop: 1, http_500: 1 } });
    expect(hugeClosed).toBe(true);
    expect(hugeBytesSent).toBeLessThan(32 * 1024 * 1024);
    const states = await store.articleTextStates();
    expect(states.get(web.url('/good'))).toMatchObject({ outcome: 'fetched', hasText: true });
    for (const [path, reason] of [['/slow', 'timeout'], ['/huge', 'too_large'], ['/image', 'unsupported_type'], ['/loop-a', 'redirect_loop'], ['/broken', 'http_500']]) {
      const state = states.get(web.url(path!))!;
      expect(state).toMatchObject({ outcome: 'failed', failures: 1, hasText: false });
      expect(state.reason).toMatch(new RegExp(`^${reason}: `));
      expect(state.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    }
    expect([...(await store.articleTexts()).keys()]).toEqual([web.url('/good')]);
  });

  it('follows up to 5 redirects by hand (keeping the catalog URL as the key) and gives up on a longer chain', async () => {
    const hop = (to: string) => (_req: unknown, res: import('node:http').ServerResponse) => void res.writeHead(301, { location: to }).end();
    const web = await site({
      '/robots.txt': robotsAllowAll,
      '/moved': hop('/r1'),
      '/r1': hop('/r2'),
      '/r2': page(blogPage('Arrived', filler('redirect targets')), '"a"'),
      ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`/chain${i}`, hop(`/chain${i + 1}`)])),
      '/chain7': page(blogPage('Too far', filler('far away')), '"f"'),
    });
    const { store } = await sqlite();
    const summary = await crawl(store, [web.url('/moved'), web.url('/chain0')]);
    expect(summary).toMatchObject({ fetched: 1, failed: { too_many_redirects: 1 } });
    expect((await store.articleTexts()).get(web.url('/moved'))).toContain('explains redirect targets');
    expect(web.requestsFor('/chain6')).toHaveLength(0);
  });

  it('follows a redirect only where the robots.txt of its target allows', async () => {
    const other = await site({
      '/robots.txt': page('User-agent: *\nDisallow: /private/\n', '"r"', 'text/plain'),
      '/private/x': page(blogPage('Private', filler('secrets')), '"x"'),
      '/public/y': page(blogPage('Public', filler('public prose')), '"y"'),
    });
    const web = await site({
      '/robots.txt': robotsAllowAll,
      '/to-private': (_req, res) => void res.writeHead(302, { location: other.url('/private/x') }).end(),
      '/to-public': (_req, res) => void res.writeHead(302, { location: other.url('/public/y') }).end(),
    });
    const { store } = await sqlite();
    const summary = await crawl(store, [web.url('/to-private'), web.url('/to-public')]);
    expect(summary).toMatchObject({ fetched: 1, refusedByRobots: 1 });
    expect(other.requestsFor('/private/x')).toHaveLength(0);
    expect(other.requestsFor('/robots.txt')).toHaveLength(1);
    expect((await store.articleTexts()).get(web.url('/to-public'))).toContain('explains public prose');
  });

  it('keeps serving the old text of a page that now fails, backs off, and retries when due or asked', async () => {
    const web = await site({ '/robots.txt': robotsAllowAll, '/p': page(blogPage('Stable', filler('stable text')), '"p1"') });
    const { store } = await sqlite();
    let clock = new Date('2030-01-01T00:00:00Z');
    const now = () => clock;
    await crawl(store, [web.url('/p')], { now });
    web.routes.set('/p', (_req, res) => void res.writeHead(500).end());

    const failed = await crawl(store, [web.url('/p')], { now });
    expect(failed.failed).toEqual({ http_500: 1 });
    expect((await store.articleTexts()).get(web.url('/p'))).toContain('explains stable text');
    const state = (await store.articleTextStates()).get(web.url('/p'))!;
    expect(state).toMatchObject({ outcome: 'failed', hasText: true, failures: 1 });

    // Not due yet: not asked.
    const asked = web.requestsFor('/p').length;
    expect(await crawl(store, [web.url('/p')], { now })).toMatchObject({ skipped: 1, failed: {} });
    expect(web.requestsFor('/p')).toHaveLength(asked);
    // Due: asked again, and the back-off doubles.
    clock = new Date(state.nextAttemptAt!.getTime() + 1);
    await crawl(store, [web.url('/p')], { now });
    const again = (await store.articleTextStates()).get(web.url('/p'))!;
    expect(again.failures).toBe(2);
    expect(again.nextAttemptAt!.getTime() - clock.getTime()).toBe(2 * (state.nextAttemptAt!.getTime() - state.fetchedAt.getTime()));
    // An operator's crawl asks at once.
    web.routes.set('/p', page(blogPage('Back', filler('back again')), '"p2"'));
    expect(await crawl(store, [web.url('/p')], { now, retryFailedNow: true })).toMatchObject({ fetched: 1 });
    expect((await store.articleTextStates()).get(web.url('/p'))).toMatchObject({ outcome: 'fetched', failures: 0 });
  });

  it('waits out a short 429 Retry-After and asks again; a long one fails the page until then', async () => {
    let calls = 0;
    const web = await site({
      '/robots.txt': robotsAllowAll,
      '/limited': (req, res) => {
        calls += 1;
        if (calls === 1) return void res.writeHead(429, { 'retry-after': '1' }).end();
        page(blogPage('Limited', filler('rate limits')), '"l"')(req, res);
      },
      '/later': (_req, res) => void res.writeHead(429, { 'retry-after': '3600' }).end(),
    });
    const { store } = await sqlite();
    const summary = await crawl(store, [web.url('/limited'), web.url('/later')]);
    expect(summary).toMatchObject({ fetched: 1, failed: { rate_limited: 1 } });
    const [first, second] = web.requestsFor('/limited');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
    const later = (await store.articleTextStates()).get(web.url('/later'))!;
    expect(later.nextAttemptAt!.getTime() - later.fetchedAt.getTime()).toBeGreaterThanOrEqual(3600_000);
  });

  it('treats an unreadable robots.txt (5xx) as "not now" and a missing one (404) as "allowed"', async () => {
    const down = await site({ '/robots.txt': (_req, res) => void res.writeHead(503).end(), '/x': page(blogPage('X', filler('x')), '"x"') });
    const missing = await site({ '/y': page(blogPage('Y', filler('y')), '"y"') });
    const { store } = await sqlite();
    const summary = await crawl(store, [down.url('/x'), missing.url('/y')]);
    expect(summary).toMatchObject({ fetched: 1, failed: { robots_unreachable: 1 } });
    expect(down.requestsFor('/x')).toHaveLength(0);
  });

  it('keeps texts across a restart and drops the texts of articles that left the catalog', async () => {
    const web = await site({ '/robots.txt': robotsAllowAll, '/keep': page(blogPage('Keep', filler('kept')), '"k"'), '/gone': page(blogPage('Gone', filler('gone')), '"g"') });
    const db = await sqlite();
    await crawl(db.store, [web.url('/keep'), web.url('/gone')]);
    await db.store.close();
    const reopened = await db.reopen();
    expect([...(await reopened.articleTexts()).keys()].sort()).toEqual([web.url('/gone'), web.url('/keep')]);
    const summary = await crawl(reopened, [web.url('/keep')], { revalidateOlderThanMs: Number.POSITIVE_INFINITY });
    expect(summary).toMatchObject({ removed: 1, skipped: 1, textsChanged: true, withText: 1 });
    expect([...(await reopened.articleTexts()).keys()]).toEqual([web.url('/keep')]);
  });

  it('skips what is not http(s) and fetches only the catalog URLs, never the links inside pages', async () => {
    const web = await site({ '/robots.txt': robotsAllowAll, '/a': page(blogPage('A', [...filler('links'), '<a href="/elsewhere">a link</a>']), '"a"') });
    const { store } = await sqlite();
    const summary = await crawl(store, [web.url('/a'), 'mailto:someone@example.com', 'not a url']);
    expect(summary).toMatchObject({ articles: 3, fetched: 1, skipped: 2 });
    expect(web.requests.map((r) => r.path).sort()).toEqual(['/a', '/robots.txt']);
  });

  it('does not run while another process holds the crawl lease', async () => {
    const web = await site({ '/robots.txt': robotsAllowAll, '/a': page(blogPage('A', filler('a')), '"a"') });
    const { store } = await sqlite();
    await store.acquireLock('article-crawl', 'elsewhere:1:x', { now: new Date(), ttlMs: 60_000 });
    expect(await crawl(store, [web.url('/a')])).toMatchObject({ ran: false, fetched: 0, note: expect.stringContaining('another process') });
    expect(web.requests).toHaveLength(0);
  });
});
