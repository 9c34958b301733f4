/**
 * Shared set-up for digest tests: a catalog file (or URL) that grows between runs, a real SQLite
 * store in a temp dir, the fake Slack, and the real poster, renderer and search engine wired as
 * `catalog-bot digest --now` wires them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogService } from '../../src/catalog/catalog-service.js';
import { ownEngineCatalog } from '../../src/digest/digest-catalog.js';
import { runDigest, type RunDigestOptions } from '../../src/digest/run-digest.js';
import type { DigestCatalog, DigestSummary } from '../../src/digest/types.js';
import { createLogger, silentLogger, type Logger } from '../../src/logger.js';
import { createSearchEngine, formatQuery, parseQuery } from '../../src/search/index.js';
import type { SlackMessage } from '../../src/slack/blocks/message.js';
import { renderDigestMessage } from '../../src/slack/digest-posting/digest-message.js';
import { createDigestWebClient, createWebClientPoster } from '../../src/slack/digest-posting/poster.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import type { Store, Subscription } from '../../src/store/types.js';
import { expect } from 'vitest';
import type { FakeSlack, FakeSlackMessage } from '../helpers/fake-slack.js';

export interface EntrySpec {
  /** Unique per article; becomes the URL path. */
  slug: string;
  title?: string;
  /** `DD MON YYYY` */
  date?: string;
  authors?: string[];
  summary?: string;
  /** Badge slugs, e.g. `saas`, `amazon_dynamodb`. */
  tags?: string[];
}

export const articleUrl = (slug: string) => `https://example.com/blog/${slug}/`;

/** One catalog entry in the markdown format of data/advanced_300.md. */
export function catalogEntry(spec: EntrySpec): string {
  const badges = (spec.tags ?? []).map((t) => `[![category](svg/${t.replace(/_/g, '%20')}.svg)](tags/${t}.md)`).join(' ');
  return [
    `| [${spec.title ?? `Article ${spec.slug}`}](${articleUrl(spec.slug)}) |`,
    '|:----------|',
    `| *Created: ${spec.date ?? '01 JAN 2024'} by ${(spec.authors ?? ['Test Author']).join(', ')}* | `,
    `| ${spec.summary ?? `Summary of ${spec.slug}.`} | `,
    `| ${badges} | `,
    '',
  ].join('\n');
}

export function catalogMarkdown(specs: readonly EntrySpec[]): string {
  return `# test_catalog\n\n## New articles\n\n${specs.map(catalogEntry).join('\n')}`;
}

export interface DigestRig {
  dir: string;
  dbPath: string;
  catalogPath: string;
  store: Store;
  catalog: CatalogService;
  /** The catalog and a search engine for it, as `digest --now` has them. */
  digestCatalog: DigestCatalog;
  /** Rewrite the catalog file. */
  writeCatalog(specs: readonly EntrySpec[]): void;
  /** One digest run with the real poster against the fake Slack. */
  run(overrides?: Partial<RunDigestOptions<SlackMessage>>): Promise<DigestSummary>;
  subscribe(channelId: string, query: string, createdBy?: string, createdAt?: Date): Promise<Subscription>;
  cleanup(): Promise<void>;
}

/**
 * The environment of a `digest --now` process over `rig` against `fake` (the SQLite file unless
 * `DATABASE_URL` is among `overrides`): shared by the crash, slow-Slack and PostgreSQL process tests.
 */
export function digestProcessEnv(rig: Pick<DigestRig, 'dbPath' | 'catalogPath' | 'dir'>, fake: Pick<FakeSlack, 'apiUrl'>, overrides: Record<string, string>): Record<string, string> {
  const store: Record<string, string> = overrides.DATABASE_URL === undefined ? { DATABASE_PATH: rig.dbPath } : {};
  return {
    SLACK_BOT_TOKEN: 'xoxb-digest-process',
    SLACK_SIGNING_SECRET: 'digest-process-signing-secret',
    SLACK_API_URL: fake.apiUrl,
    ...store,
    CATALOG_SOURCE: rig.catalogPath,
    INDEX_SNAPSHOT_PATH: `${rig.dir}/index.snapshot`,
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

/** `databaseUrl`: a PostgreSQL store there instead of the SQLite file at `dbPath`. */
export async function createDigestRig(fake: FakeSlack, options: { source?: string; databaseUrl?: string } = {}): Promise<DigestRig> {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-digest-'));
  const dbPath = join(dir, 'state', 'bot.db');
  const catalogPath = join(dir, 'catalog.md');
  const store = options.databaseUrl ? await openPostgresStore({ url: options.databaseUrl }) : await openSqliteStore(dbPath);
  const catalog = new CatalogService({ source: options.source ?? catalogPath });
  const digestCatalog = ownEngineCatalog(catalog, (articles) => createSearchEngine(articles));
  const client = createDigestWebClient({ botToken: 'xoxb-test-token', apiUrl: fake.apiUrl }, silentLogger);
  // A fresh poster per run, as a fresh process would have.
  return {
    dir,
    dbPath,
    catalogPath,
    store,
    catalog,
    digestCatalog,
    writeCatalog: (specs) => writeFileSync(catalogPath, catalogMarkdown(specs)),
    run: (overrides = {}) =>
      runDigest({
        catalog: digestCatalog,
        store,
        poster: createWebClientPoster(client, silentLogger),
        renderDigest: renderDigestMessage,
        logger: silentLogger,
        ...overrides,
      }),
    async subscribe(channelId, query, createdBy = 'U0SUB', createdAt = new Date()) {
      const { subscription } = await store.addSubscription({ channelId, query: formatQuery(parseQuery(query)), createdBy, createdAt });
      return subscription;
    },
    async cleanup() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The article URLs a message links to (what a reader of the digest would click). */
export function linkedUrls(message: Pick<FakeSlackMessage, 'blocks'>): string[] {
  const json = JSON.stringify(message.blocks ?? []);
  return [...json.matchAll(/<(https:\/\/example\.com\/blog\/[^|>]+)\|/g)].map((m) => m[1]!);
}

/** Every article URL each channel received, across all accepted messages. */
export function receivedByChannel(fake: FakeSlack): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of fake.messages) {
    if (m.channel.startsWith('D')) continue;
    out.set(m.channel, [...(out.get(m.channel) ?? []), ...linkedUrls(m)]);
  }
  return out;
}

export const slugs = (...names: string[]) => names.map(articleUrl);

/** A logger that keeps every line, parsed, for assertions on what an operator would read. */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>>; at: (level: string) => Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines, at: (level) => lines.filter((l) => l.level === level) };
}

/** The store agrees with Slack: one delivery per (subscription, article), carrying the ts of a message that channel received, and no attempt left open. */
export async function expectStoreAgreesWithSlack(rig: Pick<DigestRig, 'store'>, fake: FakeSlack, expectedDeliveries: number): Promise<void> {
  const deliveries = await rig.store.listDeliveries();
  expect(deliveries).toHaveLength(expectedDeliveries);
  for (const d of deliveries) expect(fake.messagesIn(d.channelId).map((m) => m.ts)).toContain(d.messageTs);
  for (const s of await rig.store.listSubscriptions()) expect(await rig.store.openDeliveryAttempt(s.id), s.channelId).toBeUndefined();
}
