/**
 * views.update for the search modal, in order. Typing sends one block_actions per pause, and their
 * answers can overtake each other: an older query's results must never replace a newer one's.
 * Per modal (view id), updates run one at a time; one that a newer request has superseded by the
 * time its turn comes is dropped, and each update sends the `hash` of the view it replaces (the
 * one in the payload, or the one our previous update returned), so Slack refuses it with
 * `hash_conflict` when the modal changed in between. One process only: another replica's updates
 * are caught by that hash, not ordered.
 */
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { slackErrorCode } from '../post-failure.js';

export type ModalUpdateOutcome = 'updated' | 'superseded' | 'conflict';

interface ModalState {
  /** Number of the newest request for this modal. */
  latest: number;
  /** Hash of the view our last update put on screen. */
  hash?: string;
  /** The update running now (the next one waits for it). */
  tail: Promise<unknown>;
}

export class ModalUpdates {
  /** Only modals with an update pending are kept, so this is bounded by the requests in flight. */
  private readonly modals = new Map<string, ModalState>();
  private counter = 0;

  /** Modals with updates pending (for tests of the bound). */
  get pending(): number {
    return this.modals.size;
  }

  /**
   * Show `build()`'s view in modal `viewId`, unless a newer request for it arrives first. `build`
   * runs at the update's turn, so superseded searches are never run.
   */
  update(client: WebClient, viewId: string, payloadHash: string | undefined, build: () => View): Promise<ModalUpdateOutcome> {
    const state = this.modals.get(viewId) ?? { latest: 0, tail: Promise.resolve() };
    this.modals.set(viewId, state);
    const mine = ++this.counter;
    state.latest = mine;
    const run = state.tail.then(async (): Promise<ModalUpdateOutcome> => {
      if (state.latest !== mine) return 'superseded';
      const hash = state.hash ?? payloadHash;
      try {
        const answer = await client.views.update({ view_id: viewId, ...(hash ? { hash } : {}), view: build() });
        state.hash = answer.view?.hash;
        return 'updated';
      } catch (error) {
        if (slackErrorCode(error) === 'hash_conflict') return 'conflict';
        throw error;
      } finally {
        if (state.latest === mine) this.modals.delete(viewId);
      }
    });
    state.tail = run.catch(() => undefined);
    return run;
  }
}
