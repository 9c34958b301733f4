/**
 * Event ids seen recently. Slack retries an event delivery it believes failed (up to 3 times over
 * about 6 minutes, same `event_id`, `X-Slack-Retry-Num` header) and Bolt does not deduplicate, so
 * without this a slow reply would be answered up to four times. Memory only: one process.
 */
export interface RecentEventIdsOptions {
  /** How long an id is remembered. Default 10 minutes (Slack's last retry comes after ~6). */
  ttlMs?: number;
  /** Ids kept at most; the oldest are forgotten first. Default 10 000. */
  maxEntries?: number;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

export class RecentEventIds {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** id → when first seen; a Map iterates in insertion order, so the oldest come first. */
  private readonly seen = new Map<string, number>();

  constructor(options: RecentEventIdsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** True the first time `id` is seen within the TTL (answer it), false for a repeat (drop it). */
  firstTime(id: string): boolean {
    const now = this.now();
    this.evict(now);
    if (this.seen.has(id)) return false;
    this.seen.set(id, now);
    if (this.seen.size > this.maxEntries) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at < this.ttlMs) break;
      this.seen.delete(id);
    }
  }
}
