/** `/catalog …`: ack at once (Slack's 3-second rule), then answer through the response_url. */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { normalizeUserText } from '../../conversation/user-text.js';
import type { Invocation } from '../../conversation/types.js';
import { viaResponseUrl } from '../deliver.js';
import { handleRequest } from '../../conversation/handle-request.js';
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
    await deps.answers.run(() =>
      handleRequest({
        kind: 'command',
        logger: deps.handlerDeps.logger,
        context: { channel: command.channel_id, user: command.user_id },
        startedAt,
        work: () => deps.router.handle(invocation, deps.handlerDeps),
        deliver: viaResponseUrl(respond),
      }),
    );
  };
}
