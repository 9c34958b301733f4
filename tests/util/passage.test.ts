/** Passage words and the matched ones picked out, for every renderer (Slack mrkdwn, CLI text). */
import { describe, expect, it } from 'vitest';
import { isMatchedWord, markedPassage, matchedWords, passageLine, passagePieces, renderPassage } from '../../src/util/passage.js';

const words = (text: string) => passagePieces(text).filter((p) => p.word).map((p) => p.text);

describe('passagePieces', () => {
  it('gives the text back piece by piece, words with their inner joiners kept whole', () => {
    const text = 'Use node.js, C++ and C# for multi-tenant R&D (ci/cd) in O’Brien’s snake_case... ok.';
    expect(passagePieces(text).map((p) => p.text).join('')).toBe(text);
    expect(words(text)).toEqual(['Use', 'node.js', 'C++', 'and', 'C#', 'for', 'multi-tenant', 'R&D', 'ci/cd', 'in', 'O’Brien’s', 'snake_case', 'ok']);
  });

  it('never takes a joiner at the edge of a word: the separators keep them', () => {
    expect(passagePieces('-tenant- .x. *word*')).toEqual([
      { text: '-', word: false },
      { text: 'tenant', word: true },
      { text: '- .', word: false },
      { text: 'x', word: true },
      { text: '. *', word: false },
      { text: 'word', word: true },
      { text: '*', word: false },
    ]);
  });

  it('reads letters and digits of any script, and astral characters whole', () => {
    expect(words('Größe 東京 42🙂x')).toEqual(['Größe', '東京', '42', 'x']);
  });
});

describe('matched words', () => {
  it('splits matched phrases into words and compares case-insensitively', () => {
    const set = matchedWords(['tenant isolation', 'EKS']);
    expect([...set].sort()).toEqual(['eks', 'isolation', 'tenant']);
    expect(isMatchedWord('Tenant', set)).toBe(true);
    expect(isMatchedWord('TENANT', set)).toBe(true);
    expect(isMatchedWord('tenants', set)).toBe(false);
    expect(isMatchedWord('multitenant', set)).toBe(false);
  });

  it('counts a joined word when it or one of its parts matched', () => {
    const set = matchedWords(['tenant', 'node.js', "o'brien"]);
    expect(isMatchedWord('multi-tenant', set)).toBe(true);
    expect(isMatchedWord('Node.js', set)).toBe(true);
    expect(isMatchedWord('O’Brien', set)).toBe(true);
    expect(isMatchedWord('multi-user', set)).toBe(false);
  });
});

describe('passageLine and markedPassage', () => {
  it('makes the passage one line', () => {
    expect(passageLine('  first line\n\n  second\tline  ')).toBe('first line second line');
  });

  it('drops control characters, so a page cannot send escape sequences to a terminal', () => {
    expect(passageLine('red \u001b[31mtext\u001b[0m\u0007 and \u009bC1')).toBe('red [31mtext[0m and C1');
  });

  it('marks whole matched words only, never a part of a word', () => {
    expect(markedPassage('Tenant isolation keeps each tenant apart; multitenants and tenants are other words.', ['tenant', 'isolation'])).toBe(
      '*Tenant* *isolation* keeps each *tenant* apart; multitenants and tenants are other words.',
    );
  });

  it('hands every piece to the renderer, so nothing reaches the output unprocessed', () => {
    const seen: string[] = [];
    const out = renderPassage('a <b> c', ['c'], { matchedWord: (w) => (seen.push(w), `[${w}]`), other: (t) => (seen.push(t), t.toUpperCase()) });
    expect(out).toBe('A <B> [c]');
    expect(seen.join('')).toBe('a <b> c');
  });
});
