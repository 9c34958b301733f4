/**
 * The vocabulary: other ways of saying what a user typed. People type "k8s", "pub/sub" or "ECS";
 * articles say "Kubernetes", "Simple Notification Service" or "containers". The engine adds a
 * name's other names to a query as lower-weighted alternatives, so an article using the user's own
 * word still ranks first.
 *
 * Two layers, same format: the general vocabulary shipped with the product (vocabulary/general.json:
 * every AWS service with its abbreviations, former names and what it is for, and common
 * software-engineering synonyms), and an optional catalog owner's file (`CATALOG_VOCABULARY`) for
 * their own jargon, merged over it: a name the owner defines takes the owner's meaning only.
 *
 * Matching is on stemmed index tokens, so "rate limits" meets the entry "rate limiting"; expansions
 * are looked up in the index as written (and through their own other word forms).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import { indexTokens, stem } from './indexing/index.js';

/** vocabulary/general.json, found relative to this module (works from src/ and dist/). */
export const DEFAULT_VOCABULARY_PATH = fileURLToPath(new URL('../../vocabulary/general.json', import.meta.url));

export interface VocabularyGroup {
  /** Interchangeable names of one thing ("ecs", "elastic container service"), expanded in every direction. */
  terms: string[];
  /** Narrower or neighbouring ideas, expanded one way (from `terms`), weighted lower. */
  related?: string[];
  /** What the thing is for, in a few words ("containers"): expanded both ways, weighted like `related`. */
  topics?: string[];
  /** Why the entry is there. Documentation only. */
  note?: string;
}

export interface VocabularyData {
  groups: VocabularyGroup[];
}

export type ExpansionKind = 'synonym' | 'related';

/** Another way of saying the matched words, as index tokens (as written in the vocabulary). */
export interface Expansion {
  tokens: string[];
  kind: ExpansionKind;
  /** The name as the vocabulary writes it ("software as a service"). */
  text: string;
  /**
   * What the matched name is for, a category many things share ("kafka" → "messaging"): an
   * article about the category is no answer about the thing (ranking/plan.ts). Not set for a
   * name's related terms, nor from a topic to the names that are for it ("elasticsearch" → the
   * OpenSearch service).
   */
  category?: boolean;
}

export interface VocabularyMatch {
  /** How many query tokens the entry covered, from `start`. */
  length: number;
  /** The entry's own spellings with the same stems ("rate limiting" for a typed "rate limits"), as index tokens. */
  forms: string[][];
  expansions: Expansion[];
}

export interface Vocabulary {
  /** The longest entry starting at `tokens[start]` (matched by stem), with its expansions; undefined when none. */
  match(tokens: readonly string[], start: number): VocabularyMatch | undefined;
  /** Number of distinct entries (names) known. */
  readonly size: number;
  /** Every name of two or more index tokens, tokens joined by one space ("elastic kubernetes service"). */
  readonly phrases: readonly string[];
  /** Every one-token name ("kubernetes", "ecs"): words a typo can be corrected to. */
  readonly words: readonly string[];
}

const stemKey = (tokens: readonly string[]) => tokens.map(stem).join(' ');

interface Name {
  text: string;
  tokens: string[];
  /** The tokens' stems joined by one space: the key names are matched by. */
  key: string;
}

function names(list: unknown, source: string, group: number, field: string): Name[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ConfigError([`${source}: group ${group} "${field}" must be a list of strings`]);
  return list.map((entry) => {
    if (typeof entry !== 'string') throw new ConfigError([`${source}: group ${group} "${field}" has a value that is not a string: ${JSON.stringify(entry)}`]);
    const tokens = indexTokens(entry);
    if (tokens.length === 0) throw new ConfigError([`${source}: group ${group} has a name with no searchable word: "${entry}"`]);
    return { text: entry, tokens, key: stemKey(tokens) };
  });
}

/** Check the shape of vocabulary data; a bad value is a ConfigError naming the file, group and value. */
export function validateVocabulary(data: unknown, source = 'vocabulary'): VocabularyData {
  if (typeof data !== 'object' || data === null || !Array.isArray((data as VocabularyData).groups)) {
    throw new ConfigError([`${source}: expected a JSON object {"groups": [{"terms": [...], "related": [...], "topics": [...]}, ...]}`]);
  }
  const groups = (data as VocabularyData).groups;
  groups.forEach((group, i) => {
    if (typeof group !== 'object' || group === null) throw new ConfigError([`${source}: group ${i + 1} is not an object`]);
    if (!Array.isArray(group.terms) || group.terms.length === 0) throw new ConfigError([`${source}: group ${i + 1} needs "terms", a non-empty list of names`]);
    names(group.terms, source, i + 1, 'terms');
    names(group.related, source, i + 1, 'related');
    names(group.topics, source, i + 1, 'topics');
  });
  return { groups };
}

/**
 * `over` merged over `base`: the owner's groups, then the general ones without the names the owner
 * defines (so "pool" in the owner's file replaces what the general file says "pool" means).
 */
export function mergeVocabularyData(base: VocabularyData, over: VocabularyData): VocabularyData {
  const defined = new Set(over.groups.flatMap((g) => g.terms.map((t) => stemKey(indexTokens(t)))));
  const kept: VocabularyGroup[] = [];
  for (const group of base.groups) {
    const terms = group.terms.filter((t) => !defined.has(stemKey(indexTokens(t))));
    if (terms.length > 0) kept.push({ ...group, terms });
  }
  return { groups: [...over.groups, ...kept] };
}

/** Build the lookup table from vocabulary data (validated: a bad entry is a ConfigError naming it). */
export function createVocabulary(input: VocabularyData, source = 'vocabulary'): Vocabulary {
  const data = validateVocabulary(input, source);
  const table = new Map<string, Map<string, Expansion>>();
  const forms = new Map<string, Map<string, string[]>>();
  const phrases = new Set<string>();
  const words = new Set<string>();
  let longest = 1;
  const add = (from: Name, to: Name, kind: ExpansionKind, category = false) => {
    const toKey = to.tokens.join(' ');
    if (from.key === to.key) return;
    let entries = table.get(from.key);
    if (!entries) table.set(from.key, (entries = new Map()));
    const existing = entries.get(toKey);
    // A synonym link beats a related one when two groups connect the same names; a specific link beats a category.
    if (!existing || (existing.kind === 'related' && kind === 'synonym')) {
      entries.set(toKey, { tokens: to.tokens, kind, text: to.text, ...(category ? { category } : {}) });
    } else if (existing.category === true && !category && existing.kind === kind) {
      entries.set(toKey, { tokens: to.tokens, kind, text: to.text });
    }
  };
  data.groups.forEach((group, i) => {
    const terms = names(group.terms, source, i + 1, 'terms');
    const related = names(group.related, source, i + 1, 'related');
    const topics = names(group.topics, source, i + 1, 'topics');
    for (const name of [...terms, ...related, ...topics]) {
      if (name.tokens.length > 1) phrases.add(name.tokens.join(' '));
      else words.add(name.tokens[0]!);
    }
    for (const name of [...terms, ...topics]) {
      let spellings = forms.get(name.key);
      if (!spellings) forms.set(name.key, (spellings = new Map()));
      spellings.set(name.tokens.join(' '), name.tokens);
    }
    for (const from of terms) {
      longest = Math.max(longest, from.tokens.length);
      for (const to of terms) add(from, to, 'synonym');
      for (const to of related) add(from, to, 'related');
      for (const to of topics) add(from, to, 'related', true);
    }
    for (const from of topics) {
      longest = Math.max(longest, from.tokens.length);
      for (const to of terms) add(from, to, 'related');
    }
  });
  // Interchangeable names share their neighbours: "k8s" is "kubernetes", so it also reaches what
  // other groups relate to "kubernetes" (EKS names it as its topic). One hop, as related terms.
  for (const entries of table.values()) {
    for (const synonym of [...entries.values()].filter((e) => e.kind === 'synonym')) {
      for (const [toKey, neighbour] of table.get(stemKey(synonym.tokens)) ?? []) {
        if (neighbour.kind === 'related' && !entries.has(toKey)) entries.set(toKey, neighbour);
      }
    }
  }
  return {
    size: table.size,
    phrases: [...phrases].sort(),
    words: [...words].sort(),
    match(tokens, start) {
      for (let length = Math.min(longest, tokens.length - start); length >= 1; length -= 1) {
        const key = stemKey(tokens.slice(start, start + length));
        const entries = table.get(key);
        if (entries) return { length, forms: [...(forms.get(key)?.values() ?? [])], expansions: [...entries.values()] };
      }
      return undefined;
    },
  };
}

/** Read and validate a vocabulary file. Throws a ConfigError quoting the path when it is unreadable or malformed. */
export function readVocabularyData(path: string, label = `vocabulary "${path}"`): VocabularyData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${label} cannot be read: ${(error as Error).message}`]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${label} is not valid JSON: ${(error as Error).message}`]);
  }
  return validateVocabulary(data, label);
}

/** Read a vocabulary file on its own (no general layer). */
export function loadVocabulary(path: string = DEFAULT_VOCABULARY_PATH): Vocabulary {
  return createVocabulary(readVocabularyData(path), path);
}

let general: VocabularyData | undefined;

/** The general vocabulary's data (vocabulary/general.json), read once. */
function generalData(): VocabularyData {
  general ??= readVocabularyData(DEFAULT_VOCABULARY_PATH, 'the general vocabulary (vocabulary/general.json)');
  return general;
}

let cached: Vocabulary | undefined;

/** The general vocabulary alone, read once. */
export function defaultVocabulary(): Vocabulary {
  cached ??= createVocabulary(generalData(), DEFAULT_VOCABULARY_PATH);
  return cached;
}

/**
 * The vocabulary the product searches with: the general one, with the catalog owner's file
 * (CATALOG_VOCABULARY) merged over it when one is given. A bad owner's file is a ConfigError that
 * names CATALOG_VOCABULARY and the file.
 */
export function loadSearchVocabulary(ownerPath?: string): Vocabulary {
  if (ownerPath === undefined) return defaultVocabulary();
  const label = `CATALOG_VOCABULARY="${ownerPath}"`;
  const owner = readVocabularyData(ownerPath, label);
  return createVocabulary(mergeVocabularyData(generalData(), owner), label);
}

/**
 * What the owner's vocabulary file holds right now, to tell whether it changed since it was read
 * ('' when there is none or it cannot be read: loading it then reports the problem).
 */
export function vocabularyFingerprint(ownerPath?: string): string {
  if (ownerPath === undefined) return '';
  try {
    return createHash('sha256').update(readFileSync(ownerPath)).digest('hex');
  } catch {
    return '';
  }
}

/** A vocabulary that expands nothing (tests, or to measure what expansion adds). */
export const EMPTY_VOCABULARY: Vocabulary = { size: 0, phrases: [], words: [], match: () => undefined };
