/**
 * The stored article texts a CLI search reads (CATALOG_FULL_TEXT=on): the ones `catalog-bot crawl`
 * or the bot put in the configured store (DATABASE_PATH / DATABASE_URL). The CLI never crawls.
 * None when full text is off or nothing was crawled; texts that cannot be read are a warning, and
 * the search goes on over titles and blurbs.
 */
import { loadConfig } from '../config.js';
import { errorMessage } from '../errors.js';
import { readStoredTexts } from '../store/stored-texts.js';
import type { CliIo } from './io.js';

export async function storedTextsForCli(io: CliIo): Promise<Map<string, string> | undefined> {
  try {
    const config = loadConfig(io.env);
    if (!config.crawl.fullText) return undefined;
    const texts = await readStoredTexts(config);
    return texts.size > 0 ? texts : undefined;
  } catch (error) {
    io.stderr(`warning: article texts cannot be read (${errorMessage(error)}); searching titles and blurbs\n`);
    return undefined;
  }
}
