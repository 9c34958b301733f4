import { describe, expect, test } from 'vitest';
import { emptyQuery, formatQuery, isEmptyQuery, parseQuery, MAX_QUERY_WORDS, type ParsedQuery } from '../../src/search/index.js';

const q = (fields: Partial<ParsedQuery>): ParsedQuery => ({ ...emptyQuery(), ...fields });

describe('parseQuery', () => {
  test.each<[string, Partial<ParsedQuery>]>([
    ['dynamodb', { terms: ['dynamodb'] }],
    ['DynamoDB  Partitioning', { terms: ['dynamodb', 'partitioning'] }],
    ['which articles cover tenant onboarding?', { terms: ['tenant', 'onboarding'] }],
    ['how do I isolate the tenants?', { terms: ['isolate', 'tenants'] }],
    ['multi-tenant CI/CD', { terms: ['multi-tenant', 'ci/cd'] }],
    ['pub/sub', { terms: ['pub/sub'] }],
    ['"tenant isolation"', { phrases: ['tenant isolation'] }],
    ['"Tenant  Isolation" saas', { terms: ['saas'], phrases: ['tenant isolation'] }],
    ['author:golding', { authors: ['golding'] }],
    ['author:"Tod Golding"', { authors: ['tod golding'] }],
    ['tag:saas', { tags: ['saas'] }],
    ['tag:"amazon dynamodb"', { tags: ['amazon dynamodb'] }],
    ['after:2022-06', { after: '2022-06' }],
    ['before:2023', { before: '2023' }],
    ['after:2021-02-28', { after: '2021-02-28' }],
    ['year:2022', { year: 2022 }],
    ['sort:newest', { sort: 'newest' }],
    ['sort:oldest tenant', { terms: ['tenant'], sort: 'oldest' }],
    ['sort:relevance', { sort: 'relevance' }],
    ['latest', { latest: true, sort: 'newest' }],
    ['new', { latest: true, sort: 'newest' }],
    ['latest dynamodb', { latest: true, sort: 'newest', terms: ['dynamodb'] }],
    // An explicit sort wins over `latest`, wherever it stands.
    ['sort:oldest latest', { latest: true, sort: 'oldest' }],
    ['-oracle', { excludeTerms: ['oracle'] }],
    ['-tag:apn', { excludeTags: ['apn'] }],
    ['-author:golding', { excludeAuthors: ['golding'] }],
    ['-"cost profiler"', { excludePhrases: ['cost profiler'] }],
    ['saas - oracle', { terms: ['saas', 'oracle'] }],
    // Unknown prefixes are plain words.
    ['foo:bar', { terms: ['foo', 'bar'] }],
    ['title:dynamodb', { terms: ['title', 'dynamodb'] }],
    ['AUTHOR:Golding TAG:SaaS', { authors: ['golding'], tags: ['saas'] }],
    ['tenant tenant TENANT', { terms: ['tenant'] }],
    ['author:"unclosed quote', { authors: ['unclosed quote'] }],
  ])('%s', (text, expected) => {
    expect(parseQuery(text)).toEqual(q(expected));
  });

  test.each([
    ['after:2022-13', 'after:2022-13'],
    ['before:2023-02-30', 'before:2023-02-30'],
    ['after:22', 'after:22'],
    ['year:abc', 'year:abc'],
    ['year:22', 'year:22'],
    ['sort:foo', 'sort:foo'],
    ['author:', 'author:'],
    ['-year:2022', '-year:2022'],
  ])('%s is ignored with a problem that quotes it', (text, quoted) => {
    const parsed = parseQuery(`tenant ${text}`);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toContain(quoted);
    // The bad filter is dropped, the rest of the query still stands.
    expect({ ...parsed, problems: [] }).toEqual(q({ terms: ['tenant'] }));
  });

  test.each([
    ['<!channel> dynamodb', { terms: ['dynamodb'] }],
    ['<@U123ABC> tenant', { terms: ['tenant'] }],
    ['<https://example.com/x|keyspaces> article', { terms: ['keyspaces'] }],
    ['&lt;script&gt; &amp;', { terms: ['script'] }],
    ['*bold* _italic_ `code`', { terms: ['bold', 'italic', 'code'] }],
  ])('mrkdwn-hostile %s becomes harmless words', (text, expected) => {
    expect(parseQuery(text)).toEqual(q(expected));
  });

  test.each([
    ['?!?!', {}],
    ['the of and', {}],
    ['🔥🚀', {}],
    ['', {}],
    ['"', {}],
    ['-', {}],
  ])('%j yields an empty query', (text, expected) => {
    const parsed = parseQuery(text);
    expect(parsed).toEqual(q(expected));
    expect(isEmptyQuery(parsed)).toBe(true);
  });

  test('caps absurdly long input and says so', () => {
    const words = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
    const parsed = parseQuery(words);
    expect(parsed.terms).toHaveLength(MAX_QUERY_WORDS);
    expect(parsed.problems.join(' ')).toMatch(/first/);
    const huge = parseQuery('x'.repeat(10_000));
    expect(huge.problems[0]).toMatch(/10000 characters/);
  });
});

describe('formatQuery', () => {
  test.each([
    ['tenant isolation', 'tenant isolation'],
    ['-oracle AUTHOR:"Tod Golding" dynamodb', 'dynamodb author:"tod golding" -oracle'],
    ['year:2022 latest tag:saas', 'latest tag:saas year:2022'],
    ['sort:newest', 'sort:newest'],
    ['sort:relevance', ''],
    ['latest sort:relevance', 'latest sort:relevance'],
    ['before:2023 after:2021-06 "pooled model"', '"pooled model" after:2021-06 before:2023'],
    ['which articles cover tenant onboarding?', 'tenant onboarding'],
    ['after:2022-13 saas', 'saas'],
  ])('%s → %s', (text, canonical) => {
    expect(formatQuery(parseQuery(text))).toBe(canonical);
  });

  test.each([
    'dynamodb',
    'multi-tenant ci/cd pub/sub',
    '"tenant isolation" -"cost profiler"',
    'author:"tod golding" author:sharma -author:raman',
    'tag:saas tag:"amazon dynamodb" -tag:apn',
    'after:2021 before:2023-06-01 year:2022',
    'latest sort:oldest',
    'sort:newest -oracle',
    'x:y "a:b" tag:a:b',
    "o'brien c++ node.js",
  ])('parse(format(parse(%s))) is the same query', (text) => {
    const parsed = parseQuery(text);
    const { problems, ...rest } = parseQuery(formatQuery(parsed));
    expect(problems).toEqual([]);
    expect({ ...rest, problems: parsed.problems }).toEqual(parsed);
  });

  test('round-trips a hand-built query', () => {
    const built = q({
      terms: ['tenant'],
      phrases: ['noisy neighbor'],
      authors: ['tod golding'],
      excludeTags: ['apn'],
      after: '2020-01',
      sort: 'oldest',
    });
    expect(parseQuery(formatQuery(built))).toEqual(built);
  });
});

describe('free text: time words, dates, authors, question noise', () => {
  const now = new Date('2024-06-15T10:00:00Z');
  const read = (text: string) => parseQuery(text, { now });

  test.each<[string, Partial<ParsedQuery>]>([
    // Time words order a topic; they are the `latest` verb only when they are the whole query.
    ['most recent posts on api throttling', { terms: ['api', 'throttling'], latest: true, sort: 'newest' }],
    ['what came out recently on S3?', { terms: ['s3'], latest: true, sort: 'newest' }],
    ["what's new with rate limiting", { terms: ['rate', 'limiting'], latest: true, sort: 'newest' }],
    ['the first post we had on SaaS metrics', { terms: ['saas', 'metrics'], sort: 'oldest' }],
    ['oldest writeup about pooled storage', { terms: ['pooled', 'storage'], sort: 'oldest' }],
    ['when did the monthly community newsletter start?', { terms: ['monthly', 'community', 'newsletter'], sort: 'oldest' }],
    ['checklist for adding a new tenant to our platform', { terms: ['checklist', 'adding', 'tenant', 'platform'] }],
    ['newest', { latest: true, sort: 'newest' }],
    ['new tag:saas', { latest: true, sort: 'newest', tags: ['saas'] }],
    // An explicit sort wins over time words.
    ['oldest eks sort:relevance', { terms: ['eks'] }],
    // Dates in words are the date filters.
    ['tenant isolation posts in 2020', { terms: ['tenant', 'isolation'], year: 2020 }],
    ['api throttling articles from 2022', { terms: ['api', 'throttling'], year: 2022 }],
    ['eks since 2022', { terms: ['eks'], after: '2021' }],
    ['eks after 2022', { terms: ['eks'], after: '2022' }],
    ['cost per tenant before 2020', { terms: ['cost', 'tenant'], before: '2020' }],
    ['eks between 2020 and 2022', { terms: ['eks'], after: '2019', before: '2023' }],
    ['eks in June 2022', { terms: ['eks'], after: '2022-05', before: '2022-07' }],
    ['eks since March 2021', { terms: ['eks'], after: '2021-02' }],
    ['eks last year', { terms: ['eks'], year: 2023 }],
    ['eks this year', { terms: ['eks'], year: 2024 }],
    ['eks in the past year', { terms: ['eks'], after: '2023-06-15' }],
    ['eks last month', { terms: ['eks'], after: '2024-04', before: '2024-06' }],
    ['eks last 2 years', { terms: ['eks'], after: '2022-06-15' }],
    // A typed filter wins over the same filter in words.
    ['year:2021 eks in 2020', { terms: ['eks'], year: 2021 }],
    // Authors: "by" and a capitalised name; "by tenant" is not an author.
    ['dynamodb posts by Tod Golding', { terms: ['dynamodb'], authors: ['tod golding'] }],
    ['community update by Marta Paes', { terms: ['community', 'update'], authors: ['marta paes'] }],
    ['partitioning by tenant', { terms: ['partitioning', 'tenant'] }],
    // The general words of a question carry no topic.
    ['how do I keep one tenant from hogging the API?', { terms: ['tenant', 'hogging', 'api'] }],
    // …but words that name a topic somewhere stay ("stop" a job, the "docs" site, "link" time, "inside" a container).
    ['how do I stop a job inside docs that fail at link time because it is gone', { terms: ['stop', 'job', 'inside', 'docs', 'fail', 'link', 'time'] }],
    ["what's the best way to make sure anyone can give us a writeup we built on tenant onboarding", { terms: ['tenant', 'onboarding'] }],
    ["is there a way to keep keyed state so it doesn't grow forever", { terms: ['keyed', 'state', 'grow'] }],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(q(expected));
  });

  test.each([
    'most recent posts on api throttling',
    'the first post we had on SaaS metrics',
    'tenant isolation posts in 2020',
    'eks since March 2021',
    'eks between 2020 and 2022',
    'dynamodb posts by Tod Golding',
    'checklist for adding a new tenant to our platform',
    'when did the monthly community newsletter start?',
  ])('what was understood is stored: parse(format(%s)) is the same query', (text) => {
    const parsed = read(text);
    expect(read(formatQuery(parsed))).toEqual(parsed);
  });
});

describe('a query over MAX_QUERY_LENGTH', () => {
  test('is cut at a word boundary, so no half word is searched, and the problem says how much was kept', () => {
    // "dynamodb" straddles the limit: cut by characters, "dyna" would be searched.
    const text = `tenant ${'x'.repeat(986)} dynamodb ${'isolation '.repeat(900)}`;
    expect(text.length).toBeGreaterThan(10_000);
    const parsed = parseQuery(text);
    expect(parsed.terms.some((t) => t.startsWith('dyna'))).toBe(false);
    expect(parsed.terms).toContain('tenant');
    const kept = Number(/only the first (\d+) were used, up to the last whole word/.exec(parsed.problems.join(' '))?.[1]);
    expect(kept).toBeGreaterThan(0);
    expect(text[kept]).toBe(' ');
  });
});
