import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { scheduleJob } from '../../src/schedule/schedule.js';
import { cronInWords, describeSchedule, formatRunTime } from '../../src/schedule/schedule-words.js';
import { createLogger } from '../../src/logger.js';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ match: (l: Record<string, unknown>) => boolean; resolve: () => void }> = [];
  const logger = createLogger({
    level: 'debug',
    write: (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      lines.push(entry);
      for (const w of [...waiters]) if (w.match(entry)) w.resolve();
    },
  });
  const waitFor = (match: (l: Record<string, unknown>) => boolean) =>
    new Promise<void>((resolve) => {
      if (lines.some(match)) return resolve();
      waiters.push({ match, resolve });
    });
  return { logger, lines, waitFor };
}

describe('scheduleJob', () => {
  it('logs when scheduled and each run, and turns a failing run into an error log, not a rejection', async () => {
    const { logger, lines } = capturingLogger();
    let runs = 0;
    const job = scheduleJob(
      'digest',
      '0 9 * * 1-5',
      'Europe/Paris',
      async () => {
        runs += 1;
        throw new Error('Slack is down');
      },
      logger,
    );
    try {
      expect(lines[0]).toMatchObject({ msg: "scheduled 'digest'", cron: '0 9 * * 1-5', timeZone: 'Europe/Paris' });
      const next = job.nextRun();
      expect(next).toBeInstanceOf(Date);
      // 09:00 in Paris is 07:00 or 08:00 UTC depending on the season.
      expect([7, 8]).toContain(next!.getUTCHours());
      await expect(job.runNow()).resolves.toBeUndefined();
      expect(runs).toBe(1);
      expect(lines.map((l) => l.msg)).toEqual(["scheduled 'digest'", "running 'digest'", "'digest' failed"]);
      expect(lines[2]).toMatchObject({ level: 'error', error: 'Slack is down' });
    } finally {
      await job.stop();
    }
    expect(job.nextRun()).toBeUndefined();
  });

  it('runs the task on its cron tick', async () => {
    const { logger, waitFor } = capturingLogger();
    let resolveRan: () => void = () => undefined;
    const ran = new Promise<void>((resolve) => (resolveRan = resolve));
    // Six fields: every second (node-cron's optional seconds field), so the test waits at most ~1 s.
    const job = scheduleJob('tick', '* * * * * *', 'UTC', async () => resolveRan(), logger);
    try {
      await ran;
      await waitFor((l) => l.msg === "'tick' finished");
    } finally {
      await job.stop();
    }
  });

  it('runs again soon after a passing failure (the database unreachable), not only at the next tick', async () => {
    const { logger, lines, waitFor } = capturingLogger();
    let runs = 0;
    let resolveRecovered: () => void = () => undefined;
    const recovered = new Promise<void>((resolve) => (resolveRecovered = resolve));
    const passing = new Error('database unreachable');
    const retry = { retryable: (error: unknown) => error === passing, delaysMs: [1, 2] };
    // A yearly tick: only the retries can run it again within the test.
    const job = scheduleJob('digest', '0 9 1 1 *', 'UTC', async () => {
      runs += 1;
      if (runs < 3) throw passing;
      resolveRecovered();
    }, logger, retry);
    try {
      await job.runNow();
      await recovered;
      await waitFor((l) => l.msg === "'digest' finished");
      expect(runs).toBe(3);
      expect(lines.filter((l) => l.msg === "running 'digest'").map((l) => l.reason)).toEqual(['invoked', 'retry', 'retry']);
      expect(lines.filter((l) => l.msg === "'digest' failed").map((l) => l.retryInMs)).toEqual([1, 2]);
    } finally {
      await job.stop();
    }
  });

  it('does not retry a failure that is not passing', async () => {
    const { logger, lines } = capturingLogger();
    const job = scheduleJob('digest', '0 9 1 1 *', 'UTC', async () => Promise.reject(new Error('a bug')), logger, { retryable: () => false, delaysMs: [1] });
    try {
      await job.runNow();
      expect(lines.find((l) => l.msg === "'digest' failed")).not.toHaveProperty('retryInMs');
    } finally {
      await job.stop();
    }
  });

  // Schedules are validated once, by the configuration, before any job is scheduled.
  it.each([
    ['0 25 * * *', 'UTC', /"0 25 \* \* \*" is not a valid cron expression/],
    ['0 9 * * 1-5', 'Mars/Olympus', /"Mars\/Olympus" is not a known IANA time zone/],
  ])('refuses %s in %s with a message naming the value', (cron, tz, message) => {
    expect(() => loadConfig({ DIGEST_CRON: cron, DIGEST_TZ: tz })).toThrow(ConfigError);
    expect(() => loadConfig({ DIGEST_CRON: cron, DIGEST_TZ: tz })).toThrow(message);
  });
});

describe('schedule in words', () => {
  it.each([
    ['0 9 * * 1-5', 'weekdays at 09:00'],
    ['30 7 * * 1', 'Mondays at 07:30'],
    ['0 8 * * 1,3,5', 'Mondays, Wednesdays and Fridays at 08:00'],
    ['15 18 * * *', 'every day at 18:15'],
    ['5 * * * *', 'every hour at minute 5'],
    ['0 9 1 * *', undefined],
    ['*/10 * * * *', undefined],
  ])('%s → %s', (cron, words) => {
    expect(cronInWords(cron)).toBe(words);
  });

  it('falls back to the expression and always gives the next run in the time zone', () => {
    expect(describeSchedule('0 9 1 * *', 'UTC')).toMatch(/^on the schedule `0 9 1 \* \*` \(UTC\); next: \w+day 1 \w{3} at 09:00$/);
    expect(formatRunTime(new Date('2024-03-04T08:00:00Z'), 'Europe/Paris')).toBe('Monday 4 Mar at 09:00');
  });
});
