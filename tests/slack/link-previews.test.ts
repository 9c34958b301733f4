/**
 * Link previews through the real Bolt app: signed `link_shared` events in, chat.unfurl recorded by
 * the fake Slack. Catalog links (written any of the ways people paste them) get the article card;
 * other links get nothing; retries are unfurled once; a reload changes what is unfurled.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Article } from '../../src/catalog/types.js';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

let t: TestSlackApp;
let article: Article;
beforeAll(async () => {
  t = await startTestSlackApp();
  const catalog = await loadCatalog('data/advanced_300.md');
  article = catalog.articles.find((a) => a.authors.length > 0)!;
});
afterAll(async () => {
  await t.close();
});

const linkShared = (channel: string, ts: string, urls: string[], extra: Record<string, unknown> = {}) => ({
  type: 'link_shared',
  channel,
  user: 'U0ALICE',
  message_ts: ts,
  is_bot_user_member: true,
  links: urls.map((url) => ({ url, domain: new URL(url).hostname })),
  event_ts: ts,
  ...extra,
});

/** The same article as people paste it: other scheme, www., trailing slash, tracking query, fragment, host case. */
function variants(url: string): string[] {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, '');
  return [
    url,
    `http://${u.host}${path}/`,
    `https://www.${u.host.toUpperCase()}${path}?utm_source=slack&utm_medium=share`,
    `https://${u.host}${path}#section-2`,
  ];
}

async function unfurlFor(channel: string) {
  const call = await t.fake.waitFor((c) => c.method === 'chat.unfurl' && c.params.channel === channel);
  return call.params.unfurls as Record<string, { blocks: Array<{ type: string; text?: { text: string }; elements?: Array<{ text: string }> }> }>;
}

describe('link previews (link_shared → chat.unfurl)', () => {
  it('unfurls a catalog article with its card, however the URL is written', async () => {
    const urls = variants(article.url);
    await t.event('Ev0UNFURL1', linkShared('C0LINKS', '1700001000.000100', urls));
    const unfurls = await unfurlFor('C0LINKS');
    expect(Object.keys(unfurls).sort()).toEqual([...urls].sort());
    const card = unfurls[urls[1]!]!.blocks;
    const text = card[0]!.text!.text;
    expect(text).toContain(article.url);
    expect(text).toContain(article.authors[0]!);
    for (const tag of article.tags.slice(0, 3)) expect(card.some((b) => b.type === 'context' && b.elements!.some((e) => e.text.includes(tag.name)))).toBe(true);
    const call = t.fake.callsTo('chat.unfurl').find((c) => c.params.channel === 'C0LINKS')!;
    expect(call.params.ts).toBe('1700001000.000100');
  });

  it('leaves links outside the catalog alone: no entry, and no call when none matches', async () => {
    const other = 'https://aws.amazon.com/blogs/not-an-article-of-the-catalog/';
    await t.event('Ev0UNFURL2', linkShared('C0MIXED', '1700001100.000100', [other, article.url]));
    const unfurls = await unfurlFor('C0MIXED');
    expect(Object.keys(unfurls)).toEqual([article.url]);

    await t.event('Ev0UNFURL3', linkShared('C0NONE', '1700001200.000100', [other]));
    await t.waitForLog((l) => l.msg === 'no catalog link to unfurl' && l.channel === 'C0NONE');
    expect(t.fake.callsTo('chat.unfurl').filter((c) => c.params.channel === 'C0NONE')).toEqual([]);
  });

  it('unfurls a link typed in the composer by unfurl_id and source', async () => {
    await t.event('Ev0UNFURL5', linkShared('COMPOSER', 'Uabc123', [article.url], { source: 'composer', unfurl_id: 'Uxyz789' }));
    const call = await t.fake.waitFor((c) => c.method === 'chat.unfurl' && c.params.unfurl_id === 'Uxyz789');
    expect(call.params.source).toBe('composer');
    expect(call.outcome).toBe('ok');
  });

  it('unfurls a retried link_shared (same event_id) once', async () => {
    const event = linkShared('C0RETRYLINK', '1700001400.000100', [article.url]);
    await t.event('Ev0UNFURL6', event);
    await unfurlFor('C0RETRYLINK');
    await t.event('Ev0UNFURL6', event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await t.waitForLog((l) => l.msg === 'duplicate event dropped' && l.eventId === 'Ev0UNFURL6');
    expect(t.fake.callsTo('chat.unfurl').filter((c) => c.params.channel === 'C0RETRYLINK')).toHaveLength(1);
  });

  it('unfurls an article added by a catalog reload (read from the live catalog)', async () => {
    const url = 'https://aws.amazon.com/blogs/architecture/a-reloaded-article-for-previews/';
    await t.event('Ev0UNFURL8', linkShared('C0BEFORE', '1700001450.000100', [url]));
    await t.waitForLog((l) => l.msg === 'no catalog link to unfurl' && l.channel === 'C0BEFORE');
    appendFileSync(
      join(t.catalogDir, 'advanced_300.md'),
      `\n| [Reloaded article for previews](${url}) |\n|:----------|\n| *Created: 30 NOV 2026 by Test Author* | \n| Added while the bot runs. | \n|  | \n`,
    );
    await t.app.jobs.catalogRefresh!.runNow();
    await t.event('Ev0UNFURL7', linkShared('C0RELOAD', '1700001500.000100', [url]));
    const unfurls = await unfurlFor('C0RELOAD');
    expect(Object.keys(unfurls)).toEqual([url]);
    expect(t.limitProblems()).toEqual([]);
  });
});
