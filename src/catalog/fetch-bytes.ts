/**
 * Fetch a catalog over http(s) with the three guards a remote source needs: a timeout covering
 * the whole exchange (headers and body), a size limit enforced while streaming (a lying or absent
 * Content-Length cannot blow the heap), and conditional requests (`If-None-Match`) so an
 * unchanged catalog costs a 304 instead of a download.
 */
import { CatalogError, errorMessage } from '../errors.js';
import { readCappedBody, type CappedBody } from '../util/capped-body.js';

export interface FetchBytesOptions {
  /** Abort when the whole exchange takes longer than this. */
  timeoutMs: number;
  /** Refuse a body larger than this many bytes. */
  maxBytes: number;
  /** ETag of the copy we already hold; sent as `If-None-Match`. */
  etag?: string;
}

export type FetchBytesResult =
  | { status: 'ok'; body: Buffer; etag: string | null; contentType: string | null }
  | { status: 'not-modified' };

export async function fetchBytes(url: string, options: FetchBytesOptions): Promise<FetchBytesResult> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const headers: Record<string, string> = { accept: 'text/markdown, text/plain;q=0.9, */*;q=0.1' };
  if (options.etag !== undefined) headers['if-none-match'] = options.etag;
  const timedOut = () =>
    new CatalogError(
      'catalog_unreadable',
      url,
      `catalog: ${url} did not answer within ${options.timeoutMs} ms. Check the server, or raise CATALOG_FETCH_TIMEOUT_MS.`,
    );

  let response: Response;
  try {
    response = await fetch(url, { headers, signal, redirect: 'follow' });
  } catch (error) {
    if (signal.aborted) throw timedOut();
    const cause = error instanceof Error && error.cause !== undefined ? ` (${errorMessage(error.cause)})` : '';
    throw new CatalogError(
      'catalog_unreadable',
      url,
      `catalog: could not fetch ${url}: ${errorMessage(error)}${cause}. Check CATALOG_SOURCE and the network.`,
      { cause: error },
    );
  }

  if (response.status === 304) {
    await response.body?.cancel();
    if (options.etag === undefined) {
      throw new CatalogError('catalog_unreadable', url, `catalog: ${url} answered 304 Not Modified to a request that had no If-None-Match.`);
    }
    return { status: 'not-modified' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new CatalogError(
      'catalog_unreadable',
      url,
      `catalog: GET ${url} answered ${response.status} ${response.statusText}`.trimEnd() +
        '. Check CATALOG_SOURCE points at the raw .md file and the server serves it.',
    );
  }

  const tooBig = (seen: string) =>
    new CatalogError(
      'catalog_unreadable',
      url,
      `catalog: ${url} is larger than ${options.maxBytes} bytes (${seen}). Raise CATALOG_MAX_BYTES if the catalog really is that big.`,
    );
  let read: CappedBody;
  try {
    read = await readCappedBody(response, options.maxBytes);
  } catch (error) {
    if (signal.aborted) throw timedOut();
    throw new CatalogError('catalog_unreadable', url, `catalog: reading ${url} failed: ${errorMessage(error)}`, { cause: error });
  }
  if (read.kind === 'declared_too_large') throw tooBig(`Content-Length ${read.declared}`);
  if (read.kind === 'too_large') throw tooBig(`stopped after receiving ${read.received} bytes`);
  const body = read.bytes;
  return { status: 'ok', body, etag: response.headers.get('etag'), contentType: response.headers.get('content-type') };
}
