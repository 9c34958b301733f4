import { describe, expect, test } from 'vitest';
import { isFiller } from '../../../src/search/query/filler.js';

describe('isFiller', () => {
  test('framing words are filler: our own list and the stop-word package\'s general English', () => {
    for (const word of ['time', 'parts', 'takes', 'away', 'afterwards', 'quite', 'anyhow']) expect(isFiller(word)).toBe(true);
  });

  test('topic words of some catalog are not, even when the stop-word package lists them', () => {
    for (const word of ['state', 'index', 'test', 'keys', 'join', 'order', 'docs', 'link', 'stop', 'inside', 'ml', 'ai', 'auth', 'kafka']) expect(isFiller(word)).toBe(false);
  });
});
