/**
 * The crawl lease: replicas sharing a store crawl once. Whoever takes the `article-crawl` job lock
 * crawls; the others skip (their next run finds the pages fresh). The lease is renewed every third
 * of its lifetime; when a renewal says someone else has it, or renewals fail until it may have
 * expired, `lost` fires and the crawl stops, so two crawlers never run side by side for long.
 */
import { defaultLockOwner, isDeadLocalOwner } from '../store/lock-owner.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';

export const CRAWL_LOCK = 'article-crawl';

export interface CrawlLease {
  /** Aborted when the lease is lost. */
  lost: AbortSignal;
  release(): Promise<void>;
}

export async function takeCrawlLease(store: Store, options: { owner?: string; ttlMs: number; now: () => Date; logger: Logger }): Promise<CrawlLease | undefined> {
  const { ttlMs, now, logger } = options;
  const owner = options.owner ?? defaultLockOwner();
  const at = now();
  const holder = await store.lockHolder(CRAWL_LOCK);
  const stale = holder && holder.owner !== owner && holder.expiresAt > at && isDeadLocalOwner(holder.owner) ? holder.owner : undefined;
  if (!(await store.acquireLock(CRAWL_LOCK, owner, { now: at, ttlMs, ...(stale ? { takeOverFrom: stale } : {}) }))) {
    logger.info('crawl skipped: another process is crawling', { holder: holder?.owner });
    return undefined;
  }
  const controller = new AbortController();
  let heldUntil = at.getTime() + ttlMs;
  let renewing = false;
  const timer = setInterval(
    () => {
      if (renewing || controller.signal.aborted) return;
      renewing = true;
      const renewAt = now();
      store
        .renewLock(CRAWL_LOCK, owner, { now: renewAt, ttlMs })
        .then((held) => {
          if (held) heldUntil = renewAt.getTime() + ttlMs;
          else {
            logger.warn('crawl lease taken over; stopping this crawl', { owner });
            controller.abort();
          }
        })
        .catch((error: unknown) => {
          logger.warn('could not renew the crawl lease; will try again', { error: errorMessage(error) });
          if (now().getTime() >= heldUntil) controller.abort();
        })
        .finally(() => (renewing = false));
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    lost: controller.signal,
    release: async () => {
      clearInterval(timer);
      await store.releaseLock(CRAWL_LOCK, owner).catch((error: unknown) => logger.warn('could not release the crawl lease', { error: errorMessage(error) }));
    },
  };
}
