/**
 * The operators' view: what `GET /metrics` serves, in the Prometheus text format (prom-client).
 * A registry per bot (never prom-client's global one), so tests and several apps in one process
 * don't share counts. Recording is a counter increment or a histogram observation: nothing here
 * waits on I/O, and what costs anything (catalog size and age) is read only when scraped.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Where a request came from: a fixed set, so a label never grows with what Slack sends. */
export const SURFACES = ['command', 'mention', 'dm', 'unfurl', 'home', 'event', 'action', 'view', 'shortcut', 'suggestion', 'other'] as const;
export type Surface = (typeof SURFACES)[number];

/** What an answer to a search was: results, the closest articles of a query nothing is about, or nothing. */
export type AnswerKind = 'results' | 'weak' | 'empty';

/** Slack wants an ack within 3 s; the buckets are dense below it. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];
const REQUEST_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30];
const SEARCH_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export interface MetricsSources {
  /** Articles in the catalog in service. */
  catalogArticles(): number;
  /** When the catalog in service was loaded. */
  catalogLoadedAt(): Date;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
}

export interface BotMetrics {
  readonly registry: Registry;
  /** A request reached the listeners (counted when its listener finished, with how long that took). */
  request(surface: Surface, seconds: number): void;
  /** A request was acknowledged to Slack, this long after it arrived. */
  ack(surface: Surface, seconds: number): void;
  search(seconds: number, answer: AnswerKind): void;
  digest(summary: { posted: number; failed: number; recovered: number }): void;
  digestRunFailed(): void;
  storeError(operation: string): void;
  reload(ok: boolean): void;
  /** The text format and its content type, for `GET /metrics`. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

export function createBotMetrics(sources: MetricsSources): BotMetrics {
  const registry = new Registry();
  const now = sources.now ?? (() => new Date());
  const registers = [registry];
  // Process metrics (CPU, memory, event-loop lag) come with prom-client; the event-loop lag is what
  // tells a slow ack from a slow Slack.
  collectDefaultMetrics({ register: registry, prefix: 'catalog_bot_' });

  const requests = new Histogram({ name: 'catalog_bot_request_duration_seconds', help: 'Slack requests by surface: time from arrival until the listener finished (answer included).', labelNames: ['surface'], buckets: REQUEST_BUCKETS, registers });
  const acks = new Histogram({ name: 'catalog_bot_ack_duration_seconds', help: 'Time from a Slack request arriving until it was acknowledged, by surface (Slack gives up at 3 s).', labelNames: ['surface'], buckets: ACK_BUCKETS, registers });
  const searches = new Histogram({ name: 'catalog_bot_search_duration_seconds', help: 'Time of one search in the index, from the Slack surfaces.', buckets: SEARCH_BUCKETS, registers });
  const answers = new Counter({ name: 'catalog_bot_search_answers_total', help: 'Searches answered, by kind: results, weak (nothing is about the query; closest articles shown) or empty.', labelNames: ['kind'], registers });
  const digests = new Counter({ name: 'catalog_bot_digests_total', help: 'Digest messages by outcome: posted, failed, or doubled_avoided (an unconfirmed earlier post found in the channel instead of posting again).', labelNames: ['outcome'], registers });
  const digestRuns = new Counter({ name: 'catalog_bot_digest_runs_failed_total', help: 'Digest runs that stopped with an error (the store unreachable, a rejected token).', registers });
  const storeErrors = new Counter({ name: 'catalog_bot_store_errors_total', help: 'Store operations that failed, by operation.', labelNames: ['operation'], registers });
  const reloads = new Counter({ name: 'catalog_bot_catalog_reloads_total', help: 'Catalog reloads by result: ok (changed or not) or failed (the previous catalog kept).', labelNames: ['result'], registers });
  new Gauge({
    name: 'catalog_bot_catalog_articles',
    help: 'Articles in the catalog in service.',
    registers,
    collect() {
      this.set(sources.catalogArticles());
    },
  });
  new Gauge({
    name: 'catalog_bot_catalog_age_seconds',
    help: 'Seconds since the catalog in service was loaded (a reload that changed nothing keeps the old one).',
    registers,
    collect() {
      this.set(Math.max(0, (now().getTime() - sources.catalogLoadedAt().getTime()) / 1000));
    },
  });
  // Zero rather than absent: an alert on rate() needs the series before the first event.
  for (const kind of ['results', 'weak', 'empty']) answers.inc({ kind }, 0);
  for (const outcome of ['posted', 'failed', 'doubled_avoided']) digests.inc({ outcome }, 0);
  for (const result of ['ok', 'failed']) reloads.inc({ result }, 0);

  return {
    registry,
    request: (surface, seconds) => requests.observe({ surface }, seconds),
    ack: (surface, seconds) => acks.observe({ surface }, seconds),
    search: (seconds, answer) => {
      searches.observe(seconds);
      answers.inc({ kind: answer });
    },
    digest: ({ posted, failed, recovered }) => {
      digests.inc({ outcome: 'posted' }, posted);
      digests.inc({ outcome: 'failed' }, failed);
      digests.inc({ outcome: 'doubled_avoided' }, recovered);
    },
    digestRunFailed: () => digestRuns.inc(),
    storeError: (operation) => storeErrors.inc({ operation }),
    reload: (ok) => reloads.inc({ result: ok ? 'ok' : 'failed' }),
    scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
