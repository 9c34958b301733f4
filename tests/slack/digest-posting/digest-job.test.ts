import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { scheduleDigest } from '../../../src/slack/digest-posting/digest-job.js';
import { startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.js';
import { createDigestRig, receivedByChannel, slugs, type DigestRig } from '../../digest/helpers.js';

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

it('schedules the digest on DIGEST_CRON in DIGEST_TZ and runs it with the production wiring', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ level: 'info', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-job',
    SLACK_SIGNING_SECRET: 'job-signing-secret',
    SLACK_API_URL: fake.apiUrl,
    DIGEST_CRON: '0 7 * * 1-5',
    DIGEST_TZ: 'America/New_York',
  });
  const job = scheduleDigest({ config, catalog: rig.digestCatalog, store: rig.store, logger });
  try {
    expect(lines[0]).toMatchObject({ msg: "scheduled 'digest'", cron: '0 7 * * 1-5', timeZone: 'America/New_York' });
    await job.runNow(); // first run: baseline
    await rig.subscribe('C_JOB', '');
    rig.writeCatalog([{ slug: 'base' }, { slug: 'scheduled-new' }]);
    await job.runNow();
    expect(receivedByChannel(fake).get('C_JOB')).toEqual(slugs('scheduled-new'));
    expect(lines.filter((l) => l.msg === 'digest run finished').at(-1)).toMatchObject({ channels: 1, posted: 1, failed: 0, newArticles: 1 });
  } finally {
    await job.stop();
  }
});
