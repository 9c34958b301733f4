import { describe, expect, test } from 'vitest';
import { isEnglishWord } from '../../../src/search/query/english.js';

describe('isEnglishWord', () => {
  test('words and their inflections are in the list; jargon, typos and non-words are not', () => {
    for (const word of ['burning', 'paid', 'pretending', 'scam', 'a', 'zymurgy']) expect(isEnglishWord(word)).toBe(true);
    for (const word of ['libc', 'kubernets', 'wasm', 'k8s', 'Burning', '', 'burning!']) expect(isEnglishWord(word)).toBe(false);
  });
});
