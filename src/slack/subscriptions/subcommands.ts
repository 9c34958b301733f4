/**
 * `/catalog subscribe [query]`, `/catalog subscriptions`, `/catalog unsubscribe <id>|all` (and the
 * same words after `@catalog-bot`, and in the shell). A subscription is a saved search: the query
 * is parsed by the search parser and stored in its canonical form, so the digest matches exactly
 * what `/catalog <query>` would find, negation included.
 */
import { StoreError } from '../../errors.js';
import { formatQuery, isEmptyQuery, parseQuery } from '../../search/index.js';
import { describeSchedule } from '../../schedule/schedule-words.js';
import type { Store } from '../../store/types.js';
import { problemList } from '../blocks/query-problems.js';
import { escapeMrkdwn, mrkdwnText } from '../blocks/text.js';
import { SLASH_COMMAND } from '../names.js';
import { commandPrefix, invokerVisibility } from '../conversation/surface.js';
import type { HandlerDeps, Invocation, Reply, Subcommand } from '../conversation/types.js';
import { noticeMessage, queryLabel, subscribedMessage, subscriptionIds, subscriptionListMessage, unsubscribedMessage } from './messages.js';

/** Characters of what the user typed that a refusal quotes back (a message can be 40,000 long). */
const MAX_ECHO = 200;

/** What the user typed, escaped, on one line and cut to MAX_ECHO. */
function echo(text: string): string {
  return mrkdwnText(text.replace(/\s+/g, ' ').trim(), MAX_ECHO);
}

/** An answer for the invoker alone (a refusal, a hint): ephemeral, except in a thread or DM (`invokerVisibility`). */
function privateReply(invocation: Invocation, text: string): Reply {
  return { visibility: invokerVisibility(invocation), message: noticeMessage(text) };
}

/** A DM with the bot is not a channel others can read: subscriptions live in channels. */
function isDirectMessage(invocation: Invocation): boolean {
  return invocation.surface === 'dm' || invocation.channelId.startsWith('D');
}

/**
 * The query a subscription stores: the canonical text, without the parts that only order results
 * (`sort:`, `latest`), which mean nothing for "every new article that matches".
 */
export function subscriptionQuery(text: string): { query: string; problems: string[] } {
  const parsed = parseQuery(text);
  const query = formatQuery({ ...parsed, sort: 'relevance', latest: false });
  return { query, problems: parsed.problems };
}

function schedule(deps: HandlerDeps): string {
  return describeSchedule(deps.config.digest.cron, deps.config.digest.timeZone);
}

export function subscriptionSubcommands(store: Store): Subcommand[] {
  const subscribe: Subcommand = {
    name: 'subscribe',
    aliases: ['sub'],
    usage: 'subscribe [query]',
    description: 'post a digest of newly added articles (matching the query) to this channel, e.g. `subscribe tag:saas -author:golding`',
    async answer(invocation, args, deps) {
      const prefix = commandPrefix(invocation);
      if (isDirectMessage(invocation)) {
        const example = `${SLASH_COMMAND} subscribe${args.trim() ? ` ${echo(args).replace(/`/g, "'")}` : ''}`;
        return [privateReply(invocation, `Subscriptions belong to channels, not direct messages. Run \`${example}\` in the channel that should receive the digests.`)];
      }
      const { query, problems } = subscriptionQuery(args);
      if (problems.length > 0) {
        const what = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
        return [privateReply(invocation, `Not subscribed: the query has ${what}.\n${problemList(problems)}\nFix it and run \`${prefix} subscribe …\` again.`)];
      }
      if (args.trim() !== '' && isEmptyQuery(parseQuery(args))) {
        // Only stop words were typed: say what it became rather than silently subscribing to everything.
        return [privateReply(invocation, `Not subscribed: "${echo(args)}" has no word or filter left to match. Use \`${prefix} subscribe\` alone for every new article.`)];
      }
      const existing = await store.listSubscriptions({ channelId: invocation.channelId });
      const duplicate = existing.find((s) => s.query === query);
      if (duplicate?.state === 'paused') {
        // Subscribing again where a paused one exists (the channel was unarchived, the bot re-invited) resumes it.
        await store.resumeSubscription(duplicate.id);
        deps.logger.info('subscription resumed', { subscription: duplicate.id, channel: duplicate.channelId, user: invocation.userId });
        const text =
          `:arrow_forward: <@${invocation.userId}> resumed this channel's subscription to ${queryLabel(query)} (subscription \`${duplicate.id}\`), ` +
          `paused because ${escapeMrkdwn(duplicate.pausedReason ?? 'of an earlier error')}. Digests come ${escapeMrkdwn(schedule(deps))}, with what was added meanwhile.`;
        return [{ visibility: 'public', message: noticeMessage(text) }];
      }
      if (duplicate) {
        return [privateReply(invocation, `This channel is already subscribed to ${queryLabel(query)} (subscription \`${duplicate.id}\`).`)];
      }
      const max = deps.config.subscriptionsPerChannel;
      const added = await store.addSubscription({ channelId: invocation.channelId, query, createdBy: invocation.userId, createdAt: deps.now() }, { maxPerChannel: max });
      if ('full' in added) {
        deps.logger.info('subscription refused: channel at its limit', { channel: invocation.channelId, count: added.count, max, user: invocation.userId });
        return [
          privateReply(
            invocation,
            `Not subscribed: this channel has ${added.count} subscriptions, the most allowed (${max}). ` +
              `\`${prefix} subscriptions\` lists them; \`${prefix} unsubscribe &lt;id&gt;\` removes one, then subscribe again.`,
          ),
        ];
      }
      const { subscription, created } = added;
      if (!created) {
        return [privateReply(invocation, `This channel is already subscribed to ${queryLabel(query)} (subscription \`${subscription.id}\`).`)];
      }
      deps.logger.info('subscription created', { subscription: subscription.id, channel: subscription.channelId, query, user: invocation.userId });

      const catalog = deps.catalog();
      const matching = query === '' ? undefined : deps.search().matchingIds(query);
      const articles = matching === undefined ? catalog.articles : catalog.articles.filter((a) => matching.has(a.id));
      // catalog.articles is newest first.
      return [
        {
          visibility: 'public',
          message: subscribedMessage({ subscription, schedule: schedule(deps), matchingToday: articles.length, newest: articles.slice(0, 2), prefix }),
        },
      ];
    },
  };

  const list: Subcommand = {
    name: 'subscriptions',
    aliases: ['subs'],
    usage: 'subscriptions',
    description: "this channel's subscriptions: ids, filters, active or paused, last digest",
    async answer(invocation, _args, deps) {
      const subscriptions = await store.listSubscriptions({ channelId: invocation.channelId });
      return [
        {
          visibility: invokerVisibility(invocation),
          message: subscriptionListMessage(subscriptions, { timeZone: deps.config.digest.timeZone, prefix: commandPrefix(invocation), schedule: schedule(deps) }),
        },
      ];
    },
  };

  const unsubscribe: Subcommand = {
    name: 'unsubscribe',
    aliases: ['unsub'],
    usage: 'unsubscribe <id> | all',
    description: 'stop a subscription of this channel (`all`: every one)',
    async answer(invocation, args, deps) {
      const prefix = commandPrefix(invocation);
      const target = args.trim().toLowerCase();
      const current = await store.listSubscriptions({ channelId: invocation.channelId });
      if (current.length === 0) {
        return [privateReply(invocation, `This channel has no subscriptions to remove. \`${prefix} subscribe [query]\` creates one.`)];
      }
      if (target === '') {
        return [privateReply(invocation, `Which one? Type \`${prefix} unsubscribe &lt;id&gt;\` or \`${prefix} unsubscribe all\`. This channel's subscriptions: ${subscriptionIds(current)}.`)];
      }
      if (target === 'all') {
        const removed = await store.removeChannelSubscriptions(invocation.channelId);
        deps.logger.info('subscriptions removed', { channel: invocation.channelId, ids: removed.map((s) => s.id), user: invocation.userId });
        return [{ visibility: 'public', message: unsubscribedMessage(invocation.userId, removed) }];
      }
      const found = current.find((s) => s.id === target);
      if (!found) {
        return [
          privateReply(
            invocation,
            `There is no subscription \`${mrkdwnText(args.trim(), 40).replace(/`/g, "'")}\` in this channel. This channel's subscriptions: ${subscriptionIds(current)}. ` +
              `Type \`${prefix} unsubscribe &lt;id&gt;\` with one of them, or \`${prefix} unsubscribe all\`.`,
          ),
        ];
      }
      await store.removeSubscription(found.id);
      deps.logger.info('subscription removed', { subscription: found.id, channel: invocation.channelId, user: invocation.userId });
      return [{ visibility: 'public', message: unsubscribedMessage(invocation.userId, [found]) }];
    },
  };

  return [subscribe, list, unsubscribe].map(explainingStoreErrors);
}

/**
 * Store failures a person can act on, said plainly instead of "something went wrong": the store
 * refuses writes once its database file was deleted or replaced (it logs that once), and a shared
 * database that cannot be reached right now (PostgreSQL restarting) is worth another try shortly.
 */
function explainingStoreErrors(verb: Subcommand): Subcommand {
  return {
    ...verb,
    async answer(invocation, args, deps) {
      try {
        return await verb.answer(invocation, args, deps);
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        if (error.code === 'store_file_gone') {
          const text = `:warning: Nothing was saved: the bot's database file \`${escapeMrkdwn(error.path)}\` was deleted or replaced while the bot was running. Ask whoever runs the bot to restore it or restart the bot, then try again.`;
          return [privateReply(invocation, text)];
        }
        if (error.code === 'store_unavailable') {
          deps.logger.warn('store unavailable; asked the user to try again', { error: error.message });
          return [privateReply(invocation, ":hourglass: The bot's database cannot be reached right now, so nothing was changed. Please try again shortly.")];
        }
        throw error;
      }
    },
  };
}
