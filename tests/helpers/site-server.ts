/**
 * A web site on 127.0.0.1 for crawler tests: each path answered by its own handler (404 for the
 * rest), every request logged with the headers a polite, incremental crawler must send, and the
 * time it arrived (to check Crawl-delay and Retry-After from the server's side).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface LoggedRequest {
  path: string;
  at: number;
  userAgent: string | undefined;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
}

export interface Site {
  origin: string;
  url(path: string): string;
  routes: Map<string, Route>;
  requests: LoggedRequest[];
  /** Requests for `path` (robots.txt excluded unless asked for). */
  requestsFor(path: string): LoggedRequest[];
  /** Resolves when a request for `path` has arrived (at once if one already has). */
  requested(path: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSite(routes: Record<string, Route> = {}): Promise<Site> {
  const table = new Map(Object.entries(routes));
  const requests: LoggedRequest[] = [];
  const waiters: Array<{ path: string; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    for (const waiter of waiters.filter((w) => w.path === path)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    requests.push({
      path,
      at: performance.now(),
      userAgent: req.headers['user-agent'],
      ifNoneMatch: req.headers['if-none-match'],
      ifModifiedSince: req.headers['if-modified-since'],
    });
    const route = table.get(path);
    if (route) route(req, res);
    else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    routes: table,
    requests,
    requestsFor: (path) => requests.filter((r) => r.path === path),
    requested: (path) => (requests.some((r) => r.path === path) ? Promise.resolve() : new Promise((resolve) => waiters.push({ path, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTML page with an ETag and a Last-Modified, answering 304 to a matching validator (If-None-Match first, as RFC 9110 says). */
export function page(html: string, etag: string, contentType = 'text/html; charset=utf-8'): Route {
  const lastModified = 'Mon, 01 Jan 2024 00:00:00 GMT';
  return (req, res) => {
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch !== undefined ? ifNoneMatch === etag : req.headers['if-modified-since'] === lastModified) {
      res.writeHead(304, { etag, 'last-modified': lastModified });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(html), etag, 'last-modified': lastModified });
    res.end(html);
  };
}

/** A blog page with the usual chrome around `body` paragraphs. */
export function blogPage(title: string, paragraphs: readonly string[]): string {
  return `<!doctype html><html><head><title>${title} | Example Blog</title></head><body>
<header><a href="/">Example Blog</a><nav><a href="/">Home</a> <a href="/archive">Archive</a> <a href="/about">About us</a></nav></header>
<div class="cookie-consent">We use cookies to improve your experience. Accept all cookies?</div>
<main><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></main>
<aside class="sidebar"><h2>Recent posts</h2><ul><li><a href="/p/1">Unrelated recent post about gardening</a></li><li><a href="/p/2">Another sidebar teaser</a></li></ul></aside>
<footer>Copyright 2024 Example Blog. All rights reserved. Privacy policy.</footer></body></html>`;
}

/** Sentences long enough for Readability to see an article. */
export function filler(topic: string, n = 3): string[] {
  return Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} explains ${topic} in detail, with enough words that a reader (and Readability) sees real prose here, not navigation links or a teaser.`);
}
