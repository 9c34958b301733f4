/**
 * Generates bench/data/python-peps/catalog.md from the PEPs repository (GitHub python/peps) at the
 * commit pinned in bench/data/python-peps/queries.json (`pages.commit`):
 *
 *   npx tsx bench/make-pep-catalog.ts [repo]      # repo: a clone or bare mirror; default $PEPS_REPO
 *
 * Every `peps/pep-NNNN.rst` becomes an entry: "PEP N – Title", its peps.python.org URL, Created date,
 * authors (e-mail addresses dropped), the Abstract's first three sentences, and Status, Type and
 * Topic badges. A PEP whose Created header is not a date is reported and left out.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogMarkdown, type CatalogEntry } from './lib/catalog-markdown.js';
import { loadPeps, PEPS_REPO_DEFAULT } from './lib/page-sources.js';
import { readFileSync } from 'node:fs';

const folder = fileURLToPath(new URL('./data/python-peps/', import.meta.url));
const { pages } = JSON.parse(readFileSync(`${folder}queries.json`, 'utf8')) as { pages: { commit: string } };
const repo = process.argv[2] ?? process.env.PEPS_REPO ?? PEPS_REPO_DEFAULT;
const { peps, problems } = await loadPeps(repo, pages.commit);
for (const p of problems) console.error(`skipped: ${p}`);
const entries: CatalogEntry[] = peps.map((p) => ({
  title: `PEP ${p.number} – ${p.title}`,
  url: p.url,
  published: p.created,
  authors: p.authors,
  summary: p.blurb,
  tags: [p.status, p.type, ...p.topics].filter(Boolean),
}));
writeFileSync(`${folder}catalog.md`, catalogMarkdown('Python PEPs', entries));
console.error(`${entries.length} PEPs written to ${folder}catalog.md (${problems.length} skipped)`);
