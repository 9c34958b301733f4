/**
 * The "Share to channel" picker (the small modal with the card and a channel picker), opened with
 * the click's trigger_id: pushed on top when the click came from a modal, opened as a new modal
 * when it came from App Home (a Home tab cannot have a modal pushed on it).
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../logger.js';
import type { Catalog } from '../../../catalog/types.js';
import { articleGoneMessage } from '../../blocks/shared-card.js';
import { articleGoneView, shareModalView } from '../../blocks/search-modal.js';

export interface SharePickerRequest {
  triggerId: string;
  userId: string;
  articleId: unknown;
  /** Push on the modal the click came from; else open a new one. */
  fromModal: boolean;
  /** The log line's kind. */
  kind: string;
}

export async function openSharePicker(client: WebClient, catalog: Catalog, logger: Logger, request: SharePickerRequest): Promise<void> {
  const article = typeof request.articleId === 'string' ? catalog.byId.get(request.articleId) : undefined;
  // Removed by a reload since the card was shown: say so where the user is looking.
  const view = article ? shareModalView({ article }) : articleGoneView(articleGoneMessage().text);
  try {
    if (request.fromModal) await client.views.push({ trigger_id: request.triggerId, view });
    else await client.views.open({ trigger_id: request.triggerId, view });
    logger.info('request handled', { kind: request.kind, user: request.userId, found: article !== undefined });
  } catch (error) {
    logger.error('share modal not opened', { kind: request.kind, user: request.userId, error });
  }
}
