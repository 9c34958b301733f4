/**
 * Answering a parsed query against the index, in the steps engine.ts names: the shared context
 * (context.ts), the plan (plan.ts), the filters (filters.ts), the ranking (ranking.ts, scored by
 * scorer.ts) and the suggestions (suggestions.ts). Depends on indexing/, query/ and types.ts.
 */
export { createSearchContext, dateOrderOf, type DateOrder, type SearchContext } from './context.js';
export { facetsOf, type Facets } from './facets.js';
export { createFilters, type Filters } from './filters.js';
export { planQuery, type PlannedNode, type QueryPlan } from './plan.js';
export { createRanking, type Ranked, type Ranking } from './ranking.js';
export { createSuggestions, editDistance, type Suggestions } from './suggestions.js';
export { readNames } from './names.js';
