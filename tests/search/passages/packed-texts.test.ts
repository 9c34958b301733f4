import { describe, expect, test } from 'vitest';
import { packTexts, packedTextsMap } from '../../../src/search/index.js';
import { runToEnd } from '../../../src/util/slices.js';
import { article } from '../fixtures.js';

describe('packed texts', () => {
  test('round-trip: every article with text gives its text back by url, whatever its characters', () => {
    const articles = [article({ title: 'a' }), article({ title: 'b' }), article({ title: 'c' }), article({ title: 'd' })];
    const texts = new Map([
      [articles[0]!.url, 'Plain ASCII text.'],
      [articles[2]!.url, 'Ünïcödé — 日本語のテキスト, emoji 🚀 and <!channel>.'],
      [articles[3]!.url, ''],
      ['https://not-in-the-catalog.example/', 'dropped'],
    ]);
    const packed = packTexts(articles, texts);
    expect(packed.count).toBe(2);
    const map = runToEnd(packedTextsMap(articles, packed));
    expect(map.size).toBe(2);
    expect(map.get(articles[0]!.url)).toBe('Plain ASCII text.');
    expect(map.get(articles[2]!.url)).toBe(texts.get(articles[2]!.url));
    expect(map.get(articles[1]!.url)).toBeUndefined();
    expect(map.has(articles[3]!.url)).toBe(false);
    expect(new Map(map)).toEqual(new Map([...texts].filter(([url, text]) => text !== '' && url !== 'https://not-in-the-catalog.example/')));
  });
});
