import { describe, expect, test } from 'vitest';
import { MAX_CHARS, MAX_PASSAGES, MAX_TEXT_CHARS, passageText, splitPassages } from '../../../src/search/passages/index.js';

const sentence = (i: number) => `Sentence number ${i} says something about the garden and the weather.`;
const paragraph = (from: number, count: number) => Array.from({ length: count }, (_, k) => sentence(from + k)).join(' ');

describe('splitPassages', () => {
  test('a few sentences per passage, in order, covering the text without overlap', () => {
    const text = paragraph(0, 23);
    const passages = splitPassages(text);
    expect(passages.length).toBeGreaterThanOrEqual(5);
    for (const p of passages) {
      expect(p.end - p.start).toBeLessThanOrEqual(MAX_CHARS);
      const sentences = passageText(text, p).match(/\./g)!.length;
      expect(sentences).toBeGreaterThanOrEqual(1);
      expect(sentences).toBeLessThanOrEqual(5);
    }
    for (let i = 1; i < passages.length; i += 1) expect(passages[i]!.start).toBeGreaterThan(passages[i - 1]!.end);
    // Every sentence is in exactly one passage.
    const joined = passages.map((p) => passageText(text, p)).join(' ');
    expect(joined).toBe(text);
  });

  test('a paragraph break ends a passage once it holds some text; a heading joins the paragraph after it', () => {
    const text = `Getting started\n\n${paragraph(0, 3)}\n\n${paragraph(10, 2)}`;
    const passages = splitPassages(text).map((p) => passageText(text, p));
    expect(passages[0]).toBe(`Getting started ${paragraph(0, 3)}`);
    expect(passages[1]).toBe(paragraph(10, 2));
  });

  test('a run without sentence ends is cut at word boundaries into passages of at most MAX_CHARS', () => {
    const words = Array.from({ length: 800 }, (_, i) => `word${i}`).join(' ');
    const passages = splitPassages(words);
    expect(passages.length).toBeGreaterThan(5);
    for (const p of passages) {
      expect(p.end - p.start).toBeLessThanOrEqual(MAX_CHARS);
      expect(words.slice(p.start, p.end)).toMatch(/^word\d+( word\d+)*$/);
    }
    expect(passages.map((p) => words.slice(p.start, p.end)).join(' ')).toBe(words);
  });

  test('bounded: at most MAX_PASSAGES passages, nothing beyond MAX_TEXT_CHARS', () => {
    const huge = `${paragraph(0, 5)}\n\n`.repeat(5_000);
    expect(huge.length).toBeGreaterThan(MAX_TEXT_CHARS);
    const passages = splitPassages(huge);
    expect(passages.length).toBe(MAX_PASSAGES);
    const unbroken = 'x'.repeat(MAX_TEXT_CHARS * 3);
    const cut = splitPassages(unbroken);
    expect(cut.at(-1)!.end).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  });

  test('deterministic, and empty or blank text has no passages', () => {
    const text = `${paragraph(0, 7)}\n\n${paragraph(7, 9)}`;
    expect(splitPassages(text)).toEqual(splitPassages(text));
    expect(splitPassages('')).toEqual([]);
    expect(splitPassages(' \n\n\t ')).toEqual([]);
  });

  test('a pathological text (only dots and spaces, one sentence per dot) is split in one pass and stays bounded', () => {
    // Linear by construction (one scan, no regular expression that backtracks); what a test can
    // check is that such input gives bounded, well-formed passages.
    const dots = '. '.repeat(50_000);
    const passages = splitPassages(dots);
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.length).toBeLessThanOrEqual(MAX_PASSAGES);
    for (const p of passages) expect(passageText(dots, p)).toMatch(/^\.( \.){0,4}$/);
  });
});
