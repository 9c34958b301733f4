/** Typo correction (plan.ts): a word spelt right is never read as another one. */
import { describe, expect, test } from 'vitest';
import { createSearchEngine, type SearchEngine } from '../../../src/search/index.js';
import { cookingSite, rustBlog } from '../domains.js';
import { article } from '../fixtures.js';

const corrections = (engine: SearchEngine, query: string) => engine.search(query).reading?.notes.filter((n) => n.includes(' read as ')) ?? [];
const ids = (engine: SearchEngine, query: string) => engine.search(query, { limit: 10 }).hits.map((h) => h.article.id);

describe('typo correction leaves English words alone', () => {
  const cooking = createSearchEngine(cookingSite());
  const rust = createSearchEngine(rustBlog());

  const engines = { cooking, rust };
  test.each([
    // Each word is one edit from a word the catalog has ("boring", "pad", "stock"…) but is itself English.
    ['cooking', 'burning'],
    ['cooking', 'paid'],
    ['cooking', 'stuck'],
    ['rust', 'mask'],
  ] as const)('%s: "%s" is not corrected', (name, word) => {
    const engine = engines[name];
    expect(corrections(engine, word)).toEqual([]);
    expect(engine.search(word).suggestions).toEqual([]);
  });

  test('an English word unknown to the catalog finds nothing rather than the article of a near word', () => {
    // The pad thai article is about "pad", not about being paid.
    expect(ids(cooking, 'paid')).toEqual([]);
    expect(ids(cooking, 'burning')).not.toContain('boring');
  });

  test('a short technical token is not read as the word one letter away ("libc" is not "libs")', () => {
    expect(corrections(rust, 'libc')).toEqual([]);
    expect(ids(rust, 'libc')).toEqual([]);
    expect(rust.search('libc').suggestions).toEqual([]);
  });

  test('real typos are still corrected: swaps, and a letter left out of a short word', () => {
    expect(corrections(rust, 'asnyc')).toEqual(['asnyc read as async']);
    expect(ids(rust, 'asnyc')).toEqual(['async', 'rpitit']);
    expect(corrections(rust, 'lnik')).toEqual(['lnik read as link']);
    expect(corrections(cooking, 'onin')).toEqual(['onin read as onion']);
    expect(corrections(cooking, 'sourdugh')).toEqual(['sourdugh read as sourdough']);
  });
});

describe('filler words weigh little', () => {
  const rust = createSearchEngine(rustBlog());

  test('the phrasing of a question does not make an answered query look unanswered', () => {
    // "take", "long" and "time" frame the question; both async articles are about async functions.
    const result = rust.search('async functions take a long time');
    expect(result.weak).toBe(false);
    expect(result.hits.map((h) => h.article.id)).toEqual(['async', 'rpitit']);
  });

  test('nor does a query of filler look answered by the article that happens to say "time"', () => {
    const result = rust.search('parts time');
    expect(result.weak).toBe(true);
    expect(result.hits).toEqual([]);
  });

  test('general English words from the maintained stop-word list weigh little too, however rare in the catalog', () => {
    // "away" is in one title only, which makes it look telling; "going away" is the phrasing, macros the topic.
    const engine = createSearchEngine([
      article({ id: 'away', title: 'Taking the legacy allocator away', summary: 'Why the global allocator changed.' }),
      article({ id: 'edition', title: 'The 2024 edition', summary: 'What the edition changes in macros.' }),
      article({ id: 'macros', title: 'Declarative macros', summary: 'macro_rules in depth.' }),
      article({ id: 'tests', title: 'Unit testing', summary: 'Mocks.' }),
    ]);
    expect(engine.search('macros going away instead').hits.map((h) => h.article.id)).toEqual(['macros', 'edition']);
  });

  test('a filler word beside a topic word leaves the topic to decide', () => {
    // "rustdoc" is the docs article's topic; "link time" in another article must not pull it in.
    expect(ids(rust, 'which parts of rustdoc take time')).toEqual(['docs']);
  });
});

describe('a word found only through the vocabulary', () => {
  // A small engineering blog with messaging articles; only `tuning` says "Kafka".
  const posts = [
    article({ id: 'mq', title: 'Messaging between services', summary: 'Queues and topics for decoupling services.', published: '2021-01-01' }),
    article({ id: 'stream', title: 'Event streaming at scale', summary: 'Partitions, consumers and offsets.', published: '2021-02-01' }),
    article({ id: 'tuning', title: 'Tuning Kafka consumers', summary: 'Consumer groups and lag.', published: '2021-03-01' }),
    article({ id: 'tests', title: 'Unit tests for services', summary: 'Mocks and fakes.', published: '2021-04-01' }),
  ];

  test('ranks below the article with the word itself', () => {
    // The Kafka article first: it says "Kafka"; the messaging and streaming ones only share what Kafka is for.
    expect(createSearchEngine(posts).search('kafka').hits[0]!.article.id).toBe('tuning');
  });

  test('in a catalog without the word it is a weak answer that says what was searched instead', () => {
    const result = createSearchEngine(posts.filter((p) => p.id !== 'tuning')).search('kafka');
    expect(result.weak).toBe(true);
    expect(result.hits).toEqual([]);
    expect(new Set(result.alternatives.map((h) => h.article.id))).toEqual(new Set(['mq', 'stream']));
    expect(result.reading?.notes).toEqual(['also searched: event streaming, messaging']);
  });

  test('a named equivalent is still an answer: a neighbouring idea the vocabulary names ("pub/sub" → queues)', () => {
    const result = createSearchEngine(posts).search('pub/sub');
    expect(result.weak).toBe(false);
    expect(result.hits[0]!.article.id).toBe('mq');
    expect(result.reading?.notes[0]).toMatch(/^also searched: .*queues/);
  });
});

describe('what the catalog lacks weighs by what it likely is', () => {
  const rust = createSearchEngine(rustBlog());

  test('plain English phrasing the catalog lacks does not hide the article that matches the telling words', () => {
    // "weird", "sluggish", "laptops", "honestly" are in no article: the phrasing of a complaint. "mold"
    // and "linker" are the question, and the link-time article has both.
    const result = rust.search('mold linker weird sluggish laptops honestly');
    expect(result.weak).toBe(false);
    expect(result.hits.map((h) => h.article.id)).toEqual(['link']);
  });

  test('jargon no article, vocabulary or dictionary knows is the topic: the catalog has nothing about it', () => {
    // Only "rustdoc" is in the catalog; "tokio" and "axum" are what is asked about.
    const result = rust.search('tokio axum rustdoc');
    expect(result.weak).toBe(true);
    expect(result.alternatives[0]!.article.id).toBe('docs');
  });
});

describe('an article with the question\'s telling words answers it', () => {
  const rust = createSearchEngine(rustBlog());

  test('two telling words answer a question whose other words the catalog lacks', () => {
    // "mold" and "incremental" are each in one article, the link-time one; the rest is the user's
    // situation (crashes, segfault, ubuntu, laptop), which no blurb describes.
    const result = rust.search('mold incremental crashes segfault randomly ubuntu laptop');
    expect(result.weak).toBe(false);
    expect(result.hits.map((h) => h.article.id)).toEqual(['link']);
  });

  test('one telling word among the same phrasing is not enough: the catalog has nothing about it', () => {
    const result = rust.search('mold crashes segfault randomly ubuntu laptop');
    expect(result.weak).toBe(true);
    expect(result.alternatives[0]!.article.id).toBe('link');
  });
});

describe('an answer through telling words lists its neighbours too', () => {
  test('articles covering half of what the best one covers are listed after it', () => {
    // 23 articles: "mold" and "incremental" are each in two (telling); the link-time article has
    // both, so it leads; the incremental-compilation and mold-on-CI articles each have one of them.
    const chapters = ['Pattern matching', 'Error handling', 'Lifetimes', 'Iterators', 'Smart pointers', 'Macros', 'Unsafe code', 'Trait objects', 'Const generics', 'Embedded targets', 'Concurrency', 'Testing', 'Clippy lints'];
    const engine = createSearchEngine([
      ...rustBlog(),
      article({ id: 'incr', title: 'Incremental compilation explained', summary: 'How rustc reuses work between builds.' }),
      article({ id: 'mold2', title: 'Linking with mold on CI', summary: 'Caching the toolchain.' }),
      ...chapters.map((title, i) => article({ id: `chapter-${i}`, title, summary: 'A chapter of the book.' })),
    ]);
    const result = engine.search('mold incremental crashes segfault randomly ubuntu laptop weirdly');
    expect(result.weak).toBe(false);
    expect(result.hits[0]!.article.id).toBe('link');
    expect(new Set(result.hits.slice(1).map((h) => h.article.id))).toEqual(new Set(['incr', 'mold2']));
  });
});
