/**
 * The Slack start names what to fix: the token Slack actually refused (the bot token at auth.test,
 * the app-level token at apps.connections.open), and an unreachable Web API by its URL, at once
 * rather than after a minute of retries. The real startApp against the fake Slack (or against a
 * port that hangs up on every connection).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, startFailure } from '../../src/app.js';
import { SlackStartError } from '../../src/errors.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { freePort } from '../helpers/free-port.js';

let fake: FakeSlack;
let dir: string;
beforeAll(async () => {
  fake = await startFakeSlack({ token: 'xoxb-good' });
  dir = mkdtempSync(join(tmpdir(), 'catalog-bot-start-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

// CATALOG_FULL_TEXT off: the bundled catalog links to the internet.
const files = () => ({ INDEX_SNAPSHOT_PATH: join(dir, 'index.bin'), DATABASE_PATH: join(dir, 'state.db'), CATALOG_SOURCE: 'data/advanced_300.md', CATALOG_FULL_TEXT: 'off' });

async function startError(env: Record<string, string>): Promise<unknown> {
  try {
    const app = await startApp({ ...files(), ...env }, { logger: silentLogger, retryConfig: { retries: 0 } });
    await app.stop();
  } catch (error) {
    return error;
  }
  throw new Error('startApp succeeded; expected it to fail');
}

describe('Socket Mode start', () => {
  it('names SLACK_APP_TOKEN and connections:write when apps.connections.open refuses it (auth.test said ok)', async () => {
    const error = await startError({ SLACK_BOT_TOKEN: 'xoxb-good', SLACK_APP_TOKEN: 'xapp-refused', SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()) });
    expect(error).toBeInstanceOf(SlackStartError);
    expect(error).toMatchObject({ code: 'slack_token_rejected', variable: 'SLACK_APP_TOKEN', method: 'apps.connections.open' });
    const message = startFailure(error);
    expect(message).toMatch(/^could not start: Slack rejected SLACK_APP_TOKEN \(apps\.connections\.open answered "invalid_auth"\)/);
    expect(message).toContain('connections:write');
    expect(message).not.toContain('SLACK_BOT_TOKEN');
    // Both tokens went to the fake (SLACK_API_URL is honoured by the Socket Mode client too).
    expect(fake.callsTo('auth.test').at(-1)?.outcome).toBe('ok');
    expect(fake.callsTo('apps.connections.open').at(-1)).toMatchObject({ token: 'xapp-refused', outcome: 'error' });
  });

  it('a refused app-level token prints no line of the Socket Mode client before the reason (only at debug)', async () => {
    const lines: Array<{ level: string; msg: string }> = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as { level: string; msg: string }) });
    await expect(
      startApp({ ...files(), SLACK_BOT_TOKEN: 'xoxb-good', SLACK_APP_TOKEN: 'xapp-refused', SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()) }, { logger, retryConfig: { retries: 0 } }),
    ).rejects.toBeInstanceOf(SlackStartError);
    // The client did say it (kept for debugging), but not as an error an operator reads before ours.
    expect(lines.some((l) => l.level === 'debug' && /WSS URL/.test(l.msg))).toBe(true);
    expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
  });

  it('still names SLACK_BOT_TOKEN when auth.test refuses the bot token', async () => {
    const error = await startError({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_APP_TOKEN: 'xapp-any', SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()) });
    expect(error).toMatchObject({ code: 'slack_token_rejected', variable: 'SLACK_BOT_TOKEN', method: 'auth.test' });
    expect(startFailure(error)).toMatch(/^could not start: Slack rejected SLACK_BOT_TOKEN \(auth\.test answered "invalid_auth"\)/);
  });
});

describe('a started app', () => {
  it('keeps logging at LOG_LEVEL (Bolt would set its logger to info)', async () => {
    for (const level of ['warn', 'debug'] as const) {
      const lines: Array<Record<string, unknown>> = [];
      const logger = createLogger({ level, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
      const app = await startApp({ ...files(), SLACK_BOT_TOKEN: 'xoxb-good', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl }, { logger, port: 0 });
      await app.stop();
      expect(logger.getLevel()).toBe(level);
      if (level === 'warn') expect(lines.filter((l) => l.level === 'info')).toEqual([]);
      else expect(lines.some((l) => l.level === 'debug')).toBe(true);
    }
  });
});

describe('an unreachable Slack', () => {
  let server: Server;
  let connections = 0;
  let url: string;
  beforeAll(async () => {
    // Accepts every connection and hangs up at once: what a dead proxy or a wrong port looks like.
    server = createServer((socket: Socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('says the Web API at that URL could not be reached and what to check, after one attempt', async () => {
    const error = await startError({ SLACK_BOT_TOKEN: 'xoxb-good', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: url, PORT: String(await freePort()) });
    expect(error).toMatchObject({ code: 'slack_unreachable', variable: 'SLACK_API_URL', method: 'auth.test' });
    const message = startFailure(error);
    expect(message).toContain(`could not start: Slack's Web API at ${url} could not be reached (auth.test: `);
    expect(message).toMatch(/network connection.*proxy or firewall.*SLACK_API_URL \(set to http:\/\/127\.0\.0\.1:\d+\/api\/\)/);
    expect(message).not.toContain('A request error occurred');
    // No retries at start: the answer comes after the first refusal, not four warnings later.
    expect(connections).toBe(1);
  });

  it('names the cause when nothing listens at all', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/api/`;
    const error = await startError({ SLACK_BOT_TOKEN: 'xoxb-good', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: closed, PORT: String(await freePort()) });
    expect(startFailure(error)).toContain(`Slack's Web API at ${closed} could not be reached (auth.test: connect ECONNREFUSED 127.0.0.1:`);
  });
});
