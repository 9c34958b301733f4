/**
 * The search modal as conversation steps, shared by the Bolt listeners and the shell: the same
 * search as `/catalog` (query syntax, filters, reading, weak and no-result answers) through
 * `searchPage`, shown MODAL_PAGE_SIZE cards at a time.
 */
import { decodePageValue } from '../blocks/actions.js';
import { MODAL_PAGE_SIZE, MODAL_QUERY_MAX, searchModalView, submittedQueryError } from '../blocks/search-modal.js';
import type { View } from '@slack/types';
import { searchPage } from './search.js';
import type { HandlerDeps } from './types.js';

/** The modal for what is in the input now (typing): results, or the how-to when it is blank. */
export function modalForQuery(typed: unknown, deps: HandlerDeps, offset = 0): View {
  const text = typeof typed === 'string' ? typed.slice(0, MODAL_QUERY_MAX).trim() : '';
  if (text === '') return searchModalView();
  return searchModalView({ page: searchPage(text, deps, MODAL_PAGE_SIZE, offset) });
}

/** Previous / Next / a suggestion: the page the button carries; undefined for a value we did not make. */
export function modalForButton(value: unknown, deps: HandlerDeps): View | undefined {
  const page = decodePageValue(value);
  if (!page) return undefined;
  // A suggestion replaces what is in the input, so it is shown there as well.
  return searchModalView({ initialQuery: page.q, page: searchPage(page.q, deps, MODAL_PAGE_SIZE, page.o) });
}

export type SubmitOutcome = { error: string } | { view: View };

/** Enter or the Search button: the results, or why the query cannot be searched (shown on the input). */
export function submitModalQuery(typed: unknown, deps: HandlerDeps): SubmitOutcome {
  const text = typeof typed === 'string' ? typed.slice(0, MODAL_QUERY_MAX).trim() : '';
  if (text === '') return { error: submittedQueryError(text, []) ?? '' };
  const page = searchPage(text, deps, MODAL_PAGE_SIZE);
  const error = submittedQueryError(text, page.result.query.problems);
  return error ? { error } : { view: searchModalView({ initialQuery: text, page }) };
}
