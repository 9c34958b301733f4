/** Previous / Next, and "did you mean" buttons: run the search the button carries, replacing the clicked message. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { pageReply } from '../../conversation/actions.js';
import type { Invocation } from '../../conversation/types.js';
import { clickedThread, viaResponseUrl } from '../deliver.js';
import { handleRequest } from '../../conversation/handle-request.js';
import type { ListenerDeps } from '../types.js';

export interface PageCallbackOptions {
  /** Replace the clicked message (paging, suggestions). Default true; false for "See all" on a public answer. */
  replaceOriginal?: boolean;
}

export function pageCallback(deps: ListenerDeps, options: PageCallbackOptions = {}) {
  return async ({ ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    await ack();
    const channel = body.channel?.id ?? body.container?.channel_id ?? '';
    const invocation: Invocation = { surface: 'action', text: '', userId: body.user.id, channelId: channel };
    await handleRequest({
      kind: `action:${action.action_id.startsWith('run_search') ? 'suggestion' : action.action_id === 'show_more' ? 'more' : 'page'}`,
      logger: deps.handlerDeps.logger,
      context: { channel, user: body.user.id },
      startedAt,
      work: () => deps.answers.enqueue(async () => [pageReply(invocation, action.value, deps.handlerDeps, options)]),
      deliver: viaResponseUrl(respond, clickedThread(body)),
    });
  };
}
