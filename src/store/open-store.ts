/**
 * The one place that picks the Store implementation: PostgreSQL when DATABASE_URL is set (several
 * replicas sharing one database), otherwise the SQLite file at DATABASE_PATH (the embedded default).
 */
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { openPostgresStore } from './postgres-store.js';
import { openStore as openSqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export type StoreConfig = Pick<Config, 'databasePath' | 'databaseUrl' | 'databasePoolSize'>;

export interface OpenConfiguredStoreOptions {
  /** Default: silent. */
  logger?: Logger;
  /**
   * Refuse to start from nothing: a missing SQLite file, or a PostgreSQL database without
   * catalog-bot's tables (one-off commands such as `digest --now`). Default false.
   */
  mustExist?: boolean;
  /** SQLite: how long a write waits for another process's write (tests). Default the store's own. */
  busyTimeoutMs?: number;
}

/** Open and migrate the configured store. Throws StoreError naming the file or database and what to do. */
export async function openStore(config: StoreConfig, options: OpenConfiguredStoreOptions = {}): Promise<Store> {
  if (config.databaseUrl !== undefined) {
    return openPostgresStore({ url: config.databaseUrl, poolSize: config.databasePoolSize, logger: options.logger, mustExist: options.mustExist });
  }
  return openSqliteStore(config.databasePath, { logger: options.logger, mustExist: options.mustExist, busyTimeoutMs: options.busyTimeoutMs });
}
