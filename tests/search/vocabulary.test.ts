import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { DEFAULT_VOCABULARY_PATH, createVocabulary, defaultVocabulary, loadSearchVocabulary, mergeVocabularyData, readVocabularyData } from '../../src/search/index.js';

const expansions = (v: ReturnType<typeof createVocabulary>, text: string) =>
  v.match(text.split(' '), 0)?.expansions.map((e) => `${e.kind}:${e.tokens.join(' ')}`) ?? [];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vocabulary-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the general vocabulary', () => {
  test('names the AWS services with abbreviations, former names and what they are for', () => {
    const v = defaultVocabulary();
    expect(expansions(v, 'ecs')).toEqual(expect.arrayContaining(['synonym:elastic container service', 'related:containers']));
    expect(expansions(v, 'containers')).toContain('related:ecs');
    expect(expansions(v, 'step functions')).toEqual(expect.arrayContaining(['related:workflows', 'related:state machines']));
    expect(expansions(v, 'elasticsearch')).toContain('related:opensearch service');
    expect(expansions(v, 'kinesis data analytics')).toContain('synonym:managed service apache flink');
    // About two hundred AWS services, then software-engineering synonyms and common technologies.
    const data = readVocabularyData(DEFAULT_VOCABULARY_PATH);
    expect(data.groups.filter((g) => g.terms.some((t) => /^(aws|amazon) /.test(t))).length).toBeGreaterThan(150);
  });

  test('matches by stem: "rate limits" is the entry "rate limiting"', () => {
    expect(expansions(defaultVocabulary(), 'rate limits')).toContain('synonym:throttling');
  });

  test('interchangeable names share their neighbours (k8s reaches EKS, which names kubernetes as its topic)', () => {
    expect(expansions(defaultVocabulary(), 'k8s')).toContain('related:eks');
  });
});

describe("the catalog owner's vocabulary", () => {
  test('is merged over the general one: new names added, a name it defines takes its meaning only', () => {
    const base = { groups: [{ terms: ['pool', 'pooled model'], topics: ['shared resources'] }, { terms: ['eks', 'elastic kubernetes service'] }] };
    const over = { groups: [{ terms: ['pool', 'connection pool'] }, { terms: ['bb', 'bluebird'] }] };
    const merged = createVocabulary(mergeVocabularyData(base, over));
    expect(expansions(merged, 'pool')).toEqual(['synonym:connection pool']);
    expect(expansions(merged, 'bb')).toEqual(['synonym:bluebird']);
    expect(expansions(merged, 'eks')).toEqual(['synonym:elastic kubernetes service']);
  });

  test('loadSearchVocabulary reads CATALOG_VOCABULARY over the general vocabulary', async () => {
    const file = join(dir, 'mine.json');
    await writeFile(file, JSON.stringify({ groups: [{ terms: ['bb', 'bluebird'] }] }));
    const v = loadSearchVocabulary(file);
    expect(expansions(v, 'bb')).toEqual(['synonym:bluebird']);
    expect(expansions(v, 'ecs')).toContain('synonym:elastic container service');
  });

  test.each([
    ['missing', undefined, /CATALOG_VOCABULARY=".*missing\.json" cannot be read/],
    ['not JSON', '{"groups": [', /CATALOG_VOCABULARY=".*" is not valid JSON/],
    ['no groups', '{"terms": ["a"]}', /expected a JSON object \{"groups"/],
    ['a group without terms', '{"groups": [{"related": ["x"]}]}', /group 1 needs "terms"/],
    ['a name that is not a string', '{"groups": [{"terms": ["ok", 42]}]}', /group 1 "terms" has a value that is not a string: 42/],
    ['a name with no word', '{"groups": [{"terms": ["ok", "?!"]}]}', /group 1 has a name with no searchable word: "\?!"/],
  ])('a bad file (%s) is a ConfigError that names it, never a crash', async (name, content, message) => {
    const file = join(dir, content === undefined ? 'missing.json' : `${name}.json`);
    if (content !== undefined) await writeFile(file, content);
    expect(() => loadSearchVocabulary(file)).toThrow(ConfigError);
    expect(() => loadSearchVocabulary(file)).toThrow(message);
  });
});
