/**
 * GET /metrics on the app's own port: scraped after real traffic (signed requests, a digest run, a
 * reload) and parsed back with a Prometheus text-format parser, so what an operator's Prometheus
 * reads is what is checked.
 */
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSlackApp, type TestSlackApp } from '../helpers/slack-app-harness.js';

let t: TestSlackApp;
beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(async () => {
  await t.close();
});

let text = '';
async function scrape(): Promise<Map<string, PrometheusFamily>> {
  const res = await fetch(`${t.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  text = await res.text();
  return new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
}

/**
 * One labelled series of a histogram, parsed back. The parser folds a histogram's buckets, count and
 * sum only for a family without labels (it merges all label sets into one), so the family is cut
 * down to the series with `label="value"`, that label taken out, before it is parsed.
 */
function histogramSeries(name: string, label: string, value: string): PrometheusFamily['metrics'][number] | undefined {
  const selector = `${label}="${value}"`;
  const lines = text
    .split('\n')
    .filter((l) => l.startsWith(`# HELP ${name} `) || l === `# TYPE ${name} histogram` || (l.startsWith(`${name}_`) && l.includes(selector)))
    .map((l) => l.replace(new RegExp(`,?${selector}`), '').replace('{,', '{').replace('{}', ''));
  const [family] = parsePrometheusTextFormat(lines.join('\n') + '\n');
  expect(family?.type).toBe('HISTOGRAM');
  return family?.metrics[0];
}

const sample = (family: PrometheusFamily | undefined, labels: Record<string, string> = {}) =>
  family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));

describe('GET /metrics', () => {
  it('serves requests and acks by surface as histograms, search latency, answers, digests, reloads, catalog size and age', async () => {
    const searched = await t.command('dynamodb');
    expect(searched.status).toBe(200);
    await t.response(searched.responseId);
    const nothing = await t.command('zqxjvw');
    await t.response(nothing.responseId);
    await t.app.jobs.digest!.runNow();
    await t.app.jobs.catalogRefresh!.runNow();

    const families = await scrape();
    const acks = families.get('catalog_bot_ack_duration_seconds');
    expect(acks?.type).toBe('HISTOGRAM');
    const commandAcks = histogramSeries('catalog_bot_ack_duration_seconds', 'surface', 'command');
    expect(Number(commandAcks?.count)).toBe(2);
    expect(Object.keys(commandAcks?.buckets ?? {})).toContain('3');
    const requests = histogramSeries('catalog_bot_request_duration_seconds', 'surface', 'command');
    expect(families.get('catalog_bot_request_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(Number(requests?.count)).toBe(2);

    const search = families.get('catalog_bot_search_duration_seconds');
    expect(search?.type).toBe('HISTOGRAM');
    expect(Number(sample(search)?.count)).toBe(2);
    const answers = families.get('catalog_bot_search_answers_total');
    const answered = (kind: string) => Number(sample(answers, { kind })?.value);
    expect(answered('results')).toBe(1);
    expect(answered('weak') + answered('empty')).toBe(1);

    const digests = families.get('catalog_bot_digests_total');
    for (const outcome of ['posted', 'failed', 'doubled_avoided']) expect(sample(digests, { outcome })?.value).toBe('0');
    expect(Number(sample(families.get('catalog_bot_catalog_reloads_total'), { result: 'ok' })?.value)).toBe(1);
    expect(families.get('catalog_bot_store_errors_total')?.type).toBe('COUNTER');

    expect(Number(sample(families.get('catalog_bot_catalog_articles'))?.value)).toBe(t.app.runtime.handlerDeps.catalog().articles.length);
    expect(Number(sample(families.get('catalog_bot_catalog_age_seconds'))?.value)).toBeGreaterThanOrEqual(0);
  });
});
