/**
 * `catalog-bot search [--catalog SRC] [--limit N] [--json] <query...>`: ranked results on stdout.
 */
import { loadCatalogSettings, readIndexSnapshotPath } from '../config.js';
import { loadCatalogAndEngine, formatQuery, type SearchHit, type SearchResult, loadSearchVocabulary } from '../search/index.js';
import { markedPassage } from '../util/passage.js';
import { storedTextsForCli } from './stored-texts.js';
import { blamingCatalogFlag, parseCliArgs, parsePositiveInt, UsageError, warningsLogger, type CliIo } from './io.js';

const DEFAULT_LIMIT = 10;

/** The `--json` shape: one object per hit, in rank order. */
export interface SearchJsonRow {
  id: string;
  url: string;
  title: string;
  published: string;
  authors: string[];
  /** Tag slugs, e.g. `amazon_dynamodb`. */
  tags: string[];
  score: number;
  /**
   * The passage of the article's text that matched (plain text, at most 300 characters), only when
   * the match came from the text: the key is absent for a match on title, summary or tags.
   */
  snippet?: string;
  /**
   * Only on the closest articles of a query the catalog has nothing about (the text answer's
   * "Nothing in the catalog is about …"): they are listed, in order, but are not results.
   */
  weak?: true;
}

export function toJsonRow(hit: SearchHit): SearchJsonRow {
  const { article } = hit;
  return {
    id: article.id,
    url: article.url,
    title: article.title,
    published: article.published,
    authors: article.authors,
    tags: article.tags.map((t) => t.slug),
    score: Math.round(hit.score * 1000) / 1000,
    ...(hit.snippet ? { snippet: hit.snippet } : {}),
  };
}

export async function runSearchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, {
    catalog: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean', default: false },
  }, { queryWords: true });
  const limit = parsePositiveInt('--limit', values.limit, DEFAULT_LIMIT);
  const text = positionals.join(' ').trim();
  if (!text) throw new UsageError('Give a query, e.g. `catalog-bot search dynamodb tag:saas`.');

  const settings = loadCatalogSettings(io.env);
  const vocabulary = loadSearchVocabulary(settings.vocabularyPath);
  const texts = await storedTextsForCli(io);
  // The index snapshot the bot keeps (INDEX_SNAPSHOT_PATH) spares parsing and indexing an unchanged catalog.
  const { catalog, engine } = await blamingCatalogFlag(values.catalog, () =>
    loadCatalogAndEngine(values.catalog ?? settings.source, {
      fetchTimeoutMs: settings.fetchTimeoutMs,
      maxBytes: settings.maxBytes,
      snapshotPath: readIndexSnapshotPath(io.env),
      vocabulary,
      logger: warningsLogger(io),
      ...(texts ? { texts } : {}),
    }),
  );
  for (const w of catalog.warnings) io.stderr(`warning: ${w.source}:${w.line}: ${w.message}\n`);

  const result = engine.search(text, { limit });
  for (const problem of result.query.problems) io.stderr(`note: ${problem}\n`);

  // The closest articles of a query the catalog has nothing about are listed too, each marked weak: not results.
  if (values.json) {
    const rows = result.weak ? result.alternatives.slice(0, limit).map((hit) => ({ ...toJsonRow(hit), weak: true as const })) : result.hits.map(toJsonRow);
    io.stdout(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }

  const canonical = formatQuery(result.query) || text;
  const reading = readingText(result);
  if (result.weak) {
    io.stdout(`Nothing in the catalog is about "${result.reading?.topic || canonical}"${reading}.\n`);
    if (result.suggestions.length > 0) io.stdout(`Did you mean: ${result.suggestions.map((s) => `"${s}"`).join(', ')}?\n`);
    io.stdout('Closest articles:\n');
    result.alternatives.slice(0, limit).forEach((hit, i) => io.stdout(formatHit(hit, i + 1)));
    return 0;
  }
  if (result.total === 0) {
    // With its reading ("last year" · 2025), the words as typed: the reading already says what they meant.
    io.stdout(`No article matches "${reading ? text : canonical}"${reading}.\n`);
    if (result.suggestions.length > 0) io.stdout(`Did you mean: ${result.suggestions.map((s) => `"${s}"`).join(', ')}?\n`);
    if (result.alternatives.length > 0) {
      io.stdout('Nearest articles:\n');
      result.alternatives.slice(0, limit).forEach((hit, i) => io.stdout(formatHit(hit, i + 1)));
    }
    return 0;
  }
  const topic = result.reading ? result.reading.topic : canonical;
  io.stdout(`${result.hits.length} of ${result.total} article${result.total === 1 ? '' : 's'}${topic ? ` for "${topic}"` : ''}${reading}\n\n`);
  result.hits.forEach((hit, i) => io.stdout(formatHit(hit, i + 1)));
  return 0;
}

/** ` · newest first · 2023 · also searched: kubernetes`: how the query was read, or ''. */
function readingText(result: SearchResult): string {
  return (result.reading?.notes ?? []).map((n) => ` · ${n}`).join('');
}

/** One hit of the text output: title, date · authors · tags · score, the passage that matched (if any), the link. */
export function formatHit(hit: SearchHit, rank: number): string {
  const a = hit.article;
  const tags = a.tags.map((t) => t.slug).join(', ');
  // The passage that matched, as in Slack: a quoted line, the matched words between `*`.
  const passage = hit.snippet ? markedPassage(hit.snippet, hit.matched) : '';
  return (
    `${rank}. ${a.title}\n` +
    `   ${[a.published, ...(a.authors.length > 0 ? [a.authors.join(', ')] : []), ...(tags ? [tags] : [])].join(' · ')} · score ${hit.score.toFixed(2)}\n` +
    (passage ? `   > ${passage}\n` : '') +
    `   ${a.url}\n\n`
  );
}
