/** The search engine's public API. Plain values in and out: no Slack, no minisearch types leak. */
export type { ParsedQuery, SearchHit, SearchResult, SearchOptions, CatalogSearch, SortOrder } from './types.js';
export { parseQuery, formatQuery, emptyQuery, isEmptyQuery, validPeriod, MAX_QUERY_LENGTH, MAX_QUERY_WORDS } from './query.js';
export { createSearchEngine, buildIndex, type SearchEngine, type SearchEngineOptions } from './engine.js';
export { SEARCH_OPTIONS, type IndexOptions, type SearchField } from './options.js';
export { buildFrozenIndex, type FrozenIndex, type BuildProgress } from './frozen-index.js';
export {
  loadOrBuildSearchEngine,
  contentHash,
  readSnapshot,
  writeSnapshot,
  SNAPSHOT_FORMAT,
  type LoadOrBuildOptions,
  type SnapshotHeader,
  type SnapshotReadResult,
} from './snapshot.js';
export {
  createVocabulary,
  loadVocabulary,
  defaultVocabulary,
  EMPTY_VOCABULARY,
  DEFAULT_VOCABULARY_PATH,
  type Vocabulary,
  type VocabularyData,
  type VocabularyGroup,
  type VocabularyMatch,
  type Expansion,
} from './vocabulary.js';
