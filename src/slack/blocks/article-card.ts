/**
 * One article as Block Kit: the title as a link, a date · authors line, for a search hit whose match
 * came from the article's text the passage that matched as a quoted line (snippet.ts), the summary
 * trimmed to a readable length, and the tags in a context line. Pure: article in, blocks out.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import type { Article } from '../../catalog/types.js';
import { ACTION_IDS } from './actions.js';
import { MAX_BUTTON_VALUE, MAX_CONTEXT_ELEMENTS, MAX_SECTION_TEXT } from './limits.js';
import { passageQuote, type Passage } from './snippet.js';
import { escapeMrkdwn, formatDate, mrkdwnLink, mrkdwnText, plainText, truncateAtWord } from './text.js';

/** A summary longer than this is cut at a word boundary: about three lines in Slack's desktop client. */
export const SUMMARY_MAX_CHARS = 300;
/** A title longer than this is cut (they are rarely over 120). */
export const TITLE_MAX_CHARS = 200;
/** Tags shown per card; more would wrap onto several lines. */
export const TAGS_MAX = 6;

export interface ArticleCardOptions {
  /** Add a Share button (result lists shown only to the invoker). Default false. */
  share?: boolean;
  /** The passage of the article's text the search matched (`passageOf(hit)`): shown under the byline. */
  passage?: Passage | undefined;
}

/** `text` without a trailing `[…]` or `[...]` (the catalog's "summary continues" marker). */
function withoutEllipsisMarker(text: string): string {
  const trimmed = text.trimEnd();
  for (const marker of ['[…]', '[...]']) if (trimmed.endsWith(marker)) return trimmed.slice(0, -marker.length).trim();
  return trimmed.trim();
}

/** The summary without the catalog's `[…]` marker, trimmed at a word boundary. */
export function readableSummary(article: Article, max = SUMMARY_MAX_CHARS): string {
  const summary = withoutEllipsisMarker(article.summary);
  const cut = truncateAtWord(summary, max);
  return article.truncated && !cut.endsWith('…') ? `${cut}…` : cut;
}

/** `8 Sep 2023 · Peter Yang, Tomo Sakatoku` (escaped). */
export function byline(article: Article): string {
  const authors = article.authors.length > 0 ? escapeMrkdwn(article.authors.join(', ')) : 'unknown author';
  return `${formatDate(article.published)} · ${authors}`;
}

const withinSection = (text: string) => Array.from(text).length <= MAX_SECTION_TEXT;

/**
 * The card's text: title, byline, the passage's quoted line when there is one, the summary. The
 * parts are each bounded, so the section limit is not reached in practice; the passage gets the room
 * the other parts leave (a passage of 300 `&` escapes to 1,500 characters, and is then cut shorter).
 */
export function articleCardText(article: Article, passage?: Passage): string {
  const title = `*${mrkdwnLink(article.url, truncateAtWord(article.title, TITLE_MAX_CHARS))}*`;
  const head = `${title}\n${byline(article)}`;
  const summary = mrkdwnText(readableSummary(article), SUMMARY_MAX_CHARS + 100);
  const text = `${head}\n${summary}`;
  if (!withinSection(text)) return mrkdwnText(article.title, MAX_SECTION_TEXT);
  const quote = passage ? passageQuote(passage, MAX_SECTION_TEXT - Array.from(text).length - 1) : '';
  return quote ? `${head}\n${quote}\n${summary}` : text;
}

export function articleCard(article: Article, options: ArticleCardOptions = {}): KnownBlock[] {
  const section: SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: articleCardText(article, options.passage) } };
  if (options.share && Array.from(article.id).length <= MAX_BUTTON_VALUE) {
    section.accessory = {
      type: 'button',
      action_id: ACTION_IDS.share,
      text: { type: 'plain_text', text: plainText('Share', 75) },
      value: article.id,
    };
  }
  const blocks: KnownBlock[] = [section];
  const tags = article.tags.slice(0, TAGS_MAX).map((t) => `\`${escapeMrkdwn(t.name).replace(/`/g, "'")}\``);
  if (article.tags.length > TAGS_MAX) tags.push(`+${article.tags.length - TAGS_MAX} more`);
  if (tags.length > 0) {
    const elements = [{ type: 'mrkdwn' as const, text: `:label: ${tags.join(' ')}` }];
    blocks.push({ type: 'context', elements: elements.slice(0, MAX_CONTEXT_ELEMENTS) });
  }
  return blocks;
}

/** A one-line fallback for notifications: `Title (8 Sep 2023)`. */
export function articleFallback(article: Article): string {
  return `${escapeMrkdwn(truncateAtWord(article.title, TITLE_MAX_CHARS))} (${formatDate(article.published)})`;
}
