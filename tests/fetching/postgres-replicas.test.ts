/**
 * Two replicas on one PostgreSQL database: they crawl once between them (the lease), and the text
 * one fetched is the text the other serves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { crawlCatalog } from '../../src/fetching/index.js';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres-store.js';
import { freshSchemaUrl, TEST_DATABASE_URL } from '../helpers/postgres-test-db.js';
import { blogPage, filler, page, startSite, type Site } from '../helpers/site-server.js';

const stores: PostgresStore[] = [];
const sites: Site[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const s of sites.splice(0)) await s.close();
});

describe.skipIf(TEST_DATABASE_URL === undefined)('crawl on PostgreSQL replicas', () => {
  it('crawls once between two replicas, and both serve the same texts', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => `/post-${i}`);
    const routes = Object.fromEntries(
      paths.map((p) => {
        const serve = page(blogPage(`Post ${p}`, filler(`subject ${p}`)), `"${p}"`);
        // Slow enough that the two crawls overlap.
        return [p, (req: Parameters<typeof serve>[0], res: Parameters<typeof serve>[1]) => void setTimeout(() => serve(req, res), 50)];
      }),
    );
    const web = await startSite({ '/robots.txt': page('User-agent: *\nDisallow:\n', '"r"', 'text/plain'), ...routes });
    sites.push(web);
    const url = await freshSchemaUrl();
    const [a, b] = [await openPostgresStore({ url }), await openPostgresStore({ url })];
    stores.push(a, b);
    const articles = paths.map((p) => ({ url: web.url(p) }));

    const [first, second] = await Promise.all([
      crawlCatalog({ articles, store: a, lockOwner: 'replica-a:1:a' }),
      crawlCatalog({ articles, store: b, lockOwner: 'replica-b:2:b' }),
    ]);
    expect([first.ran, second.ran].sort()).toEqual([false, true]);
    expect(first.fetched + second.fetched).toBe(paths.length);
    for (const p of paths) expect(web.requestsFor(p)).toHaveLength(1);
    const texts = await a.articleTexts();
    expect(texts.size).toBe(paths.length);
    expect(await b.articleTexts()).toEqual(texts);

    // The replica that skipped, on its own schedule later, finds every page fresh: nothing asked.
    const asked = web.requests.length;
    const later = await crawlCatalog({ articles, store: first.ran ? b : a, revalidateOlderThanMs: 60 * 60_000 });
    expect(later).toMatchObject({ ran: true, fetched: 0, skipped: paths.length, withText: paths.length });
    expect(web.requests).toHaveLength(asked);
  });
});
