/**
 * Working out answers, after the ack, a few at a time. A slash command or a button must be
 * acknowledged within 3 s; its answer has 30 minutes on the response_url. Under load, the answers'
 * work (search and render, CPU: ~5 ms each at 100,000 articles) would otherwise run back to back in
 * front of the requests still waiting for their ack. So answers start on later turns of the event
 * loop, at most `perTurn` per turn: between two turns Node reads the requests that arrived and acks
 * them, so an ack waits for at most a couple of answers, however long the queue. At most
 * `concurrency` are under way at once (an answer may wait on the store). Delivering the answer (a
 * POST to Slack, mostly waiting) is not queued: a slow Slack must not hold up the next answers.
 */
import pLimit from 'p-limit';

/** Answers under way at once (their work is CPU, plus maybe a store call). */
export const DEFAULT_ANSWER_CONCURRENCY = 16;
/** Answers started per event-loop turn: what an ack may have to wait behind. */
export const DEFAULT_ANSWERS_PER_TURN = 2;

export interface AnswerQueueOptions {
  /** Default DEFAULT_ANSWER_CONCURRENCY (16). */
  concurrency?: number;
  /** Default DEFAULT_ANSWERS_PER_TURN (2). */
  perTurn?: number;
}

export interface AnswerQueue {
  /** Run `answer` when its turn comes; resolves with its result. */
  enqueue<T>(answer: () => Promise<T>): Promise<T>;
  /** Answers waiting for their turn (not yet started). */
  readonly pending: number;
}

/**
 * A gate that lets `perTurn` callers through per event-loop turn, in arrival order. Each turn is a
 * `setImmediate`, which runs after the poll phase: the I/O that arrived meanwhile is handled first.
 * Hand-written: p-limit caps concurrency, not starts per turn.
 */
function turnGate(perTurn: number): { pass(): Promise<void>; readonly waiting: number } {
  let queue: Array<() => void> = [];
  let head = 0;
  let scheduled = false;
  const turn = () => {
    scheduled = false;
    const end = Math.min(queue.length, head + perTurn);
    for (; head < end; head += 1) queue[head]!();
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else {
      scheduled = true;
      setImmediate(turn);
    }
  };
  return {
    pass: () =>
      new Promise<void>((resolve) => {
        queue.push(resolve);
        if (!scheduled) {
          scheduled = true;
          setImmediate(turn);
        }
      }),
    get waiting() {
      return queue.length - head;
    },
  };
}

export function createAnswerQueue(options: AnswerQueueOptions = {}): AnswerQueue {
  const limit = pLimit(options.concurrency ?? DEFAULT_ANSWER_CONCURRENCY);
  const gate = turnGate(Math.max(1, options.perTurn ?? DEFAULT_ANSWERS_PER_TURN));
  return {
    enqueue: (answer) =>
      limit(async () => {
        await gate.pass();
        return answer();
      }),
    get pending() {
      return limit.pendingCount + gate.waiting;
    },
  };
}
