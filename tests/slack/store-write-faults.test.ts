/**
 * The real app on SQLite while its writes are refused but reads still work (another connection
 * holds the database's write lock past the busy timeout, as a full disk or an I/O error would
 * refuse them): a failed write turns /readyz off and /healthz says why, subscription commands
 * say "try again", and both come back once a write goes through again.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

let t: TestSlackApp;
let holder: Database.Database | undefined;
beforeAll(async () => {
  t = await startTestSlackApp({}, { storeBusyTimeoutMs: 50 });
});
afterAll(async () => {
  holder?.close();
  await t?.close();
});

const probe = async (path: string) => {
  const res = await fetch(`${t.baseUrl}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const textOf = (m: Record<string, unknown>) => JSON.stringify(m);

describe('SQLite refusing writes while reads work', () => {
  it('is not ready from the first failed write until a write goes through again', async () => {
    expect((await probe('/readyz')).status).toBe(200);
    holder = new Database(t.app.config.databasePath);
    holder.exec('BEGIN EXCLUSIVE');

    // Reads still work: nothing looks wrong until something is written.
    expect((await probe('/readyz')).status).toBe(200);
    const refused = await t.command('subscribe tag:saas', { channelId: 'C0WRITES' });
    expect(textOf(await t.response(refused.responseId))).toContain('try again shortly');

    const ready = await probe('/readyz');
    expect(ready.status).toBe(503);
    expect(String((ready.body.reasons as string[])[0])).toContain('refuses writes');
    const live = await probe('/healthz');
    expect(live).toMatchObject({ status: 200, body: { status: 'degraded', store: { kind: 'sqlite', reachable: false } } });
    expect(String((live.body.store as Record<string, unknown>).writeProblem)).toContain('database is locked');
    // Still refusing: the probe's own write fails too.
    expect((await probe('/readyz')).status).toBe(503);

    holder.exec('ROLLBACK');
    expect((await probe('/readyz')).status).toBe(200);
    const again = await t.command('subscribe tag:saas', { channelId: 'C0WRITES' });
    expect(textOf(await t.response(again.responseId))).toContain('subscribed this channel');
  });

  it('commits with synchronous=FULL (what was confirmed survives a power loss), and /healthz says so', async () => {
    const live = await probe('/healthz');
    expect((live.body.store as Record<string, unknown>).durability).toBe('synchronous=FULL, journal_mode=WAL');
  });
});
