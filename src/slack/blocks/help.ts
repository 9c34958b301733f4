/**
 * The help card: every filter of the query syntax with an example, and every verb the command
 * router knows (built-ins and added subcommands such as subscribe / subscriptions / unsubscribe).
 */
import type { KnownBlock } from '@slack/types';
import { BOT_HANDLE, SLASH_COMMAND } from '../names.js';
import type { SlackMessage } from './message.js';
import { escapeMrkdwn } from './text.js';

export interface HelpVerb {
  /** e.g. `subscribe [query]` */
  usage: string;
  description: string;
}

/** One example per filter of the query syntax (docs/query-syntax.md). */
export const FILTER_EXAMPLES: ReadonlyArray<readonly [example: string, meaning: string]> = [
  ['dynamodb multi-tenant', 'free words: articles matching them (all words first)'],
  ['"tenant isolation"', 'an exact phrase'],
  ['author:golding', 'by an author (part of the name)'],
  ['author:"Tod Golding"', 'by an author, full name'],
  ['tag:saas', 'with a tag'],
  ['after:2022-06', 'published after June 2022'],
  ['before:2023', 'published before 2023'],
  ['year:2022', 'published in 2022'],
  ['sort:newest', 'order by date (also sort:oldest, sort:relevance)'],
  ['-oracle  -tag:apn  -author:golding', 'leave out a word, tag or author'],
  ['latest', 'the newest articles'],
];

export interface HelpOptions {
  /** Verbs beyond plain search, in the order shown. */
  verbs: readonly HelpVerb[];
  /** How the user reaches the bot here: `/catalog` or `@catalog-bot`. Default `/catalog`. */
  prefix?: string;
}

export function helpMessage(options: HelpOptions): SlackMessage {
  const prefix = options.prefix ?? SLASH_COMMAND;
  const p = escapeMrkdwn(prefix);
  const filters = FILTER_EXAMPLES.map(([ex, meaning]) => `• \`${p} ${escapeMrkdwn(ex)}\` — ${escapeMrkdwn(meaning)}`).join('\n');
  const verbs = options.verbs.map((v) => `• \`${p} ${escapeMrkdwn(v.usage)}\` — ${escapeMrkdwn(v.description)}`).join('\n');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Searching the article catalog' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Type \`${p} ${escapeMrkdwn('<words>')}\` to search. Filters combine; everything below also works as \`${BOT_HANDLE} ${escapeMrkdwn('<same words>')}\`, which is the way in inside threads.`,
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: `*Filters*\n${filters}`.slice(0, 3000) } },
  ];
  if (verbs) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Commands*\n${verbs}`.slice(0, 3000) } });
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: 'Results are shown only to you; use *Share* on a card to post it to the channel.' }],
  });
  return { text: `How to search the catalog: ${p} ${escapeMrkdwn('<words>')}, with filters such as tag:saas or author:golding.`, blocks };
}
