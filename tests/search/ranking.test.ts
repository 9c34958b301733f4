/**
 * Ranking sets over the real catalog, data/advanced_300.md (24 articles). Each test says why the
 * expected order is the right one for a reader, not just what the engine happens to return.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '../../src/catalog/load.js';
import type { Article } from '../../src/catalog/types.js';
import { createSearchEngine, type SearchEngine, type SearchResult } from '../../src/search/index.js';

const CATALOG = fileURLToPath(new URL('../../data/advanced_300.md', import.meta.url));

let engine: SearchEngine;
let articles: readonly Article[];

beforeAll(async () => {
  const catalog = await loadCatalog(CATALOG);
  articles = catalog.articles;
  engine = createSearchEngine(articles);
});

const titles = (result: SearchResult) => result.hits.map((h) => h.article.title);
const top = (query: string) => engine.search(query).hits[0]?.article.title;

describe('plain words', () => {
  test('"dynamodb": the one DynamoDB article, found by its title', () => {
    const result = engine.search('dynamodb');
    expect(titles(result)).toEqual(['Partitioning Pooled Multi-Tenant SaaS Data with Amazon DynamoDB']);
    expect(result.hits[0]!.matched).toContain('dynamodb');
  });

  test('"opensearch" and "keyspaces" find their service articles', () => {
    expect(top('opensearch')).toBe('Storing Multi-Tenant SaaS Data with Amazon OpenSearch Service');
    expect(top('keyspaces')).toBe('Storing Multi-Tenant SaaS Data in a Serverless Environment with Amazon Keyspaces');
  });

  test('"throttling": both parts of the series, the part whose summary repeats the word first', () => {
    // Both titles say "Throttling"; Part 2's summary says "throttling" twice more, Part 1's once.
    const result = engine.search('throttling');
    expect(result.total).toBe(2);
    expect(titles(result).every((t) => t.startsWith('Throttling a tiered'))).toBe(true);
  });

  test('"cost profiler": the two Application Cost Profiler articles lead, newest first on equal footing', () => {
    const result = engine.search('cost profiler');
    const [first, second, ...rest] = result.hits;
    // Both have "Cost Profiler" in the title; they are the only articles with both words, so they
    // come first. An article that misses one of the words may follow, never before them.
    expect([first!.article.title, second!.article.title].every((t) => t.includes('Application Cost Profiler'))).toBe(true);
    for (const hit of rest) expect(hit.article.title).not.toContain('Cost Profiler');
  });

  test('a title match outranks a summary-only match', () => {
    // "redshift": the Redshift strategies article has it in its title; the Heimdall routing
    // article has it in its title too, but RDS comes first there. Both beat summary-only mentions.
    const result = engine.search('redshift');
    expect(result.hits.slice(0, 2).every((h) => h.article.title.includes('Redshift'))).toBe(true);
  });

  test('multi-word queries: articles with every word come first, and only they count', () => {
    // "tenant onboarding": only the EKS article says "onboarding", and it also says "tenant".
    const result = engine.search('tenant onboarding');
    expect(titles(result)).toEqual(['Building a Multi-Tenant SaaS Solution Using Amazon EKS']);
  });

  test('one unknown word among telling ones does not empty the result', () => {
    // No article says "blockchain"; "keyspaces cassandra blockchain" is still mostly about
    // Keyspaces (and Cassandra, which its summary names), so the Keyspaces article answers.
    const result = engine.search('keyspaces cassandra blockchain');
    expect(result.weak).toBe(false);
    expect(result.hits[0]!.article.title).toContain('Keyspaces');
  });
});

describe('typos and prefixes', () => {
  test.each([
    ['dynamdb', 'Partitioning Pooled Multi-Tenant SaaS Data with Amazon DynamoDB'],
    ['kubernets', 'Migrate On-Premises Multi-Tenant Systems to Amazon Elastic Kubernetes Service'],
    ['opensaerch', 'Storing Multi-Tenant SaaS Data with Amazon OpenSearch Service'],
    ['sagemkaer pipelines', 'Implementing a Multi-Tenant MLaaS Build Environment with Amazon SageMaker Pipelines'],
  ])('typo %s still finds %s', (query, title) => {
    expect(top(query)).toBe(title);
  });

  test.each([
    ['dyna', 'Partitioning Pooled Multi-Tenant SaaS Data with Amazon DynamoDB'],
    ['keysp', 'Storing Multi-Tenant SaaS Data in a Serverless Environment with Amazon Keyspaces'],
    ['heimd', 'Multi-Tenant Customer Routing for Amazon RDS and Amazon Redshift with Heimdall Data'],
  ])('prefix %s finds %s', (query, title) => {
    expect(top(query)).toBe(title);
  });

  test('short words are not fuzzed into other acronyms', () => {
    // "ecs" is one edit away from "eks" and "sqs"; nobody asking for ECS wants those. The catalog has
    // no ECS article, so the answer is empty with suggestions, not an EKS article passed off as a match.
    const result = engine.search('ecs');
    expect(result.hits.map((h) => h.article.title).some((t) => /EKS|SQS/.test(t))).toBe(false);
  });
});

describe('vocabulary expansion', () => {
  test('"k8s": the article that says Kubernetes, then the one that only says EKS', () => {
    // k8s is a synonym of kubernetes (Migrate … Elastic Kubernetes Service); EKS is only related.
    const result = engine.search('k8s');
    expect(titles(result)).toEqual([
      'Migrate On-Premises Multi-Tenant Systems to Amazon Elastic Kubernetes Service',
      'Building a Multi-Tenant SaaS Solution Using Amazon EKS',
    ]);
  });

  test('exact words outrank expansions: "eks" vs "elastic kubernetes service"', () => {
    // "eks" is in the title of "Building … Using Amazon EKS": first. The Migrate article says
    // "Elastic Kubernetes Service" in its title (an expansion of EKS) and "Amazon EKS" in its summary.
    expect(top('eks')).toBe('Building a Multi-Tenant SaaS Solution Using Amazon EKS');
    // Asked the long way round, the order flips: the exact words are in the Migrate title.
    expect(top('elastic kubernetes service')).toBe('Migrate On-Premises Multi-Tenant Systems to Amazon Elastic Kubernetes Service');
    const long = engine.search('elastic kubernetes service');
    expect(long.hits[0]!.score).toBeGreaterThan(long.hits[1]!.score);
  });

  test('"pub/sub": no SNS article, so the SQS (queuing) article is the nearest', () => {
    expect(top('pub/sub')).toBe('Using Amazon SQS in a Multi-Tenant SaaS Solution');
  });

  test('"elasticsearch" (the predecessor name) finds the OpenSearch article', () => {
    expect(top('elasticsearch')).toBe('Storing Multi-Tenant SaaS Data with Amazon OpenSearch Service');
  });

  test('"cassandra" finds Keyspaces, ranked by its own word (the summary says Apache Cassandra)', () => {
    expect(top('cassandra')).toBe('Storing Multi-Tenant SaaS Data in a Serverless Environment with Amazon Keyspaces');
  });

  test('"adot" and "open telemetry" find the tracing article', () => {
    const title = 'Tracing Tenant Activity for Multi-Account SaaS with AWS Distro for Open Telemetry';
    expect(top('adot')).toBe(title);
    expect(top('opentelemetry')).toBe(title);
  });

  test('"which articles cover tenant onboarding?": question words dropped, the EKS article answers', () => {
    expect(titles(engine.search('which articles cover tenant onboarding?'))).toEqual([
      'Building a Multi-Tenant SaaS Solution Using Amazon EKS',
    ]);
  });

  test('"iam policies per tenant": no article is about IAM, so the answer says so; the tenant-identities article is the closest', () => {
    // No article of this file says IAM or policies; "manage tenant identities" (EKS) is the nearest
    // idea (IAM → identities), which is worth showing as "closest", not as a result.
    const result = engine.search('iam policies per tenant');
    expect(result.weak).toBe(true);
    expect(result.hits).toEqual([]);
    expect(result.alternatives[0]!.article.title).toBe('Building a Multi-Tenant SaaS Solution Using Amazon EKS');
  });

  test('"silo" finds the account-per-tenant article, which mentions silo methods', () => {
    expect(top('silo')).toBe('Managing the account lifecycle in account-per-tenant SaaS environments on AWS');
  });

  test('"pooled model" finds the DynamoDB article, which is about the pooled model', () => {
    expect(top('pooled model')).toBe('Partitioning Pooled Multi-Tenant SaaS Data with Amazon DynamoDB');
  });

  test('"tiering": the throttling Part 2 says "tiering" itself and outranks Part 1 ("tiered" only)', () => {
    expect(top('tiering')).toBe('Throttling a tiered, multi-tenant REST API at scale using API Gateway: Part 2');
  });
});

describe('filters and sort', () => {
  test('author: matches a part of any author name, newest first without words', () => {
    const result = engine.search('author:golding', { limit: 10 });
    expect(result.total).toBe(3);
    expect(result.hits.map((h) => h.article.published)).toEqual(['2022-06-14', '2021-01-25', '2020-08-10']);
    expect(engine.search('author:"tod golding"').total).toBe(3);
  });

  test('-author: removes that author', () => {
    const result = engine.matchingIds('saas -author:golding');
    for (const a of articles.filter((x) => x.authors.some((n) => n.includes('Golding')))) {
      expect(result.has(a.id)).toBe(false);
    }
  });

  test('year:, after: and before: follow the documented period semantics', () => {
    const published = (q: string) => engine.search(q, { limit: Infinity }).hits.map((h) => h.article.published);
    expect(published('year:2022').every((d) => d.startsWith('2022-'))).toBe(true);
    expect(published('year:2022')).toHaveLength(articles.filter((a) => a.published.startsWith('2022-')).length);
    // after:2022-06 = after the END of June 2022, so the 14 JUN 2022 S3 article is out.
    expect(published('after:2022-06').every((d) => d >= '2022-07-01')).toBe(true);
    expect(published('after:2022-06')).not.toContain('2022-06-14');
    // before:2021 = before 1 Jan 2021.
    expect(published('before:2021')).toEqual(['2020-10-17', '2020-10-09', '2020-08-10', '2020-03-27']);
  });

  test('filters combine with AND', () => {
    const result = engine.search('author:sharma year:2020', { limit: 10 });
    expect(result.hits.map((h) => h.article.published)).toEqual(['2020-08-10', '2020-03-27']);
  });

  test('-word excludes articles containing it', () => {
    const all = engine.matchingIds('multitenant');
    const withoutOracle = engine.matchingIds('multitenant -oracle');
    expect(all.size).toBeGreaterThan(withoutOracle.size);
    for (const id of withoutOracle) {
      expect(articles.find((a) => a.id === id)!.summary.toLowerCase()).not.toContain('oracle');
    }
  });

  test('tag:advanced_300 (the collection tag) keeps every article; -tag removes them all', () => {
    expect(engine.search('tag:advanced_300').total).toBe(articles.length);
    expect(engine.search('-tag:advanced_300').total).toBe(0);
  });

  test('"quoted phrases" must appear as written', () => {
    const result = engine.search('"tenant isolation"', { limit: Infinity });
    expect(result.total).toBeGreaterThan(0);
    for (const hit of result.hits) {
      expect(`${hit.article.title} ${hit.article.summary}`.toLowerCase()).toContain('tenant isolation');
    }
  });

  test('latest / sort:newest with no words: the newest articles', () => {
    expect(engine.search('latest').hits.map((h) => h.article.published)).toEqual([
      '2023-09-08',
      '2023-08-30',
      '2023-04-18',
      '2022-12-07',
      '2022-11-07',
    ]);
    expect(engine.search('new').hits[0]!.article.published).toBe('2023-09-08');
    expect(engine.search('sort:oldest').hits[0]!.article.published).toBe('2020-03-27');
  });

  test('latest with words: the articles about the topic newest first, then the ones that only mention it, newest first', () => {
    const hits = engine.search('latest partitioning', { limit: 10 }).hits;
    // "Partitioning" is in two titles (S3, 2022; DynamoDB, 2020): those are about partitioning. The
    // others only mention it in their summary; they follow, in date order too.
    const about = hits.filter((h) => h.article.title.includes('Partitioning'));
    expect(hits.slice(0, about.length)).toEqual(about);
    expect(about.map((h) => h.article.published)).toEqual(['2022-06-14', '2020-08-10']);
    const rest = hits.slice(about.length).map((h) => h.article.published);
    expect(rest.length).toBeGreaterThan(1);
    expect([...rest].sort().reverse()).toEqual(rest);
  });
});

describe('no result', () => {
  test('a misspelt word the typo tolerance cannot reach gets a "did you mean"', () => {
    // "dynmodbb" is two edits from "dynamodb": beyond the one edit allowed for 8 letters, within reach of suggestions.
    const result = engine.search('dynmodbb');
    if (result.total === 0) {
      expect(result.suggestions[0]).toBe('dynamodb');
      expect(result.alternatives[0]!.article.title).toContain('DynamoDB');
    } else {
      expect(result.hits[0]!.article.title).toContain('DynamoDB');
    }
  });

  test('a filter that excludes everything: suggestions drop it, alternatives show what it hid', () => {
    const result = engine.search('dynamodb year:2019');
    expect(result.total).toBe(0);
    expect(result.suggestions).toContain('dynamodb');
    expect(result.alternatives[0]!.article.title).toContain('DynamoDB');
  });

  test('gibberish still gets alternatives, never a bare nothing', () => {
    const result = engine.search('qwxzv');
    expect(result.total).toBe(0);
    expect(result.alternatives.length).toBeGreaterThan(0);
  });
});
