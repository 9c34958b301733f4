/**
 * `catalog-bot search` rows for hits that carry a passage (SearchHit.snippet): `--json` has a
 * `snippet` key (plain text) only then, and the text output shows the passage with the matched
 * words marked. Hits are built directly: which hits carry a passage is the engine's business.
 */
import { describe, expect, it } from 'vitest';
import { formatHit, toJsonRow } from '../../src/cli/search-command.js';
import type { SearchHit } from '../../src/search/index.js';
import { makeArticle } from '../helpers/article.js';

const SNIPPET = 'Flame graphs show which functions burn the most CPU: <!channel> & *profile* `perf`.';
const article = makeArticle({ id: 'abc', title: 'Profiling in production', url: 'https://e.com/p', tags: [{ slug: 'perf', name: 'perf' }] });
const withText: SearchHit = { article, score: 1.23456, matched: ['cpu', 'functions'], snippet: SNIPPET };
const blurbOnly: SearchHit = { article, score: 1, matched: ['profiling'] };

describe('--json rows', () => {
  it('carry the passage as plain text, exactly as the engine gave it, when the match came from the text', () => {
    expect(toJsonRow(withText)).toEqual({
      id: 'abc',
      url: 'https://e.com/p',
      title: 'Profiling in production',
      published: '2023-09-08',
      authors: ['Ann Author'],
      tags: ['perf'],
      score: 1.235,
      snippet: SNIPPET,
    });
  });

  it('have no snippet key otherwise (nor for an empty passage)', () => {
    expect(Object.keys(toJsonRow(blurbOnly))).toEqual(['id', 'url', 'title', 'published', 'authors', 'tags', 'score']);
    expect('snippet' in toJsonRow({ ...blurbOnly, snippet: '' })).toBe(false);
    expect(JSON.parse(JSON.stringify(toJsonRow(blurbOnly)))).not.toHaveProperty('snippet');
  });
});

describe('text output', () => {
  it('shows the passage as a quoted line with the matched words between *', () => {
    expect(formatHit(withText, 1)).toBe(
      '1. Profiling in production\n' +
        '   2023-09-08 · Ann Author · perf · score 1.23\n' +
        '   > Flame graphs show which *functions* burn the most *CPU*: <!channel> & *profile* `perf`.\n' +
        '   https://e.com/p\n\n',
    );
  });

  it('is unchanged for a hit without a passage', () => {
    expect(formatHit(blurbOnly, 2)).toBe('2. Profiling in production\n   2023-09-08 · Ann Author · perf · score 1.00\n   https://e.com/p\n\n');
  });
});
