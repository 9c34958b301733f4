/**
 * Paces chat.postMessage for a digest fan-out so Slack rarely has to say 429.
 *
 * Slack allows about one message per second per channel, plus an unpublished workspace-wide limit
 * (slack-facts.md §7). So:
 * - per channel: at most one message per `perChannelIntervalMs`;
 * - workspace: messages spaced `1000 / rate` ms apart. The rate starts at `startPerSecond`, climbs
 *   by `increasePerSuccess` after each accepted message up to `maxPerSecond`, and on a 429 the
 *   ceiling drops to `backoffFactor` × the rate that drew it and the rate to that ceiling: the pacer
 *   learns the workspace's limit from its first 429 instead of meeting it again and again;
 * - a 429's Retry-After pauses every send (workspace) until it has passed.
 *
 * Slots are reserved in call order; a waiter re-reserves when a 429 arrived while it waited.
 */

export interface PacerOptions {
  /** Ceiling of the workspace-wide rate, messages per second. Default 50. */
  maxPerSecond?: number;
  /** Starting rate, messages per second. Default 20. */
  startPerSecond?: number;
  /** Rate added per accepted message until the ceiling. Default 1. */
  increasePerSuccess?: number;
  /** On a 429 the ceiling becomes this fraction of the current rate. Default 0.95. */
  backoffFactor?: number;
  /** Never go below this rate. Default 1. */
  minPerSecond?: number;
  /** Minimum gap between two messages to one channel. Default 1000 ms. */
  perChannelIntervalMs?: number;
  /** Clock and timer, for tests. Default Date.now / setTimeout. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = {
  maxPerSecond: 50,
  startPerSecond: 20,
  increasePerSuccess: 1,
  backoffFactor: 0.95,
  minPerSecond: 1,
  perChannelIntervalMs: 1000,
} as const;

export class PostPacer {
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly options: Required<Omit<PacerOptions, 'clock' | 'sleep'>>;
  private ceiling: number;
  private rate: number;
  private nextSlot = 0;
  private pausedUntil = 0;
  /** Bumped by every 429: reservations made before it are void. */
  private generation = 0;
  private readonly channelNext = new Map<string, number>();

  constructor(options: PacerOptions = {}) {
    this.options = {
      maxPerSecond: options.maxPerSecond ?? DEFAULTS.maxPerSecond,
      startPerSecond: options.startPerSecond ?? DEFAULTS.startPerSecond,
      increasePerSuccess: options.increasePerSuccess ?? DEFAULTS.increasePerSuccess,
      backoffFactor: options.backoffFactor ?? DEFAULTS.backoffFactor,
      minPerSecond: options.minPerSecond ?? DEFAULTS.minPerSecond,
      perChannelIntervalMs: options.perChannelIntervalMs ?? DEFAULTS.perChannelIntervalMs,
    };
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.ceiling = this.options.maxPerSecond;
    this.rate = Math.min(this.options.startPerSecond, this.ceiling);
  }

  /** Current workspace rate and learned ceiling, messages per second (diagnostics, benchmark). */
  get currentRate(): { rate: number; ceiling: number } {
    return { rate: this.rate, ceiling: this.ceiling };
  }

  /** Resolves when a message to `channel` may be sent. */
  async acquire(channel: string): Promise<void> {
    for (;;) {
      const now = this.clock();
      const generation = this.generation;
      const earliest = Math.max(now, this.pausedUntil, this.channelNext.get(channel) ?? 0);
      const slot = Math.max(earliest, this.nextSlot);
      const previousChannelNext = this.channelNext.get(channel);
      const reserved = slot + this.options.perChannelIntervalMs;
      this.nextSlot = slot + 1000 / this.rate;
      this.channelNext.set(channel, reserved);
      if (slot > now) await this.sleep(slot - now);
      if (generation === this.generation) return;
      // A 429 arrived while we waited: our slot may fall inside the pause. Give the channel slot
      // back (nothing was sent) and reserve again.
      if (this.channelNext.get(channel) === reserved) {
        if (previousChannelNext === undefined) this.channelNext.delete(channel);
        else this.channelNext.set(channel, previousChannelNext);
      }
    }
  }

  /** An accepted message: creep back up towards the ceiling. */
  onAccepted(): void {
    this.rate = Math.min(this.ceiling, this.rate + this.options.increasePerSuccess);
  }

  /**
   * Slack refused the message for another reason (not_in_channel…): nothing was posted, so the
   * channel's one-per-second budget is untouched and a retry (after a join) need not wait.
   */
  onRefused(channel: string): void {
    this.channelNext.delete(channel);
  }

  /** Slack answered 429: pause everyone for Retry-After and lower the ceiling. */
  onRateLimited(channel: string, retryAfterSec: number): void {
    const now = this.clock();
    this.generation += 1;
    this.ceiling = Math.max(this.options.minPerSecond, this.rate * this.options.backoffFactor);
    this.rate = this.ceiling;
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(0, retryAfterSec) * 1000);
    this.nextSlot = this.pausedUntil;
    this.channelNext.set(channel, Math.max(this.channelNext.get(channel) ?? 0, this.pausedUntil));
  }
}
