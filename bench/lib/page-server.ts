/**
 * A local web site for the article pages of a relevance set: each article at its URL's path on
 * http://127.0.0.1:<port>, wrapped in the chrome real blogs have — a navigation bar, a "recent posts"
 * sidebar, a cookie banner and a footer — so that text extraction has to find the article, as it
 * must on the web. `/robots.txt` allows every agent. Nothing is fetched from outside.
 *
 * `pages` is keyed by the article's public URL (`https://peps.python.org/pep-0008/`); the server
 * answers on that URL's path (and query), so a catalog moves to the server by swapping the origin
 * (`localUrl`), and a URL the server returns maps back with `publicUrl`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from './html.js';
import type { Page } from './page-sources.js';

export interface PageServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Requests answered so far (robots.txt included). */
  requests(): number;
  close(): Promise<void>;
}

export interface PageServerOptions {
  /** The site's name in the header, title and footer. */
  siteName: string;
  /** Number of "recent posts" in the sidebar (default 8). */
  recent?: number;
}

const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The chrome around an article: the same on every page, and long enough to matter. */
function chrome(site: string, recent: ReadonlyArray<[string, Page]>): { top: string; bottom: string } {
  const nav = ['Home', 'Blog', 'Documentation', 'Downloads', 'Community', 'Roadmap', 'Security', 'About']
    .map((n) => `<li><a href="/${n.toLowerCase()}/">${n}</a></li>`)
    .join('');
  const sidebar = recent.map(([url, p]) => `<li><a href="${escapeHtml(pathOf(url))}">${escapeHtml(p.title)}</a> <span class="date">${p.published}</span></li>`).join('\n');
  const top = `<header class="site-header"><a class="logo" href="/">${escapeHtml(site)}</a>
<nav class="main-nav" aria-label="Main"><ul>${nav}</ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search ${escapeHtml(site)}"><button>Search</button></form></header>
<div class="cookie-banner" role="dialog" aria-label="Cookie consent"><p>We use cookies to analyse traffic and remember your
preferences. By clicking "Accept all" you agree to the storing of cookies on your device. Read our cookie policy and privacy
statement for details on how we process personal data.</p><button>Accept all</button><button>Reject</button><a href="/privacy/">Manage settings</a></div>
<div class="layout">
<aside class="sidebar"><h3>Recent posts</h3><ul>
${sidebar}
</ul><h3>Subscribe</h3><p>Get new posts by e-mail or RSS. <a href="/feed.xml">RSS feed</a></p></aside>
<main class="content">`;
  const bottom = `</main></div>
<footer class="site-footer"><p>Copyright © ${escapeHtml(site)} contributors. All rights reserved. Licensed under the terms
shown on the licences page. Privacy policy · Terms of use · Trademarks · Contact · Report a security issue.</p>
<ul><li><a href="/privacy/">Privacy</a></li><li><a href="/terms/">Terms</a></li><li><a href="/contact/">Contact</a></li></ul></footer>`;
  return { top, bottom };
}

function document(site: string, page: Page, frame: { top: string; bottom: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)} | ${escapeHtml(site)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
${frame.top}
<article class="post"><h1>${escapeHtml(page.title)}</h1><p class="byline"><time datetime="${page.published}">${page.published}</time></p>
${page.bodyHtml}
</article>
${frame.bottom}
</body></html>`;
}

export async function startPageServer(pages: ReadonlyMap<string, Page>, options: PageServerOptions): Promise<PageServer> {
  const recent = [...pages].sort((a, b) => b[1].published.localeCompare(a[1].published)).slice(0, options.recent ?? 8);
  const frame = chrome(options.siteName, recent);
  const byPath = new Map<string, Page>();
  for (const [url, page] of pages) byPath.set(pathOf(url), page);
  let count = 0;
  const server: Server = createServer((req, res) => {
    count += 1;
    const path = req.url ?? '/';
    if (path === '/robots.txt') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('User-agent: *\nAllow: /\n');
      return;
    }
    const page = byPath.get(path);
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(document(options.siteName, page, frame));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The article URL on the local server: same path, the server's origin. */
export function localUrl(publicUrl: string, origin: string): string {
  return `${origin}${pathOf(publicUrl)}`;
}
