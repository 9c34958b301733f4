/**
 * The one place that picks the Store implementation: PostgreSQL when a database URL is given (several
 * replicas sharing one database), otherwise the SQLite file (the embedded default). Each driver is
 * imported only when chosen, so a PostgreSQL deployment never loads the native SQLite module and a
 * SQLite one never loads `pg`.
 */
import type { Logger } from '../logger.js';
import type { Store } from './types.js';

/** Where the state lives: the store's own terms (config.ts fills them from DATABASE_*). */
export interface StoreLocation {
  /** The SQLite file, used when `databaseUrl` is not set. */
  databasePath: string;
  /** `postgres://…`: PostgreSQL instead of the SQLite file. */
  databaseUrl?: string;
  /** PostgreSQL connections per process. */
  databasePoolSize: number;
}

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

/** Open and migrate the store at `location`. Throws StoreError naming the file or database and what to do. */
export async function openStore(location: StoreLocation, options: OpenConfiguredStoreOptions = {}): Promise<Store> {
  if (location.databaseUrl !== undefined) {
    const { openPostgresStore } = await import('./postgres-store.js');
    return openPostgresStore({ url: location.databaseUrl, poolSize: location.databasePoolSize, logger: options.logger, mustExist: options.mustExist });
  }
  const { openSqliteStore } = await import('./sqlite-store.js');
  return openSqliteStore(location.databasePath, { logger: options.logger, mustExist: options.mustExist, busyTimeoutMs: options.busyTimeoutMs });
}
