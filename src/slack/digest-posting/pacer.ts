/**
 * Paces chat.postMessage for a digest fan-out so Slack rarely has to say 429.
 *
 * Slack allows about one message per second per channel, plus an unpublished workspace-wide limit
 * (docs.slack.dev/apis/web-api/rate-limits: chat.postMessage is "Special" tier). So:
 * - per channel: at most one message per `perChannelIntervalMs`;
 * - workspace: messages spaced `1000 / rate` ms apart. The rate starts at `startPerSecond`, climbs
 *   by `increasePerSuccess` after each accepted message up to `maxPerSecond`, and on a 429 the
 *   ceiling drops to `backoffFactor` × what Slack actually accepted over the last second (or the
 *   pacing rate, if lower or if we have not been sending for a second yet), and the rate to that
 *   ceiling: the pacer learns the workspace's limit from its first 429 instead of meeting it again
 *   and again;
 * - a 429's Retry-After pauses every send (workspace) until it has passed.
 *
 * Spacing is measured from when messages were actually sent, never from a planned schedule: after
 * the event loop stalls (a busy machine), waiting messages go out one interval apart again instead
 * of catching up in a burst that would break the workspace limit. Callers take turns in order;
 * the per-channel wait happens before taking a turn, so one busy channel never holds up the rest.
 */

export interface PacerOptions {
  /** Ceiling of the workspace-wide rate, messages per second. Default 50. */
  maxPerSecond?: number;
  /** Starting rate, messages per second. Default 20. */
  startPerSecond?: number;
  /** Rate added per accepted message until the ceiling. Default 1. */
  increasePerSuccess?: number;
  /** On a 429 the ceiling becomes this fraction of the current rate. Default 0.9: one clear step down, rather than several small ones that each cost a Retry-After pause. */
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
  backoffFactor: 0.9,
  minPerSecond: 1,
  perChannelIntervalMs: 1000,
} as const;

export class PostPacer {
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly options: Required<Omit<PacerOptions, 'clock' | 'sleep'>>;
  private ceiling: number;
  private rate: number;
  /** When the last message actually went out. */
  private lastSend = Number.NEGATIVE_INFINITY;
  private pausedUntil = 0;
  /** The earliest time each channel may get its next message. */
  private readonly channelNext = new Map<string, number>();
  /** Turns are taken in call order. */
  private turns: Promise<void> = Promise.resolve();
  /** When accepted messages were acknowledged, over the last second: the rate Slack really allows. */
  private readonly acceptedTimes: number[] = [];
  private firstAccepted: number | undefined;

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

  /** Resolves when a message to `channel` may be sent; the caller sends it right away. */
  async acquire(channel: string): Promise<void> {
    // Per channel first, outside the shared line. Reserve the slot so two posts to one channel queue up.
    const now = this.clock();
    const channelSlot = Math.max(now, this.channelNext.get(channel) ?? 0);
    this.channelNext.set(channel, channelSlot + this.options.perChannelIntervalMs);
    if (channelSlot > now) await this.sleep(channelSlot - now);

    const turn = this.turns.then(() => this.waitForWorkspace(channel));
    this.turns = turn.catch(() => undefined);
    await turn;
  }

  private async waitForWorkspace(channel: string): Promise<void> {
    for (;;) {
      const now = this.clock();
      const at = Math.max(this.lastSend + 1000 / this.rate, this.pausedUntil, (this.channelNext.get(channel) ?? 0) - this.options.perChannelIntervalMs);
      if (at <= now) {
        this.lastSend = now;
        this.channelNext.set(channel, Math.max(this.channelNext.get(channel) ?? 0, now + this.options.perChannelIntervalMs));
        return;
      }
      // Re-check after waking: a 429 may have paused everyone meanwhile.
      await this.sleep(at - now);
    }
  }

  /** An accepted message: creep back up towards the ceiling. */
  onAccepted(): void {
    const now = this.clock();
    this.firstAccepted ??= now;
    this.acceptedTimes.push(now);
    this.forgetBefore(now - 1000);
    this.rate = Math.min(this.ceiling, this.rate + this.options.increasePerSuccess);
  }

  private forgetBefore(time: number): void {
    while (this.acceptedTimes.length > 0 && (this.acceptedTimes[0] ?? 0) <= time) this.acceptedTimes.shift();
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
    this.forgetBefore(now - 1000);
    const sendingForASecond = this.firstAccepted !== undefined && now - this.firstAccepted >= 1000;
    const basis = sendingForASecond ? Math.min(this.rate, this.acceptedTimes.length) : this.rate;
    this.ceiling = Math.max(this.options.minPerSecond, basis * this.options.backoffFactor);
    this.rate = this.ceiling;
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(0, retryAfterSec) * 1000);
    this.channelNext.set(channel, Math.max(this.channelNext.get(channel) ?? 0, this.pausedUntil));
  }
}
