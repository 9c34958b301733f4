/**
 * Turn the text Slack delivers (slash command `text`, event `text`) back into what the user typed:
 * Slack sends `&`, `<`, `>` as entities, wraps links as `<url|label>`, and some clients turn quotes
 * into typographic ones. Everything we echo is escaped again on the way out (blocks/text.ts).
 */
import { unescapeMrkdwn } from '../blocks/text.js';

/** Mention markup for a user: `<@U123>` or `<@U123|name>`. */
const USER_MENTION = /<@([UW][A-Z0-9]+)(\|[^>]*)?>/g;
const LINK = /<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>/g;

export function normalizeUserText(text: string): string {
  return unescapeMrkdwn(text.replace(LINK, (_m, url: string, label?: string) => label ?? url))
    .replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The text of a mention with the bot's own mention removed: `<@UBOT> dynamodb` → `dynamodb`.
 * When the bot's user id is not known, the leading mention is taken to be the bot's.
 */
export function stripBotMention(text: string, botUserId?: string): string {
  let out = text;
  if (botUserId) {
    out = out.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ');
  } else {
    out = out.replace(/^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/, ' ');
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** Other users' mentions left in a query are matched as words: `<@U123>` → `@U123`. */
export function mentionsAsText(text: string): string {
  return text.replace(USER_MENTION, (_m, id: string) => `@${id}`);
}
