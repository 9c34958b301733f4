/**
 * `/catalog <words>` and `@catalog-bot <words>`: the first word picks a verb (help, latest, or an
 * added subcommand such as subscribe); anything else is a search. Adding a verb is one entry in the
 * list given to `createCommandRouter`.
 */
import { helpMessage, type HelpVerb } from '../blocks/help.js';
import { searchReply } from './search.js';
import { commandPrefix, invokerVisibility } from './surface.js';
import type { HandlerDeps, Invocation, Reply, Subcommand } from './types.js';
import { splitFirstWord } from '../../util/text.js';

export interface CommandRouter {
  /** Every verb, built-ins first. */
  readonly subcommands: readonly Subcommand[];
  /** Answer one invocation. Throws only on bugs; the listener turns that into "Something went wrong". */
  handle(invocation: Invocation, deps: HandlerDeps): Promise<Reply[]>;
}

/** The help card for this router's verbs, phrased for the surface (`/catalog` or `@catalog-bot`). */
export function helpReply(invocation: Invocation, verbs: readonly HelpVerb[]): Reply {
  return { visibility: invokerVisibility(invocation), message: helpMessage({ verbs, prefix: commandPrefix(invocation) }) };
}

const SEARCH_VERB: HelpVerb = { usage: '<words and filters>', description: 'search the catalog (the default)' };

export function createCommandRouter(extra: readonly Subcommand[] = []): CommandRouter {
  const help: Subcommand = {
    name: 'help',
    aliases: ['?', '-h', '--help'],
    usage: 'help',
    description: 'this card',
    // Only a bare `help` is help: `help me find articles about billing` is a question to search.
    answer: async (invocation, args, deps) => (args.trim() === '' ? [helpReply(invocation, verbs())] : [searchReply(invocation, invocation.text, deps)]),
  };
  const latest: Subcommand = {
    name: 'latest',
    aliases: ['new'],
    usage: 'latest [filters]',
    description: 'the newest articles, e.g. `latest tag:saas`',
    // The search engine reads `latest` / `new` alone as "the newest articles", and with words as
    // "newest first" only when they are time words ("new tenant onboarding" is about new tenants).
    answer: async (invocation, _args, deps) => [searchReply(invocation, invocation.text, deps)],
  };
  const subcommands: Subcommand[] = [help, latest, ...extra];
  const byName = new Map<string, Subcommand>();
  for (const sub of subcommands) {
    for (const name of [sub.name, ...(sub.aliases ?? [])]) {
      const key = name.toLowerCase();
      if (byName.has(key)) throw new Error(`createCommandRouter: two subcommands are called "${name}"`);
      byName.set(key, sub);
    }
  }
  const verbs = (): HelpVerb[] => [SEARCH_VERB, ...subcommands.map((s) => ({ usage: s.usage, description: s.description }))];

  return {
    subcommands,
    async handle(invocation, deps) {
      const text = invocation.text.trim();
      if (text === '') return [helpReply(invocation, verbs())];
      const [first, args] = splitFirstWord(text);
      const verb = first.toLowerCase();
      const sub = byName.get(verb);
      if (sub) return sub.answer(invocation, args, deps);
      return [searchReply(invocation, text, deps)];
    },
  };
}
