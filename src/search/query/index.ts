/**
 * Reading the query (step 0 of engine.ts): the text a user typed becomes a ParsedQuery (operators,
 * then dates, order and "by …" understood from free text), and back (the canonical text form); and
 * the line that says how a query was read. Depends only on indexing/ (the tokenizer) and types.ts.
 */
export { MAX_QUERY_LENGTH, MAX_QUERY_WORDS, emptyQuery, formatQuery, isEmptyQuery, parseQuery, validPeriod, type ParseOptions } from './query.js';
export { readingOf } from './reading.js';
export { isEnglishWord } from './english.js';
export { isFiller } from './filler.js';
