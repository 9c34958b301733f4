/**
 * Enter or the Search button in the search modal (view_submission): the modal stays open with the
 * results of the submitted query (`response_action: update`); an empty query, or one with a filter
 * the parser could not use, is answered on the input itself (`response_action: errors`). The search
 * takes milliseconds, so it runs before the ack that carries its answer.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { apologyMessage } from '../../blocks/error.js';
import { SEARCH_MODAL_IDS } from '../../blocks/search-modal.js';
import { submitModalQuery, type SubmitOutcome } from '../../conversation/modal-search.js';
import { newReference } from '../../conversation/reference.js';
import type { ListenerDeps } from '../types.js';

export function searchSubmitCallback(deps: ListenerDeps) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const startedAt = performance.now();
    const typed = view.state.values[SEARCH_MODAL_IDS.inputBlock]?.[SEARCH_MODAL_IDS.input]?.value;
    let outcome: SubmitOutcome;
    try {
      outcome = submitModalQuery(typed, deps.handlerDeps);
    } catch (error) {
      // Answered on the input like a refusal, so the modal never hangs waiting for an ack.
      const reference = newReference();
      deps.handlerDeps.logger.error('request failed', { kind: 'modal:submit', reference, user: body.user.id, error });
      outcome = { error: apologyMessage(reference).text };
    }
    if ('error' in outcome) {
      await ack({ response_action: 'errors', errors: { [SEARCH_MODAL_IDS.inputBlock]: outcome.error } });
    } else {
      await ack({ response_action: 'update', view: outcome.view });
    }
    deps.handlerDeps.logger.info('request handled', { kind: 'modal:submit', refused: 'error' in outcome, latencyMs: Math.round(performance.now() - startedAt), user: body.user.id });
  };
}
