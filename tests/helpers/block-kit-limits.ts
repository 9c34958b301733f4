/**
 * Slack's Block Kit limits as a checker for tests: every limit a payload breaks, as readable
 * sentences. The numbers are written out here from Slack's documentation (slack-facts.md §1), not
 * taken from src/, so a builder that clamps to a wrong constant is still caught.
 *
 * One entry point per surface — a message (chat.postMessage, chat.postEphemeral, chat.update, a
 * response_url), a view (a modal or the App Home tab: views.open / update / push / publish) and
 * link unfurls (chat.unfurl) — and `callProblems`, which picks the right one for a call the fake
 * Slack recorded, so a test can run it over everything the app sent.
 */
import type { FakeSlackCall } from './fake-slack.js';

export const LIMITS = {
  /** docs.slack.dev/reference/block-kit/blocks: 50 per message, 100 per modal or Home tab. */
  blocksPerMessage: 50,
  blocksPerView: 100,
  /** chat.unfurl: each unfurl is a message attachment of blocks; Slack refuses more than 50 blocks. */
  blocksPerUnfurl: 50,
  /** section `text` 1–3000; `fields` ≤ 10 of ≤ 2000 each. */
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  /** header: plain_text ≤ 150. */
  headerText: 150,
  /** context: ≤ 10 elements; actions: ≤ 25 elements. */
  contextElements: 10,
  actionsElements: 25,
  /** button: text ≤ 75, value ≤ 2000, url ≤ 3000; action_id and block_id ≤ 255. */
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  /** Any text object 1–3000. */
  textObject: 3000,
  /** input block: label and hint plain_text ≤ 2000; plain_text_input placeholder ≤ 150. */
  inputLabel: 2000,
  placeholder: 150,
  /** Top-level message `text`: truncated by Slack beyond 40,000 characters. */
  messageText: 40_000,
  /** Modal: title, submit and close plain_text ≤ 24; private_metadata ≤ 3000; callback_id ≤ 255. */
  modalTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

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
  if (typeof el.action_id === 'string' && length(el.action_id) > LIMITS.actionId) {
    problems.push(`${where}: action_id is ${length(el.action_id)} characters, limit ${LIMITS.actionId}`);
  }
  if (el.type === 'button') {
    checkTextObject(el.text, `${where} button text`, LIMITS.buttonText, problems, true);
    if (length(el.value) > LIMITS.buttonValue) problems.push(`${where}: button value is ${length(el.value)} characters, limit ${LIMITS.buttonValue}`);
    if (length(el.url) > LIMITS.buttonUrl) problems.push(`${where}: button url is ${length(el.url)} characters, limit ${LIMITS.buttonUrl}`);
  }
  if (el.placeholder !== undefined) checkTextObject(el.placeholder, `${where} placeholder`, LIMITS.placeholder, problems, true);
}

/** The checks every surface shares: each block within its own limits, block ids short and unique. */
export function blocksProblems(blocks: unknown, maxBlocks: number, surface: string): string[] {
  if (!Array.isArray(blocks)) return [`${surface}: blocks is not an array`];
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${surface} has ${blocks.length} blocks, limit ${maxBlocks}`);
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const where = `block ${i}`;
    if (!isObject(block)) {
      problems.push(`${where}: not an object`);
      return;
    }
    if (typeof block.block_id === 'string') {
      if (length(block.block_id) > LIMITS.blockId) problems.push(`${where}: block_id is ${length(block.block_id)} characters, limit ${LIMITS.blockId}`);
      if (blockIds.has(block.block_id)) problems.push(`${where}: duplicate block_id "${block.block_id}"`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'section': {
        if (block.text === undefined && block.fields === undefined) problems.push(`${where}: section needs text or fields`);
        if (block.text !== undefined) checkTextObject(block.text, `${where} (section)`, LIMITS.sectionText, problems);
        if (Array.isArray(block.fields)) {
          if (block.fields.length > LIMITS.sectionFields) problems.push(`${where}: ${block.fields.length} fields, limit ${LIMITS.sectionFields}`);
          block.fields.forEach((f: unknown, j) => checkTextObject(f, `${where} field ${j}`, LIMITS.sectionFieldText, problems));
        }
        checkElement(block.accessory, `${where} accessory`, problems);
        break;
      }
      case 'header':
        checkTextObject(block.text, `${where} (header)`, LIMITS.headerText, problems, true);
        break;
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0) problems.push(`${where}: context has no elements`);
        if (elements.length > LIMITS.contextElements) problems.push(`${where}: context has ${elements.length} elements, limit ${LIMITS.contextElements}`);
        elements.forEach((e: unknown, j) => {
          if (isObject(e) && e.type !== 'image') checkTextObject(e, `${where} element ${j}`, LIMITS.textObject, problems);
        });
        break;
      }
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        if (elements.length === 0) problems.push(`${where}: actions has no elements`);
        if (elements.length > LIMITS.actionsElements) problems.push(`${where}: actions has ${elements.length} elements, limit ${LIMITS.actionsElements}`);
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
      case 'input':
        checkTextObject(block.label, `${where} (input label)`, LIMITS.inputLabel, problems, true);
        if (block.hint !== undefined) checkTextObject(block.hint, `${where} (input hint)`, LIMITS.inputLabel, problems, true);
        checkElement(block.element, `${where} element`, problems);
        break;
      default:
        // Dividers and other block types carry nothing with a length limit we build.
        break;
    }
  });
  return problems;
}

/** Every limit a message (chat.postMessage, chat.postEphemeral, chat.update, response_url) breaks. */
export function blockKitProblems(message: unknown): string[] {
  if (!isObject(message)) return ['message is not an object'];
  const problems: string[] = [];
  const text = message.text;
  if (typeof text !== 'string' || text.trim() === '') problems.push('message has no plain `text` fallback');
  else if (length(text) > LIMITS.messageText) problems.push(`message text is ${length(text)} characters, limit ${LIMITS.messageText}`);
  if (message.blocks === undefined) return problems;
  return [...problems, ...blocksProblems(message.blocks, LIMITS.blocksPerMessage, 'message')];
}

/** Every limit a view breaks: a modal (views.open / update / push) or the Home tab (views.publish). */
export function viewProblems(view: unknown): string[] {
  if (!isObject(view)) return ['view is not an object'];
  const problems: string[] = [];
  if (view.type !== 'modal' && view.type !== 'home') problems.push(`view type "${String(view.type)}" is neither modal nor home`);
  if (view.type === 'modal') {
    checkTextObject(view.title, 'modal title', LIMITS.modalTitle, problems, true);
    for (const key of ['submit', 'close'] as const) {
      if (view[key] !== undefined) checkTextObject(view[key], `modal ${key}`, LIMITS.modalTitle, problems, true);
    }
  }
  if (length(view.private_metadata) > LIMITS.privateMetadata) problems.push(`private_metadata is ${length(view.private_metadata)} characters, limit ${LIMITS.privateMetadata}`);
  if (length(view.callback_id) > LIMITS.callbackId) problems.push(`callback_id is ${length(view.callback_id)} characters, limit ${LIMITS.callbackId}`);
  return [...problems, ...blocksProblems(view.blocks ?? [], LIMITS.blocksPerView, `${String(view.type)} view`)];
}

/** Every limit a chat.unfurl `unfurls` map (URL → `{ blocks }`) breaks. */
export function unfurlProblems(unfurls: unknown): string[] {
  if (!isObject(unfurls)) return ['unfurls is not an object'];
  return Object.entries(unfurls).flatMap(([url, unfurl]) => {
    if (!isObject(unfurl)) return [`unfurl of ${url} is not an object`];
    return blocksProblems(unfurl.blocks ?? [], LIMITS.blocksPerUnfurl, `unfurl of ${url}`).map((p) => `${url}: ${p}`);
  });
}

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'chat.scheduleMessage', 'respond']);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.push', 'views.publish']);

/** True for the calls that carry a payload `callProblems` checks. */
export function carriesBlockKit(call: Pick<FakeSlackCall, 'method'>): boolean {
  return MESSAGE_METHODS.has(call.method) || VIEW_METHODS.has(call.method) || call.method === 'chat.unfurl';
}

/** The limits the payload of one recorded fake-Slack call breaks (messages, views and unfurls). */
export function callProblems(call: Pick<FakeSlackCall, 'method' | 'params'>): string[] {
  if (MESSAGE_METHODS.has(call.method)) return blockKitProblems(call.params);
  if (VIEW_METHODS.has(call.method)) return viewProblems(call.params.view);
  if (call.method === 'chat.unfurl') return unfurlProblems(call.params.unfurls);
  return [];
}

/** Throw a readable error listing every broken limit of a message. */
export function assertWithinBlockKitLimits(message: unknown): void {
  const problems = blockKitProblems(message);
  if (problems.length > 0) throw new Error(`Block Kit limits broken:\n  - ${problems.join('\n  - ')}`);
}
