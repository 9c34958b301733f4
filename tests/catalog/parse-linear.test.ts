/**
 * A catalog comes from outside (a URL, a shared folder), so parsing must be linear in the input
 * whatever the bytes. Each case below once took seconds to minutes (polynomial backtracking in the
 * parser's regular expressions); here each must parse 100,000-character lines (under the line cap)
 * and 1 MB lines (over it) within a generous bound: a linear parser needs a few milliseconds, a
 * quadratic one needs minutes, so the bound separates them without timing flakiness.
 */
import { describe, expect, test } from 'vitest';
import { MAX_LINE_LENGTH, parseCatalogMarkdown } from '../../src/catalog/parse.js';

const TITLE = '| [A title](https://example.com/a) |\n|:----------|\n';
const CREATED = '| *Created: 08 SEP 2023 by A* |\n';

/** Adversarial lines of about `n` characters, each with the context that makes the parser look at it. */
const ADVERSARIAL: Record<string, (n: number) => string> = {
  'heading: spaces then x#': (n) => `# a${' '.repeat(n)}x#`,
  'heading: a run of #': (n) => `# ${'#'.repeat(n)} x`,
  'heading: spaces and # alternating': (n) => `## ${' #'.repeat(n / 2)}x`,
  'created row: spaces before a stray x': (n) => `${TITLE}| *Created: 08 SEP 2023 by A${' '.repeat(n)}x |`,
  'created row: stars and spaces': (n) => `${TITLE}| **Created:${' *'.repeat(n / 2)} |`,
  'created row: words that never become a date': (n) => `${TITLE}| *Created: ${'1 '.repeat(n / 2)}|`,
  'badge row: an unterminated destination': (n) => `${TITLE}${CREATED}| s |\n| ![a](${'x'.repeat(n)} |`,
  'badge row: badges opened again and again': (n) => `${TITLE}${CREATED}| s |\n| ${'![a]('.repeat(n / 5)} |`,
  'badge row: nested parentheses': (n) => `${TITLE}${CREATED}| s |\n| ![a](${'(x'.repeat(n / 2)} |`,
  'badge row: linked badges never closed': (n) => `${TITLE}${CREATED}| s |\n| ${'[![a](b)'.repeat(n / 8)} |`,
  'badge row: an unterminated title': (n) => `${TITLE}${CREATED}| s |\n| ![a](b "${'x'.repeat(n)} |`,
  'title row: many ](': (n) => `| [${'](x'.repeat(n / 3)} |\n|:--|\n${CREATED}`,
  'title row: spaces in the destination': (n) => `| [a](b${' '.repeat(n)}x) |\n|:--|\n${CREATED}`,
  'title row: an unterminated <destination>': (n) => `| [a](<${'x'.repeat(n)}) |\n|:--|\n${CREATED}`,
  'summary: spaces before the […] marker': (n) => `${TITLE}${CREATED}| s${' '.repeat(n)}[…]x |\n|  |`,
  'summary: entity starts': (n) => `${TITLE}${CREATED}| ${'&#'.repeat(n / 2)} |\n|  |`,
  'summary: backslashes': (n) => `${TITLE}${CREATED}| ${'\\'.repeat(n)} |\n|  |`,
  'summary: <br without end': (n) => `${TITLE}${CREATED}| ${'<br '.repeat(n / 4)} |\n|  |`,
  'separator: a long delimiter row': (n) => `| [a](https://e.com/a) |\n|:${'-'.repeat(n)}x|\n${CREATED}`,
  'authors: parentheses never closed': (n) => `${TITLE}| *Created: 08 SEP 2023 by ${'(a, '.repeat(n / 4)}* |`,
};

/** Random lines over the characters the format gives meaning to (seeded, so a failure reproduces). */
function randomLine(n: number, seed: number): string {
  const alphabet = '|[]()!#*\\&;<>"\' \t-:_/.%x1aB…';
  let state = seed;
  let line = '';
  for (let i = 0; i < n; i += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    line += alphabet[state % alphabet.length];
  }
  return line;
}

/** Milliseconds to parse; generous: a linear parse of these takes a few ms, a quadratic one minutes. */
const BOUND_MS = 1500;

function parseMs(text: string): number {
  const started = performance.now();
  parseCatalogMarkdown(text, 'hostile.md');
  return performance.now() - started;
}

describe('parsing is linear in the input', () => {
  test.each(Object.entries(ADVERSARIAL))('%s: a line just under the length cap', (_name, make) => {
    expect(parseMs(make(MAX_LINE_LENGTH - 100))).toBeLessThan(BOUND_MS);
  });

  test.each(Object.entries(ADVERSARIAL))('%s: a 1 MB line', (_name, make) => {
    expect(parseMs(make(1_000_000))).toBeLessThan(BOUND_MS);
  });

  test.each([1, 2, 3, 4, 5, 6, 7, 8])('random markup line %i, as a row and as a heading, 100,000 characters', (seed) => {
    const line = randomLine(MAX_LINE_LENGTH - 10, seed);
    expect(parseMs(`${TITLE}${CREATED}| ${line} |\n| ${line} |`)).toBeLessThan(BOUND_MS);
    expect(parseMs(`# ${line}`)).toBeLessThan(BOUND_MS);
  });

  test('a line over the cap is reported and ignored; the entry around it still loads', () => {
    const summary = `| ${'word '.repeat(MAX_LINE_LENGTH / 4)} |`;
    const { articles, warnings } = parseCatalogMarkdown(`${TITLE}${CREATED}${summary}\n|  |\n`, 'long.md');
    expect(articles).toHaveLength(1);
    expect(articles[0]!.summary).toBe('');
    expect(warnings).toEqual([{ source: 'long.md', line: 4, message: expect.stringMatching(/^line is [\d,]+ characters long \(over 100,000\); its text is ignored$/) }]);
  });
});
