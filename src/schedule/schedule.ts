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

export function scheduleJob(name: string, cron: string, timeZone: string, task: () => Promise<unknown>, logger: Logger): ScheduledJob {
  let running: Promise<void> | undefined;
  const runLogged = async (reason: 'scheduled' | 'invoked') => {
    const started = Date.now();
    logger.info(`running '${name}'`, { job: name, reason });
    try {
      await task();
      logger.info(`'${name}' finished`, { job: name, durationMs: Date.now() - started });
    } catch (error) {
      logger.error(`'${name}' failed`, { job: name, durationMs: Date.now() - started, error: errorMessage(error) });
    }
  };
  const cronTask: ScheduledTask = schedule(
    cron,
    async () => {
      running = runLogged('scheduled');
      await running;
    },
    { name, timezone: timeZone, noOverlap: true },
  );
  cronTask.on('execution:overlap', () => logger.warn(`'${name}' still running at its next tick; that tick is skipped`, { job: name }));
  let stopped = false;
  const job: ScheduledJob = {
    name,
    nextRun: () => (stopped ? undefined : (cronTask.getNextRun() ?? undefined)),
    runNow: () => runLogged('invoked'),
    async stop() {
      stopped = true;
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
