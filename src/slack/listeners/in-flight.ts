/**
 * Answers still being worked out or delivered after their ack. Bolt's stop() closes the server, but
 * an acknowledged slash command may still be searching or posting to its response_url: a SIGTERM
 * (rolling restart) waits for these before the store closes, so nobody's answer is cut off.
 */
export interface InFlightAnswers {
  /** Count `work` until it settles; resolves or rejects as it does. */
  track<T>(work: Promise<T>): Promise<T>;
  readonly count: number;
  /** Resolves true when none are left, or false after `timeoutMs` with some still running. */
  settled(timeoutMs: number): Promise<boolean>;
}

export function createInFlightAnswers(): InFlightAnswers {
  let count = 0;
  let waiters: Array<() => void> = [];
  const done = () => {
    count -= 1;
    if (count === 0) {
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    }
  };
  return {
    track(work) {
      count += 1;
      return work.finally(done);
    },
    get count() {
      return count;
    },
    settled(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
