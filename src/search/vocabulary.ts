/**
 * The domain vocabulary (vocabulary/general.json): AWS acronyms and service names, predecessor and
 * common names, SaaS architecture jargon. People type "k8s" or "pub/sub"; articles say
 * "Kubernetes" or "Simple Queue Service". The engine adds a group's other names to a query as
 * lower-weighted alternatives, so an article using the user's own word still ranks first.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import { indexTokens } from './text.js';

/** vocabulary/general.json, found relative to this module (works from src/ and dist/). */
export const DEFAULT_VOCABULARY_PATH = fileURLToPath(new URL('../../vocabulary/general.json', import.meta.url));

export interface VocabularyGroup {
  /** Interchangeable names of one thing, expanded in every direction. */
  terms: string[];
  /** Neighbouring ideas, expanded one way (from `terms`) with a lower weight. */
  related?: string[];
  /** Why the entry is here (which article uses it). Documentation only. */
  note?: string;
}

export interface VocabularyData {
  groups: VocabularyGroup[];
}

export type ExpansionKind = 'synonym' | 'related';

/** Another way of saying the matched words, as index tokens. */
export interface Expansion {
  tokens: string[];
  kind: ExpansionKind;
}

export interface VocabularyMatch {
  /** How many query tokens the entry covered, from `start`. */
  length: number;
  expansions: Expansion[];
}

export interface Vocabulary {
  /** The longest entry starting at `tokens[start]`, with its expansions; undefined when none. */
  match(tokens: readonly string[], start: number): VocabularyMatch | undefined;
  /** Number of distinct entries (names) known. */
  readonly size: number;
  /** Every name of two or more index tokens, tokens joined by one space ("elastic kubernetes service"). */
  readonly phrases: readonly string[];
}

const key = (tokens: readonly string[]) => tokens.join(' ');

/** Build the lookup table from vocabulary data (validated: a bad entry is a ConfigError naming it). */
export function createVocabulary(data: VocabularyData, source = 'vocabulary'): Vocabulary {
  if (!data || !Array.isArray(data.groups)) {
    throw new ConfigError([`${source}: expected {"groups": [...]}`]);
  }
  const table = new Map<string, Map<string, Expansion>>();
  let longest = 1;
  const add = (from: string[], to: string[], kind: ExpansionKind) => {
    const fromKey = key(from);
    const toKey = key(to);
    if (fromKey === toKey) return;
    let entries = table.get(fromKey);
    if (!entries) table.set(fromKey, (entries = new Map()));
    const existing = entries.get(toKey);
    // A synonym link beats a related one when two groups connect the same names.
    if (!existing || (existing.kind === 'related' && kind === 'synonym')) entries.set(toKey, { tokens: to, kind });
  };
  data.groups.forEach((group, i) => {
    const names = (group.terms ?? []).map((t) => ({ text: t, tokens: indexTokens(String(t)) }));
    const related = (group.related ?? []).map((t) => ({ text: t, tokens: indexTokens(String(t)) }));
    for (const entry of [...names, ...related]) {
      if (entry.tokens.length === 0) {
        throw new ConfigError([`${source}: group ${i + 1} has a name with no searchable word: "${entry.text}"`]);
      }
    }
    for (const from of names) {
      longest = Math.max(longest, from.tokens.length);
      for (const to of names) add(from.tokens, to.tokens, 'synonym');
      for (const to of related) add(from.tokens, to.tokens, 'related');
    }
  });
  const phrases = new Set<string>();
  for (const entries of table.values()) {
    for (const e of entries.values()) if (e.tokens.length > 1) phrases.add(key(e.tokens));
  }
  for (const k of table.keys()) if (k.includes(' ')) phrases.add(k);
  return {
    size: table.size,
    phrases: [...phrases].sort(),
    match(tokens, start) {
      for (let length = Math.min(longest, tokens.length - start); length >= 1; length -= 1) {
        const entries = table.get(key(tokens.slice(start, start + length)));
        if (entries) return { length, expansions: [...entries.values()] };
      }
      return undefined;
    },
  };
}

/** Read and validate a vocabulary file. Throws ConfigError quoting the path when it is unreadable. */
export function loadVocabulary(path: string = DEFAULT_VOCABULARY_PATH): Vocabulary {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`vocabulary "${path}" cannot be read: ${(error as Error).message}`]);
  }
  return createVocabulary(data as VocabularyData, path);
}

let cached: Vocabulary | undefined;

/** The bundled vocabulary/general.json, read once. */
export function defaultVocabulary(): Vocabulary {
  cached ??= loadVocabulary();
  return cached;
}

/** A vocabulary that expands nothing (tests, or to measure what expansion adds). */
export const EMPTY_VOCABULARY: Vocabulary = { size: 0, phrases: [], match: () => undefined };
