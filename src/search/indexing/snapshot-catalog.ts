/**
 * The catalog section of an index snapshot: the articles in index order, the catalog's warnings and
 * its source, so a new process can skip parsing an unchanged catalog.
 *
 * One JSON document, articles as rows of values rather than objects and the few distinct tags,
 * sections and source files as tables the rows point into: at 100,000 articles that decodes in
 * about half the time of `JSON.parse` over the articles themselves (~0.6 s vs ~1.2 s here, see
 * docs/benchmarks.md "CLI cold start"). Decoding checks the shape of every row, so a damaged
 * section is refused rather than served.
 */
import type { Article, CatalogWarning, Tag } from '../../catalog/types.js';

export interface SnapshotCatalog {
  /** The CATALOG_SOURCE it was loaded from. */
  source: string;
  /** In index order (the catalog's order: newest first). */
  articles: readonly Article[];
  warnings: readonly CatalogWarning[];
}

type Row = [id: string, title: string, url: string, published: string, authors: string[], summary: string, truncated: 0 | 1, tags: number[], section: number, source: number, line: number];

interface Section {
  source: string;
  warnings: CatalogWarning[];
  tags: Array<[slug: string, name: string]>;
  sections: string[];
  sources: string[];
  rows: Row[];
}

/** Position of each distinct value, in first-seen order. */
class Table<T> {
  readonly values: T[] = [];
  private readonly positions = new Map<string, number>();
  constructor(private readonly keyOf: (value: T) => string) {}
  at(value: T): number {
    const key = this.keyOf(value);
    let position = this.positions.get(key);
    if (position === undefined) {
      position = this.values.push(value) - 1;
      this.positions.set(key, position);
    }
    return position;
  }
}

export function encodeSnapshotCatalog(catalog: SnapshotCatalog): Buffer {
  const tags = new Table<Tag>((t) => `${t.slug}\0${t.name}`);
  const sections = new Table<string>((s) => s);
  const sources = new Table<string>((s) => s);
  const rows = catalog.articles.map(
    (a): Row => [a.id, a.title, a.url, a.published, a.authors, a.summary, a.truncated ? 1 : 0, a.tags.map((t) => tags.at(t)), sections.at(a.section), sources.at(a.source), a.line],
  );
  const section: Section = {
    source: catalog.source,
    warnings: catalog.warnings.map((w) => ({ source: w.source, line: w.line, message: w.message })),
    tags: tags.values.map((t) => [t.slug, t.name]),
    sections: sections.values,
    sources: sources.values,
    rows,
  };
  return Buffer.from(JSON.stringify(section), 'utf8');
}

/** Throws when the bytes are not a catalog section this module wrote. */
export function decodeSnapshotCatalog(bytes: Buffer): SnapshotCatalog {
  const data = JSON.parse(bytes.toString('utf8')) as Partial<Section>;
  const { source, warnings, sections, sources, rows } = data;
  if (typeof source !== 'string' || !Array.isArray(warnings) || !Array.isArray(data.tags) || !Array.isArray(sections) || !Array.isArray(sources) || !Array.isArray(rows)) {
    throw new Error('catalog section is incomplete');
  }
  const tags = data.tags.map(([slug, name]): Tag => ({ slug, name }));
  const articles = new Array<Article>(rows.length);
  for (let i = 0; i < rows.length; i++) articles[i] = articleOf(rows[i]!, tags, sections, sources);
  for (const w of warnings) {
    if (typeof w?.source !== 'string' || typeof w.line !== 'number' || typeof w.message !== 'string') throw new Error('catalog section: bad warning');
  }
  return { source, articles, warnings };
}

const isStrings = (list: unknown): list is string[] => Array.isArray(list) && list.every((x) => typeof x === 'string');

function articleOf(row: Row, tags: readonly Tag[], sections: readonly string[], sources: readonly string[]): Article {
  const [id, title, url, published, authors, summary, truncated, tagIds, section, source, line] = row;
  const tagList = Array.isArray(tagIds) ? tagIds.map((t) => tags[t]) : undefined;
  if (
    row.length !== 11 ||
    typeof id !== 'string' ||
    typeof title !== 'string' ||
    typeof url !== 'string' ||
    typeof published !== 'string' ||
    !isStrings(authors) ||
    typeof summary !== 'string' ||
    (truncated !== 0 && truncated !== 1) ||
    tagList === undefined ||
    tagList.includes(undefined) ||
    sections[section] === undefined ||
    sources[source] === undefined ||
    typeof line !== 'number'
  ) {
    throw new Error(`catalog section: bad article row ${JSON.stringify(id)}`);
  }
  return { id, title, url, published, authors, summary, truncated: truncated === 1, tags: tagList as Tag[], section: sections[section], source: sources[source], line };
}
