/**
 * What `GET /healthz` and `GET /readyz` say, free of Slack and of HTTP so it is tested directly.
 *
 * /healthz is liveness: 200 while the process serves at all, with the store's kind and whether it
 * answers (a load balancer must not restart every replica because the shared database blinked).
 * /readyz is readiness: 503 until the start has finished (catalog loaded, store open, Slack
 * connected), while the store does not answer, and from the moment a shutdown begins, so a load
 * balancer sends new requests elsewhere while this replica drains. A store that answers reads but
 * refused the last write (and none went through since: see Store.writeProblem) counts as not answering.
 */
import type { StoreKind } from './store/types.js';

export interface HealthAnswer {
  statusCode: 200 | 503;
  body: Record<string, unknown>;
}

export interface HealthChecks {
  /** `GET /healthz`. */
  liveness(): Promise<HealthAnswer>;
  /** `GET /readyz`. */
  readiness(): Promise<HealthAnswer>;
  /** The start has finished: ready when the store answers. */
  markReady(): void;
  /** A shutdown began: not ready from now on. */
  markDraining(): void;
}

export interface HealthOptions {
  mode: string;
  store: { readonly kind: StoreKind; ping(): Promise<boolean>; writeProblem?(): string | undefined; durability?(): string };
  /** Articles in the running catalog. */
  articles: () => number;
  /**
   * CATALOG_FULL_TEXT=on: articles with a stored page text, of all (undefined until first known).
   * Absent when full text is off.
   */
  textCoverage?: () => { withText: number; articles: number } | undefined;
}

export function createHealthChecks(options: HealthOptions): HealthChecks {
  const { mode, store, articles, textCoverage } = options;
  let state: 'starting' | 'ready' | 'draining' = 'starting';
  let inFlight: Promise<boolean> | undefined;

  // One ping at a time, its answer shared by the probes that arrive meanwhile (a burst of probes
  // costs one query); never a remembered answer, so a probe right after an outage sees it.
  function reachable(): Promise<boolean> {
    inFlight ??= store
      .ping()
      .catch(() => false)
      .finally(() => (inFlight = undefined));
    return inFlight;
  }

  // Text coverage says how much of the catalog is searched by what its articles say, not only their blurbs.
  function texts(): Record<string, unknown> {
    if (!textCoverage) return { fullText: 'off' };
    const known = textCoverage();
    if (!known) return { fullText: 'on', coverage: 'not known yet' };
    const ratio = known.articles === 0 ? 0 : Math.round((known.withText / known.articles) * 1000) / 1000;
    return { fullText: 'on', withText: known.withText, articles: known.articles, coverage: ratio };
  }

  return {
    async liveness() {
      const ok = await reachable();
      const writes = ok ? undefined : store.writeProblem?.();
      const storeBody = { kind: store.kind, reachable: ok, ...(store.durability ? { durability: store.durability() } : {}), ...(writes ? { writeProblem: writes } : {}) };
      return { statusCode: 200, body: { status: ok ? 'ok' : 'degraded', mode, articles: articles(), store: storeBody, texts: texts() } };
    },
    async readiness() {
      const ok = await reachable();
      const reasons: string[] = [];
      if (state === 'starting') reasons.push('starting');
      if (state === 'draining') reasons.push('shutting down');
      const writes = ok ? undefined : store.writeProblem?.();
      if (writes) reasons.push(`the ${store.kind} store refuses writes (${writes}); ready again once a write goes through`);
      else if (!ok) reasons.push(`the ${store.kind} store does not answer`);
      return { statusCode: reasons.length === 0 ? 200 : 503, body: { ready: reasons.length === 0, mode, ...(reasons.length ? { reasons } : {}) } };
    },
    markReady() {
      if (state === 'starting') state = 'ready';
    },
    markDraining() {
      state = 'draining';
    },
  };
}
