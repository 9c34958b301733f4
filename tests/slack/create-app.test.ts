import { SocketModeReceiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { createSlackApp } from '../../src/slack/create-app.js';

const identity = { botId: 'B0BOT', botUserId: 'U0BOT' };
const health = { liveness: async () => ({ statusCode: 200 as const, body: {} }), readiness: async () => ({ statusCode: 200 as const, body: {} }) };

describe('createSlackApp', () => {
  it('builds a Socket Mode app when an app token is set (not started: no network here)', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    const app = createSlackApp(config, silentLogger, { identity, health });
    expect((app as unknown as { receiver: unknown }).receiver).toBeInstanceOf(SocketModeReceiver);
  });

  it('refuses the offline mode, which has no Slack credentials', () => {
    expect(() => createSlackApp(loadConfig({}), silentLogger, { identity, health })).toThrow(/mode "offline" has no Slack credentials/);
  });
});
