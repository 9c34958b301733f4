/**
 * What a subscription still has to receive: articles first seen after the baseline and after the
 * subscription was made, matching its saved query, not yet delivered. Derived from the store each
 * time, never remembered, so an interrupted run loses nothing: the rest is pending next run.
 */
import type { Article, Catalog } from '../catalog/types.js';
import type { SeenArticle, Subscription } from '../store/types.js';
import type { QueryMatcher } from './types.js';

export interface DeliverableArticle {
  article: Article;
  firstSeenAt: Date;
}

/**
 * The articles any subscription could still get: seen after the baseline, in catalog order
 * (newest first). Usually a handful, so per-subscription work stays small on a large catalog.
 */
export function deliverableArticles(catalog: Catalog, seen: ReadonlyMap<string, SeenArticle>): DeliverableArticle[] {
  const out: DeliverableArticle[] = [];
  for (const article of catalog.articles) {
    const first = seen.get(article.id);
    if (first && !first.baseline) out.push({ article, firstSeenAt: first.firstSeenAt });
  }
  return out;
}

/** A matcher that runs each distinct saved query once per run (many channels share a query). */
export function memoizedMatcher(matcher: QueryMatcher): QueryMatcher {
  const cache = new Map<string, Set<string>>();
  return {
    matchingIds(query) {
      let ids = cache.get(query);
      if (!ids) {
        ids = matcher.matchingIds(query);
        cache.set(query, ids);
      }
      return ids;
    },
  };
}

/** The new articles a subscription should get now, newest first (the catalog's order). */
export function pendingArticles(
  subscription: Subscription,
  deliverable: readonly DeliverableArticle[],
  delivered: ReadonlySet<string>,
  matcher: QueryMatcher,
): Article[] {
  // Only articles first seen after the subscription was made (no backfill), not yet delivered.
  const fresh = deliverable.filter((d) => d.firstSeenAt > subscription.createdAt && !delivered.has(d.article.id)).map((d) => d.article);
  if (fresh.length === 0 || subscription.query.trim() === '') return fresh;
  const matches = matcher.matchingIds(subscription.query);
  return fresh.filter((article) => matches.has(article.id));
}
