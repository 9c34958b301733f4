/**
 * Link previews: the article card for each shared link that is an article of the catalog. Pure:
 * links and a lookup in, the `unfurls` map of chat.unfurl out. Links that are not catalog articles
 * get no entry at all (Slack then leaves them to its own preview), so an empty map means "no call".
 */
import type { KnownBlock } from '@slack/types';
import { articleId, isArticleUrl } from '../../catalog/article-id.js';
import type { Article } from '../../catalog/types.js';
import { articleCard } from './article-card.js';
import { MAX_BLOCKS_PER_MESSAGE } from './limits.js';

/** Links one link_shared event carries are few; more than this are ignored (bounded work). */
export const MAX_LINKS_PER_EVENT = 20;

export type Unfurls = Record<string, { blocks: KnownBlock[] }>;

/**
 * The catalog article a URL points at, matched canonically (http/https, `www.`, trailing slash,
 * query and fragment do not matter; see canonicalUrl), or undefined.
 */
export function articleForUrl(byId: ReadonlyMap<string, Article>, url: string): Article | undefined {
  return isArticleUrl(url) ? byId.get(articleId(url)) : undefined;
}

/** URL → card for the shared links that are catalog articles; each unfurl within the block limit. */
export function articleUnfurls(byId: ReadonlyMap<string, Article>, urls: readonly string[]): Unfurls {
  const unfurls: Unfurls = {};
  for (const url of urls.slice(0, MAX_LINKS_PER_EVENT)) {
    const article = articleForUrl(byId, url);
    if (article) unfurls[url] = { blocks: articleCard(article).slice(0, MAX_BLOCKS_PER_MESSAGE) };
  }
  return unfurls;
}
