/**
 * The Block Kit limits the builders clamp to, as named constants with where each comes from
 * (docs.slack.dev/reference/block-kit/blocks and the per-block pages, and the node-slack-sdk
 * packages/types JSDoc). The check that a payload keeps within every limit lives with the tests
 * (tests/helpers/block-kit-limits.ts), which run it over everything the fake Slack receives.
 */

/** "up to 50 blocks per message" — docs.slack.dev/reference/block-kit/blocks. */
export const MAX_BLOCKS_PER_MESSAGE = 50;
/** section `text`: 1–3000 characters — docs.slack.dev/reference/block-kit/blocks/section-block. */
export const MAX_SECTION_TEXT = 3000;
/** header `text`: plain_text, at most 150 characters — docs.slack.dev/reference/block-kit/blocks/header-block. */
export const MAX_HEADER_TEXT = 150;
/** context `elements`: at most 10 — packages/types blocks.ts:197-205. */
export const MAX_CONTEXT_ELEMENTS = 10;
/** button `text` ≤ 75, `value` ≤ 2000 — packages/types block-elements.ts:29-64. */
export const MAX_BUTTON_TEXT = 75;
export const MAX_BUTTON_VALUE = 2000;
/** Any text object: 1–3000 characters — composition-objects.ts:142-175. */
export const MAX_TEXT_OBJECT = 3000;
/** Top-level `text` is truncated by Slack beyond 40,000 characters — api.slack.com/changelog/2018-04-truncating-really-long-messages. */
export const MAX_MESSAGE_TEXT = 40_000;
/** A modal or the Home tab: at most 100 blocks — docs.slack.dev/reference/views. */
export const MAX_BLOCKS_PER_VIEW = 100;
