/**
 * Who we say we are. Site owners who see us in their logs must be able to find out what we are and
 * how to block us, so the default names the bot, its version and where it is documented; operators
 * may point it at their own page with CRAWL_USER_AGENT.
 */
import { packageVersion } from '../util/version.js';

/** The product token robots.txt groups are matched against (`User-agent: catalog-bot`). */
export const ROBOTS_TOKEN = 'catalog-bot';

export const ABOUT_URL = 'https://www.npmjs.com/package/catalog-bot';

export const DEFAULT_USER_AGENT = `${ROBOTS_TOKEN}/${packageVersion()} (+${ABOUT_URL}; fetches only the article pages listed in its catalog)`;

/** The token robots.txt rules are matched against: the User-Agent's first product name. */
export function robotsToken(userAgent: string): string {
  return /^[A-Za-z0-9_-]+/.exec(userAgent)?.[0] ?? ROBOTS_TOKEN;
}
