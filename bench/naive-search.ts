/**
 * The baseline of the cold-start benchmark (bench/coldstart.ts): what a person would write to
 * search the catalog file without catalog-bot's snapshot — read it, parse it with the project's
 * parser, index it with plain minisearch, run one search, print the top titles.
 *
 *   node naive-search.mjs <catalog.md> <query...>   (bench/coldstart.ts bundles it with esbuild first)
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { parseCatalogMarkdown } from '../src/catalog/parse.js';
import type { Article } from '../src/catalog/types.js';

const [file, ...words] = process.argv.slice(2);
if (file === undefined || words.length === 0) {
  console.error('usage: naive-search <catalog.md> <query...>');
  process.exit(2);
}
const { articles } = parseCatalogMarkdown(readFileSync(file, 'utf8'), file);
const search = new MiniSearch<Article>({
  fields: ['title', 'summary', 'authors', 'tags'],
  storeFields: ['title', 'url', 'published'],
  extractField: (article, field) => {
    if (field === 'authors') return article.authors.join(' ');
    if (field === 'tags') return article.tags.map((t) => t.name).join(' ');
    return String(article[field as keyof Article]);
  },
});
search.addAll(articles);
const hits = search.search(words.join(' '), { prefix: true, fuzzy: 0.2 });
console.log(`${hits.length} articles`);
for (const hit of hits.slice(0, 10)) console.log(`${String(hit.title)} ${String(hit.url)}`);
