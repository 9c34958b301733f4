/** The answer queue's contract: an answer never starts in the turn it was queued, and few run at once. */
import { describe, expect, it } from 'vitest';
import { createAnswerQueue } from '../../../src/slack/listeners/answer-queue.js';

/** Let every pending microtask run (but no timer, immediate or I/O callback). */
async function drainMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('createAnswerQueue', () => {
  it('starts an answer only on a later turn of the event loop, after the I/O already waiting', async () => {
    const queue = createAnswerQueue({ concurrency: 4 });
    let started = false;
    const done = queue.enqueue(async () => {
      started = true;
      return 'answered';
    });
    await drainMicrotasks();
    // The ack's turn is not over: the answer has not started.
    expect(started).toBe(false);
    expect(await done).toBe('answered');
    expect(started).toBe(true);
  });

  it('runs at most `concurrency` answers at once, the rest in order', async () => {
    const queue = createAnswerQueue({ concurrency: 2 });
    let active = 0;
    let most = 0;
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const runs = Array.from({ length: 6 }, (_, i) =>
      queue.enqueue(async () => {
        active += 1;
        most = Math.max(most, active);
        order.push(i);
        await new Promise<void>((resolve) => releases.push(resolve));
        active -= 1;
      }),
    );
    // Release answers as they start, until all six have run.
    while (order.length < 6 || releases.length > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    await Promise.all(runs);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(queue.pending).toBe(0);
  });

  it('passes an answer’s failure to its caller', async () => {
    await expect(createAnswerQueue().enqueue(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
