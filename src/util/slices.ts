/**
 * Long loops that must not hold the event loop: written once as a generator that `yield`s at safe
 * points, then run either straight through (`runToEnd`, for start-up and tests) or in slices
 * (`runInSlices`, for work done while requests are being served, such as swapping in a reloaded
 * 100,000-article catalog). Hand-written because it is ten lines; `scheduler.yield()` is not in Node 20.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Work that yields between steps and returns `T` at the end. */
export type Sliced<T> = Generator<void, T, void>;

/** How long one slice may hold the event loop before other callbacks get a turn. Default 8 ms. */
export const DEFAULT_SLICE_MS = 8;

/** Run the whole work now, in one go. */
export function runToEnd<T>(work: Sliced<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Run the work, giving the event loop a turn whenever a slice has taken `sliceMs`. */
export async function runInSlices<T>(work: Sliced<T>, sliceMs = DEFAULT_SLICE_MS): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}

/** Yield after every `every` items of a loop body: `yield* each(items, 500, (item, i) => …)`. */
export function* each<T>(items: readonly T[], every: number, body: (item: T, index: number) => void): Sliced<void> {
  for (let i = 0; i < items.length; i += 1) {
    body(items[i]!, i);
    if ((i + 1) % every === 0) yield;
  }
}
