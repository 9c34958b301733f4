/**
 * The floor to beat: plain minisearch as anyone would set it up — English stop words removed
 * (the `stopword` package's list), fields title + blurb (+ the page's main text when given),
 * default search options (no prefix, no fuzzy, no boosts). Its answer to a query is the ranked
 * list of URLs; "nothing matches" when minisearch finds no document.
 *
 * Page text for the floor is extracted the way the crawler does it: Mozilla's Readability on a
 * linkedom DOM of the page as served (chrome and all), capped at 100 KB.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import MiniSearch from 'minisearch';
import pLimit from 'p-limit';
import { eng } from 'stopword';
import type { Article } from '../../src/catalog/types.js';

const STOP = new Set(eng);
const MAX_TEXT = 100_000;

export interface FloorAnswer {
  urls: string[];
  nothing: boolean;
}

export interface FloorEngine {
  ask(q: string): FloorAnswer;
}

interface Doc {
  id: number;
  url: string;
  title: string;
  summary: string;
  text: string;
}

/** `texts` keyed by article URL; without it, title + blurb only. */
export function createFloorEngine(articles: readonly Article[], texts?: ReadonlyMap<string, string>): FloorEngine {
  const search = new MiniSearch<Doc>({
    fields: texts ? ['title', 'summary', 'text'] : ['title', 'summary'],
    storeFields: ['url'],
    processTerm: (term) => {
      const t = term.toLowerCase();
      return STOP.has(t) ? null : t;
    },
  });
  search.addAll(articles.map((a, id) => ({ id, url: a.url, title: a.title, summary: a.summary, text: texts?.get(a.url) ?? '' })));
  return {
    ask(q) {
      const urls = search.search(q).slice(0, 10).map((hit) => String(hit.url));
      return { urls, nothing: urls.length === 0 };
    },
  };
}

/** The page's main text, as Readability reads it; '' when it finds no article. */
export function readableText(html: string): string {
  const { document } = parseHTML(html);
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse();
  return (article?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

/**
 * Fetch each page over HTTP (from the local page server) and extract its text. Returns text keyed
 * by the URL fetched, and the pages that failed with why.
 */
export async function fetchTexts(urls: readonly string[], concurrency = 8): Promise<{ texts: Map<string, string>; failed: string[] }> {
  const limit = pLimit(concurrency);
  const texts = new Map<string, string>();
  const failed: string[] = [];
  await Promise.all(
    urls.map((url) =>
      limit(async () => {
        try {
          const res = await fetch(url);
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          const text = readableText(await res.text());
          if (text) texts.set(url, text);
          else failed.push(`${url}: no article text`);
        } catch (error) {
          failed.push(`${url}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    ),
  );
  return { texts, failed };
}
