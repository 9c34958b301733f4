/**
 * The real app (src/app.ts startApp) in HTTP mode on a free 127.0.0.1 port, talking to the fake
 * Slack Web API, with a catalog of the real advanced_300.md plus a hostile fixture. Tests send
 * signed requests and read what reached "Slack" from the fake. `close()` fails the test file when
 * anything the app sent (messages, views, unfurls) broke a Block Kit limit.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp, type StartOverrides } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { callProblems, carriesBlockKit } from './block-kit-limits.js';
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from './fake-slack.js';
import { buttonClickBody, commandBody, eventBody, FORM, JSON_TYPE, postSigned, type ButtonClick } from './signed-request.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test';

/** Web API methods and response_url posts that carry a message. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'respond']);

export interface TestSlackApp {
  app: RunningApp;
  fake: FakeSlack;
  baseUrl: string;
  eventsUrl: string;
  /** The folder the app's CATALOG_SOURCE points at (edit it, then reload the catalog). */
  catalogDir: string;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the first log line (written already or later) that matches; rejects after 5 s. */
  waitForLog(predicate: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Send `/catalog <text>`; returns the HTTP status and the response_url id its answer goes to. */
  command(text: string, options?: { channelId?: string; userId?: string; timestamp?: number; signature?: string }): Promise<{ status: number; responseId: string }>;
  click(click: Omit<ButtonClick, 'responseUrl'> & { responseId?: string }): Promise<{ status: number; responseId: string }>;
  event(eventId: string, event: Record<string, unknown>, headers?: Record<string, string>): Promise<number>;
  /** POST a form-encoded interaction payload (shortcut, modal action, view submission); the ack's status and body (JSON when it is). */
  interaction(formBody: string): Promise<{ status: number; body: unknown }>;
  /** Wait for the first response_url body posted to `responseId`. */
  response(responseId: string): Promise<Record<string, unknown>>;
  /** Every message body the fake Slack received (Web API and response_url). */
  messages(): Array<{ call: FakeSlackCall; message: Record<string, unknown> }>;
  /** Every Block Kit limit broken by anything the app sent (messages, views, unfurls), one line per call. */
  limitProblems(): string[];
  close(): Promise<void>;
}

let counter = 0;

export async function startTestSlackApp(extraEnv: Record<string, string> = {}, overrides: StartOverrides = {}): Promise<TestSlackApp> {
  const fake = await startFakeSlack({ token: BOT_TOKEN });
  const dir = mkdtempSync(join(tmpdir(), 'catalog-bot-slack-'));
  const catalogDir = join(dir, 'catalog');
  // A folder source: the real catalog plus the hostile fixture, merged by the catalog loader.
  await import('node:fs/promises').then((fs) => fs.mkdir(catalogDir));
  copyFileSync('data/advanced_300.md', join(catalogDir, 'advanced_300.md'));
  copyFileSync('tests/fixtures/slack/hostile.md', join(catalogDir, 'hostile.md'));

  const logs: Array<Record<string, unknown>> = [];
  const logWaiters = new Set<(line: Record<string, unknown>) => void>();
  const logger = createLogger({
    level: 'debug',
    secrets: [SIGNING_SECRET],
    write: (raw) => {
      const line = JSON.parse(raw) as Record<string, unknown>;
      logs.push(line);
      for (const waiter of [...logWaiters]) waiter(line);
    },
  });
  const waitForLog = (predicate: (line: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const found = logs.find(predicate);
      if (found) return resolve(found);
      const timer = setTimeout(() => {
        logWaiters.delete(waiter);
        reject(new Error(`no matching log line within 5 s; last lines:\n${logs.slice(-10).map((l) => JSON.stringify(l)).join('\n')}`));
      }, 5_000);
      const waiter = (line: Record<string, unknown>) => {
        if (!predicate(line)) return;
        clearTimeout(timer);
        logWaiters.delete(waiter);
        resolve(line);
      };
      logWaiters.add(waiter);
    });
  const app = await startApp(
    {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      CATALOG_SOURCE: catalogDir,
      DATABASE_PATH: join(dir, 'state.db'),
      INDEX_SNAPSHOT_PATH: join(dir, 'index.json'),
      LOG_LEVEL: 'debug',
      // The test catalogs link to the internet: never crawled unless a test turns it on with a local site.
      CATALOG_FULL_TEXT: 'off',
      ...extraEnv,
    },
    { port: 0, logger, retryConfig: { retries: 0 }, ...overrides },
  );
  const baseUrl = `http://127.0.0.1:${app.port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  const nextId = (prefix: string) => `${prefix}-${++counter}`;
  const limitProblems = () =>
    fake.calls
      .filter(carriesBlockKit)
      .map((call) => ({ call, problems: callProblems(call) }))
      .filter((x) => x.problems.length > 0)
      .map(({ call, problems }) => `${call.method} #${call.seq}: ${problems.join('; ')}`);

  return {
    app,
    fake,
    baseUrl,
    eventsUrl,
    catalogDir,
    logs,
    waitForLog,
    async command(text, options = {}) {
      const responseId = nextId('cmd');
      const body = commandBody({ text, response_url: fake.responseUrl(responseId), channel_id: options.channelId, user_id: options.userId });
      const res = await postSigned(eventsUrl, { secret: SIGNING_SECRET, body, contentType: FORM, timestamp: options.timestamp, signature: options.signature });
      await res.arrayBuffer();
      return { status: res.status, responseId };
    },
    async click(click) {
      const responseId = click.responseId ?? nextId('click');
      const res = await postSigned(eventsUrl, { secret: SIGNING_SECRET, body: buttonClickBody({ ...click, responseUrl: fake.responseUrl(responseId) }), contentType: FORM });
      await res.arrayBuffer();
      return { status: res.status, responseId };
    },
    async event(eventId, event, headers) {
      const res = await postSigned(eventsUrl, { secret: SIGNING_SECRET, body: eventBody({ eventId, event }), contentType: JSON_TYPE, headers });
      await res.arrayBuffer();
      return res.status;
    },
    async interaction(formBody) {
      const res = await postSigned(eventsUrl, { secret: SIGNING_SECRET, body: formBody, contentType: FORM });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text === '' ? '' : JSON.parse(text);
      } catch {
        // A plain-text ack body stays text.
      }
      return { status: res.status, body };
    },
    async response(responseId) {
      const call = await fake.waitFor((c) => c.method === 'respond' && c.responseUrlId === responseId);
      return call.params;
    },
    messages() {
      return fake.calls.filter((c) => MESSAGE_METHODS.has(c.method)).map((call) => ({ call, message: call.params }));
    },
    limitProblems,
    async close() {
      const problems = limitProblems();
      await app.stop();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
      if (problems.length > 0) throw new Error(`the app sent payloads over Block Kit limits:\n  ${problems.join('\n  ')}`);
    },
  };
}
