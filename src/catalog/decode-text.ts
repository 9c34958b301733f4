/**
 * Catalog bytes → text. Catalogs are meant to be UTF-8, but files saved by Windows editors arrive as
 * UTF-16 with a byte-order mark, and an old export may be Latin-1: decode what can be recognised and
 * say so when the bytes are not valid UTF-8, instead of yielding no article and no warning.
 */

export interface DecodedText {
  text: string;
  /** Set when the bytes were not plain UTF-8: what was done about it (for a warning). */
  note?: string;
}

export function decodeCatalogBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), note: 'decoded as UTF-16 (little-endian, with a byte-order mark); save it as UTF-8' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), note: 'decoded as UTF-16 (big-endian, with a byte-order mark); save it as UTF-8' };
  const guessed = utf16WithoutMark(bytes);
  if (guessed) return { text: new TextDecoder(guessed).decode(bytes), note: `looks like ${guessed.toUpperCase()} without a byte-order mark and was decoded as such; save it as UTF-8` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    let replaced = 0;
    for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) replaced += 1;
    return { text, note: `is not valid UTF-8: ${replaced} byte sequence(s) shown as "\ufffd"; save it as UTF-8` };
  }
}

/** UTF-16 text without a BOM has a NUL in every other byte of its ASCII characters: look at the first 512 bytes. */
function utf16WithoutMark(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 512) & ~1;
  if (n < 8) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul += 1;
    if (bytes[i + 1] === 0) oddNul += 1;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return undefined;
}
