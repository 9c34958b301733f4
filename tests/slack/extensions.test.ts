/** Features plugged into startApp (how subscriptions and digests join): verbs, start and stop hooks. */
import { describe, expect, it } from 'vitest';
import type { AppExtension } from '../../src/app.js';
import { startTestSlackApp } from '../helpers/slack-app-harness.js';

describe('startApp extensions', () => {
  it('adds their verbs to /catalog and help, and tells them when Slack is up and when the app stops', async () => {
    const events: string[] = [];
    const extension: AppExtension = {
      subcommands: [
        {
          name: 'ping',
          usage: 'ping [words]',
          description: 'answers pong',
          run: async (invocation, args) => [{ visibility: 'public', message: { text: `pong ${args} from ${invocation.channelId}` } }],
        },
      ],
      onStarted: ({ slackApp }) => {
        events.push(`started:${typeof slackApp.client.chat.postMessage}`);
      },
      onStop: () => {
        events.push('stopped');
      },
    };
    const t = await startTestSlackApp({}, { extensions: [() => extension] });
    try {
      expect(events).toEqual(['started:function']);
      const reply = await t.response((await t.command('ping hello', { channelId: 'C0PING' })).responseId);
      expect(reply).toMatchObject({ response_type: 'in_channel', text: 'pong hello from C0PING' });
      const help = await t.response((await t.command('help')).responseId);
      expect(JSON.stringify(help.blocks)).toContain('/catalog ping [words]');
    } finally {
      await t.close();
    }
    expect(events).toEqual(['started:function', 'stopped']);
  });
});
