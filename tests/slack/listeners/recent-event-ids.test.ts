import { describe, expect, it } from 'vitest';
import { RecentEventIds } from '../../../src/slack/listeners/events/recent-event-ids.js';

describe('RecentEventIds', () => {
  it('answers true once per id, then false for retries within the TTL', () => {
    let now = 0;
    const recent = new RecentEventIds({ ttlMs: 1000, now: () => now });
    expect(recent.firstTime('Ev1')).toBe(true);
    now = 999;
    expect(recent.firstTime('Ev1')).toBe(false);
    expect(recent.firstTime('Ev2')).toBe(true);
  });

  it('forgets ids after the TTL', () => {
    let now = 0;
    const recent = new RecentEventIds({ ttlMs: 1000, now: () => now });
    recent.firstTime('Ev1');
    now = 1000;
    expect(recent.firstTime('Ev1')).toBe(true);
  });

  it('stays bounded, forgetting the oldest first', () => {
    const recent = new RecentEventIds({ maxEntries: 3, now: () => 0 });
    for (const id of ['a', 'b', 'c', 'd']) recent.firstTime(id);
    expect(recent.size).toBe(3);
    expect(recent.firstTime('a')).toBe(true);
    expect(recent.firstTime('d')).toBe(false);
  });
});
