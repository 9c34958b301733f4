/**
 * Transport-neutral request/reply types. Bolt listeners (slash command, mention, DM, button) and the
 * offline shell both turn their input into an `Invocation`, call the same handlers, and deliver the
 * returned `Reply` values their own way. This is what makes the shell "the same handlers as Slack".
 */
import type { Catalog } from '../../catalog/types.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { CatalogSearch } from '../../search/index.js';
import type { SlackMessage } from '../blocks/message.js';

export type Surface = 'command' | 'mention' | 'dm' | 'action' | 'shell';

export interface Invocation {
  surface: Surface;
  /** What the user typed after `/catalog` or after the mention, mention markup removed. */
  text: string;
  userId: string;
  channelId: string;
  /** Mentions and DMs: the thread to answer in (the thread root, or the message's own ts). */
  threadTs?: string;
}

export interface Reply {
  /**
   * `ephemeral`: only the invoker sees it (slash-command answers).
   * `public`: everyone in the channel (mention answers in their thread, share, subscribe confirmations).
   */
  visibility: 'ephemeral' | 'public';
  message: SlackMessage;
  /** Replace the message the button was clicked on (paging) instead of adding a new one. */
  replaceOriginal?: boolean;
  /** Articles this reply answered with (search results), for the per-request log line. */
  resultCount?: number;
}

/** Everything a handler may use. Passed in, never imported as a singleton, so tests build their own. */
export interface HandlerDeps {
  /** The catalog currently in service (swapped atomically on reload). */
  catalog: () => Catalog;
  /** The search index over that catalog. */
  search: () => CatalogSearch;
  config: Config;
  logger: Logger;
  now: () => Date;
}

/** One `/catalog <name> …` verb, e.g. `help`, `latest`, `subscribe`. */
export interface Subcommand {
  name: string;
  aliases?: string[];
  /** e.g. `subscribe [query]` — shown in the help card. */
  usage: string;
  description: string;
  /** `args` is the text after the verb. */
  answer(invocation: Invocation, args: string, deps: HandlerDeps): Promise<Reply[]>;
}
