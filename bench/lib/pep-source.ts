/**
 * The Python PEPs (GitHub python/peps, `peps/pep-NNNN.rst`) as a benchmark catalog: header parsing
 * (RFC 822-style fields with continuation lines), the many spellings of `Created:`, authors without
 * e-mail addresses, a blurb from the Abstract, and a plain reStructuredText → HTML rendering for the
 * local page server (headings, paragraphs, literal blocks, bullet items: enough for an article body).
 *
 * Pure functions over text: the tests feed them small fixtures, never the repository.
 */
import { escapeHtml } from './html.js';

export interface PepHeaders {
  /** Field name (as written, e.g. `Post-History`) → value with continuation lines joined by a space. */
  fields: Map<string, string>;
  /** The document after the header block. */
  body: string;
}

/** Header block = the lines up to the first blank one; a line starting with whitespace continues the field before it. */
export function parsePepHeaders(text: string): PepHeaders {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fields = new Map<string, string>();
  let last: string | undefined;
  let i = 0;
  for (; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '') break;
    if (/^\s/.test(line)) {
      if (last !== undefined) fields.set(last, `${fields.get(last)!} ${line.trim()}`.trim());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) break; // not a header block after all
    last = line.slice(0, colon).trim();
    fields.set(last, line.slice(colon + 1).trim());
  }
  return { fields, body: lines.slice(i).join('\n') };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/**
 * `05-Jul-2001`, `5-Jul-2001`, `05 July 2001`, `2001-07-05` → `2001-07-05`; anything else (or an
 * impossible date) → null, which the generator reports and skips.
 */
export function parsePepDate(raw: string): string | null {
  const s = raw.trim().replace(/\s*\(.*\)$/, '');
  let m = /^(\d{1,2})[-\s]([A-Za-z]{3,9})[-\s,]+(\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    return month === 0 ? null : iso(Number(m[3]), month, Number(m[1]));
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

/** `Guido van Rossum <guido@python.org>, Barry Warsaw <barry@python.org>` → names only. */
export function parsePepAuthors(raw: string): string[] {
  return raw
    .replace(/<[^>]*>/g, '')
    .split(',')
    .map((a) => a.replace(/\([^)]*@[^)]*\)/g, '').replace(/\S+@\S+/g, '').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    // `Fred L. Drake, Jr.`: the suffix belongs to the name before it.
    .reduce<string[]>((names, part) => {
      if (/^(?:jr|sr|ii|iii)\.?$/i.test(part) && names.length > 0) names[names.length - 1] += `, ${part}`;
      else names.push(part);
      return names;
    }, []);
}

/** reStructuredText inline markup → plain text: roles, literals, links, footnote references. */
export function rstInlineText(text: string): string {
  return text
    // Emphasis first, and never next to a backtick: ``**kwargs`` is a literal, not bold.
    .replace(/(?<![`\w])\*\*([^*`]+)\*\*(?![`\w])/g, '$1')
    .replace(/:pep:`([^`<]*?)\s*<(\d+)[^>]*>`/g, '$1')
    .replace(/:pep:`(\d+)`/g, 'PEP $1')
    .replace(/:[a-z-]+(?::[a-z-]+)?:`~?([^`<]*?)(?:\s*<[^>]*>)?`/g, '$1')
    .replace(/``([^`]+)``/g, '$1')
    .replace(/`([^`<]+?)\s*<[^>]*>`__?/g, '$1')
    .replace(/`([^`]+)`_{1,2}/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\s*\[(?:#?[\w-]*|\d+)\]_/g, '')
    .replace(/(?<![`\w*])\*([^*\s`][^*`]*)\*(?![`\w*])/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

type Block = { kind: 'heading'; text: string } | { kind: 'para'; text: string } | { kind: 'pre'; text: string } | { kind: 'item'; text: string };

const UNDERLINE = /^([=\-~^"'`#*+.:_])\1{2,}\s*$/;

/** Split an rst body into headings, paragraphs, bullet items and literal blocks (directives' content as literal). */
export function rstBlocks(body: string): Block[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  let literalNext = false;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const next = lines[i + 1];
    // Title with underline (an overline before it is skipped as its own "underline" line).
    if (UNDERLINE.test(line) && next !== undefined && next.trim() !== '' && !UNDERLINE.test(next)) {
      i += 1;
      continue;
    }
    if (next !== undefined && UNDERLINE.test(next) && !/^\s/.test(line) && next.trim().length >= line.trim().length - 1) {
      blocks.push({ kind: 'heading', text: rstInlineText(line) });
      i += 2;
      continue;
    }
    const indent = /^\s*/.exec(line)![0].length;
    if (literalNext && indent > 0) {
      const start = i;
      while (i < lines.length && (lines[i]!.trim() === '' || /^\s/.test(lines[i]!))) i += 1;
      blocks.push({ kind: 'pre', text: dedent(lines.slice(start, i)).trimEnd() });
      literalNext = false;
      continue;
    }
    literalNext = false;
    if (/^\.\.\s/.test(line)) {
      // A directive or comment: code blocks become literal text; other directives (images, contents,
      // targets, footnotes' bodies) are skipped with their indented content, except footnotes/notes,
      // whose content is prose.
      const directive = /^\.\.\s+([\w-]+)::/.exec(line)?.[1];
      const start = i + 1;
      i += 1;
      while (i < lines.length && (lines[i]!.trim() === '' || /^\s/.test(lines[i]!))) i += 1;
      const inner = dedent(lines.slice(start, i)).split('\n').filter((l) => !/^:[\w-]+:/.test(l)).join('\n').trim();
      if (directive === 'code-block' || directive === 'code' || directive === 'sourcecode') blocks.push({ kind: 'pre', text: inner });
      else if (inner && (directive === 'note' || directive === 'warning' || directive === 'important' || directive === 'tip')) blocks.push({ kind: 'para', text: rstInlineText(inner) });
      continue;
    }
    // Paragraph or bullet item: lines up to a blank line (a bullet line starts a new item).
    const start = i;
    i += 1;
    while (i < lines.length && lines[i]!.trim() !== '' && !/^\s*[-*+•]\s/.test(lines[i]!) && !(lines[i + 1] !== undefined && UNDERLINE.test(lines[i + 1]!))) i += 1;
    const raw = lines.slice(start, i).join('\n');
    const bullet = /^\s*[-*+•]\s+/.exec(raw);
    const text = bullet ? raw.slice(bullet[0].length) : raw;
    if (/::\s*$/.test(text)) literalNext = true;
    const clean = rstInlineText(text.replace(/::\s*$/, ':'));
    if (clean) blocks.push({ kind: bullet ? 'item' : 'para', text: clean });
  }
  return blocks;
}

function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** The body as simple HTML: h2, p, ul/li, pre. */
export function rstToHtml(body: string): string {
  const out: string[] = [];
  let inList = false;
  for (const block of rstBlocks(body)) {
    if (block.kind !== 'item' && inList) {
      out.push('</ul>');
      inList = false;
    }
    if (block.kind === 'heading') out.push(`<h2>${escapeHtml(block.text)}</h2>`);
    else if (block.kind === 'para') out.push(`<p>${escapeHtml(block.text)}</p>`);
    else if (block.kind === 'pre') out.push(`<pre><code>${escapeHtml(block.text)}</code></pre>`);
    else {
      if (!inList) out.push('<ul>');
      inList = true;
      out.push(`<li>${escapeHtml(block.text)}</li>`);
    }
  }
  if (inList) out.push('</ul>');
  return out.join('\n');
}

/** First `max` sentences of a paragraph (a sentence ends at . ! ? before a space and a capital or digit). */
export function firstSentences(text: string, max: number): string {
  const parts = text.split(/(?<=[.!?])\s+(?=[A-Z0-9("'])/);
  return parts.slice(0, max).join(' ').trim();
}

/** The blurb: the Abstract's first paragraph cut to three sentences; without an Abstract, the body's first paragraph. */
export function pepBlurb(body: string): string {
  const blocks = rstBlocks(body);
  const at = blocks.findIndex((b) => b.kind === 'heading' && /^abstract$/i.test(b.text));
  const from = at >= 0 ? blocks.slice(at + 1) : blocks;
  const para = from.find((b) => b.kind === 'para' && b.text.length >= 40) ?? from.find((b) => b.kind === 'para');
  if (!para) return '';
  return firstSentences(para.text, 3);
}

export interface Pep {
  number: number;
  title: string;
  url: string;
  /** ISO day. */
  created: string;
  authors: string[];
  status: string;
  type: string;
  topics: string[];
  blurb: string;
  body: string;
}

/** The public URL of a PEP (the catalog's link; the page server serves its path). */
export const pepUrl = (n: number): string => `https://peps.python.org/pep-${String(n).padStart(4, '0')}/`;

/** One PEP file → a Pep, or a reason it cannot be catalogued. */
export function readPep(text: string): Pep | { problem: string } {
  const { fields, body } = parsePepHeaders(text);
  const number = Number(fields.get('PEP'));
  if (!Number.isInteger(number)) return { problem: 'no PEP number header' };
  const title = fields.get('Title')?.replace(/\\(.)/g, '$1');
  if (!title) return { problem: `PEP ${number}: no Title` };
  const created = parsePepDate(fields.get('Created') ?? '');
  if (!created) return { problem: `PEP ${number}: Created "${fields.get('Created') ?? ''}" is not a date` };
  return {
    number,
    title,
    url: pepUrl(number),
    created,
    authors: parsePepAuthors(fields.get('Author') ?? ''),
    status: fields.get('Status') ?? '',
    type: fields.get('Type') ?? '',
    topics: (fields.get('Topic') ?? '').split(',').map((t) => t.trim()).filter(Boolean),
    blurb: pepBlurb(body),
    body,
  };
}
