import { describe, expect, it } from 'vitest';
import { assertWithinBlockKitLimits, blockKitProblems } from '../../../src/slack/blocks/limits.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (over: Record<string, unknown> = {}) => ({ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Go' }, value: 'v', ...over });

describe('blockKitProblems', () => {
  it('accepts a message at every limit', () => {
    const message = {
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
        section('s'.repeat(3000)),
        { type: 'context', elements: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        { type: 'actions', block_id: 'b'.repeat(255), elements: [button({ text: { type: 'plain_text', text: 't'.repeat(75) }, value: 'v'.repeat(2000), action_id: 'x'.repeat(255) })] },
        ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
      ],
    };
    expect(blockKitProblems(message)).toEqual([]);
    expect(() => assertWithinBlockKitLimits(message)).not.toThrow();
  });

  it.each([
    ['no fallback text', { blocks: [] }, /no plain `text` fallback/],
    ['51 blocks', { text: 't', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) }, /51 blocks, limit 50/],
    ['section text 3001', { text: 't', blocks: [section('s'.repeat(3001))] }, /3001 characters, limit 3000/],
    ['header 151', { text: 't', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] }, /151 characters, limit 150/],
    ['mrkdwn header', { text: 't', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] }, /must be plain_text/],
    ['button text 76', { text: 't', blocks: [{ type: 'actions', elements: [button({ text: { type: 'plain_text', text: 'b'.repeat(76) } })] }] }, /76 characters, limit 75/],
    ['button value 2001', { text: 't', blocks: [{ type: 'actions', elements: [button({ value: 'v'.repeat(2001) })] }] }, /value is 2001 characters, limit 2000/],
    ['action_id 256', { text: 't', blocks: [{ ...section('s'), accessory: button({ action_id: 'a'.repeat(256) }) }] }, /action_id is 256 characters, limit 255/],
    ['11 context elements', { text: 't', blocks: [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }] }, /11 elements, limit 10/],
    ['block_id 256', { text: 't', blocks: [{ type: 'divider', block_id: 'b'.repeat(256) }] }, /block_id is 256 characters, limit 255/],
    ['empty section text', { text: 't', blocks: [section('')] }, /text is empty/],
    ['duplicate action ids', { text: 't', blocks: [{ type: 'actions', elements: [button(), button()] }] }, /duplicate action_id "a"/],
  ])('reports %s', (_name, message, expected) => {
    const problems = blockKitProblems(message);
    expect(problems.join('\n')).toMatch(expected);
    expect(() => assertWithinBlockKitLimits(message)).toThrow(/Block Kit limits broken/);
  });
});
