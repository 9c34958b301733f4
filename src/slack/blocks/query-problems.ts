/**
 * What the query parser could not use (`ParsedQuery.problems`), as one context block: the first few
 * problems, each cut to a readable length, and how many more there were. A query of 142 bad filters
 * makes 142 problems; the user needs to see the pattern, not all of them.
 */
import type { KnownBlock } from '@slack/types';
import { MAX_TEXT_OBJECT } from './limits.js';
import { capMrkdwn, listWithMore, mrkdwnText } from './text.js';

/** Problems listed before "and N more". */
export const MAX_PROBLEMS_SHOWN = 5;
/** Characters of one problem shown (a problem quotes the bad value, which may be long). */
export const MAX_PROBLEM_CHARS = 300;

/** `• first problem\n• second…\nand 140 more`, escaped and capped. */
export function problemList(problems: readonly string[], bullet = '• '): string {
  const lines = problems.map((p) => `${bullet}${mrkdwnText(p, MAX_PROBLEM_CHARS)}`);
  return capMrkdwn(listWithMore(lines, MAX_PROBLEMS_SHOWN, '\n'), MAX_TEXT_OBJECT);
}

/** The problems as a context block, or none when the query had no problem. */
export function queryProblemsBlock(problems: readonly string[]): KnownBlock[] {
  if (problems.length === 0) return [];
  return [{ type: 'context', elements: [{ type: 'mrkdwn', text: problemList(problems, ':warning: ') }] }];
}
