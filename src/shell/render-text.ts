/**
 * Block Kit → readable text, for the offline shell: links as `title (url)`, mentions as `@U123`,
 * entities decoded, buttons as `[Share 1]`. Only the blocks the bot builds need to look good; any
 * other block is shown by its text, if it has one.
 */
import type { SlackMessage } from '../slack/blocks/message.js';
import { unescapeMrkdwn } from '../slack/blocks/text.js';

export interface ButtonInfo {
  actionId: string;
  value: string | undefined;
  text: string;
}

export interface RenderOptions {
  /** How a button is shown. Default `[text]`. */
  buttonLabel?: (button: ButtonInfo) => string;
  /** Width of divider lines. Default 60. */
  width?: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** mrkdwn → what a person reads in Slack. */
export function mrkdwnToText(text: string): string {
  return unescapeMrkdwn(
    text
      .replace(/<((?:https?|mailto):[^|>]+)\|([^>]*)>/g, (_m, url: string, label: string) => `${label} (${url})`)
      .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
      .replace(/<@([A-Z0-9]+)(\|[^>]*)?>/g, '@$1')
      .replace(/<#([A-Z0-9]+)\|([^>]*)>/g, '#$2')
      .replace(/<#([A-Z0-9]+)>/g, '#$1')
      .replace(/<!(here|channel|everyone)>/g, '@$1'),
  );
}

function textOf(t: unknown): string {
  if (!isObject(t) || typeof t.text !== 'string') return '';
  return t.type === 'mrkdwn' ? mrkdwnToText(t.text) : t.text;
}

export function buttonInfo(element: unknown): ButtonInfo | undefined {
  if (!isObject(element) || element.type !== 'button') return undefined;
  return { actionId: String(element.action_id ?? ''), value: typeof element.value === 'string' ? element.value : undefined, text: textOf(element.text) };
}

/** Every button of a message, in reading order. */
export function messageButtons(message: SlackMessage): ButtonInfo[] {
  const buttons: ButtonInfo[] = [];
  for (const block of (message.blocks ?? []) as unknown[]) {
    if (!isObject(block)) continue;
    const accessory = buttonInfo(block.accessory);
    if (accessory) buttons.push(accessory);
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const el of block.elements) {
        const b = buttonInfo(el);
        if (b) buttons.push(b);
      }
    }
  }
  return buttons;
}

export function renderMessageText(message: SlackMessage, options: RenderOptions = {}): string {
  const label = options.buttonLabel ?? ((b: ButtonInfo) => `[${b.text}]`);
  const width = options.width ?? 60;
  const blocks = (message.blocks ?? []) as unknown[];
  if (blocks.length === 0) return mrkdwnToText(message.text);
  const lines: string[] = [];
  for (const block of blocks) {
    if (!isObject(block)) continue;
    switch (block.type) {
      case 'header': {
        const t = textOf(block.text);
        lines.push(t, '='.repeat(Math.min(width, Array.from(t).length)));
        break;
      }
      case 'section': {
        const parts: string[] = [];
        if (block.text) parts.push(textOf(block.text));
        if (Array.isArray(block.fields)) parts.push(...block.fields.map(textOf));
        const accessory = buttonInfo(block.accessory);
        const body = parts.join('\n');
        lines.push(accessory ? `${body}\n${label(accessory)}` : body);
        break;
      }
      case 'context': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        lines.push('  ' + elements.map(textOf).filter(Boolean).join(' | '));
        break;
      }
      case 'divider':
        lines.push('-'.repeat(width));
        break;
      case 'actions': {
        const elements = Array.isArray(block.elements) ? block.elements : [];
        lines.push(elements.map(buttonInfo).filter((b): b is ButtonInfo => !!b).map(label).join('  '));
        break;
      }
      case 'input': {
        // A text box: its label, and what is in it (or its placeholder, greyed in Slack).
        const element = isObject(block.element) ? block.element : {};
        const inside = typeof element.initial_value === 'string' ? element.initial_value : textOf(element.placeholder);
        lines.push(`${textOf(block.label)}: [ ${inside} ]`);
        break;
      }
      default:
        if (block.text) lines.push(textOf(block.text));
    }
  }
  return lines.join('\n');
}
