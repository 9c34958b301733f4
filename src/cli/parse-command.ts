/**
 * `catalog-bot parse [--catalog SRC] [--json]`: every article of the catalog; warnings go to stderr.
 */
import { loadCatalog, type SavedCatalogLookup } from '../catalog/load.js';
import { loadCatalogSettings, readIndexSnapshotPath } from '../config.js';
import { createSnapshotCache, loadSearchVocabulary } from '../search/index.js';
import { blamingCatalogFlag, parseCliArgs, UsageError, warningsLogger, type CliIo } from './io.js';

export async function runParseCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, {
    catalog: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}"; use --catalog SRC to choose the catalog.`);

  const settings = loadCatalogSettings(io.env);
  // The index snapshot's catalog spares parsing an unchanged source. On a miss nothing is written:
  // parse needs no index, and building one only to save it would triple the command's time.
  const saved = savedCatalogs(io, settings.vocabularyPath);
  const catalog = await blamingCatalogFlag(values.catalog, () =>
    loadCatalog(values.catalog ?? settings.source, { fetchTimeoutMs: settings.fetchTimeoutMs, maxBytes: settings.maxBytes, ...(saved ? { saved } : {}) }),
  );
  for (const w of catalog.warnings) io.stderr(`warning: ${w.source}:${w.line}: ${w.message}\n`);
  if (catalog.skippedFiles.length > 0) {
    const shown = catalog.skippedFiles.slice(0, 3).join(', ');
    const more = catalog.skippedFiles.length > 3 ? `, and ${catalog.skippedFiles.length - 3} more` : '';
    io.stderr(`note: ${plural(catalog.skippedFiles.length, 'file')} skipped, not markdown (.md): ${shown}${more}\n`);
  }

  if (values.json) {
    io.stdout(JSON.stringify(catalog.articles, null, 2) + '\n');
    return 0;
  }
  for (const a of catalog.articles) {
    io.stdout(`${a.published}  ${a.title}\n            ${a.authors.join(', ')} · ${a.tags.map((t) => t.slug).join(', ')}\n            ${a.url}\n`);
  }
  io.stderr(`${plural(catalog.articles.length, 'article')}, ${plural(catalog.warnings.length, 'warning')}, from ${catalog.source}\n`);
  return 0;
}

/**
 * The snapshot's catalog look-up; none when CATALOG_VOCABULARY cannot be read (the key needs the
 * vocabulary), since listing the articles does not need it: `search` reports that problem.
 */
function savedCatalogs(io: CliIo, vocabularyPath: string | undefined): SavedCatalogLookup | undefined {
  let vocabulary;
  try {
    vocabulary = loadSearchVocabulary(vocabularyPath);
  } catch {
    return undefined;
  }
  return createSnapshotCache({ path: readIndexSnapshotPath(io.env), vocabulary, logger: warningsLogger(io) }).saved;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
