/**
 * When a failed page is asked for again: one hour after the first failure, doubling up to a week,
 * or later when the server said so (Retry-After). A page that is down for a day costs a handful of
 * requests, not one per crawl; its stored text (if any) keeps serving meanwhile.
 */
export const BACKOFF = { firstMs: 60 * 60_000, maxMs: 7 * 24 * 60 * 60_000 } as const;

/** `failures`: failed attempts in a row, this one included (1 for a first failure). */
export function nextAttemptAt(now: Date, failures: number, retryAfterMs?: number): Date {
  const backoff = Math.min(BACKOFF.firstMs * 2 ** Math.min(Math.max(failures - 1, 0), 20), BACKOFF.maxMs);
  return new Date(now.getTime() + Math.max(backoff, retryAfterMs ?? 0));
}
