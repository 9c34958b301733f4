/**
 * The search stage's public surface for the rest of src/ (cli, reload, slack, app.ts) and bench/:
 * the engine, the cold start from a snapshot, the query's text form, the vocabulary and the plain
 * types. The sub-folders (indexing/, query/, ranking/) are internal to the stage; see engine.ts.
 */
export { abbreviationsOf, buildIndex, createSearchEngine, type BuildIndexOptions, type SearchEngine, type SearchEngineOptions } from './engine.js';
export { learnAbbreviations, type Abbreviation } from './abbreviations.js';
export {
  buildAndSaveEngine,
  catalogSnapshotKey,
  contentHash,
  createSnapshotCache,
  loadCatalogAndEngine,
  loadOrBuildSearchEngine,
  textsDigest,
  type ColdStart,
  type ColdStartOptions,
  type LoadOrBuildOptions,
  type SnapshotCache,
  type SnapshotCacheOptions,
} from './cold-start.js';
export { packTexts, packedTextsMap, type PackedTexts } from './passages/index.js';
export { MAX_QUERY_WORDS, emptyQuery, formatQuery, isEmptyQuery, parseQuery } from './query/index.js';
export { BODY_FIELD, dictionarySteps, readSnapshot, writeSnapshot, type FrozenIndex, type PassageIndex } from './indexing/index.js';
export { dateOrderOf, facetsOf, type DateOrder, type Facets } from './ranking/index.js';
export {
  DEFAULT_VOCABULARY_PATH,
  EMPTY_VOCABULARY,
  createVocabulary,
  defaultVocabulary,
  loadSearchVocabulary,
  loadVocabulary,
  mergeVocabularyData,
  readVocabularyData,
  vocabularyFingerprint,
  type Vocabulary,
  type VocabularyData,
} from './vocabulary.js';
export type * from './types.js';
