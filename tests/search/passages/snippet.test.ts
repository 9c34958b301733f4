import { describe, expect, test } from 'vitest';
import { SNIPPET_CHARS, snippetOf, withoutTitle } from '../../../src/search/passages/index.js';

const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i}`).join(' ');

describe('snippetOf', () => {
  test('a short passage is the snippet as it is', () => {
    expect(snippetOf('  Use perf to record a flamegraph. ', () => false)).toBe('Use perf to record a flamegraph.');
  });

  test('a long passage: at most SNIPPET_CHARS, whole words, centred on the matched words', () => {
    const passage = `${filler(60)} Record a flamegraph with perf to see hot functions. ${filler(60)}`;
    const snippet = snippetOf(passage, (w) => w === 'flamegraph' || w === 'perf');
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_CHARS);
    expect(snippet).toContain('Record a flamegraph with perf');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    // Whole words: every word of the snippet is a word of the passage.
    const words = new Set(passage.split(' '));
    for (const word of snippet.replace(/…/g, '').trim().split(' ')) expect(words.has(word)).toBe(true);
  });

  test('no matched word: the start of the passage', () => {
    const passage = filler(100);
    const snippet = snippetOf(passage, () => false);
    expect(snippet.startsWith('filler0 filler1')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_CHARS);
  });

  test('one word longer than the snippet is cut inside it, still bounded', () => {
    const snippet = snippetOf(`https://example.com/${'a'.repeat(700)}`, () => false);
    expect(snippet.length).toBeLessThanOrEqual(SNIPPET_CHARS);
    expect(snippet.length).toBeGreaterThan(100);
  });
});

describe('withoutTitle', () => {
  // The card shows the title right above the passage; a page's first heading repeats it.
  test('drops the article title the page repeats at the start of its text', () => {
    expect(withoutTitle('Profiling Rust programs Performance work starts with measurement.', 'Profiling Rust programs')).toBe('Performance work starts with measurement.');
    expect(withoutTitle('cargo.lock for libraries: For years the guidance was…', 'Cargo.lock for libraries')).toBe('For years the guidance was…');
  });

  test('keeps a passage that only starts with the same letters, or is nothing but the title', () => {
    expect(withoutTitle('Profiling Rustaceans at work', 'Profiling Rust')).toBe('Profiling Rustaceans at work');
    expect(withoutTitle('Profiling Rust', 'Profiling Rust')).toBe('Profiling Rust');
    expect(withoutTitle('Some other start. Profiling Rust', 'Profiling Rust')).toBe('Some other start. Profiling Rust');
  });
});
