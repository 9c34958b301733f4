/**
 * The article pages of the text relevance sets, read from the sites' own repositories at a pinned
 * commit (bare mirrors or clones; nothing is fetched from the internet):
 *
 * - `python-peps`: GitHub python/peps, `peps/pep-NNNN.rst`, rendered by pep-source.ts.
 * - `flink-web`: GitHub apache/flink-web, `docs/content/posts/*.md` (Hugo posts with YAML front
 *   matter), rendered with `marked`. A post's `aliases` are its old Jekyll paths, which are the
 *   URLs in bench/data/flink-blog/catalog.md.
 *
 * A page is keyed by the article URL in the set's catalog; the page server serves it at that URL's
 * path. Repositories: $PEPS_REPO / $FLINK_WEB_REPO, defaulting to the mirrors on the benchmark machine.
 */
import { existsSync } from 'node:fs';
import { marked } from 'marked';
import { parse as parseYaml } from 'yaml';
import { hasCommit, listFiles, readFiles } from './git-files.js';
import { escapeHtml } from './html.js';
import { readPep, rstToHtml, type Pep } from './pep-source.js';

export const PEPS_REPO_DEFAULT = '/work/.mirror/python+peps/repo';
export const FLINK_WEB_REPO_DEFAULT = '/work/.mirror/apache+flink-web/repo';

export interface Page {
  title: string;
  /** ISO day, for the sidebar's "recent posts". */
  published: string;
  /** The article body as HTML (no site chrome). */
  bodyHtml: string;
}

export interface PagesSpec {
  source: 'python-peps' | 'flink-web';
  commit: string;
}

function checkRepo(repo: string, commit: string, env: string): void {
  if (!existsSync(repo) || !hasCommit(repo, commit)) {
    throw new Error(`pages: no git repository with commit ${commit.slice(0, 12)} at ${repo} (set ${env} to a clone or mirror)`);
  }
}

export async function loadPeps(repo: string, commit: string): Promise<{ peps: Pep[]; problems: string[] }> {
  checkRepo(repo, commit, 'PEPS_REPO');
  const paths = listFiles(repo, commit, 'peps').filter((p) => /^peps\/pep-\d{4}\.rst$/.test(p));
  const files = await readFiles(repo, commit, paths);
  const peps: Pep[] = [];
  const problems: string[] = [];
  for (const [path, text] of files) {
    const pep = readPep(text);
    if ('problem' in pep) problems.push(`${path}: ${pep.problem}`);
    else peps.push(pep);
  }
  return { peps, problems };
}

async function pepPages(commit: string): Promise<Map<string, Page>> {
  const { peps } = await loadPeps(process.env.PEPS_REPO ?? PEPS_REPO_DEFAULT, commit);
  return new Map(
    peps.map((p) => [p.url, { title: `PEP ${p.number} – ${p.title}`, published: p.created, bodyHtml: pepArticleHtml(p) }]),
  );
}

/** The PEP's header table (as peps.python.org shows it) and its body. */
function pepArticleHtml(p: Pep): string {
  const rows: Array<[string, string]> = [
    ['Author', p.authors.join(', ')],
    ['Status', p.status],
    ['Type', p.type],
    ['Created', p.created],
  ];
  if (p.topics.length) rows.push(['Topic', p.topics.join(', ')]);
  const table = `<dl class="rfc2822">${rows.map(([k, v]) => `<dt>${k}:</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
  return `${table}\n${rstToHtml(p.body)}`;
}

interface FrontMatter {
  title?: string;
  date?: string;
  aliases?: string[];
}

/** Hugo shortcodes (`{{< img … >}}`, `{{< top >}}`) are site machinery, not text. */
const stripShortcodes = (md: string): string => md.replace(/\{\{[<%][^}]*[>%]\}\}/g, '');

async function flinkPages(commit: string): Promise<Map<string, Page>> {
  const repo = process.env.FLINK_WEB_REPO ?? FLINK_WEB_REPO_DEFAULT;
  checkRepo(repo, commit, 'FLINK_WEB_REPO');
  const paths = listFiles(repo, commit, 'docs/content/posts').filter((p) => /\/\d{4}-\d{2}-\d{2}-[^/]+\.md$/.test(p));
  const pages = new Map<string, Page>();
  for (const [, text] of await readFiles(repo, commit, paths)) {
    const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
    if (!m) continue;
    const front = (parseYaml(m[1]!) ?? {}) as FrontMatter;
    const body = marked.parse(stripShortcodes(text.slice(m[0].length)), { async: false });
    const page: Page = { title: String(front.title ?? ''), published: String(front.date ?? '').slice(0, 10), bodyHtml: body };
    for (const alias of front.aliases ?? []) pages.set(`https://flink.apache.org${alias.startsWith('/') ? '' : '/'}${alias}`, page);
  }
  return pages;
}

/** The pages of a set, keyed by article URL. Throws with a clear message when the repository is not there. */
export function loadPages(spec: PagesSpec): Promise<Map<string, Page>> {
  if (spec.source === 'python-peps') return pepPages(spec.commit);
  if (spec.source === 'flink-web') return flinkPages(spec.commit);
  throw new Error(`pages: unknown source "${String(spec.source)}"`);
}
