/**
 * Interactive element ids and the values the buttons carry. Button values come back from Slack in
 * `block_actions` payloads, so they are untrusted input: the parsers here are the type guards.
 */
import { MAX_BUTTON_VALUE } from './limits.js';

export const ACTION_IDS = {
  /** Share button on a result card; value = article id. */
  share: 'share_article',
  /** Paging buttons; value = `PageValue`. */
  previous: 'page_previous',
  next: 'page_next',
  /** "See all" on a public (mention/DM) answer: the clicker gets the full, pageable list, ephemerally. */
  more: 'show_more',
  /** "Did you mean" buttons; `run_search:<n>` because action ids must be unique within a block. */
  runSearchPrefix: 'run_search',
} as const;

/** Regexes the Bolt listeners register with. */
export const PAGE_ACTION = /^page_(previous|next)$/;
export const RUN_SEARCH_ACTION = /^run_search(:\d+)?$/;

/** What a paging or suggestion button carries: the canonical query and the offset to show. */
export interface PageValue {
  q: string;
  o: number;
}

/** The button value for `{q, o}`, or undefined when it would not fit Slack's 2000-character limit. */
export function encodePageValue(value: PageValue): string | undefined {
  const encoded = JSON.stringify({ q: value.q, o: value.o });
  return Array.from(encoded).length <= MAX_BUTTON_VALUE ? encoded : undefined;
}

/** Parse a paging/suggestion button value; undefined for anything we did not produce. */
export function decodePageValue(raw: unknown): PageValue | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_BUTTON_VALUE) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { q, o } = parsed as Record<string, unknown>;
  if (typeof q !== 'string' || typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) return undefined;
  return { q, o };
}
