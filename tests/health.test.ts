import { describe, expect, it } from 'vitest';
import { createHealthChecks } from '../src/health.js';

/** A store whose answer the test decides, counting pings. */
function fakeStore(kind: 'sqlite' | 'postgres' = 'postgres') {
  const store = { kind, up: true, pings: 0, ping: async () => (store.pings++, store.up) };
  return store;
}

describe('health checks', () => {
  it('is not ready while starting, ready once started, and not ready again once draining', async () => {
    const store = fakeStore();
    const checks = createHealthChecks({ mode: 'http', store, articles: () => 75});
    expect(await checks.readiness()).toEqual({ statusCode: 503, body: { ready: false, mode: 'http', reasons: ['starting'] } });
    checks.markReady();
    expect(await checks.readiness()).toEqual({ statusCode: 200, body: { ready: true, mode: 'http' } });
    checks.markDraining();
    expect((await checks.readiness()).body).toMatchObject({ ready: false, reasons: ['shutting down'] });
  });

  it('stays alive but says degraded, and is not ready, while the store does not answer', async () => {
    const store = fakeStore('postgres');
    const checks = createHealthChecks({ mode: 'socket', store, articles: () => 12});
    checks.markReady();
    store.up = false;
    expect(await checks.liveness()).toEqual({
      statusCode: 200,
      body: { status: 'degraded', mode: 'socket', articles: 12, store: { kind: 'postgres', reachable: false }, texts: { fullText: 'off' } },
    });
    expect(await checks.readiness()).toEqual({ statusCode: 503, body: { ready: false, mode: 'socket', reasons: ['the postgres store does not answer'] } });
    store.up = true;
    expect((await checks.liveness()).body).toMatchObject({ status: 'ok', store: { kind: 'postgres', reachable: true } });
    expect((await checks.readiness()).statusCode).toBe(200);
  });

  it('asks the store once for probes that arrive while a ping is under way, and afresh after it', async () => {
    const store = fakeStore();
    const checks = createHealthChecks({ mode: 'http', store, articles: () => 1 });
    await Promise.all([checks.liveness(), checks.readiness(), checks.liveness()]);
    expect(store.pings).toBe(1);
    store.up = false;
    expect((await checks.liveness()).body).toMatchObject({ store: { reachable: false } });
    expect(store.pings).toBe(2);
  });

  it('treats a ping that throws as unreachable', async () => {
    const store = { kind: 'sqlite' as const, ping: async (): Promise<boolean> => Promise.reject(new Error('boom')) };
    const checks = createHealthChecks({ mode: 'http', store, articles: () => 1 });
    expect((await checks.liveness()).body).toMatchObject({ status: 'degraded', store: { kind: 'sqlite', reachable: false } });
  });

  it('reports the text coverage: articles with a stored page text, of all', async () => {
    const known: { coverage?: { withText: number; articles: number } } = {};
    const checks = createHealthChecks({ mode: 'http', store: fakeStore(), articles: () => 8, textCoverage: () => known.coverage });
    expect((await checks.liveness()).body.texts).toEqual({ fullText: 'on', coverage: 'not known yet' });
    known.coverage = { withText: 6, articles: 8 };
    expect((await checks.liveness()).body.texts).toEqual({ fullText: 'on', withText: 6, articles: 8, coverage: 0.75 });
  });
});
