import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { ListenerDeps } from '../types.js';
import { appHomeOpenedCallback } from './app-home-opened.js';
import { appMentionCallback } from './app-mention.js';
import { directMessageCallback } from './direct-message.js';
import { linkSharedCallback } from './link-shared.js';
import { setEventAnswer } from './event-answer.js';
import type { EventClaims } from './event-claims.js';
import type { EventClaim } from '../../../store/types.js';

/**
 * Global middleware: drop an Events API delivery whose `event_id` was already handled (a Slack
 * retry), answer it once otherwise. This process's memory answers first (no round trip for the
 * common case); then the store's claim, shared by every replica. An event claimed by another
 * replica that never recorded its answer is taken over, at once when that replica is known to be
 * gone, else when its claim's lease runs out; the answer is then looked for in Slack before it is
 * posted (the dead replica may have posted it just before dying); and a replica whose answer comes
 * late makes sure, just before posting it, that nobody has taken the event over meanwhile. When the
 * store cannot be asked,
 * the event is answered, looking first if it is a retry: a possible second answer beats a lost one.
 */
export function dropRetriedEvents(deps: Pick<ListenerDeps, 'recentEvents' | 'eventClaims'>, logger: ListenerDeps['handlerDeps']['logger']): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = (body as { type?: unknown; event_id?: unknown }).type === 'event_callback' ? (body as { event_id?: unknown }).event_id : undefined;
    if (typeof eventId !== 'string') return next();
    const dropped = (where: string) => logger.info('duplicate event dropped', { eventId, seenBy: where, retryNum: context.retryNum, retryReason: context.retryReason });
    if (!deps.recentEvents.firstTime(eventId)) return dropped('this process');
    const claims = deps.eventClaims;
    if (!claims) return next();
    let claim: EventClaim | undefined;
    // No later than the store's own claim time: the claim's age is never underestimated.
    const claimedAt = new Date();
    try {
      claim = await claimOrWait(claims, eventId);
    } catch (error) {
      logger.warn('could not claim the event in the store; answering it (a retry elsewhere may answer too)', { eventId, error });
    }
    if (claim?.outcome === 'answered') return dropped('another replica');
    if (claim?.outcome === 'held') return dropped('another replica, still answering');
    if (claim?.outcome === 'taken-over') logger.info('event taken over from a replica that did not answer it', { eventId, from: claim.from, retryNum: context.retryNum });
    setEventAnswer(context, {
      eventId,
      lookFirst: claim === undefined ? context.retryNum !== undefined : claim.outcome === 'taken-over',
      stillOurs: claim === undefined ? async () => true : () => claims.stillOurs(eventId, claimedAt),
    });
    await next();
    if (claim) await claims.markAnswered(eventId).catch((error: unknown) => logger.warn('could not record the event as answered', { eventId, error }));
  };
}

/** The claim; taken over at once from a gone claimant, or after waiting for a live one's lease to run out. */
async function claimOrWait(claims: EventClaims, eventId: string): Promise<EventClaim> {
  const claim = await claims.claim(eventId);
  if (claim.outcome !== 'held') return claim;
  if (claims.isGone(claim.claimant)) return claims.claim(eventId, claim.claimant);
  await claims.waitUntil(claim.until);
  // Answered meanwhile, or ours now, or (held) taken over by another retry first.
  return claims.claim(eventId);
}

export function register(app: App, deps: ListenerDeps): void {
  app.use(dropRetriedEvents(deps, deps.handlerDeps.logger));
  app.event('app_mention', appMentionCallback(deps));
  app.event('app_home_opened', appHomeOpenedCallback(deps));
  // Subscribed as `message.im` in manifest.yml; the callback ignores other channel types.
  app.event('message', directMessageCallback(deps));
  app.event('link_shared', linkSharedCallback(deps));
}
