/**
 * Working out answers, after the ack, a few at a time. A slash command or a button must be
 * acknowledged within 3 s; its answer has 30 minutes on the response_url. Under a burst, the
 * answers' work (search and render, CPU) would otherwise run for every acknowledged request at once,
 * in front of the requests still waiting for their ack. So each answer's work starts on a later
 * turn of the event loop (after pending I/O: new requests are read and acked first), and at most
 * `concurrency` are under way at once. Delivering the answer (a POST to Slack, mostly waiting) is
 * not queued: a slow Slack must not hold up the work of the next answers.
 */
import pLimit from 'p-limit';

/** Answers worked out at once (their work is CPU: a search, a render, a store call); at most this many start per event-loop turn. */
export const DEFAULT_ANSWER_CONCURRENCY = 16;

export interface AnswerQueue {
  /** Run `answer` when its turn comes; resolves with its result. */
  run<T>(answer: () => Promise<T>): Promise<T>;
  /** Answers waiting for their turn (not yet started). */
  readonly pending: number;
}

/** Resolves on a later turn of the event loop, after the I/O already waiting. */
function afterPendingIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function createAnswerQueue(concurrency = DEFAULT_ANSWER_CONCURRENCY): AnswerQueue {
  const limit = pLimit(concurrency);
  return {
    run: (answer) =>
      limit(async () => {
        await afterPendingIo();
        return answer();
      }),
    get pending() {
      return limit.pendingCount;
    },
  };
}
