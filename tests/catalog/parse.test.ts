import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { articleId } from '../../src/catalog/article-id.js';
import { parseBadges } from '../../src/catalog/links-and-badges.js';
import { parseCatalogMarkdown, splitAuthors } from '../../src/catalog/parse.js';
import type { Article } from '../../src/catalog/types.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/catalog/${name}`, import.meta.url), 'utf8');
const parseFixture = (name: string) => parseCatalogMarkdown(fixture(name), `fixtures/${name}`);

/** One well-formed entry, with overridable rows, for the table tests. */
function entry(rows: { title?: string; created?: string; summary?: string; badges?: string } = {}): string {
  return [
    `| ${rows.title ?? '[A title](https://example.com/a)'} |`,
    '|:----------|',
    `| ${rows.created ?? '*Created: 08 SEP 2023 by Peter Yang*'} | `,
    `| ${rows.summary ?? 'A summary.'} | `,
    `| ${rows.badges ?? ''} | `,
    '',
  ].join('\n');
}

function only(markdown: string): Article {
  const { articles, warnings } = parseCatalogMarkdown(markdown, 'inline.md');
  expect(warnings).toEqual([]);
  expect(articles).toHaveLength(1);
  return articles[0]!;
}

describe('parseCatalogMarkdown on data/advanced_300.md', () => {
  const { collection, articles, warnings } = parseCatalogMarkdown(
    readFileSync(new URL('../../data/advanced_300.md', import.meta.url), 'utf8'),
    'data/advanced_300.md',
  );
  const byTitle = (title: string) => {
    const found = articles.find((a) => a.title === title);
    if (!found) throw new Error(`no article titled "${title}"`);
    return found;
  };

  test('reads all 24 articles without a warning, in file order', () => {
    expect(collection).toBe('advanced_300');
    expect(warnings).toEqual([]);
    expect(articles).toHaveLength(24);
    expect(articles.map((a) => a.line).slice(0, 4)).toEqual([5, 11, 18, 24]);
  });

  test('the first article, field by field', () => {
    const url =
      'https://aws.amazon.com/blogs/apn/tracing-cross-account-tenant-activities-for-saas-solutions-with-aws-distro-for-open-telemetry/';
    expect(articles[0]).toEqual({
      id: articleId(url),
      title: 'Tracing Tenant Activity for Multi-Account SaaS with AWS Distro for Open Telemetry',
      url,
      published: '2023-09-08',
      authors: ['Peter Yang', 'Tomo Sakatoku'],
      summary: expect.stringMatching(/^In this post, delve into the process of detecting tenant activities .* desired development goals\.$/),
      truncated: false,
      tags: [{ slug: 'advanced_300', name: 'advanced_300' }],
      section: 'New articles',
      source: 'data/advanced_300.md',
      line: 5,
    });
  });

  test('a truncated summary keeps its […] and is flagged', () => {
    const rds = byTitle('Multitenant best practices for Amazon RDS Custom for Oracle');
    expect(rds.truncated).toBe(true);
    expect(rds.summary.endsWith('With this release, an RDS Custom for […]')).toBe(true);
    expect(rds.published).toBe('2023-04-18');
    expect(rds.authors).toEqual(['Arnab Saha', 'Vishal Patil']);
    expect(rds.section).toBe('Older posts');
  });

  test('the oldest article', () => {
    const oldest = articles.at(-1)!;
    expect(oldest.title).toBe('In-Depth Strategies for Building a Scalable, Multi-Tenant SaaS Solution with Amazon Redshift');
    expect(oldest.published).toBe('2020-03-27');
    expect(oldest.authors).toEqual(['Anubhav Sharma']);
    expect(oldest.summary).toContain('One essential decision you’ll have to make');
  });

  test.each([
    ['Partitioning and Isolating Multi-Tenant SaaS Data with Amazon S3', '2022-06-14', ['Kevin Hakanson', 'Tod Golding']],
    ['Storing Multi-Tenant SaaS Data in a Serverless Environment with Amazon Keyspaces', '2021-01-25', ['Tod Golding', 'Muhammad Sadigain Tahir']],
    ['Managing the account lifecycle in account-per-tenant SaaS environments on AWS', '2021-09-24', ['Keith P']],
    ['Throttling a tiered, multi-tenant REST API at scale using API Gateway: Part 2', '2022-05-09', ['Nick Choi']],
  ])('%s → %s by %j', (title, published, authors) => {
    const article = byTitle(title);
    expect(article.published).toBe(published);
    expect(article.authors).toEqual(authors);
  });

  test('typographic apostrophes are kept as written', () => {
    expect(byTitle('Storing Multi-Tenant SaaS Data with Amazon OpenSearch Service').summary).toContain('each tenant’s data');
  });

  test('every article carries the collection tag and a unique id', () => {
    expect(articles.every((a) => a.tags.some((t) => t.slug === 'advanced_300'))).toBe(true);
    expect(new Set(articles.map((a) => a.id)).size).toBe(24);
    expect(articles.filter((a) => a.truncated)).toHaveLength(8);
  });
});

describe('badge rows', () => {
  const { collection, articles, warnings } = parseFixture('badges.md');

  test('linked and unlinked forms give the same tags', () => {
    expect(warnings).toEqual([]);
    // The `# SaaS Patterns & Practices` title names the collection; it is not a tag of its articles.
    expect(collection).toBe('SaaS Patterns & Practices');
    const expected = [{ slug: 'amazon_dynamodb', name: 'amazon dynamodb' }, { slug: 'saas', name: 'saas' }];
    expect(articles[0]!.tags).toEqual(expected);
    expect(articles[1]!.tags).toEqual(expected);
  });

  test('names decode %20, &#40; &#41; and &amp;; the tags/ link wins for the slug', () => {
    expect(articles[2]!.tags.slice(0, 2)).toEqual([
      { slug: 'amazon_rds_postgres', name: 'amazon rds (postgres)' },
      { slug: 'security,_identity_&_compliance', name: 'security, identity & compliance' },
    ]);
  });

  test.each([
    ['![category](svg/amazon%20rds%20&#40;postgres&#41;.svg)', [{ slug: 'amazon_rds_postgres', name: 'amazon rds (postgres)' }]],
    ['[![category](svg/AWS%20Lambda.svg)](tags/aws_lambda.md)', [{ slug: 'aws_lambda', name: 'AWS Lambda' }]],
    ['![category](svg/amazon%20rds%20(postgres).svg)', [{ slug: 'amazon_rds_postgres', name: 'amazon rds (postgres)' }]],
    ['![category](svg/saas.svg) ![category](svg/saas.svg)', [{ slug: 'saas', name: 'saas' }, { slug: 'saas', name: 'saas' }]],
    ['', []],
    ['just text', []],
  ])('parseBadges(%j)', (cell, tags) => {
    expect(parseBadges(cell)).toEqual(tags);
  });

  test('a repeated badge becomes one tag', () => {
    const article = only(entry({ badges: '![category](svg/saas.svg) [![category](svg/SaaS.svg)](tags/saas.md)' }));
    expect(article.tags).toEqual([{ slug: 'saas', name: 'saas' }]);
  });
});

describe('malformed entries', () => {
  const { articles, warnings } = parseFixture('malformed.md');

  test('are skipped while the rest loads', () => {
    expect(articles.map((a) => a.title)).toEqual(['First good article', 'Second good article']);
    expect(articles.map((a) => a.line)).toEqual([5, 40]);
  });

  test.each([
    [11, /first row should be "\| \[Title\]\(https:\/\/…\) \|" but is "Title without a link"/],
    [19, /"Impossible date": "31 FEB 2023" is not a real date/],
    [25, /"No created row": expected "\*Created: DD MON YYYY by Author, Author\*"/],
    [28, /"Relative link" links to "blog\/relative", which is not an absolute http\(s\) URL/],
    [36, /"Foo" in "03 Foo 2023" is not a month/],
  ])('line %i is reported with what is wrong', (line, message) => {
    const warning = warnings.find((w) => w.line === line);
    expect(warning?.source).toBe('fixtures/malformed.md');
    expect(warning?.message).toMatch(message);
  });

  test('one warning per skipped entry', () => {
    expect(warnings).toHaveLength(5);
  });

  test.each([
    ['*Created: 29 FEB 2023 by X*', 'not a real date'],
    ['*Created: 29 FEB 1900 by X*', 'not a real date'],
    ['*Created: 31 JUN 2023 by X*', 'not a real date'],
    ['*Created: 01 JAN 1899 by X*', 'not a real date'],
    ['*Created: 00 JAN 2023 by X*', 'not a real date'],
    ['*Created: 32 JAN 2023 by X*', 'not a real date'],
    ['*Created: 2023-01-05 by X*', 'is not "DD MON YYYY"'],
    ['*Updated: 05 JAN 2023 by X*', 'expected "*Created:'],
  ])('created row %j is rejected (%s)', (created, message) => {
    const { articles: parsed, warnings: found } = parseCatalogMarkdown(entry({ created }), 'inline.md');
    expect(parsed).toEqual([]);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain(message);
    expect(found[0]!.line).toBe(3);
  });
});

describe('titles, dates, authors and summaries', () => {
  const { articles, warnings } = parseFixture('tricky.md');

  test('escaped pipes, commas, colons and parentheses in titles', () => {
    expect(warnings).toEqual([]);
    expect(articles[0]!.title).toBe('Pipes: A | B, (and) C');
    expect(articles[0]!.url).toBe('https://example.com/pipes');
  });

  test('the URL is the last ](…) on the row, so titles may hold ] and URLs parentheses', () => {
    expect(articles[1]!.title).toBe('Brackets ] and (parens) in the title');
    expect(articles[1]!.url).toBe('https://en.wikipedia.org/wiki/Tenant_(software)');
  });

  test('entities in summaries are decoded; typography and unknown entities stay; [...] counts as truncated', () => {
    expect(articles[0]!.summary).toBe(
      'Entities & typography: “quoted”, it’s, it’s, café, 5 < 6 > 4, tenant’s data, &unknownentity; stays […]',
    );
    expect(articles[0]!.truncated).toBe(true);
  });

  test('authors with parentheses stay whole, even with a comma inside', () => {
    expect(articles[0]!.authors).toEqual(['Ran Isenberg (AWS Serverless Hero)', 'Heitor Lessa']);
    expect(articles[1]!.authors).toEqual(['Dr. Jane Roe (Hero, Author)', 'John Doe']);
  });

  test('a single-digit, lower-case date is accepted', () => {
    expect(articles[0]!.published).toBe('2022-06-07');
  });

  test('rows without trailing spaces parse, and a missing blank line does not merge two entries', () => {
    expect(articles.map((a) => [a.title, a.line])).toEqual([
      ['Pipes: A | B, (and) C', 5],
      ['Brackets ] and (parens) in the title', 11],
      ['Glued to the previous entry without a blank line', 16],
    ]);
    expect(articles[1]!.summary).toBe('Summary without trailing space after the pipe');
  });

  test.each([
    ['08 SEP 2023', '2023-09-08'],
    ['8 Sep 2023', '2023-09-08'],
    ['08 Sept 2023', '2023-09-08'],
    ['08 September 2023', '2023-09-08'],
    ['29 FEB 2024', '2024-02-29'],
    ['29 FEB 2000', '2000-02-29'],
    ['30 APR 2021', '2021-04-30'],
    ['31 DEC 1999', '1999-12-31'],
  ])('date %s → %s', (date, iso) => {
    expect(only(entry({ created: `*Created: ${date} by X*` })).published).toBe(iso);
  });

  test.each([
    ['Peter Yang, Tomo Sakatoku', ['Peter Yang', 'Tomo Sakatoku']],
    ['Ran Isenberg (AWS Serverless Hero)', ['Ran Isenberg (AWS Serverless Hero)']],
    ['A (x, y), B ((nested), z), C', ['A (x, y)', 'B ((nested), z)', 'C']],
    [' A ,, B , ', ['A', 'B']],
    ['A, A', ['A']],
  ])('splitAuthors(%j)', (text, authors) => {
    expect(splitAuthors(text)).toEqual(authors);
  });

  test.each([
    ['[T](https://example.com/a?x=1&amp;y=2)', 'https://example.com/a?x=1&y=2'],
    ['[T](<https://example.com/a_(b)>)', 'https://example.com/a_(b)'],
    ['[T](https://example.com/a "hover text")', 'https://example.com/a'],
    ['[T]( https://example.com/a )', 'https://example.com/a'],
  ])('link destination %s → %s', (title, url) => {
    expect(only(entry({ title })).url).toBe(url);
  });

  test.each([
    ['[](https://example.com/a)', 'has an empty title'],
    ['[T](https://example.com/a b c)', 'the first row should be'],
    ['[T](https://example.com/a) and more', 'the first row should be'],
  ])('title row %j is rejected (%s)', (title, message) => {
    const { articles: parsed, warnings: found } = parseCatalogMarkdown(entry({ title }), 'inline.md');
    expect(parsed).toEqual([]);
    expect(found.map((w) => [w.line, w.message])).toEqual([[1, expect.stringContaining(message)]]);
  });

  test('a summary that embeds an image stays a summary', () => {
    const markdown = ['| [T](https://example.com/t) |', '|:---|', '| *Created: 01 JAN 2021 by X* |', '| See ![diagram](img/a.png) below |'].join('\n');
    const article = only(markdown);
    expect(article.summary).toBe('See ![diagram](img/a.png) below');
    expect(article.tags).toEqual([]);
  });

  test('text in the badge row is reported and ignored', () => {
    const { articles: parsed, warnings: found } = parseCatalogMarkdown(entry({ badges: 'tags: saas' }), 'inline.md');
    expect(parsed[0]!.tags).toEqual([]);
    expect(found).toEqual([{ source: 'inline.md', line: 5, message: expect.stringContaining('badge row "tags: saas" holds text besides ![category]') }]);
  });

  test('badges next to stray text still count', () => {
    const { articles: parsed, warnings: found } = parseCatalogMarkdown(entry({ badges: '![category](svg/saas.svg) (new!)' }), 'inline.md');
    expect(parsed[0]!.tags).toEqual([{ slug: 'saas', name: 'saas' }]);
    expect(found.map((w) => w.line)).toEqual([5]);
  });

  test('a created row without "by" gives no authors', () => {
    expect(only(entry({ created: '*Created: 08 SEP 2023*' })).authors).toEqual([]);
  });

  // The public collection writes an unknown author as "by " followed by nothing: the article is real.
  test.each(['*Created: 22 JUN 2022 by *', '*Created: 22 JUN 2022 by*', '**Created: 22 JUN 2022 by  **', '*created: 22 jun 2022 BY *'])(
    'an empty author list (%j) loads the article with no authors',
    (created) => {
      const article = only(entry({ created }));
      expect(article.published).toBe('2022-06-22');
      expect(article.authors).toEqual([]);
    },
  );

  test.each([
    ['*Created: 08 SEP 2023 bye A*', /is not "DD MON YYYY"/],
    ['*Created: 08 SEP 2023 x*', /is not "DD MON YYYY"/],
    ['***Created: 08 SEP 2023 by A*', /expected "\*Created: DD MON YYYY/],
    ['*Created 08 SEP 2023 by A*', /expected "\*Created: DD MON YYYY/],
  ])('a created row %j is still refused', (created, message) => {
    const { articles, warnings } = parseCatalogMarkdown(entry({ created }), 'inline.md');
    expect(articles).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(message)]);
  });

  test.each([
    ['# Title #', 'Title'],
    ['#   Spaced   title   ##  ', 'Spaced   title'],
    ['# C# tips', 'C# tips'],
    ['# ends with#', 'ends with#'],
    ['# #', ''],
    ['#NoSpace', null],
    ['####### seven', null],
  ])('heading %j → collection %j', (heading, collection) => {
    expect(parseCatalogMarkdown(`${heading}\n`, 'h.md').collection).toBe(collection);
  });

  test('one tag, one slug: the same badge linked or not, the collection rule (parentheses removed, spaces → _)', () => {
    const linked = '[![category](svg/advanced%20&#40;300&#41;.svg)](tags/advanced_300.md)';
    const bare = '![category](svg/advanced%20&#40;300&#41;.svg) ![category](svg/aws%20x-ray.svg) ![category](svg/management%20&amp;%20governance.svg)';
    expect(parseBadges(linked)).toEqual([{ slug: 'advanced_300', name: 'advanced (300)' }]);
    expect(parseBadges(bare)).toEqual([
      { slug: 'advanced_300', name: 'advanced (300)' },
      { slug: 'aws_x-ray', name: 'aws x-ray' },
      { slug: 'management_&_governance', name: 'management & governance' },
    ]);
  });

  test('CRLF line endings and a byte-order mark parse the same', () => {
    const text = '\uFEFF# crlf\r\n\r\n' + entry().replace(/\n/g, '\r\n');
    const article = only(text);
    expect(article.title).toBe('A title');
    expect(article.line).toBe(3);
    expect(article.tags).toEqual([{ slug: 'crlf', name: 'crlf' }]);
  });

  test.each([
    ['# amazon_aurora', [{ slug: 'amazon_aurora', name: 'amazon_aurora' }]],
    ['# management_&_governance', [{ slug: 'management_&_governance', name: 'management_&_governance' }]],
    ['# recipes', [{ slug: 'recipes', name: 'recipes' }]],
    ['# Apache Flink Blog', []],
    ['# SaaS resources library', []],
    ['# Recipes', []],
    ['# PEP index', []],
  ])('a `# heading` tags every article only when written as a tag slug: %j', (heading, tags) => {
    const article = only(`${heading}\n\n${entry()}`);
    expect(article.tags).toEqual(tags);
  });

  test('an article before any heading has no section and no collection tag', () => {
    const article = only(entry());
    expect(article.section).toBe('');
    expect(article.tags).toEqual([]);
  });

  test('a badge row without a summary row is read as badges', () => {
    const markdown = ['| [T](https://example.com/t) |', '|:---|', '| *Created: 01 JAN 2021 by X* |', '| ![category](svg/saas.svg) |'].join('\n');
    const article = only(markdown);
    expect(article.summary).toBe('');
    expect(article.tags).toEqual([{ slug: 'saas', name: 'saas' }]);
  });

  test('an entry with extra rows loads, with a warning at the first extra row', () => {
    const markdown = entry().trimEnd() + '\n| surprise |\n';
    const { articles: parsed, warnings: found } = parseCatalogMarkdown(markdown, 'inline.md');
    expect(parsed).toHaveLength(1);
    expect(found).toEqual([{ source: 'inline.md', line: 6, message: expect.stringContaining('1 row(s) after the badge row ignored') }]);
  });
});
