import { describe, expect, it } from 'vitest';
/** The test-side Block Kit checker: it must accept payloads at every limit and name each broken one. */
import { assertWithinBlockKitLimits, blockKitProblems, callProblems, unfurlProblems, viewProblems } from './block-kit-limits.js';

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

describe('viewProblems', () => {
  const modal = (over: Record<string, unknown> = {}) => ({ type: 'modal', title: { type: 'plain_text', text: 't'.repeat(24) }, blocks: [], ...over });

  it('accepts a modal and a Home tab at every limit', () => {
    const blocks = Array.from({ length: 100 }, () => ({ type: 'divider' }));
    expect(viewProblems(modal({ blocks, private_metadata: 'm'.repeat(3000), submit: { type: 'plain_text', text: 's'.repeat(24) } }))).toEqual([]);
    expect(viewProblems({ type: 'home', blocks })).toEqual([]);
  });

  it.each([
    ['101 blocks', modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }), /modal view has 101 blocks, limit 100/],
    ['title 25', modal({ title: { type: 'plain_text', text: 't'.repeat(25) } }), /modal title: text is 25 characters, limit 24/],
    ['no title', modal({ title: undefined }), /modal title: text object missing/],
    ['private_metadata 3001', modal({ private_metadata: 'm'.repeat(3001) }), /private_metadata is 3001 characters, limit 3000/],
    ['close 25', modal({ close: { type: 'plain_text', text: 'c'.repeat(25) } }), /modal close: text is 25 characters, limit 24/],
    ['a broken block', { type: 'home', blocks: [section('s'.repeat(3001))] }, /3001 characters, limit 3000/],
  ])('reports %s', (_name, view, expected) => {
    expect(viewProblems(view).join('\n')).toMatch(expected);
  });
});

describe('unfurlProblems and callProblems', () => {
  it('limits each unfurl to 50 blocks', () => {
    const unfurl = (n: number) => ({ blocks: Array.from({ length: n }, () => ({ type: 'divider' })) });
    expect(unfurlProblems({ 'https://a.example/x': unfurl(50) })).toEqual([]);
    expect(unfurlProblems({ 'https://a.example/x': unfurl(51) }).join('\n')).toMatch(/https:\/\/a\.example\/x: unfurl of .* has 51 blocks, limit 50/);
  });

  it('checks each recorded call by what it carries', () => {
    expect(callProblems({ method: 'respond', params: { blocks: [] } })).toEqual(['message has no plain `text` fallback']);
    expect(callProblems({ method: 'views.publish', params: { view: { type: 'home', blocks: [section('')] } } }).join('\n')).toMatch(/text is empty/);
    expect(callProblems({ method: 'chat.unfurl', params: { unfurls: { u: { blocks: 'x' } } } })).toEqual(['u: unfurl of u: blocks is not an array']);
    expect(callProblems({ method: 'auth.test', params: {} })).toEqual([]);
  });
});
