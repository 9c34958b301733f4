import { describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { buildIndex, createSearchEngine, formatQuery, parseQuery, EMPTY_VOCABULARY, createVocabulary, defaultVocabulary } from '../../src/search/index.js';
import { article, tag } from './fixtures.js';

const ARTICLES = [
  article({ id: 'ddb', title: 'Partitioning tenant data with Amazon DynamoDB', published: '2020-08-10', authors: ['Tod Golding', 'Anubhav Sharma'], tags: [tag('amazon_dynamodb'), tag('saas')], summary: 'The pooled model and the hot partition problem.' }),
  article({ id: 'eks', title: 'Tenant onboarding on Amazon EKS', published: '2021-03-04', authors: ['Toby Buckley'], tags: [tag('containers')], summary: 'Isolate tenants within an EKS cluster and automate tenant onboarding.' }),
  article({ id: 'k8s', title: 'Running Kubernetes for SaaS', published: '2022-03-03', authors: ['Scott Wainner'], tags: [tag('containers'), tag('saas')], summary: 'Kubernetes container orchestration for many tenants.' }),
  article({ id: 'rds', title: 'Amazon RDS Custom for Oracle', published: '2023-04-18', authors: ['Arnab Saha'], tags: [tag('databases')], summary: 'Oracle Multitenant option on RDS Custom.' }),
  article({ id: 'twin-old', title: 'Throttling tiered APIs', published: '2022-05-06', summary: 'Tiering and throttling.' }),
  article({ id: 'twin-new', title: 'Throttling tiered APIs', published: '2022-05-09', summary: 'Tiering and throttling.' }),
];
const engine = createSearchEngine(ARTICLES);
const ids = (q: string, limit = 10) => engine.search(q, { limit }).hits.map((h) => h.article.id);

describe('search', () => {
  test('equal scores: newest first', () => {
    // The two "Throttling tiered APIs" articles have identical text; only their dates differ.
    expect(ids('throttling')).toEqual(['twin-new', 'twin-old']);
    const [a, b] = engine.search('throttling').hits;
    expect(a!.score).toBe(b!.score);
  });

  test('paging: limit, offset and total', () => {
    const all = ids('latest', 10);
    expect(all).toHaveLength(6);
    const page2 = engine.search('latest', { limit: 2, offset: 2 });
    expect(page2.total).toBe(6);
    expect(page2.hits.map((h) => h.article.id)).toEqual(all.slice(2, 4));
    expect(engine.search('latest', { limit: Infinity }).hits).toHaveLength(6);
    expect(engine.search('latest', { limit: 0 }).hits).toEqual([]);
  });

  test('pages of a large result set follow the full ranking exactly (ties included)', () => {
    // 200 articles with "tenant" 1–4 times and 20 dates: many equal scores, which must still come
    // newest first on every page. Small pages take the partial top-k path, the full page a sort.
    const many = Array.from({ length: 200 }, (_, i) =>
      article({
        id: `a${i}`,
        title: `${'tenant '.repeat(1 + (i % 4))}guide ${i % 7}`,
        published: `20${10 + (i % 10)}-0${1 + (i % 2)}-1${i % 10}`,
        summary: i % 3 === 0 ? 'tenant isolation' : 'pool model',
      }),
    );
    const big = createSearchEngine(many);
    const full = big.search('tenant', { limit: Infinity }).hits;
    expect(full).toHaveLength(200);
    for (let i = 1; i < full.length; i += 1) {
      const [before, after] = [full[i - 1]!, full[i]!];
      expect(before.score > after.score || (before.score === after.score && before.article.published >= after.article.published)).toBe(true);
    }
    const paged = [0, 5, 10, 15, 20, 25].flatMap((offset) => big.search('tenant', { limit: 5, offset }).hits);
    expect(paged.map((h) => h.article.id)).toEqual(full.slice(0, 30).map((h) => h.article.id));
  });

  test('a ParsedQuery value works like its text', () => {
    expect(engine.search(parseQuery('tenant onboarding'))).toEqual(engine.search('tenant onboarding'));
  });

  test('matchingIds: every matching article id, whatever the page size', () => {
    expect(engine.matchingIds('saas')).toEqual(new Set(['ddb', 'k8s']));
    expect(engine.matchingIds('tag:containers -kubernetes')).toEqual(new Set(['eks']));
    expect(engine.matchingIds('nothing-like-this-anywhere year:1999').size).toBe(0);
  });

  test('tag: matches slug, name, or the end of a slug', () => {
    expect(ids('tag:amazon_dynamodb')).toEqual(['ddb']);
    expect(ids('tag:"amazon dynamodb"')).toEqual(['ddb']);
    expect(ids('tag:dynamodb')).toEqual(['ddb']);
    expect(ids('tag:saas -tag:containers')).toEqual(['ddb']);
  });

  test('phrases must appear as written; negated phrases exclude', () => {
    expect(ids('"tenant onboarding"')).toEqual(['eks']);
    expect(ids('"onboarding tenant"')).toEqual([]);
    expect(ids('tenant -"tenant onboarding"')).not.toContain('eks');
  });

  test('an exact word outranks a vocabulary expansion of it', () => {
    // "kubernetes": the k8s article says it (title and summary); the EKS article is only related.
    expect(ids('kubernetes')[0]).toBe('k8s');
    // Without the vocabulary, EKS is not found for "kubernetes" at all.
    const plain = createSearchEngine(ARTICLES, { vocabulary: EMPTY_VOCABULARY });
    expect(plain.search('kubernetes').hits.map((h) => h.article.id)).toEqual(['k8s']);
    expect(ids('kubernetes')).toContain('eks');
  });

  test('every hit says which words matched it', () => {
    const [hit] = engine.search('dyna').hits;
    expect(hit!.matched).toContain('dynamodb');
  });

  test.each([
    ['10 KB of text', 'tenant '.repeat(1_500)],
    ['500 distinct words', Array.from({ length: 500 }, (_, i) => `zq${i}x`).join(' ')],
    ['only punctuation', '?!.,;:()[]{}<>/\\|@#$%^&*'],
    ['only stop words', 'the of and to in is it'],
    ['emoji', '🔥🚀 💯'],
    ['mrkdwn', '<!channel> <@U123> <https://example.com|dynamodb>'],
    ['control characters', '\u0000\u0001 tenant \u0007'],
    ['a lone quote and minus', '" -'],
  ])('absurd query (%s) answers quickly without throwing', (_name, text) => {
    const started = performance.now();
    const result = engine.search(text);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.total + result.alternatives.length).toBeGreaterThan(0);
  });
});

describe('no result', () => {
  test('suggestions are canonical query texts that do return articles', () => {
    const result = engine.search('dynmdb year:2020');
    expect(result.total).toBe(0);
    expect(result.suggestions[0]).toBe('dynamodb year:2020');
    for (const suggestion of result.suggestions) {
      expect(formatQuery(parseQuery(suggestion))).toBe(suggestion);
      expect(engine.search(suggestion).total).toBeGreaterThan(0);
    }
    expect(result.alternatives[0]!.article.id).toBe('ddb');
  });

  test('a filter that hides everything: dropping it is suggested', () => {
    const result = engine.search('oracle author:golding');
    expect(result.total).toBe(0);
    expect(result.suggestions).toContain('oracle');
    expect(result.alternatives.map((h) => h.article.id)).toEqual(['rds']);
  });

  test('a tag nobody has: the nearest known tag is suggested', () => {
    const result = engine.search('tag:containres');
    expect(result.total).toBe(0);
    expect(result.suggestions[0]).toBe('tag:containers');
  });

  test('a word the index has nothing near still gets the newest articles as alternatives', () => {
    const result = engine.search('xylophone');
    expect(result.total).toBe(0);
    expect(result.alternatives.map((h) => h.article.id)).toEqual(['rds', 'twin-new', 'twin-old']);
  });
});

describe('engine construction', () => {
  test('an index built for other articles is refused with a message saying so', () => {
    const index = buildIndex(ARTICLES.slice(0, 2));
    expect(() => createSearchEngine(ARTICLES, { index })).toThrow(/holds 2 articles but 6 were given/);
  });

  test('an empty catalog answers with nothing, not an error', () => {
    const empty = createSearchEngine([]);
    expect(empty.size).toBe(0);
    expect(empty.search('dynamodb')).toMatchObject({ total: 0, hits: [], alternatives: [] });
  });
});

describe('vocabulary', () => {
  test('matches the longest entry and expands both ways', () => {
    const v = defaultVocabulary();
    const long = v.match(['elastic', 'kubernetes', 'service', 'tenants'], 0);
    expect(long?.length).toBe(3);
    expect(long?.expansions.map((e) => e.tokens.join(' '))).toContain('eks');
    expect(v.match(['eks'], 0)?.expansions.map((e) => e.tokens.join(' '))).toContain('elastic kubernetes service');
    expect(v.match(['pub', 'sub'], 0)?.expansions.map((e) => e.tokens.join(' '))).toContain('sns');
  });

  test('related terms expand one way only, and rank below synonyms', () => {
    const v = createVocabulary({ groups: [{ terms: ['k8s', 'kubernetes'], related: ['eks'] }] });
    expect(v.match(['k8s'], 0)?.expansions).toEqual([
      { tokens: ['kubernetes'], kind: 'synonym', text: 'kubernetes' },
      { tokens: ['eks'], kind: 'related', text: 'eks' },
    ]);
    expect(v.match(['eks'], 0)).toBeUndefined();
  });

  test('a malformed vocabulary is a ConfigError naming the entry', () => {
    expect(() => createVocabulary({ groups: [{ terms: ['ok', '?!'] }] })).toThrow(ConfigError);
    expect(() => createVocabulary({ groups: [{ terms: ['ok', '?!'] }] })).toThrow(/group 1.*"\?!"/);
    expect(() => createVocabulary({} as never)).toThrow(/groups/);
  });
});
