/**
 * What every way in answers from — Slack (HTTP or Socket Mode) and the offline shell: the catalog
 * and its search index kept in step, the store, and the command router with the subscription verbs.
 * Built in one place so the Slack start and the shell cannot drift apart.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';
import { createCommandRouter, type CommandRouter } from './conversation/router.js';
import { loadConversationRuntime, type ConversationRuntime } from './conversation/runtime.js';
import { subscriptionSubcommands } from './subscriptions/subcommands.js';

export interface BotCore {
  runtime: ConversationRuntime;
  store: Store;
  router: CommandRouter;
  /** Stop following catalog changes and close the store. */
  close(): Promise<void>;
}

export interface BotCoreOptions {
  /**
   * A SQLite file of its own (the shell: never the store Slack mode uses, SQLite or PostgreSQL).
   * Default: the configured store (`DATABASE_URL`, else `DATABASE_PATH`).
   */
  databasePath?: string;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
  /** SQLite: how long a write waits for another process's (tests). Default the store's own. */
  storeBusyTimeoutMs?: number;
  /** Wraps the opened store before anything uses it (metrics count its errors). Default none. */
  wrapStore?: (store: Store) => Store;
}

/** Load the catalog and index (CatalogError when unreadable), then open the store (StoreError). */
export async function openBotCore(config: Config, logger: Logger, options: BotCoreOptions = {}): Promise<BotCore> {
  const runtime = await loadConversationRuntime(config, logger, { now: options.now });
  let store: Store;
  try {
    // The shell's own SQLite file, or the configured store: open-store picks the implementation either way.
    const location = options.databasePath !== undefined ? { databasePath: options.databasePath, databasePoolSize: config.databasePoolSize } : config;
    store = await openStore(location, { logger, busyTimeoutMs: options.storeBusyTimeoutMs });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  if (options.wrapStore) store = options.wrapStore(store);
  return {
    runtime,
    store,
    router: createCommandRouter(subscriptionSubcommands(store)),
    close: async () => {
      await runtime.close();
      await store.close();
    },
  };
}
