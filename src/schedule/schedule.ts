/**
 * Named scheduled work on node-cron (the digest and the catalog refresh): logged when scheduled and
 * at each run, awaited and caught so a failing run is logged instead of becoming an unhandled
 * rejection, and never overlapping itself (`noOverlap`: a run still going when the next tick comes
 * skips that tick). Expressions and time zones arrive validated: `config.ts` checks DIGEST_CRON,
 * DIGEST_TZ and CATALOG_REFRESH_CRON once, with fix-it messages.
 */
import { createTask, schedule, type ScheduledTask } from 'node-cron';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';

export interface ScheduledJob {
  name: string;
  /** When it runs next (undefined once stopped). */
  nextRun(): Date | undefined;
  /** Run it now, outside the schedule (still logged and caught). */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

export interface RetryPolicy {
  /** Whether a failure is passing (e.g. the database unreachable) and worth a run before the next tick. */
  retryable(error: unknown): boolean;
  /** Waits before each retry; the last one repeats until a run succeeds or the job stops. */
  delaysMs: readonly number[];
}

/** Retries after a passing failure: 30 s, 1, 2, 5, then every 10 minutes. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [30_000, 60_000, 120_000, 300_000, 600_000];

export function scheduleJob(name: string, cron: string, timeZone: string, task: () => Promise<unknown>, logger: Logger, retry?: RetryPolicy): ScheduledJob {
  let running: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let failuresInARow = 0;
  let stopped = false;
  const runLogged = async (reason: 'scheduled' | 'invoked' | 'retry') => {
    const started = Date.now();
    clearTimeout(retryTimer);
    retryTimer = undefined;
    logger.info(`running '${name}'`, { job: name, reason });
    try {
      await task();
      failuresInARow = 0;
      logger.info(`'${name}' finished`, { job: name, durationMs: Date.now() - started });
    } catch (error) {
      const again = !stopped && retry !== undefined && retry.retryable(error);
      const delayMs = again ? retry.delaysMs[Math.min(failuresInARow, retry.delaysMs.length - 1)]! : undefined;
      failuresInARow += 1;
      logger.error(`'${name}' failed`, { job: name, durationMs: Date.now() - started, error: errorMessage(error), ...(delayMs ? { retryInMs: delayMs } : {}) });
      // Not a sleep: a timer for the next attempt, cleared by any run that starts first and by stop().
      if (delayMs !== undefined) {
        retryTimer = setTimeout(() => {
          if (running === undefined) void (running = runLogged('retry').finally(() => (running = undefined)));
        }, delayMs);
        retryTimer.unref();
      }
    }
  };
  const cronTask: ScheduledTask = schedule(
    cron,
    async () => {
      running = runLogged('scheduled');
      await running;
      running = undefined;
    },
    { name, timezone: timeZone, noOverlap: true },
  );
  cronTask.on('execution:overlap', () => logger.warn(`'${name}' still running at its next tick; that tick is skipped`, { job: name }));
  const job: ScheduledJob = {
    name,
    nextRun: () => (stopped ? undefined : (cronTask.getNextRun() ?? undefined)),
    runNow: () => runLogged('invoked'),
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await cronTask.destroy();
      await running;
    },
  };
  logger.info(`scheduled '${name}'`, { job: name, cron, timeZone, nextRun: job.nextRun()?.toISOString() });
  return job;
}

/** The next `count` times a cron expression fires in a time zone, without scheduling anything. */
export function nextRuns(cron: string, timeZone: string, count = 1): Date[] {
  const probe = createTask(cron, () => undefined, { timezone: timeZone });
  try {
    return probe.getNextRuns(count);
  } finally {
    void probe.destroy();
  }
}
