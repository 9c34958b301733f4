/**
 * Filler: general English words that frame a question ("going away", "instead", "quite early")
 * more often than they name its topic. They stay in the query but weigh a fraction of a word
 * (SEARCH_OPTIONS.fillerWeight): a catalog may use one rarely ("away" in one title), and its rarity
 * must not make it decide the order, nor make a question the catalog cannot answer look answered.
 *
 * The words are our own FILLER_WORDS plus the English list of `stopwords-iso` (MIT, maintained,
 * ~1,300 words gathered from many stop-word lists), less what is no general English word (country
 * codes such as "ai", "ml", "mq": only words of the English word list, three letters or more) and
 * less the words that name a topic in some catalog (TOPIC_WORDS: "state", "index", "test",
 * "keys", "join", "order"…). Read on the first query (~10 ms).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FILLER_WORDS, NOISE_WORDS, QUESTION_WORDS, STOP_WORDS } from '../indexing/index.js';
import { isEnglishWord } from './english.js';

/** stopwords-iso English words that are topics somewhere: searched at full weight. */
const TOPIC_WORDS = new Set(
  `state states order orders ordered ordering group groups grouped grouping index test text value
  system web website webpage html http computer microsoft keys join run stop open opened opening
  opens line length width page pages site home homepage section name date null net copy click
  research information invention member members interest interests room rooms fire free move buy
  help detail empty auth bill mug ring thick thin side sides top bottom low lower high higher
  second seconds zero numbers million billion trillion thousand hundred half words world young
  light face faces area areas small smaller large larger big latest recent new older oldest old
  early short full fix cache caption inner outside inside front back backward forward round turn
  turned turns results result effect present presented presents year years ended ending thing
  things fact facts parted parting general clear show shows shown showing significant similar
  serious primary primarily sensible novel proud dear welcome miss title titles well wells exactly
  first third describe described`
    .split(/\s+/)
    .filter(Boolean),
);

let fromPackage: ReadonlySet<string> | undefined;

function packageFiller(): ReadonlySet<string> {
  const words = new Set<string>();
  try {
    const path = createRequire(import.meta.url).resolve('stopwords-iso/stopwords-iso.json');
    const english = (JSON.parse(readFileSync(path, 'utf8')) as { en?: unknown }).en;
    if (Array.isArray(english)) {
      for (const word of english) {
        if (typeof word !== 'string' || word.length < 3 || TOPIC_WORDS.has(word)) continue;
        if (STOP_WORDS.has(word) || QUESTION_WORDS.has(word) || NOISE_WORDS.has(word)) continue;
        if (isEnglishWord(word)) words.add(word);
      }
    }
  } catch {
    // Without the package, our own FILLER_WORDS still apply.
  }
  return words;
}

/** Whether a typed word is filler (see the module comment). */
export function isFiller(word: string): boolean {
  if (FILLER_WORDS.has(word)) return true;
  fromPackage ??= packageFiller();
  return fromPackage.has(word);
}
