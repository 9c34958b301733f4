/**
 * A replayed request is dropped: the same signed `/catalog` request sent twice, the same Share click
 * twice, the same modal submission twice. Slack never re-sends these itself (it retries only Events
 * API deliveries, de-duplicated on event_id in ./events/), and every real one carries a trigger_id
 * of its own, so a trigger_id seen before is a replay. The signature check lets a captured request
 * through for five minutes; within that window the trigger_id is remembered in this process and
 * claimed in the store (the event claims, shared by replicas; kept an hour), so a replay sent to
 * another replica is dropped there too. When the store cannot be asked the request is answered.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import type { EventClaims } from './events/event-claims.js';
import { RecentEventIds } from './events/recent-event-ids.js';

/** Kinds of payload a person sends once per action, each with its own trigger_id. */
const ONE_PER_ACTION = new Set(['block_actions', 'view_submission', 'shortcut', 'message_action']);

/** Longer than the signature's replay window (five minutes either side of our clock). */
const REMEMBER_MS = 11 * 60_000;

/** The key a request is de-duplicated on, or undefined for kinds that are not (events, handshakes). */
export function replayKey(body: Record<string, unknown>): string | undefined {
  const isCommand = typeof body.command === 'string';
  if (!isCommand && !ONE_PER_ACTION.has(String(body.type))) return undefined;
  const trigger = body.trigger_id;
  return typeof trigger === 'string' && trigger !== '' && trigger.length <= 200 ? `trigger:${trigger}` : undefined;
}

export function dropReplays(options: { claims?: EventClaims; logger: Logger; recent?: RecentEventIds }): Middleware<AnyMiddlewareArgs> {
  const recent = options.recent ?? new RecentEventIds({ ttlMs: REMEMBER_MS, maxEntries: 50_000 });
  const { logger, claims } = options;
  return async (args) => {
    const key = replayKey(args.body as Record<string, unknown>);
    if (!key) return args.next();
    const drop = async (seenBy: string) => {
      logger.warn('replayed request dropped', { key, seenBy });
      // The gate acked the early-acked kinds already; a view submission or shortcut still waits for this.
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
    };
    if (!recent.firstTime(key)) return drop('this process');
    if (claims) {
      try {
        const claim = await claims.claim(key);
        // Only the first claim of a key is `claimed`; any other outcome means it was seen before.
        if (claim.outcome !== 'claimed') return drop('another replica');
      } catch (error) {
        logger.warn('could not check the store for a replay; answering', { key, error });
      }
    }
    await args.next();
  };
}
