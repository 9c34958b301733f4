import { describe, expect, it } from 'vitest';
import { boldQuery, escapeMrkdwn, formatDate, mrkdwnLink, mrkdwnText, plainText, truncate, truncateAtWord, unescapeMrkdwn } from '../../../src/slack/blocks/text.js';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<https://x|y>', '&lt;https://x|y&gt;'],
    ['a & b', 'a &amp; b'],
    ['&lt; already', '&amp;lt; already'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['plain *bold* _it_', 'plain *bold* _it_'],
  ])('%s → %s', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
    expect(unescapeMrkdwn(escapeMrkdwn(input))).toBe(input);
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to the limit, ending in …', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(Array.from(truncate('x'.repeat(5000), 3000))).toHaveLength(3000);
  });

  it('counts characters, never splitting an emoji', () => {
    const text = '😀'.repeat(10);
    const cut = truncate(text, 5);
    expect(Array.from(cut)).toHaveLength(5);
    expect(cut).toBe('😀😀😀😀…');
  });

  it('cuts at a word boundary when asked', () => {
    const cut = truncateAtWord('The quick brown fox jumps over the lazy dog', 20);
    expect(cut).toBe('The quick brown fox…');
    expect(Array.from(cut).length).toBeLessThanOrEqual(20);
  });
});

describe('mrkdwn helpers', () => {
  it('builds a link whose label and URL cannot break out of <url|label>', () => {
    expect(mrkdwnLink('https://e.com/a?b=1&c=2', 'Title <https://x|y> & more')).toBe('<https://e.com/a?b=1&amp;c=2|Title &lt;https://x|y&gt; &amp; more>');
    expect(mrkdwnLink('https://e.com/a|b c', 'x')).toBe('<https://e.com/a%7Cb%20c|x>');
  });

  it('never leaves half an entity when cutting escaped text', () => {
    const cut = mrkdwnText('abcdefg&', 10);
    expect(cut).not.toMatch(/&[a-z]*…$/);
    expect(Array.from(cut).length).toBeLessThanOrEqual(10);
  });

  it('shows a query in bold without letting it close the bold or ping', () => {
    expect(boldQuery('a*b <!here>')).toBe('*ab &lt;!here&gt;*');
    // A long query is echoed up to a whole word, not "…isolati…".
    const long = boldQuery('tenant isolation '.repeat(600));
    expect(long).toMatch(/(tenant|isolation)…\*$/);
    expect(long.length).toBeLessThanOrEqual(202);
  });

  it('plain_text is one line and never empty', () => {
    expect(plainText('  a\n b  ', 75)).toBe('a b');
    expect(plainText('', 75)).toBe('-');
  });

  it('formats ISO dates as day month year', () => {
    expect(formatDate('2023-09-08')).toBe('8 Sep 2023');
    expect(formatDate('2023-13-01')).toBe('2023-13-01');
  });
});
