/**
 * Requests and acks by surface for `GET /metrics`. Both receivers hand every payload to
 * `app.processEvent` (the receiver interface Bolt documents), so timing it there covers HTTP and
 * Socket Mode alike; the HTTP gate acks by itself (http-receiver.ts) and reports that ack through
 * `onAck`, its no-op ack being marked so it is not timed twice.
 */
import type { App } from '@slack/bolt';
import type { BotMetrics, Surface } from '../metrics/index.js';
import { ACKED_BY_GATE } from './http-receiver.js';

/** Which surface a Slack payload came from (a fixed set of labels). */
export function surfaceOf(body: Record<string, unknown>): Surface {
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'event_callback': {
      const type = (body.event as { type?: unknown; channel_type?: unknown } | undefined)?.type;
      if (type === 'app_mention') return 'mention';
      if (type === 'message') return 'dm';
      if (type === 'link_shared') return 'unfurl';
      if (type === 'app_home_opened') return 'home';
      return 'event';
    }
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
    case 'view_closed':
      return 'view';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'block_suggestion':
      return 'suggestion';
    default:
      return 'other';
  }
}

/** Time every request the app processes, and its ack unless the gate acked it (then `onAck` reports it). */
export function instrumentRequests(app: App, metrics: BotMetrics): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event) => {
    const started = performance.now();
    const surface = surfaceOf(event.body);
    const seconds = () => (performance.now() - started) / 1000;
    let ack = event.ack;
    if (!(ACKED_BY_GATE in event.ack)) {
      let acked = false;
      ack = async (...args: Parameters<typeof event.ack>) => {
        if (!acked) {
          acked = true;
          metrics.ack(surface, seconds());
        }
        return event.ack(...args);
      };
    }
    try {
      await processEvent({ ...event, ack });
    } finally {
      metrics.request(surface, seconds());
    }
  };
}

/** The gate's `onAck`, for createGuardedReceiver. */
export function gateAckRecorder(metrics: BotMetrics): (payload: Record<string, unknown>, seconds: number) => void {
  return (payload, seconds) => metrics.ack(surfaceOf(payload), seconds);
}
