/** Wire every Slack listener to the app. Each kind registers its own; the deps are passed in. */
import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { HomePublisher } from '../home/home-publisher.js';
import type { CommandRouter } from '../conversation/router.js';
import * as actions from './actions/index.js';
import * as commands from './commands/index.js';
import * as events from './events/index.js';
import * as shortcuts from './shortcuts/index.js';
import * as views from './views/index.js';
import { ModalUpdates } from './modal-updates.js';
import { createAnswerQueue, type AnswerQueue } from './answer-queue.js';
import type { EventClaims } from './events/event-claims.js';
import { RecentEventIds } from './events/recent-event-ids.js';
import { createInFlightAnswers, type InFlightAnswers } from './in-flight.js';
import type { ListenerDeps } from './types.js';
import { SEARCH_MODAL_IDS, SHARE_MODAL_IDS } from '../blocks/search-modal.js';
import type { HandledCallbacks } from '../http-receiver.js';
import { payloadShapeProblem } from '../payload-shapes.js';
import { dropReplays } from './replays.js';
import { RELATED_CALLBACK_ID } from './shortcuts/find-related.js';
import { SEARCH_CALLBACK_ID } from './shortcuts/search-catalog.js';

/** The callback ids registered below: the HTTP gate answers other view submissions and shortcuts at once. */
export const HANDLED_CALLBACKS: HandledCallbacks = {
  viewSubmissions: [SEARCH_MODAL_IDS.callbackId, SHARE_MODAL_IDS.callbackId],
  shortcuts: [SEARCH_CALLBACK_ID, RELATED_CALLBACK_ID],
};

export interface RegisterOptions {
  handlerDeps: ListenerDeps['handlerDeps'];
  router: CommandRouter;
  /** Default: a fresh RecentEventIds (10-minute memory). */
  recentEvents?: RecentEventIds;
  /** Default: createAnswerQueue() (16 answers under way at once, 2 started per event-loop turn). */
  answers?: AnswerQueue;
  /** Default: a fresh tracker. */
  inFlight?: InFlightAnswers;
  /** Default none: events de-duplicated in this process only. */
  eventClaims?: EventClaims;
  home: HomePublisher;
  /** Default: one like Bolt's client (token, API URL) but without retries (createPostingClient). */
  postClient?: WebClient;
}

export function registerListeners(app: App, options: RegisterOptions): ListenerDeps {
  const deps: ListenerDeps = {
    handlerDeps: options.handlerDeps,
    router: options.router,
    recentEvents: options.recentEvents ?? new RecentEventIds(),
    answers: options.answers ?? createAnswerQueue(),
    inFlight: options.inFlight ?? createInFlightAnswers(),
    eventClaims: options.eventClaims,
    home: options.home,
    modalUpdates: new ModalUpdates(),
    postClient: options.postClient ?? new WebClient(app.client.token, { slackApiUrl: app.client.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }),
  };
  // First: every request is counted until its listener has answered (Bolt's next() resolves then).
  app.use(({ next }) => deps.inFlight.track(next()));
  // The HTTP gate refuses malformed payloads with a 400; in Socket Mode they are acked and dropped here.
  app.use(async (args) => {
    const problem = payloadShapeProblem(args.body as Record<string, unknown>);
    if (!problem) return args.next();
    deps.handlerDeps.logger.warn('malformed payload dropped', { problem });
    const ack = (args as { ack?: () => Promise<void> }).ack;
    if (ack) await ack();
  });
  app.use(dropReplays({ claims: deps.eventClaims, logger: deps.handlerDeps.logger }));
  events.register(app, deps);
  commands.register(app, deps);
  actions.register(app, deps);
  shortcuts.register(app, deps);
  views.register(app, deps);
  return deps;
}
