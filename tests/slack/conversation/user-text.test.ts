import { describe, expect, it } from 'vitest';
import { mentionsAsText, normalizeUserText, stripBotMention } from '../../../src/slack/conversation/user-text.js';

describe('user text from Slack', () => {
  it.each([
    ['tag:saas &amp; more', 'tag:saas & more'],
    ['a &lt;b&gt;', 'a <b>'],
    ['see <https://x.com/a|x.com>', 'see x.com'],
    ['see <https://x.com/a>', 'see https://x.com/a'],
    ['author:\u201CTod Golding\u201D', 'author:"Tod Golding"'],
    ['  many   spaces\n', 'many spaces'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUserText(input)).toBe(expected);
  });

  it('removes the bot mention wherever it is, or the leading one when the bot id is unknown', () => {
    expect(stripBotMention('<@U0BOT> eks', 'U0BOT')).toBe('eks');
    expect(stripBotMention('hey <@U0BOT|catalog-bot> eks', 'U0BOT')).toBe('hey eks');
    expect(stripBotMention('<@U0BOT> eks <@U2>')).toBe('eks <@U2>');
  });

  it('keeps other people\'s mentions as plain words', () => {
    expect(mentionsAsText('by <@U2> and <@W3|bob>')).toBe('by @U2 and @W3');
  });
});
