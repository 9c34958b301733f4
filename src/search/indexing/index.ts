/**
 * The index and its persistence: the tokenizer and stemmer (text.ts), the index settings
 * (options.ts), the frozen index (frozen-index.ts) and its snapshot file (snapshot.ts,
 * snapshot-catalog.ts). The bottom of the search stage: imports nothing from query/ or ranking/.
 */
export { COMPOUND_MARK, SEARCH_OPTIONS, compoundTerm, compoundTokenizer, fieldText, type FieldTokenizer, type IndexOptions, type SearchField, type SearchTuning } from './options.js';
export {
  BODY_FIELD,
  buildFrozenIndex,
  dictionaryOf,
  dictionarySteps,
  documentFrequency,
  type BuildOptions,
  type BuildProgress,
  type FrozenIndex,
  type PassageIndex,
} from './frozen-index.js';
export {
  FILLER_WORDS,
  NOISE_WORDS,
  QUESTION_WORDS,
  STOP_WORDS,
  fold,
  indexTokens,
  phraseText,
  queryWords,
  rawTokens,
  splitQueryWords,
  stem,
  type QueryWord,
} from './text.js';
export {
  SNAPSHOT_FORMAT,
  decodeSnapshot,
  indexSettingsLine,
  readSnapshot,
  readSnapshotFile,
  writeSnapshot,
  type SnapshotFile,
  type SnapshotHeader,
  type SnapshotReadResult,
  type SnapshotWanted,
} from './snapshot.js';
export type { SnapshotCatalog } from './snapshot-catalog.js';
