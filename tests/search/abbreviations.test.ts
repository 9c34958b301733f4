/** Abbreviations learned from the catalog's own text (src/search/abbreviations.ts). */
import { describe, expect, test } from 'vitest';
import { createSearchEngine, learnAbbreviations } from '../../src/search/index.js';
import { article } from './fixtures.js';

describe('learnAbbreviations', () => {
  test('finds "long form (SHORT)" and "SHORT (long form)" in any domain', () => {
    expect(
      learnAbbreviations([
        'Compiling Rust to WebAssembly (Wasm)',
        'Stabilizing Return Position Impl Trait In Traits (RPITIT)',
        'Running on Amazon Elastic Kubernetes Service (EKS) in production',
        'The GIL (Global Interpreter Lock) and free threading',
        'Node groups on EKS (Amazon Elastic Kubernetes Service) clusters',
        'Python Enhancement Proposal (PEP) 8',
      ]),
    ).toEqual([
      { short: 'wasm', long: 'WebAssembly' },
      { short: 'rpitit', long: 'Return Position Impl Trait In Traits' },
      { short: 'eks', long: 'Elastic Kubernetes Service' },
      { short: 'gil', long: 'Global Interpreter Lock' },
      { short: 'pep', long: 'Python Enhancement Proposal' },
    ]);
  });

  test('keeps only short forms whose letters fit the long form\'s words', () => {
    expect(
      learnAbbreviations([
        'a helper (optional)', // a word, not an abbreviation
        'see the notes (see below)', // nothing before fits
        'we ship Kubernetes (K8s)', // the 8 is not in the long form
        'the new parser (ABC) is faster', // A B C are not the initials of the words before
        'written in Java (Java)', // the same word
        'cooking with a Dutch Oven (DO)', // fits: Dutch Oven
      ]),
    ).toEqual([{ short: 'do', long: 'Dutch Oven' }]);
  });

  test('the long form written most often wins, and the work is bounded by the text', () => {
    const learned = learnAbbreviations(['Change Data Capture (CDC)', 'change data capture (CDC)', 'Cool Data Cache (CDC)']);
    expect(learned).toEqual([{ short: 'cdc', long: 'Change Data Capture' }]);
    // An unclosed or very long parenthesis is skipped, not scanned to the end again and again.
    expect(learnAbbreviations(['('.repeat(10_000) + 'x', `Alpha Beta (${'y'.repeat(200)})`])).toEqual([]);
  });
});

describe('each form finds the other, with no vocabulary file', () => {
  // A Rust blog: only the first article spells out both forms.
  const posts = [
    article({ id: 'both', title: 'Compiling Rust to WebAssembly (Wasm)', summary: 'wasm-pack and the linker flags a browser build needs.', published: '2022-01-01' }),
    article({ id: 'short', title: 'Smaller Wasm binaries', summary: 'Stripping symbols and using wasm-opt.', published: '2022-02-01' }),
    article({ id: 'long', title: 'WebAssembly threads', summary: 'Shared memory in the browser.', published: '2022-03-01' }),
    article({ id: 'rpitit', title: 'Return Position Impl Trait In Traits (RPITIT) is stable', summary: 'Traits can return impl Trait.', published: '2023-12-01' }),
    article({ id: 'async', title: 'Async functions in traits', summary: 'Built on RPITIT.', published: '2023-12-02' }),
    article({ id: 'other', title: 'Cargo workspaces', summary: 'Sharing a lock file.', published: '2023-01-01' }),
  ];
  const engine = createSearchEngine(posts);
  const ids = (query: string) => engine.search(query, { limit: 10 }).hits.map((h) => h.article.id);

  test('"webassembly" finds the articles that only say Wasm, after those that say WebAssembly', () => {
    // The word itself first (both, long), then the one found through the learned short form (short).
    const found = ids('webassembly');
    expect(new Set(found.slice(0, 2))).toEqual(new Set(['both', 'long']));
    expect(found[2]).toBe('short');
    expect(engine.search('webassembly').reading?.notes).toContain('also searched: wasm');
  });

  test('"wasm" finds the article that only says WebAssembly', () => {
    expect(ids('wasm')).toContain('long');
  });

  test('"rpitit" and its long form find each other', () => {
    expect(new Set(ids('rpitit'))).toEqual(new Set(['rpitit', 'async']));
    expect(ids('return position impl trait in traits')).toContain('async');
  });

  test('the learned pairs are the engine\'s, and the index is unchanged by them (no snapshot depends on them)', () => {
    expect(engine.abbreviations).toEqual([
      { short: 'wasm', long: 'WebAssembly' },
      { short: 'rpitit', long: 'Return Position Impl Trait In Traits' },
    ]);
    expect(engine.index.terms).toEqual(createSearchEngine(posts, { abbreviations: [] }).index.terms);
    expect(createSearchEngine(posts, { abbreviations: [] }).search('wasm', { limit: 10 }).hits.map((h) => h.article.id)).not.toContain('long');
  });
});
