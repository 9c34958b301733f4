/**
 * What the slash command, the mention and the DM listeners share once they have turned Slack's
 * payload into an Invocation: the router answers it in the answer queue's turn, and the reply is
 * delivered, through the request envelope (one log line, an apology with a reference on failure).
 */
import { handleRequest } from '../conversation/handle-request.js';
import type { Invocation, Reply } from '../conversation/types.js';
import type { ListenerDeps } from './types.js';

export interface TypedRequest {
  /** The log line's `kind`: `command`, `mention`, `dm`. */
  kind: string;
  invocation: Invocation;
  /** When the request arrived (performance.now()), for the latency in the log line. */
  startedAt: number;
  deliver: (reply: Reply) => Promise<void>;
}

export function answerTyped(deps: ListenerDeps, request: TypedRequest): Promise<void> {
  const { invocation } = request;
  return handleRequest({
    kind: request.kind,
    logger: deps.handlerDeps.logger,
    context: { channel: invocation.channelId, user: invocation.userId },
    startedAt: request.startedAt,
    work: () => deps.answers.enqueue(() => deps.router.handle(invocation, deps.handlerDeps)),
    deliver: request.deliver,
  });
}
