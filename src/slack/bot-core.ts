/**
 * What every way in answers from — Slack (HTTP or Socket Mode) and the offline shell: the catalog
 * and its search index kept in step, the store, and the command router with the subscription verbs.
 * Built in one place so the Slack start and the shell cannot drift apart.
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openStore } from '../store/sqlite-store.js';
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
  /** The SQLite file. Default `config.databasePath` (the shell passes its own). */
  databasePath?: string;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
}

/** Load the catalog and index (CatalogError when unreadable), then open the store (StoreError). */
export async function openBotCore(config: Config, logger: Logger, options: BotCoreOptions = {}): Promise<BotCore> {
  const runtime = await loadConversationRuntime(config, logger, { now: options.now });
  let store: Store;
  try {
    store = await openStore(options.databasePath ?? config.databasePath, { logger });
  } catch (error) {
    runtime.close();
    throw error;
  }
  return {
    runtime,
    store,
    router: createCommandRouter(subscriptionSubcommands(store)),
    close: async () => {
      runtime.close();
      await store.close();
    },
  };
}
