/**
 * Requests still being answered, so a shutdown (SIGTERM in a rolling restart) can wait for them.
 * In HTTP mode the gate acks before Bolt runs the listener, so an HTTP server that has closed says
 * nothing about answers still on their way to Slack; this counts every payload from Bolt's first
 * middleware until its listeners have finished.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

export interface InFlight {
  /** Register first (`app.use`), so it wraps every other middleware and listener. */
  readonly middleware: Middleware<AnyMiddlewareArgs>;
  readonly count: number;
  /** Resolves true when nothing is in flight, false if `timeoutMs` passed first. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  let count = 0;
  let waiters: Array<() => void> = [];
  const settle = () => {
    if (count > 0) return;
    const done = waiters;
    waiters = [];
    for (const wake of done) wake();
  };
  return {
    middleware: async ({ next }) => {
      count += 1;
      try {
        await next();
      } finally {
        count -= 1;
        settle();
      }
    },
    get count() {
      return count;
    },
    idle(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(wake);
      });
    },
  };
}
