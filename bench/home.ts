/**
 * App Home publish time: 1,000 subscriptions in the store (100 of them the opener's) and a
 * 100,000-article catalog. Measured from sending the signed `app_home_opened` request to the fake
 * Slack receiving `views.publish` (target ≤ 300 ms), over the real app in HTTP mode.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { startTestSlackApp } from '../tests/helpers/slack-app-harness.js';
import { summarise, ms, table } from './lib/stats.js';
import { generateFromBundledCatalog, toCatalogMarkdown } from './lib/synthetic-catalog.js';

const ARTICLES = 100_000;
const SUBSCRIPTIONS = 1_000;
const OPENER_SUBSCRIPTIONS = 100;
const WARMUP = 5;
const SAMPLES = 50;

export async function run(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-home-'));
  try {
    const catalogPath = join(dir, 'catalog.md');
    writeFileSync(catalogPath, toCatalogMarkdown(generateFromBundledCatalog(ARTICLES)));
    const databasePath = join(dir, 'state.db');
    const store = await openSqliteStore(databasePath);
    for (let i = 0; i < SUBSCRIPTIONS; i += 1) {
      const createdBy = i < OPENER_SUBSCRIPTIONS ? 'U0OPENER' : `U${i % 97}`;
      await store.addSubscription({ channelId: `C${i % 50}`, query: `tag:t${i}`, createdBy, createdAt: new Date(Date.UTC(2024, 0, 1, 0, i)) });
    }
    await store.close();

    const t = await startTestSlackApp({ CATALOG_SOURCE: catalogPath, DATABASE_PATH: databasePath });
    try {
      const samples: number[] = [];
      for (let i = 0; i < WARMUP + SAMPLES; i += 1) {
        const before = t.fake.callsTo('views.publish').length;
        const started = performance.now();
        const published = t.fake.waitFor((c) => c.method === 'views.publish' && t.fake.callsTo('views.publish').indexOf(c) >= before, { timeoutMs: 10_000 });
        await t.event(`EvBenchHome${i}`, { type: 'app_home_opened', user: 'U0OPENER', channel: 'D0HOME', tab: 'home', event_ts: '1700000000.1' });
        await published;
        if (i >= WARMUP) samples.push(performance.now() - started);
      }
      const s = summarise(samples);
      const problems = t.limitProblems();
      return [
        '## home',
        '',
        `App Home: ${ARTICLES.toLocaleString('en-US')} articles, ${SUBSCRIPTIONS.toLocaleString('en-US')} subscriptions (${OPENER_SUBSCRIPTIONS} the opener's; Home lists the first 40). ` +
          `Signed app_home_opened sent → views.publish received by the fake Slack, ${SAMPLES} opens after ${WARMUP} warm-up, one at a time.`,
        '',
        table(['samples', 'p50', 'p99', 'max', 'target'], [[String(s.samples), ms(s.p50), ms(s.p99), ms(s.max), '≤ 300 ms']]),
        '',
        problems.length === 0 ? 'Every published view kept within the Block Kit limits.' : `Limit problems: ${problems.join('; ')}`,
      ].join('\n');
    } finally {
      await t.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
