import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { describe, expect, it } from 'vitest';
import { countingStoreErrors, createBotMetrics } from '../../src/metrics/index.js';

async function counterValue(metrics: ReturnType<typeof createBotMetrics>, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const family = parsePrometheusTextFormat((await metrics.scrape()).body).find((f) => f.name === name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return sample ? Number(sample.value) : undefined;
}

describe('countingStoreErrors', () => {
  it('counts a failed store operation by method, and passes results and errors through unchanged', async () => {
    const metrics = createBotMetrics({ catalogArticles: () => 0, catalogLoadedAt: () => new Date() });
    const failure = new Error('database is locked');
    const store = countingStoreErrors(
      {
        kind: 'sqlite' as const,
        async subscriptions() {
          return ['a'];
        },
        async addSubscription(): Promise<void> {
          throw failure;
        },
      },
      metrics,
    );
    expect(store.kind).toBe('sqlite');
    expect(await store.subscriptions()).toEqual(['a']);
    await expect(store.addSubscription()).rejects.toBe(failure);
    await expect(store.addSubscription()).rejects.toBe(failure);
    expect(await counterValue(metrics, 'catalog_bot_store_errors_total', { operation: 'addSubscription' })).toBe(2);
    expect(await counterValue(metrics, 'catalog_bot_store_errors_total', { operation: 'subscriptions' })).toBeUndefined();
  });
});
