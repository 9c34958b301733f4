/**
 * A digest schedule in words for people ("weekdays at 09:00 UTC, next Monday 30 Nov at 09:00"),
 * from the DIGEST_CRON expression and DIGEST_TZ. Common shapes get a sentence; anything else is
 * shown as the expression with its next run, which is always right.
 */
import { nextRuns } from './schedule.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function days(field: string): string | undefined {
  if (field === '*') return 'every day';
  if (field === '1-5' || field === 'mon-fri' || field === 'MON-FRI') return 'weekdays';
  if (field === '0,6' || field === '6,0' || field === 'sat,sun') return 'weekends';
  if (/^[0-7](,[0-7])*$/.test(field)) {
    const names = [...new Set(field.split(',').map((d) => DAY_NAMES[Number(d) % 7]))].map((d) => `${d}s`);
    return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  }
  return undefined;
}

/** `0 9 * * 1-5` → `weekdays at 09:00`; undefined when the shape is not a simple daily time. */
export function cronInWords(cron: string): string | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  if (dayOfMonth !== '*' || month !== '*') return undefined;
  const when = days(dayOfWeek);
  if (!when) return undefined;
  if (/^\d{1,2}$/.test(minute) && /^\d{1,2}$/.test(hour)) return `${when} at ${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`;
  if (/^\d{1,2}$/.test(minute) && hour === '*') return `${when === 'every day' ? 'every hour' : `every hour on ${when}`} at minute ${minute}`;
  return undefined;
}

/** `Monday 30 Nov at 09:00` in the given time zone. */
export function formatRunTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')} at ${get('hour')}:${get('minute')}`;
}

/** The whole sentence: `weekdays at 09:00 (UTC); next: Monday 30 Nov at 09:00`. */
export function describeSchedule(cron: string, timeZone: string): string {
  const words = cronInWords(cron) ?? `on the schedule \`${cron}\``;
  const next = nextRuns(cron, timeZone, 1)[0];
  return `${words} (${timeZone})${next ? `; next: ${formatRunTime(next, timeZone)}` : ''}`;
}
