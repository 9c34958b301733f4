/**
 * Builds a user's Home view from the store and the catalog, and publishes it with views.publish.
 * Remembers who opened Home recently so that a catalog reload that changes articles re-publishes
 * for them: Slack shows the last published view until we publish again, and there is no event for
 * "Home is on screen", so recent openers are the best guess of who would see a stale tab.
 */
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Catalog } from '../../catalog/types.js';
import type { CatalogSearch } from '../../search/index.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/types.js';
import { HOME_NEWEST, homeView } from './home-view.js';

/**
 * At most this many recent viewers are re-published after a reload: bounded so a big workspace
 * cannot turn one reload into thousands of views.publish calls (Tier 4, ~100/min); the oldest
 * openers are forgotten first, and anyone forgotten gets a fresh view the next time they open Home.
 */
export const MAX_RECENT_HOME_VIEWERS = 200;
/** Viewers older than this are not re-published (they are unlikely to be looking). */
export const RECENT_HOME_VIEWER_MS = 60 * 60_000;

export interface HomePublisherDeps {
  store: Store;
  catalog: () => Catalog;
  /** The running search engine: it keeps the articles in date order, so the newest are read off it, not re-scanned per open. */
  search: () => CatalogSearch;
  timeZone: string;
  logger: Logger;
  now: () => Date;
}

export class HomePublisher {
  /** user id → when they last opened Home; Map order is insertion order, so the first is the oldest. */
  private readonly viewers = new Map<string, number>();

  constructor(private readonly deps: HomePublisherDeps) {}

  get store(): Store {
    return this.deps.store;
  }

  /**
   * The user's Home view as it would be published now (the shell prints it). When the store cannot
   * list their subscriptions, Home is still published — the newest articles and Search need no
   * store — with a line saying why the subscriptions are missing.
   */
  async build(userId: string): Promise<View> {
    const catalog = this.deps.catalog();
    let subscriptions: Awaited<ReturnType<Store['listSubscriptions']>> | undefined;
    try {
      subscriptions = await this.deps.store.listSubscriptions({ createdBy: userId });
    } catch (error) {
      this.deps.logger.warn('home published without subscriptions: the store did not answer', { user: userId, error });
    }
    // An empty query is every article, newest first (ties in catalog order), as `/catalog latest` shows them.
    const newest = this.deps.search().search('', { limit: HOME_NEWEST }).hits.map((hit) => hit.article);
    return homeView({ userId, newest, subscriptions, catalogSize: catalog.articles.length, timeZone: this.deps.timeZone });
  }

  async publish(client: WebClient, userId: string): Promise<void> {
    await client.views.publish({ user_id: userId, view: await this.build(userId) });
  }

  /** Note an app_home_opened (moves the user to the newest end, evicting the oldest past the bound). */
  opened(userId: string): void {
    this.viewers.delete(userId);
    this.viewers.set(userId, this.deps.now().getTime());
    while (this.viewers.size > MAX_RECENT_HOME_VIEWERS) {
      const oldest = this.viewers.keys().next().value;
      if (oldest === undefined) break;
      this.viewers.delete(oldest);
    }
  }

  /** After a reload that changed articles: re-publish for recent viewers, one at a time; failures are logged, not thrown. */
  async republishRecent(client: WebClient): Promise<number> {
    const since = this.deps.now().getTime() - RECENT_HOME_VIEWER_MS;
    let published = 0;
    for (const [userId, at] of [...this.viewers]) {
      if (at < since) {
        this.viewers.delete(userId);
        continue;
      }
      try {
        await this.publish(client, userId);
        published += 1;
      } catch (error) {
        this.deps.logger.warn('home re-publish failed', { user: userId, error });
      }
    }
    return published;
  }
}
