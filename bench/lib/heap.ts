/**
 * Heap measurement: JS heap plus ArrayBuffer memory (typed arrays are allocated outside the heap). Timers cannot fire inside a long synchronous step (building an index), so the
 * peak is sampled at checkpoints the measured code calls (`sample()` between chunks of work).
 * Run with --expose-gc for `settle()` to force a collection; without it, figures include garbage.
 */
import { mb } from './stats.js';

const gc = (globalThis as { gc?: () => void }).gc;

export interface HeapSampler {
  /** Record the current heap use; returns it in MB. */
  sample(): number;
  /** Collect garbage (when exposed) and sample: what is really retained. */
  settle(): number;
  /** Highest sample so far, in MB. */
  readonly peakMb: number;
  readonly gcExposed: boolean;
}

export function createHeapSampler(): HeapSampler {
  let peak = 0;
  const sample = () => {
    // Typed arrays (the index's postings) live outside the JS heap: count them too.
    const usage = process.memoryUsage();
    const used = mb(usage.heapUsed + usage.arrayBuffers);
    if (used > peak) peak = used;
    return used;
  };
  return {
    sample,
    settle() {
      gc?.();
      gc?.();
      return sample();
    },
    get peakMb() {
      return peak;
    },
    gcExposed: gc !== undefined,
  };
}

/** Peak resident set size of this process so far, in MB (heap, code, buffers: everything). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
