/**
 * Searching the articles' text (passages) beside their title and blurb, on the real index. Each
 * ranking test says why the order is the right one for a reader.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Article } from '../../src/catalog/types.js';
import { createSearchEngine, type SearchResult } from '../../src/search/index.js';
import { article } from './fixtures.js';

/** Neutral sentences (no word of the queries below), a paragraph per `count` sentences. */
const TOPICS = ['garden', 'weather', 'harbour', 'library', 'orchestra', 'mountain', 'kitchen', 'railway', 'market', 'painting'];
function filler(from: number, sentences: number): string {
  const out: string[] = [];
  for (let i = from; i < from + sentences; i += 1) {
    out.push(`The ${TOPICS[i % TOPICS.length]} note ${i} describes a quiet afternoon near the ${TOPICS[(i * 7 + 3) % TOPICS.length]}.`);
    if ((i + 1) % 4 === 0) out.push('\n\n');
  }
  return out.join(' ');
}

const profiling = article({ title: 'Notes from a year of performance work', summary: 'What we learned making the service faster.' });
const release = article({ title: 'Release notes for version 7', summary: 'Everything that changed in this release.' });
const titled = article({ title: 'Which functions are burning CPU: flamegraph basics', summary: 'Reading a flamegraph.' });
const unrelated = article({ title: 'Planting tomatoes', summary: 'A gardening diary.' });

const texts = new Map<string, string>([
  // The answer in one passage, among neutral ones.
  [profiling.url, `${filler(0, 12)}\n\nTo find which functions are burning CPU, record a flamegraph with perf and look for the widest frames.\n\n${filler(40, 12)}`],
  // The same words, each in a different passage of a long text.
  [
    release.url,
    `${filler(100, 20)}\n\nSeveral functions were renamed.\n\n${filler(200, 20)}\n\nThe build stopped burning disk space.\n\n${filler(300, 20)}\n\nCPU usage is now reported.\n\n${filler(400, 20)}\n\nThe flamegraph page moved.\n\n${filler(500, 20)}`,
  ],
  [unrelated.url, filler(600, 30)],
]);
const catalog = [profiling, release, titled, unrelated];
const titles = (result: SearchResult) => result.hits.map((h) => h.article.title);

describe('search with texts', () => {
  const engine = createSearchEngine(catalog, { texts });

  test('a question whose words are only in an article\'s text finds it, with the passage as snippet', () => {
    const result = engine.search('which functions are burning cpu in perf?');
    expect(result.weak).toBe(false);
    // "perf" is said only in the profiling article's text, next to the other words: it is the answer.
    expect(titles(result)[0]).toBe(profiling.title);
    const snippet = result.hits[0]!.snippet!;
    expect(snippet).toContain('record a flamegraph with perf');
    expect(snippet.length).toBeLessThanOrEqual(300);
  });

  test('the words in one passage beat the same words scattered over a long text', () => {
    // Both texts hold "functions", "burning", "cpu" and "flamegraph"; the profiling article says
    // them together, the release notes in four places apart. Coverage counts one passage at a
    // time, so the release notes cover a quarter of the query at best: less than half of what the
    // profiling article covers, so not a match at all.
    const result = engine.search('functions burning cpu flamegraph', { limit: 10 });
    expect(titles(result)).toContain(profiling.title);
    expect(titles(result)).not.toContain(release.title);
    // Each word alone still finds the release notes through its own passage.
    expect(titles(engine.search('renamed functions'))).toEqual([release.title]);
  });

  test('a title and blurb match still beats a match in the text only', () => {
    // The titled article names the topic in its title; the profiling article only in its text.
    const result = engine.search('functions burning cpu flamegraph');
    expect(titles(result)[0]).toBe(titled.title);
    // Its title explains the match: no snippet. The text-only match shows its passage.
    expect(result.hits[0]!.snippet).toBeUndefined();
    const profiled = result.hits.find((h) => h.article.id === profiling.id)!;
    expect(profiled.snippet).toContain('flamegraph');
  });

  test('"matched" lists words found in the passage too', () => {
    const hit = engine.search('perf widest frames').hits[0]!;
    expect(hit.article.id).toBe(profiling.id);
    expect(hit.matched).toEqual(expect.arrayContaining(['perf', 'widest', 'frames']));
  });

  test('a word only in text is a word of the catalog: no typo correction away from it', () => {
    const result = engine.search('widest');
    expect(result.reading?.notes.join(' ') ?? '').not.toContain('→');
    expect(titles(result)).toEqual([profiling.title]);
  });

  test('a "quoted phrase" said only in the text finds the article; the words apart do not count as the phrase', () => {
    // The profiling text says "widest frames" side by side; no title or blurb does.
    expect(titles(engine.search('"widest frames"'))).toEqual([profiling.title]);
    expect(engine.search('"widest frames"').hits[0]!.snippet).toContain('widest frames');
    expect(engine.search('"frames widest"').total).toBe(0);
  });

  test('without texts the body words are unknown', () => {
    const blurbs = createSearchEngine(catalog);
    expect(engine.search('widest frames').total).toBe(1);
    expect(blurbs.search('widest frames').total).toBe(0);
  });
});

describe('texts absent or empty: the answers of a blurb-only engine', () => {
  let articles: readonly Article[];
  beforeAll(async () => {
    articles = (await loadCatalog(fileURLToPath(new URL('../../data/advanced_300.md', import.meta.url)))).articles;
  });

  test('an empty map, or texts for no catalog article, change nothing', () => {
    const plain = createSearchEngine(articles);
    const empty = createSearchEngine(articles, { texts: new Map() });
    const strangers = createSearchEngine(articles, { texts: new Map([['https://elsewhere.example/x', 'tenant isolation dynamodb throttling']]) });
    for (const query of ['tenant isolation', 'dynamodb', 'throttling api', 'serverless saas latest', 'kubernets', 'android app store screenshots']) {
      const expected = plain.search(query, { limit: 10 });
      expect(empty.search(query, { limit: 10 })).toEqual(expected);
      expect(strangers.search(query, { limit: 10 })).toEqual(expected);
      for (const hit of expected.hits) expect(hit.snippet).toBeUndefined();
    }
  });
});

describe('a word most passages hold (more than 2 % of them and over 10,000)', () => {
  // 1,000 articles of 11 paragraphs each: "widget" is in every one of the 11,000 passages.
  const many = Array.from({ length: 1_000 }, (_, i) => article({ id: `w-${i}`, title: `Field report ${i}`, summary: `Notes from site ${i}.` }));
  const titled = article({ id: 'w-title', title: 'Widget maintenance schedule', summary: 'When to service them.' });
  const paragraph = (i: number, k: number) =>
    `The widget on line ${k} of site ${i} ran all week without a stop. Operators logged its output twice a day, at the start and at the end of each shift, and filed the sheets with the plant manager every Friday afternoon.`;
  const texts = new Map(many.map((a, i) => [a.url, Array.from({ length: 11 }, (_, k) => paragraph(i, k)).join('\n\n')]));
  texts.set(many[7]!.url, `${texts.get(many[7]!.url)!}\n\nRecalibration of the widget sensor fixed the drift.`);
  const engine = createSearchEngine([...many, titled], { texts });
  test('(the test catalog has the passages it needs)', () => {
    expect(engine.index.passages!.index.documentCount).toBeGreaterThan(11_000);
  });

  test('is scored in the passages holding a rarer word of the query', () => {
    // "recalibration" is rare: its passage is a candidate, and "widget" counts there too.
    const hit = engine.search('widget recalibration').hits[0]!;
    expect(hit.article.id).toBe('w-7');
    expect(hit.snippet).toContain('Recalibration of the widget sensor');
  });

  test('alone, it is searched in titles and blurbs only: it tells nothing about which passage answers', () => {
    const result = engine.search('widget');
    expect(result.hits.map((h) => h.article.id)).toEqual(['w-title']);
    expect(result.total).toBe(1);
  });
});
