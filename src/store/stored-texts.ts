/**
 * The articles' stored texts (url → text), read through a store connection of their own: by the bot
 * at start, by the reload worker for a re-index (so 100,000 texts never cross the thread that
 * answers Slack), and by `catalog-bot search` / `digest --now`. A SQLite file that does not exist
 * yet (nothing crawled, the bot never started) has no texts: it is not created here.
 */
import { existsSync } from 'node:fs';
import type { Logger } from '../logger.js';
import { openStore, type StoreLocation } from './open-store.js';

export async function readStoredTexts(config: StoreLocation, logger?: Logger): Promise<Map<string, string>> {
  if (config.databaseUrl === undefined && !existsSync(config.databasePath)) return new Map();
  const store = await openStore(config, { mustExist: true, ...(logger ? { logger } : {}) });
  try {
    return await store.articleTexts();
  } finally {
    await store.close();
  }
}
