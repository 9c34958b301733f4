/**
 * Wrappers that feed BotMetrics from the objects the bot already has, so the code that searches or
 * writes knows nothing of metrics.
 */
import type { CatalogSearch, SearchResult } from '../search/index.js';
import type { AnswerKind, BotMetrics } from './metrics.js';

export function answerKind(result: SearchResult): AnswerKind {
  if (result.weak) return 'weak';
  return result.total === 0 ? 'empty' : 'results';
}

const timedEngines = new WeakMap<CatalogSearch, CatalogSearch>();

/** The same engine whose `search` is timed; one wrapper per engine (a reload brings a new one). */
export function timedSearch(engine: CatalogSearch, metrics: BotMetrics): CatalogSearch {
  let timed = timedEngines.get(engine);
  if (!timed) {
    timed = Object.create(engine) as CatalogSearch;
    timed.search = (query, options) => {
      const started = performance.now();
      const result = engine.search(query, options);
      metrics.search((performance.now() - started) / 1000, answerKind(result));
      return result;
    };
    timedEngines.set(engine, timed);
  }
  return timed;
}

/**
 * The store with every failed operation counted (by method name); results and errors pass through
 * unchanged. Only promise-returning methods can fail this way: the store interface is async.
 */
export function countingStoreErrors<T extends object>(store: T, metrics: BotMetrics): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            metrics.storeError(property);
            throw error;
          });
        }
        return result;
      };
    },
  });
}
