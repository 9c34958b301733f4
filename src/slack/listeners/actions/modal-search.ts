/**
 * The search modal's block_actions: typing in the input (dispatch_action, sent by Slack after a
 * pause in typing), Previous / Next and "did you mean". Each runs the `/catalog` search and
 * replaces the modal's results with views.update, in order per modal (ModalUpdates).
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { View } from '@slack/types';
import { apologyMessage } from '../../blocks/error.js';
import { SEARCH_MODAL_IDS, searchModalView } from '../../blocks/search-modal.js';
import { modalForButton, modalForQuery } from '../../conversation/modal-search.js';
import { newReference } from '../../conversation/reference.js';
import type { ListenerDeps } from '../types.js';

export function modalSearchCallback(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    await ack();
    const { logger } = deps.handlerDeps;
    const viewId = body.view?.id;
    const value = 'value' in action ? action.value : undefined;
    const kind = action.action_id === SEARCH_MODAL_IDS.input ? 'modal:typing' : action.action_id.startsWith(SEARCH_MODAL_IDS.suggestionPrefix) ? 'modal:suggestion' : 'modal:page';
    const context = { user: body.user.id, view: viewId };
    if (!viewId) {
      logger.warn('modal action without a view', { kind, ...context });
      return;
    }
    let reference: string | undefined;
    const build = (): View => {
      try {
        const view = kind === 'modal:typing' ? modalForQuery(value, deps.handlerDeps) : modalForButton(value, deps.handlerDeps);
        // A button value we did not make (forged, or from an older version): start over with the how-to.
        return view ?? searchModalView();
      } catch (error) {
        reference = newReference();
        logger.error('request failed', { kind, reference, ...context, error });
        return searchModalView({ failure: apologyMessage(reference).blocks });
      }
    };
    try {
      const outcome = await deps.answers.enqueue(() => deps.modalUpdates.update(client, viewId, body.view?.hash, build));
      if (!reference) logger.info('request handled', { kind, outcome, latencyMs: Math.round(performance.now() - startedAt), ...context });
    } catch (error) {
      logger.error('modal update failed', { kind, ...context, error });
    }
  };
}
