/** `tag:` filters (filters.ts): a tag is found by its name or by another name of it. */
import { describe, expect, test } from 'vitest';
import { createSearchEngine } from '../../../src/search/index.js';
import { article, tag } from '../fixtures.js';

describe('tag: matches a tag by its other names', () => {
  test('tag:eks finds the tag spelt out (amazon_elastic_kubernetes_service), through the general vocabulary', () => {
    const engine = createSearchEngine([
      article({ id: 'spelt', title: 'Cluster upgrades', tags: [tag('amazon_elastic_kubernetes_service')] }),
      article({ id: 'short', title: 'Node groups', tags: [tag('amazon_eks')] }),
      article({ id: 'other', title: 'Queues', tags: [tag('amazon_sqs')] }),
    ]);
    expect(new Set(engine.matchingIds('tag:eks'))).toEqual(new Set(['spelt', 'short']));
    expect(new Set(engine.matchingIds('tag:elastic_kubernetes_service'))).toEqual(new Set(['spelt', 'short']));
  });

  test('…and through an abbreviation the catalog defines itself (a PEP-like catalog: GIL)', () => {
    const peps = [
      article({ id: 'pep703', title: 'Making the Global Interpreter Lock (GIL) Optional in CPython', tags: [tag('global_interpreter_lock')] }),
      article({ id: 'pep684', title: 'A Per-Interpreter GIL', tags: [tag('gil')] }),
      article({ id: 'pep8', title: 'Style Guide for Python Code', tags: [tag('style')] }),
    ];
    const engine = createSearchEngine(peps);
    expect(new Set(engine.matchingIds('tag:gil'))).toEqual(new Set(['pep703', 'pep684']));
    expect(new Set(engine.matchingIds('tag:global_interpreter_lock'))).toEqual(new Set(['pep703', 'pep684']));
    // Without the learned abbreviation, only the tag's own name matches.
    expect(new Set(createSearchEngine(peps, { abbreviations: [] }).matchingIds('tag:gil'))).toEqual(new Set(['pep684']));
  });

  test('a tag value with no other name matches as before (slug, name, or the end of a slug)', () => {
    const engine = createSearchEngine([
      article({ id: 'a', title: 'A', tags: [tag('amazon_dynamodb')] }),
      article({ id: 'b', title: 'B', tags: [tag('baking')] }),
    ]);
    expect([...engine.matchingIds('tag:dynamodb')]).toEqual(['a']);
    expect([...engine.matchingIds('tag:baking')]).toEqual(['b']);
    expect([...engine.matchingIds('tag:nothing_like_it')]).toEqual([]);
  });
});
