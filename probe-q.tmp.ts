import { buildIndex, createSearchEngine } from './src/search/index.js';
import { generateFromBundledCatalog, generateTexts } from './bench/lib/synthetic-catalog.js';
import { QUERY_SETS } from './bench/lib/query-sets.js';
const size = Number(process.argv[2] ?? 10000);
const articles = generateFromBundledCatalog(size);
const texts = generateTexts(articles);
let t = performance.now();
const index = buildIndex(articles, { texts });
console.log('build', Math.round(performance.now() - t), 'passages', index.passages?.index.documentCount, 'postings', index.passages?.index.docs.length, 'terms', index.terms.length);
const engine = createSearchEngine(articles, { index, texts });
for (const [cat, qs] of Object.entries(QUERY_SETS)) {
  for (const q of qs) engine.search(q);
  for (const q of qs) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 10; i++) { const s = performance.now(); total = engine.search(q).total; times.push(performance.now() - s); }
    times.sort((a, b) => a - b);
    console.log(cat, JSON.stringify(q), 'median', times[5]!.toFixed(1), 'max', times[9]!.toFixed(1), 'total', total);
  }
}
