/**
 * Block Kit limits, as named constants with where each comes from (docs.slack.dev/reference/block-kit/blocks and the per-block pages,
 * and the node-slack-sdk packages/types JSDoc), plus a
 * checker that lists every limit a message breaks. The builders keep within these limits; tests run
 * `assertWithinBlockKitLimits` over every message the fake Slack receives.
 */
import type { SlackMessage } from '../conversation/types.js';

/** "up to 50 blocks per message" — docs.slack.dev/reference/block-kit/blocks. */
export const MAX_BLOCKS_PER_MESSAGE = 50;
/** section `text`: 1–3000 characters — docs.slack.dev/reference/block-kit/blocks/section-block. */
export const MAX_SECTION_TEXT = 3000;
/** section `fields`: at most 10 items of at most 2000 characters each — same page. */
export const MAX_SECTION_FIELDS = 10;
export const MAX_SECTION_FIELD_TEXT = 2000;
/** header `text`: plain_text, at most 150 characters — docs.slack.dev/reference/block-kit/blocks/header-block. */
export const MAX_HEADER_TEXT = 150;
/** context `elements`: at most 10 — packages/types blocks.ts:197-205. */
export const MAX_CONTEXT_ELEMENTS = 10;
/** actions `elements`: at most 25 — packages/types blocks.ts:110. */
export const MAX_ACTIONS_ELEMENTS = 25;
/** button `text` ≤ 75, `value` ≤ 2000, `url` ≤ 3000 — packages/types block-elements.ts:29-64. */
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_VALUE = 2000;
export const MAX_BUTTON_URL = 3000;
/** `action_id` ≤ 255 — packages/types extensions.ts:11-15. */
export const MAX_ACTION_ID = 255;
/** `block_id` ≤ 255 — packages/types blocks.ts:46. */
export const MAX_BLOCK_ID = 255;
/** Any text object: 1–3000 characters — composition-objects.ts:142-175. */
export const MAX_TEXT_OBJECT = 3000;
/** Top-level `text` is truncated by Slack beyond 40,000 characters — api.slack.com/changelog/2018-04-truncating-really-long-messages. */
export const MAX_MESSAGE_TEXT = 40_000;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const length = (s: unknown): number => (typeof s === 'string' ? Array.from(s).length : 0);

function checkTextObject(t: unknown, where: string, max: number, problems: string[], mustBePlain = false): void {
  if (!isObject(t)) {
    problems.push(`${where}: text object missing`);
    return;
  }
  if (t.type !== 'plain_text' && t.type !== 'mrkdwn') problems.push(`${where}: text type "${String(t.type)}" is neither plain_text nor mrkdwn`);
  if (mustBePlain && t.type !== 'plain_text') problems.push(`${where}: must be plain_text`);
  const n = length(t.text);
  if (n < 1) problems.push(`${where}: text is empty`);
  if (n > max) problems.push(`${where}: text is ${n} characters, limit ${max}`);
}

function checkElement(el: unknown, where: string, problems: string[]): void {
  if (!isObject(el)) return;
  if (typeof el.action_id === 'string' && length(el.action_id) > MAX_ACTION_ID) {
    problems.push(`${where}: action_id is ${length(el.action_id)} characters, limit ${MAX_ACTION_ID}`);
  }
  if (el.type === 'button') {
    checkTextObject(el.text, `${where} button text`, MAX_BUTTON_TEXT, problems, true);
    if (length(el.value) > MAX_BUTTON_VALUE) problems.push(`${where}: button value is ${length(el.value)} characters, limit ${MAX_BUTTON_VALUE}`);
    if (length(el.url) > MAX_BUTTON_URL) problems.push(`${where}: button url is ${length(el.url)} characters, limit ${MAX_BUTTON_URL}`);
  }
}

/** Every Block Kit limit `message` breaks, as readable sentences; empty when it is fine. */
export function blockKitProblems(message: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(message)) return ['message is not an object'];
  const text = message.text;
  if (typeof text !== 'string' || text.trim() === '') problems.push('message has no plain `text` fallback');
  else if (length(text) > MAX_MESSAGE_TEXT) problems.push(`message text is ${length(text)} characters, limit ${MAX_MESSAGE_TEXT}`);

  const blocks = message.blocks;
  if (blocks === undefined) return problems;
  if (!Array.isArray(blocks)) return [...problems, 'blocks is not an array'];
  if (blocks.length > MAX_BLOCKS_PER_MESSAGE) problems.push(`message has ${blocks.length} blocks, limit ${MAX_BLOCKS_PER_MESSAGE}`);

  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const where = `block ${i}`;
    if (!isObject(block)) {
      problems.push(`${where}: not an object`);
      return;
    }
    if (typeof block.block_id === 'string') {
      if (length(block.block_id) > MAX_BLOCK_ID) problems.push(`${where}: block_id is ${length(block.block_id)} characters, limit ${MAX_BLOCK_ID}`);
      if (blockIds.has(block.block_id)) problems.push(`${where}: duplicate block_id "${block.block_id}"`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'section': {
        if (block.text === undefined && block.fields === undefined) problems.push(`${where}: section needs text or fields`);
        if (block.text !== undefined) checkTextObject(block.text, `${where} (section)`, MAX_SECTION_TEXT, problems);
        if (Array.isArray(block.fields)) {
          if (block.fields.length > MAX_SECTION_FIELDS) problems.push(`${where}: ${block.fields.length} fields, limit ${MAX_SECTION_FIELDS}`);
          block.fields.forEach((f: unknown, j) => checkTextObject(f, `${where} field ${j}`, MAX_SECTION_FIELD_TEXT, problems));
        }
        checkElement(block.accessory, `${where} accessory`, problems);
        break;
      }
      case 'header':
        checkTextObject(block.text, `${where} (header)`, MAX_HEADER_TEXT, problems, true);
        break;
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0) problems.push(`${where}: context has no elements`);
        if (elements.length > MAX_CONTEXT_ELEMENTS) problems.push(`${where}: context has ${elements.length} elements, limit ${MAX_CONTEXT_ELEMENTS}`);
        elements.forEach((e: unknown, j) => {
          if (isObject(e) && e.type !== 'image') checkTextObject(e, `${where} element ${j}`, MAX_TEXT_OBJECT, problems);
        });
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0) problems.push(`${where}: actions has no elements`);
        if (elements.length > MAX_ACTIONS_ELEMENTS) problems.push(`${where}: actions has ${elements.length} elements, limit ${MAX_ACTIONS_ELEMENTS}`);
        const ids = new Set<string>();
        elements.forEach((e: unknown, j) => {
          checkElement(e, `${where} element ${j}`, problems);
          if (isObject(e) && typeof e.action_id === 'string') {
            if (ids.has(e.action_id)) problems.push(`${where}: duplicate action_id "${e.action_id}" in one block`);
            ids.add(e.action_id);
          }
        });
        break;
      }
      case 'divider':
        break;
      default:
        // Other block types are allowed by Slack; we do not build them, so only the generic checks apply.
        break;
    }
  });
  return problems;
}

/** Throw a readable error listing every broken limit; for tests and development checks. */
export function assertWithinBlockKitLimits(message: SlackMessage | unknown): void {
  const problems = blockKitProblems(message);
  if (problems.length > 0) {
    throw new Error(`Block Kit limits broken:\n  - ${problems.join('\n  - ')}`);
  }
}
