/**
 * Writes a catalog in the collection's markdown format (see /work/shared/data/advanced_300.md):
 * one table per article — linked title, `*Created: DD MON YYYY by A, B*`, summary, badge row —
 * newest first, the ten newest under `## New articles`.
 */
export interface CatalogEntry {
  title: string;
  url: string;
  /** ISO day, `2001-07-05`. */
  published: string;
  authors: string[];
  summary: string;
  /** Badge names (`standards track`); the slug is derived as the parser does. */
  tags: string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function day(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d} ${MONTHS[Number(m) - 1]} ${y}`;
}

/** Table cells cannot hold a raw `|` or a line break. */
const cell = (text: string): string => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
const linkText = (text: string): string => cell(text).replace(/\[/g, '(').replace(/\]/g, ')');

function badge(name: string): string {
  const slug = name.trim().toLowerCase().replace(/\s+/g, '_');
  return `[![category](svg/${encodeURIComponent(name.toLowerCase())}.svg)](tags/${slug}.md)`;
}

export function catalogMarkdown(heading: string, entries: readonly CatalogEntry[]): string {
  const sorted = [...entries].sort((a, b) => b.published.localeCompare(a.published) || a.url.localeCompare(b.url));
  const block = (e: CatalogEntry): string =>
    [
      `| [${linkText(e.title)}](${e.url}) |`,
      '|:----------|',
      `| *Created: ${day(e.published)} by ${cell(e.authors.join(', '))}* | `,
      `| ${cell(e.summary)} | `,
      `| ${e.tags.map(badge).join(' ')} | `,
    ].join('\n');
  return [`# ${heading}`, '', '## New articles', '', ...sorted.slice(0, 10).map((e) => `${block(e)}\n`), '## Older posts', ...sorted.slice(10).map((e) => `${block(e)}\n`)].join('\n');
}
