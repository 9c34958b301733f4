/**
 * What a claim of a Slack event finds, decided the same way by both stores (each reads the row and
 * writes the outcome in one transaction of its own).
 */
import type { EventClaim, EventClaimOptions } from './types.js';

export interface ExistingEventClaim {
  claimant: string;
  claimedAtMs: number;
  answered: boolean;
}

/** `claimed` and `taken-over` mean the caller now holds the claim: the store writes it. */
export function decideEventClaim(existing: ExistingEventClaim | undefined, options: EventClaimOptions): EventClaim {
  if (!existing) return { outcome: 'claimed' };
  if (existing.answered) return { outcome: 'answered' };
  const until = existing.claimedAtMs + options.leaseMs;
  const gone = options.takeOverFrom !== undefined && existing.claimant === options.takeOverFrom;
  if (existing.claimant === options.claimant || gone || until <= options.now.getTime()) return { outcome: 'taken-over', from: existing.claimant };
  return { outcome: 'held', claimant: existing.claimant, until: new Date(until) };
}
