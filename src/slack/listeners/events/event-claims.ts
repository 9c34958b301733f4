/**
 * The store's event claims as the event middleware uses them: claim an event for this process,
 * make sure a late answer's claim is still ours before posting it, record that its answer is out,
 * and tell whether a claimant has gone (then its claim is taken
 * over at once instead of after the lease).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { defaultLockOwner, isDeadLocalOwner } from '../../../store/lock-owner.js';
import type { EventClaim, Store } from '../../../store/types.js';

/**
 * How long an unanswered claim keeps other replicas off an event. A live claimant answers in well
 * under this (its ack waits for the answer, up to 2 s); a retry meeting a younger claim by a
 * replica on another host waits for it to run out, then answers, looking in Slack first.
 */
export const EVENT_CLAIM_LEASE_MS = 10_000;

export interface EventClaims {
  claim(eventId: string, takeOverFrom?: string): Promise<EventClaim>;
  markAnswered(eventId: string): Promise<void>;
  /**
   * Just before posting the answer to an event claimed at `claimedAt`: true when the claim is still
   * ours (renewed if half its lease is gone, so nobody takes it over while the post is under way),
   * false when another replica has taken it over meanwhile (then it answers, not us).
   */
  stillOurs(eventId: string, claimedAt: Date): Promise<boolean>;
  /** True when `claimant` is known to be gone (a process on this host that no longer exists). */
  isGone(claimant: string): boolean;
  /** Resolves once the claim may be taken over (bounded by the lease). */
  waitUntil(until: Date): Promise<void>;
}

export interface StoreEventClaimsOptions {
  /** Default: `host:pid:nonce` of this process. */
  claimant?: string;
  /** Default EVENT_CLAIM_LEASE_MS. */
  leaseMs?: number;
  now?: () => Date;
}

export function storeEventClaims(store: Pick<Store, 'claimEvent' | 'renewEventClaim' | 'markEventAnswered'>, options: StoreEventClaimsOptions = {}): EventClaims {
  const claimant = options.claimant ?? defaultLockOwner();
  const leaseMs = options.leaseMs ?? EVENT_CLAIM_LEASE_MS;
  const now = options.now ?? (() => new Date());
  return {
    claim: (eventId, takeOverFrom) => store.claimEvent(eventId, { claimant, now: now(), leaseMs, ...(takeOverFrom ? { takeOverFrom } : {}) }),
    markAnswered: (eventId) => store.markEventAnswered(eventId, now()),
    stillOurs: async (eventId, claimedAt) => {
      const at = now();
      // Nobody can have taken over a claim this young: no store call on the common path.
      if (at.getTime() - claimedAt.getTime() < leaseMs / 2) return true;
      return store.renewEventClaim(eventId, claimant, at);
    },
    isGone: isDeadLocalOwner,
    waitUntil: async (until) => {
      await delay(Math.min(leaseMs, Math.max(0, until.getTime() - now().getTime())));
    },
  };
}
