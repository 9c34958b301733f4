/** `/catalog …`: ack at once (Slack's 3-second rule), then answer through the response_url. */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { normalizeUserText } from '../../conversation/user-text.js';
import type { Invocation } from '../../conversation/types.js';
import { viaResponseUrl } from '../deliver.js';
import { answerTyped } from '../answer-typed.js';
import type { ListenerDeps } from '../types.js';

export function catalogCommandCallback(deps: ListenerDeps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    await ack();
    const invocation: Invocation = {
      surface: 'command',
      text: normalizeUserText(command.text ?? ''),
      userId: command.user_id,
      channelId: command.channel_id,
    };
    await answerTyped(deps, { kind: 'command', invocation, startedAt, deliver: viaResponseUrl(respond) });
  };
}
