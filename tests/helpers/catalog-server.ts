/**
 * A catalog served over http on 127.0.0.1 for URL-source tests. Each request is answered by the
 * current `handler`; `requests` records what the client sent (for If-None-Match checks).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface CatalogServer {
  url: (path?: string) => string;
  requests: Array<{ path: string; ifNoneMatch: string | undefined }>;
  setHandler: (handler: Handler) => void;
  close: () => Promise<void>;
}

export async function startCatalogServer(initial: Handler): Promise<CatalogServer> {
  let handler = initial;
  const requests: CatalogServer['requests'] = [];
  const server = createServer((req, res) => {
    const header = req.headers['if-none-match'];
    requests.push({ path: req.url ?? '', ifNoneMatch: Array.isArray(header) ? header[0] : header });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/catalog.md') => `http://127.0.0.1:${port}${path}`,
    requests,
    setHandler: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Requests left hanging on purpose (timeout tests) must not keep the server open.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serve `body` with an ETag, answering 304 when the client already holds that ETag. */
export function serveWithEtag(body: string, etag: string): Handler {
  return (req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/markdown; charset=utf-8', 'content-length': Buffer.byteLength(body), etag });
    res.end(body);
  };
}
