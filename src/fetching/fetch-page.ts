/**
 * One page over http(s), with the guards a crawler of other people's servers needs: a timeout over
 * the whole exchange (redirects, headers and body), a size cap enforced while streaming (a lying or
 * absent Content-Length cannot fill the heap: the connection is dropped past the cap), redirects
 * followed by hand so loops and long chains are caught and counted, only text bodies decoded, and
 * conditional requests (`If-None-Match` / `If-Modified-Since`) so an unchanged page costs a 304.
 */
import { errorMessage } from '../errors.js';
import { readCappedBody } from '../util/capped-body.js';
import type { FailureReason, PageResponse } from './types.js';

export interface FetchPageOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Media types accepted (`text/html`…); `any` takes every body as text (robots.txt). */
  acceptTypes: readonly string[] | 'any';
  /** Validators of the copy we hold. */
  etag?: string;
  lastModified?: string;
  /** The caller's cancellation (shutdown); the timeout is added to it. */
  signal?: AbortSignal;
  /** Asked before following a redirect (robots.txt of where it leads); false: stop there. */
  mayFollow?: (url: string) => Promise<boolean>;
}

export const PAGE_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown', 'text/x-markdown'] as const;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const failed = (reason: FailureReason, detail: string, retryAfterMs?: number): PageResponse => ({
  kind: 'failed',
  reason,
  detail,
  ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
});

export async function fetchPage(url: string, options: FetchPageOptions): Promise<PageResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const whenAborted = (): PageResponse =>
    options.signal?.aborted ? { kind: 'aborted' } : failed('timeout', `no complete answer within ${options.timeoutMs} ms`);

  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: options.acceptTypes === 'any' ? '*/*' : 'text/html, text/markdown;q=0.9, text/plain;q=0.8',
  };
  if (options.etag !== undefined) headers['if-none-match'] = options.etag;
  if (options.lastModified !== undefined) headers['if-modified-since'] = options.lastModified;

  const visited = new Set<string>();
  let current = url;
  try {
    for (let hop = 0; ; hop += 1) {
      visited.add(current);
      const response = await fetch(current, { headers, signal, redirect: 'manual' });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        const location = response.headers.get('location');
        let next: URL;
        try {
          next = new URL(location ?? '', current);
        } catch {
          return failed('bad_redirect', `redirect ${response.status} with an unusable Location "${String(location).slice(0, 200)}"`);
        }
        if (location === null || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
          return failed('bad_redirect', `redirect ${response.status} to ${location === null ? 'nowhere (no Location)' : `a ${next.protocol} URL`}`);
        }
        next.hash = '';
        if (visited.has(next.href)) return failed('redirect_loop', `redirects in a loop back to ${next.href}`);
        if (hop + 1 > options.maxRedirects) return failed('too_many_redirects', `more than ${options.maxRedirects} redirects`);
        if (options.mayFollow && !(await options.mayFollow(next.href))) return { kind: 'refused', url: next.href };
        current = next.href;
        continue;
      }
      return await readResponse(current, response, options);
    }
  } catch (error) {
    if (signal.aborted) return whenAborted();
    const cause = error instanceof Error && error.cause !== undefined ? `: ${errorMessage(error.cause)}` : '';
    return failed('network', `${errorMessage(error)}${cause}`);
  }
}

async function readResponse(url: string, response: Response, options: FetchPageOptions): Promise<PageResponse> {
  const etag = response.headers.get('etag') ?? undefined;
  const lastModified = response.headers.get('last-modified') ?? undefined;
  const validators = { ...(etag !== undefined ? { etag } : {}), ...(lastModified !== undefined ? { lastModified } : {}) };
  if (response.status === 304) {
    await response.body?.cancel();
    return { kind: 'not-modified', ...validators };
  }
  if (!response.ok) {
    await response.body?.cancel();
    if (response.status === 429 || response.status === 503) {
      const wait = retryAfterMs(response.headers.get('retry-after'));
      return failed(response.status === 429 ? 'rate_limited' : 'http_503', `answered ${response.status}${wait !== undefined ? `, Retry-After ${Math.ceil(wait / 1000)} s` : ''}`, wait);
    }
    return failed(`http_${response.status}`, `answered ${response.status} ${response.statusText}`.trimEnd());
  }

  const contentType = response.headers.get('content-type') ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (options.acceptTypes !== 'any' && !options.acceptTypes.includes(mediaType)) {
    await response.body?.cancel();
    return failed('unsupported_type', `not a text page (Content-Type ${mediaType || 'missing'})`);
  }
  const read = await readCappedBody(response, options.maxBytes);
  if (read.kind === 'declared_too_large') return failed('too_large', `Content-Length ${read.declared} bytes is over the ${options.maxBytes}-byte cap`);
  if (read.kind === 'too_large') return failed('too_large', `body over the ${options.maxBytes}-byte cap (stopped reading)`);
  const bytes = read.bytes;
  return { kind: 'ok', url, contentType: mediaType, body: decode(bytes, contentType), ...validators };
}

/** `Retry-After` as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The charset the header names, else a `<meta charset>` in the first 1 KB, else UTF-8. */
function decode(bytes: Buffer, contentType: string): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1];
  const fromMeta = fromHeader ? undefined : /<meta[^>]{0,200}?charset\s*=\s*["']?([\w.:-]+)/i.exec(bytes.subarray(0, 1024).toString('latin1'))?.[1];
  const label = fromHeader ?? fromMeta ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
