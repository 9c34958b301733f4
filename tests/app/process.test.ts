/**
 * `npm start` as a process: configuration errors stop it with a message naming the variable,
 * HTTP mode becomes ready against the fake Slack and stops cleanly on SIGTERM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { freePort } from '../helpers/free-port.js';
import { startAppProcess } from '../helpers/app-process.js';

let fake: FakeSlack;
let dir: string;
beforeAll(async () => {
  fake = await startFakeSlack({ token: 'xoxb-proc' });
  dir = mkdtempSync(join(tmpdir(), 'catalog-bot-proc-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function startProcess(env: Record<string, string>) {
  return startAppProcess({ INDEX_SNAPSHOT_PATH: join(dir, 'index.json'), DATABASE_PATH: join(dir, 'state.db'), ...env });
}

describe('npm start', () => {
  it('stops with exit code 1 and names the missing variable and the mode that needs it', async () => {
    const p = startProcess({ SLACK_BOT_TOKEN: 'xoxb-proc' });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain('SLACK_SIGNING_SECRET (HTTP mode)');
    expect(p.stderr()).not.toContain('xoxb-proc');
  }, 30_000);

  it('runs in HTTP mode, logs "ready" with mode and port, serves /healthz, and exits 0 on SIGTERM', async () => {
    const p = startProcess({ SLACK_BOT_TOKEN: 'xoxb-proc', SLACK_SIGNING_SECRET: 'proc-secret', SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()) });
    await p.waitForStderr('"msg":"ready"');
    const ready = JSON.parse(p.stderr().split('\n').find((l) => l.includes('"msg":"ready"'))!) as { mode: string; port: number };
    expect(ready.mode).toBe('http');
    const res = await fetch(`http://127.0.0.1:${ready.port}/healthz`);
    expect(res.status).toBe(200);
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.stderr()).toContain('"msg":"stopped"');
    expect(p.stderr()).not.toContain('xoxb-proc');
    expect(p.stderr()).not.toContain('proc-secret');
  }, 30_000);

  it('refuses a bot token Slack rejects, at start', async () => {
    const p = startProcess({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: 'proc-secret', SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()) });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toMatch(/could not start: Slack rejected SLACK_BOT_TOKEN \(auth.test answered "invalid_auth"\)/);
  }, 30_000);
});
