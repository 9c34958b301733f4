/**
 * HTML entity decoding for catalog text. The catalog is exported from a CMS that writes titles,
 * summaries and badge names with entities (`&amp;`, `&#40;`, `&rsquo;`, `&#x2019;`…); we decode
 * them once at parse time so search, Slack escaping and digests all see plain Unicode text.
 *
 * Named entities come from the `entities` package (the whole HTML5 table, strict: a `;` is
 * required, so "AT&T" stays as written). Numeric references are checked here first: NUL, lone
 * surrogates and out-of-range values are not characters, and are left visible rather than turned
 * into U+FFFD. Unknown names are left as written.
 */
import { decodeHTMLStrict } from 'entities';

// Bounded quantifiers only: linear on any input.
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|[A-Za-z][A-Za-z0-9]{1,31});/g;

/** Decode named (`&rsquo;`), decimal (`&#40;`) and hex (`&#x2019;`) entities; leave anything else as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined) => {
    if (dec === undefined && hex === undefined) return decodeHTMLStrict(whole);
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
    return String.fromCodePoint(code);
  });
}

/** Cell text → plain text: markdown escapes (`\|`, `\*`, `\[`…) and HTML entities decoded. */
export function decodeCell(cell: string): string {
  if (!cell.includes('\\')) return decodeEntities(cell).trim();
  return decodeEntities(cell.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')).trim();
}
