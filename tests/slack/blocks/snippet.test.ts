/**
 * The passage line of a result card: page text from anywhere, shown escaped, with Slack's formatting
 * characters neutralised, the query's words in bold, cut at a word boundary.
 */
import { describe, expect, it } from 'vitest';
import { passageMrkdwn, passageOf, passageQuote, PASSAGE_MAX_CHARS, withoutFormatting } from '../../../src/slack/blocks/snippet.js';
import { unescapeMrkdwn } from '../../../src/slack/blocks/text.js';

const HOSTILE = 'Run <!channel> and <@U0VICTIM>, see <https://evil.example|x> & *bold* `code` ~strike~ _it_ for tenant isolation.';

describe('passageMrkdwn', () => {
  it('escapes & < > and neutralises * _ ~ ` from the page, so it can neither ping, link nor format', () => {
    expect(passageMrkdwn({ snippet: HOSTILE, matched: ['tenant', 'isolation'] })).toBe(
      'Run &lt;!channel&gt; and &lt;@U0VICTIM&gt;, see &lt;https://evil.example|x&gt; &amp; ∗bold∗ ˋcodeˋ ∼strike∼ ˍitˍ for *tenant* *isolation*.',
    );
  });

  it('bolds matched words whatever their case, and no other word', () => {
    expect(passageMrkdwn({ snippet: 'Kafka STREAMS and kafka-streams; Kafkaesque is not kafka.', matched: ['kafka', 'streams'] })).toBe(
      '*Kafka* *STREAMS* and *kafka-streams*; Kafkaesque is not *kafka*.',
    );
  });

  it('never puts a marker inside a word or an entity, even when an entity\'s letters are a matched word', () => {
    expect(passageMrkdwn({ snippet: 'AT&T, a & b < c > d, amp lt gt', matched: ['amp', 'lt', 'gt', 'at&t'] })).toBe(
      '*AT&amp;T*, a &amp; b &lt; c &gt; d, *amp* *lt* *gt*',
    );
  });

  it('keeps the escaped words of a bolded word escaped and its formatting characters neutral', () => {
    expect(passageMrkdwn({ snippet: 'call snake_case and R&D now', matched: ['snake_case', 'r&d'] })).toBe('call *snakeˍcase* and *R&amp;D* now');
  });

  it('makes the passage one line: a newline cannot start a quote, a list or a code block', () => {
    expect(passageMrkdwn({ snippet: 'first\n> quoted\n```\ncode\n```\n• item', matched: [] })).toBe('first &gt; quoted ˋˋˋ code ˋˋˋ • item');
  });

  it('cuts a long passage at a word boundary, within PASSAGE_MAX_CHARS characters of text', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const shown = passageMrkdwn({ snippet: words, matched: [] });
    expect(Array.from(shown).length).toBeLessThanOrEqual(PASSAGE_MAX_CHARS);
    expect(shown.endsWith('…')).toBe(true);
    const kept = shown.slice(0, -1);
    expect(words.startsWith(`${kept} `)).toBe(true);
  });

  it('counts the cut in characters of text, before escaping: 300 `&` stay 300 characters of text', () => {
    const shown = passageMrkdwn({ snippet: '&'.repeat(PASSAGE_MAX_CHARS), matched: [] });
    expect(Array.from(unescapeMrkdwn(shown)).length).toBe(PASSAGE_MAX_CHARS);
  });
});

describe('passageQuote and passageOf', () => {
  it('quotes the passage on one line, and gives nothing for a passage with no text', () => {
    expect(passageQuote({ snippet: 'why it matched', matched: ['matched'] })).toBe('> why it *matched*');
    expect(passageQuote({ snippet: ' \n\t ', matched: [] })).toBe('');
  });

  it('takes the passage from a hit only when the match came from the article text', () => {
    expect(passageOf({ matched: ['x'] })).toBeUndefined();
    expect(passageOf({ matched: ['x'], snippet: '' })).toBeUndefined();
    expect(passageOf({ matched: ['x'], snippet: 'an x' })).toEqual({ snippet: 'an x', matched: ['x'] });
  });

  it('withoutFormatting replaces only Slack\'s formatting characters', () => {
    expect(withoutFormatting('a*b_c~d`e &<>:smile:')).toBe('a∗bˍc∼dˋe &<>:smile:');
  });
});
