/**
 * The envelope around every request a listener handles: run the conversation step, deliver its
 * replies, log one structured line (kind, latency, result count), and turn any failure into
 * "Something went wrong, reference XYZ" for the user plus an error log line with that reference.
 * Never throws, so no request can become an unhandled rejection.
 */
import { apologyMessage } from '../blocks/error.js';
import { newReference } from './reference.js';
import type { Reply } from './types.js';
import type { Logger } from '../../logger.js';

export interface RequestEnvelope {
  /** `command`, `mention`, `dm`, `action:share`… — the log line's `kind`. */
  kind: string;
  logger: Logger;
  /** Ids worth a log line (channel, user); never message text or tokens. */
  context?: Record<string, unknown>;
  work: () => Promise<Reply[]>;
  deliver: (reply: Reply) => Promise<void>;
  /** When the request arrived (for latency). Default: now. */
  startedAt?: number;
}

export async function handleRequest(envelope: RequestEnvelope): Promise<void> {
  const { kind, logger, context = {} } = envelope;
  const started = envelope.startedAt ?? performance.now();
  try {
    const replies = await envelope.work();
    for (const reply of replies) await envelope.deliver(reply);
    const results = replies.reduce<number | undefined>((sum, r) => (r.resultCount === undefined ? sum : (sum ?? 0) + r.resultCount), undefined);
    logger.info('request handled', { kind, latencyMs: Math.round(performance.now() - started), replies: replies.length, ...(results === undefined ? {} : { results }), ...context });
  } catch (error) {
    const reference = newReference();
    logger.error('request failed', { kind, reference, latencyMs: Math.round(performance.now() - started), ...context, error });
    try {
      await envelope.deliver({ visibility: 'ephemeral', message: apologyMessage(reference) });
    } catch (deliveryError) {
      logger.error('could not deliver the failure notice', { kind, reference, ...context, error: deliveryError });
    }
  }
}
