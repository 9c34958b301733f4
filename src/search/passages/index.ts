/**
 * Article text as passages (split.ts) and a passage as a hit's snippet (snippet.ts). Plain text
 * handling at the bottom of the search stage: indexing/ builds the passage index with splitPassages,
 * ranking/ cuts snippets; texts are kept packed (packed-texts.ts). Imports nothing from the rest of the stage.
 */
export { MAX_CHARS, MAX_PASSAGES, MAX_TEXT_CHARS, passageText, splitPassages, type PassageRange } from './split.js';
export { SNIPPET_CHARS, snippetOf, withoutTitle } from './snippet.js';
export { packTexts, packedFor, packedTextsMap, type PackedTexts } from './packed-texts.js';
