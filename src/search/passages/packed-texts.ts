/**
 * The articles' texts packed into one buffer of UTF-8, in article order. What the engine keeps for
 * its snippets: 100,000 texts of 4 KB are ~800 MB as JS strings (two bytes a character as soon as
 * one character is not Latin-1, as in most page text) and every garbage collection walks them;
 * packed they are ~400 MB of bytes outside the JS heap. The engine reads one article back at a time,
 * for the ~10 snippets of an answer, through a ReadonlyMap by url (what `createSearchEngine` takes
 * as `texts`). The reload worker sends them this way too: a transfer, not a copy.
 */
import type { Article } from '../../catalog/types.js';
import { each, runToEnd, type Sliced } from '../../util/slices.js';

/** Texts of `articles` as UTF-8 bytes; article i's are bytes[starts[i] .. starts[i + 1]) (empty: no text). */
export interface PackedTexts {
  bytes: Uint8Array;
  starts: Uint32Array;
  /** Articles with a text. */
  count: number;
}

/** Pack the texts of `articles` (by url), in article order. */
export function packTexts(articles: readonly Article[], texts: ReadonlyMap<string, string>): PackedTexts {
  const starts = new Uint32Array(articles.length + 1);
  let size = 0;
  let count = 0;
  articles.forEach((article, i) => {
    starts[i] = size;
    const text = texts.get(article.url);
    if (text !== undefined && text !== '') {
      size += Buffer.byteLength(text, 'utf8');
      count += 1;
    }
  });
  starts[articles.length] = size;
  const bytes = new Uint8Array(size);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  articles.forEach((article, i) => {
    const text = texts.get(article.url);
    if (text !== undefined && text !== '') buffer.write(text, starts[i]!, 'utf8');
  });
  return { bytes, starts, count };
}

/**
 * A ReadonlyMap (url → text) over packed texts; each `get` decodes one article's bytes. Built in
 * steps (`packedTextsMap`): its url table is 100,000 insertions at full size.
 */
class PackedTextsMap implements ReadonlyMap<string, string> {
  constructor(
    readonly packed: PackedTexts,
    private readonly positions: ReadonlyMap<string, number>,
  ) {}

  get size(): number {
    return this.positions.size;
  }

  get(url: string): string | undefined {
    const i = this.positions.get(url);
    if (i === undefined) return undefined;
    const { bytes, starts } = this.packed;
    return Buffer.from(bytes.buffer, bytes.byteOffset + starts[i]!, starts[i + 1]! - starts[i]!).toString('utf8');
  }

  has(url: string): boolean {
    return this.positions.has(url);
  }

  *entries(): MapIterator<[string, string]> {
    for (const url of this.positions.keys()) yield [url, this.get(url)!];
  }

  keys(): MapIterator<string> {
    return this.positions.keys();
  }

  *values(): MapIterator<string> {
    for (const url of this.positions.keys()) yield this.get(url)!;
  }

  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [url, text] of this.entries()) callback(text, url, this);
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}

/** The packed texts of `articles` as a map by url, its url table built 5,000 articles per step. */
export function* packedTextsMap(articles: readonly Article[], packed: PackedTexts): Sliced<ReadonlyMap<string, string>> {
  const positions = new Map<string, number>();
  yield* each(articles, 5_000, (article, i) => {
    if (packed.starts[i + 1]! > packed.starts[i]!) positions.set(article.url, i);
  });
  return new PackedTextsMap(packed, positions);
}

/** `texts` as the packed map the engine keeps: as it is when already packed, else packed for `articles`. */
export function packedFor(articles: readonly Article[], texts: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  return texts instanceof PackedTextsMap ? texts : runToEnd(packedTextsMap(articles, packTexts(articles, texts)));
}
