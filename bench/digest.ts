/**
 * Digest section of `npm run bench`: fan-out of one digest to 1,000 subscribed channels.
 *
 * The fake Slack (127.0.0.1) accepts at most 50 chat.postMessage per rolling second across the
 * workspace and 1 per second per channel, and answers anything faster with HTTP 429 +
 * `Retry-After: 1` — so 1,000 messages cannot take less than 20 s. The digest runs exactly as
 * `catalog-bot digest --now` does (real SQLite store, real search engine, real WebClient, the
 * paced poster) and we report total time, messages posted, 429s received, and check that every
 * channel got exactly one digest and that the store's deliveries match what Slack received.
 * Target: ≤ 24 s (1.2 × the floor) with no more than a handful of 429s.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogService } from '../src/catalog/catalog-service.js';
import { runDigest } from '../src/digest/run-digest.js';
import { silentLogger } from '../src/logger.js';
import { createSearchEngine } from '../src/search/engine.js';
import { renderDigestMessage } from '../src/slack/digest/digest-message.js';
import { createDigestWebClient, createWebClientPoster } from '../src/slack/digest/poster.js';
import { openStore } from '../src/store/sqlite-store.js';
import { catalogMarkdown, type EntrySpec } from '../tests/digest/helpers.js';
import { startFakeSlack } from '../tests/helpers/fake-slack.js';

const CHANNELS = 1000;
const WORKSPACE_PER_SECOND = 50;
const PER_CHANNEL_PER_SECOND = 1;
const FLOOR_S = CHANNELS / WORKSPACE_PER_SECOND;
const TARGET_S = FLOOR_S * 1.2;

export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-bench-digest-'));
  const fake = await startFakeSlack();
  const store = await openStore(join(dir, 'bot.db'));
  try {
    const catalogPath = join(dir, 'catalog.md');
    const base: EntrySpec[] = Array.from({ length: 20 }, (_, i) => ({ slug: `base-${i}`, title: `Baseline article ${i}`, tags: ['saas'] }));
    const fresh: EntrySpec[] = Array.from({ length: 3 }, (_, i) => ({ slug: `fresh-${i}`, title: `Fresh article ${i}`, tags: ['saas'], date: `0${i + 1} JUN 2024` }));
    writeFileSync(catalogPath, catalogMarkdown(base));
    const catalog = new CatalogService({ source: catalogPath });
    const client = createDigestWebClient({ botToken: 'xoxb-bench', apiUrl: fake.apiUrl }, silentLogger);
    const poster = createWebClientPoster(client, silentLogger);
    const digest = () =>
      runDigest({
        reloadCatalog: async () => (catalog.loaded ? (await catalog.reload()).catalog : catalog.load()),
        createMatcher: (c) => createSearchEngine(c.articles),
        store,
        poster,
        renderDigest: renderDigestMessage,
        logger: silentLogger,
      });

    await digest(); // first run: baseline
    const channels = Array.from({ length: CHANNELS }, (_, i) => `C${String(i).padStart(5, '0')}`);
    for (const [i, channelId] of channels.entries()) {
      await store.addSubscription({ channelId, query: i % 2 === 0 ? '' : 'tag:saas', createdBy: 'U0BENCH', createdAt: new Date() });
    }
    writeFileSync(catalogPath, catalogMarkdown([...base, ...fresh]));
    fake.rateLimit({ workspacePerSecond: WORKSPACE_PER_SECOND, perChannelPerSecond: PER_CHANNEL_PER_SECOND, retryAfterSeconds: 1 });

    const started = performance.now();
    const summary = await digest();
    const seconds = (performance.now() - started) / 1000;
    const again = await digest();

    // Proof: what Slack received against what the store recorded.
    const received = new Map<string, string[]>();
    for (const m of fake.messages) received.set(m.channel, [...(received.get(m.channel) ?? []), m.ts]);
    const deliveries = await store.listDeliveries();
    const byChannel = new Map<string, Set<string>>();
    for (const d of deliveries) byChannel.set(d.channelId, (byChannel.get(d.channelId) ?? new Set()).add(d.messageTs));
    const lost = channels.filter((c) => !received.has(c)).length;
    const duplicated = channels.filter((c) => (received.get(c)?.length ?? 0) > 1).length;
    const storeMismatch = channels.filter((c) => {
      const ts = received.get(c) ?? [];
      const recorded = byChannel.get(c) ?? new Set();
      return recorded.size !== ts.length || ts.some((t) => !recorded.has(t));
    }).length;
    const missingArticles = CHANNELS * fresh.length - deliveries.length;
    const { rate, ceiling } = poster.pacer.currentRate;
    const verdict = seconds <= TARGET_S && fake.rateLimitedCount <= 5 && lost + duplicated + storeMismatch + missingArticles === 0 ? 'met' : 'MISSED';

    return [
      '## digest',
      '',
      `Fan-out of one digest (${fresh.length} new articles) to ${CHANNELS.toLocaleString('en')} subscribed channels; fake Slack on 127.0.0.1 allowing ${WORKSPACE_PER_SECOND} messages/s workspace-wide and ${PER_CHANNEL_PER_SECOND}/s per channel, 429 + \`Retry-After: 1\` beyond. Floor ${FLOOR_S} s, target ≤ ${TARGET_S} s with a handful of 429s at most: **${verdict}**.`,
      '',
      '| measure | value |',
      '|---|---|',
      `| total time of the run | ${seconds.toFixed(2)} s (${(seconds / FLOOR_S).toFixed(2)} × the floor) |`,
      `| messages posted (accepted by Slack) | ${summary.posted} of ${CHANNELS} (${(summary.posted / seconds).toFixed(1)} messages/s) |`,
      `| 429s received | ${fake.rateLimitedCount} (the run counted ${summary.rateLimited}, each honoured) |`,
      `| failed / paused | ${summary.failed} / ${summary.paused} |`,
      `| channels with no digest (lost) | ${lost} |`,
      `| channels with more than one digest (duplicates) | ${duplicated} |`,
      `| (subscription, article) deliveries recorded | ${deliveries.length} of ${CHANNELS * fresh.length} expected |`,
      `| channels where the store's message ts ≠ what Slack received | ${storeMismatch} |`,
      `| second run right after | posted ${again.posted}, new articles ${again.newArticles} |`,
      `| pacer after the run | ${rate.toFixed(1)} messages/s (learned ceiling ${ceiling.toFixed(1)}) |`,
    ].join('\n');
  } finally {
    await store.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
