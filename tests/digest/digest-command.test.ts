/** `catalog-bot digest --now` through the real CLI entry (in-process), against the fake Slack. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { main } from '../../src/cli/main.js';
import { catalogSnapshotKey, buildIndex, readSnapshot, writeSnapshot, defaultVocabulary } from '../../src/search/index.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { articleUrl, createDigestRig, receivedByChannel, slugs, type DigestRig } from './helpers.js';

let fake: FakeSlack;
let rig: DigestRig;

beforeEach(async () => {
  fake = await startFakeSlack();
  rig = await createDigestRig(fake);
  rig.writeCatalog([{ slug: 'base' }]);
});
afterEach(async () => {
  await rig.cleanup();
  await fake.close();
});

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {
      SLACK_BOT_TOKEN: 'xoxb-cli-test',
      SLACK_SIGNING_SECRET: 'cli-test-signing-secret',
      SLACK_API_URL: fake.apiUrl,
      DATABASE_PATH: rig.dbPath,
      CATALOG_SOURCE: rig.catalogPath,
      INDEX_SNAPSHOT_PATH: join(rig.dir, 'index.snapshot'),
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  return { code, stdout, stderr };
}

describe('catalog-bot digest --now', () => {
  it('digests the catalog from the index snapshot when the text is unchanged, and writes one when there is none', async () => {
    const snapshotPath = join(rig.dir, 'index.snapshot');
    await rig.run(); // baseline
    await rig.subscribe('C_SNAP', '');
    rig.writeCatalog([{ slug: 'base' }, { slug: 'added' }]);
    const key = async () => {
      const { fingerprint, articles, warnings } = await loadCatalog(rig.catalogPath);
      return { articles, warnings, key: catalogSnapshotKey(fingerprint, defaultVocabulary()) };
    };
    // Saved for this very text, with one article the file does not have: only a run that skips parsing digests it.
    const { articles, warnings, key: plantedKey } = await key();
    const planted = [{ ...articles[0]!, id: 'planted', url: articleUrl('planted'), title: 'Planted article' }, ...articles];
    await writeSnapshot(snapshotPath, buildIndex(planted), plantedKey, { source: rig.catalogPath, articles: planted, warnings });
    expect((await cli(['digest', '--now'])).code).toBe(0);
    expect([...(receivedByChannel(fake).get('C_SNAP') ?? [])].sort()).toEqual(slugs('added', 'planted').sort());

    rig.writeCatalog([{ slug: 'base' }, { slug: 'added' }, { slug: 'later' }]);
    expect((await cli(['digest', '--now'])).code).toBe(0);
    expect(existsSync(snapshotPath)).toBe(true);
    const written = await readSnapshot(snapshotPath, { key: (await key()).key, catalog: true });
    expect(written.status === 'loaded' ? written.catalog?.articles.map((a) => a.url).sort() : written).toEqual(slugs('added', 'base', 'later').sort());
  });

  it('the first run says once that it is the first, and what it recorded', async () => {
    const { code, stdout } = await cli(['digest', '--now']);
    expect(code).toBe(0);
    expect(stdout).toBe('First digest run: recorded 1 catalog article as already known; nothing posted.\n');
  });

  it('runs one digest with the configured catalog, database and Slack, and prints the summary', async () => {
    await rig.run(); // baseline
    await rig.subscribe('C_CLI', '');
    rig.writeCatalog([{ slug: 'base' }, { slug: 'added' }]);
    const { code, stdout } = await cli(['digest', '--now']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/1 new article\(s\) in the catalog, 1 active subscription/);
    expect(stdout).toMatch(/posted: 1 message\(s\) with 1 article/);
    expect(receivedByChannel(fake).get('C_CLI')).toEqual(slugs('added'));
    expect(fake.callsTo('chat.postMessage')[0]?.token).toBe('xoxb-cli-test');
  });

  it.each([
    ['on', ['profiling']],
    ['off', undefined],
  ])('CATALOG_FULL_TEXT=%s: a saved search meets the stored article texts as the bot does (on), or titles and blurbs only (off)', async (fullText, expected) => {
    await rig.run(); // baseline
    await rig.subscribe('C_TEXT', 'flamegraph');
    rig.writeCatalog([{ slug: 'base' }, { slug: 'profiling', title: 'Notes from a year of performance work' }, { slug: 'other', title: 'Gardening notes' }]);
    // The crawl stored the profiling article's page text; no title or blurb says "flamegraph".
    await rig.store.saveArticleText({ url: articleUrl('profiling'), outcome: 'fetched', at: new Date(), text: 'Record a flamegraph with perf to see the hot functions.' });
    const { code } = await cli(['digest', '--now'], { CATALOG_FULL_TEXT: fullText });
    expect(code).toBe(0);
    expect(receivedByChannel(fake).get('C_TEXT')).toEqual(expected === undefined ? undefined : slugs(...expected));
  });

  it('exits 1 and names the channel when a digest could not be posted', async () => {
    await rig.run();
    await rig.subscribe('C_BROKEN', '');
    fake.failChannel('C_BROKEN', 'internal_error');
    rig.writeCatalog([{ slug: 'base' }, { slug: 'added' }]);
    const { code, stdout } = await cli(['digest', '--now', '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ failed: 1, results: [{ channelId: 'C_BROKEN', status: 'failed', error: 'internal_error' }] });
  });

  it('says once that Slack rejected the token, exits 1, and leaves the digests for the next run', async () => {
    await rig.run();
    for (const channel of ['C_A', 'C_B', 'C_C']) {
      await rig.subscribe(channel, '');
      fake.failChannel(channel, 'token_revoked');
    }
    rig.writeCatalog([{ slug: 'base' }, { slug: 'added' }]);
    const { code, stdout } = await cli(['digest', '--now']);
    expect(code).toBe(1);
    expect(stdout.match(/Slack rejected SLACK_BOT_TOKEN \("token_revoked"\)/g)).toHaveLength(1);
    expect(stdout).not.toMatch(/in C_[ABC]: token_revoked/);
    expect(stdout).toMatch(/the digests of 3 subscription\(s\) wait for the next run/);
    fake.clearFailures();
    expect((await cli(['digest', '--now'])).stdout).toMatch(/posted: 3 message/);
  });

  it('refuses a missing database instead of starting from nothing', async () => {
    const { code, stderr } = await cli(['digest', '--now'], { DATABASE_PATH: `${rig.dir}/nowhere/bot.db` });
    expect(code).toBe(1);
    expect(stderr).toMatch(/no database at ".*nowhere\/bot\.db"/);
    expect(stderr).toMatch(/DATABASE_PATH/);
  });

  it('refuses a corrupted database with a message saying what to do', async () => {
    const { writeFileSync } = await import('node:fs');
    const corrupt = `${rig.dir}/corrupt.db`;
    writeFileSync(corrupt, 'not sqlite at all '.repeat(300));
    const { code, stderr } = await cli(['digest', '--now'], { DATABASE_PATH: corrupt });
    expect(code).toBe(1);
    expect(stderr).toContain(corrupt);
    expect(stderr).toMatch(/not a readable SQLite database/);
  });

  it('needs --now and a bot token, and says so', async () => {
    const without = await cli(['digest']);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/digest --now/);
    const noToken = await cli(['digest', '--now'], { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/needs SLACK_BOT_TOKEN/);
  });
});
