/**
 * A deterministic synthetic catalog for benchmarks, grown from the real articles: titles are
 * recombined halves of real titles, summaries are real sentences reshuffled with their service
 * names swapped, and a long tail of invented product names gives the vocabulary the spread a
 * large real catalog has (a few very common words, tens of thousands of rare ones). Same seed,
 * same catalog.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCatalogMarkdown } from '../../src/catalog/parse.js';
import type { Article, Tag } from '../../src/catalog/types.js';

/** mulberry32: tiny, fast, good enough for picking fixtures; seeded for repeatable runs. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = [
  'DynamoDB', 'OpenSearch Service', 'Keyspaces', 'Redshift', 'RDS', 'Aurora', 'S3', 'SQS', 'SNS', 'EventBridge',
  'Lambda', 'API Gateway', 'EKS', 'ECS', 'Fargate', 'SageMaker', 'Kinesis', 'Glue', 'Athena', 'CloudWatch',
  'X-Ray', 'Cognito', 'IAM', 'Step Functions', 'AppSync', 'CloudFront', 'Route 53', 'ElastiCache', 'MemoryDB',
  'Neptune', 'Timestream', 'QuickSight', 'Transfer Family', 'Control Tower', 'Organizations', 'CodePipeline',
  'CodeBuild', 'CloudFormation', 'CDK', 'Elastic Load Balancing', 'Application Cost Profiler', 'Bedrock',
  'Secrets Manager', 'KMS', 'WAF', 'Shield', 'GuardDuty', 'Macie', 'Backup', 'DataSync', 'MSK', 'MQ',
];
const FIRST_NAMES = [
  'Peter', 'Tomo', 'Ranjith', 'Arnab', 'Vishal', 'Dave', 'Erik', 'Antony', 'Madhukar', 'Ujwal', 'Hiroto', 'Ben',
  'Kevin', 'Tod', 'Nick', 'Mehran', 'Michael', 'Scott', 'Ryan', 'Galen', 'Humberto', 'Venkata', 'Keith', 'Anubhav',
  'Toby', 'Muhammad', 'Rafael', 'Raju', 'Ana', 'Li', 'Fatima', 'Sofia', 'Kenji', 'Priya', 'Olga', 'Jonas', 'Amara',
];
const LAST_NAMES = [
  'Yang', 'Sakatoku', 'Raman', 'Saha', 'Patil', 'Roberts', 'Brandsberg', 'Prasad', 'Thumma', 'Bukka', 'Sakuraya',
  'Bridts', 'Hakanson', 'Golding', 'Choi', 'Najafi', 'Pelts', 'Wainner', 'Peterson', 'Dunkleberger', 'Somensi',
  'Kampana', 'Sharma', 'Buckley', 'Tahir', 'Ramos', 'Patel', 'Okafor', 'Nguyen', 'Haddad', 'Rossi', 'Tanaka',
];
const TAGS = [
  'saas', 'amazon_dynamodb', 'amazon_s3', 'serverless', 'containers', 'amazon_eks', 'security', 'databases',
  'analytics', 'machine_learning', 'devops', 'networking', 'cost_optimization', 'observability', 'storage',
  'apn', 'architecture', 'migration', 'compliance', 'identity', 'messaging', 'streaming', 'data_lakes', 'ai',
];
const SYLLABLES = ['ka', 'zo', 'ri', 'ten', 'vex', 'lu', 'mar', 'qui', 'dor', 'sa', 'nex', 'pha', 'tri', 'on', 'bel', 'gra', 'cy', 'mo', 'ul', 'ze'];
const CONNECTORS = [' with ', ' for ', ' using ', ' in ', ' on '];

/** Split a real title at its first connector word into a head and a tail. */
function halves(title: string): [string, string] | undefined {
  for (const c of CONNECTORS) {
    const at = title.indexOf(c);
    if (at > 0) return [title.slice(0, at), title.slice(at + c.length)];
  }
  return undefined;
}

export interface SyntheticOptions {
  seed?: number;
  /** Number of invented rare words (product names) to draw from. Default 40 000. */
  rareWords?: number;
}

/** `count` synthetic articles grown from the bundled data/advanced_300.md (what every bench section uses). */
export function generateFromBundledCatalog(count: number, options: SyntheticOptions = {}): Article[] {
  const seedFile = fileURLToPath(new URL('../../data/advanced_300.md', import.meta.url));
  return generateCatalog(parseCatalogMarkdown(readFileSync(seedFile, 'utf8'), seedFile).articles, count, options);
}

export function generateCatalog(real: readonly Article[], count: number, options: SyntheticOptions = {}): Article[] {
  const random = seededRandom(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  const heads: string[] = [];
  const tails: string[] = [];
  for (const a of real) {
    const h = halves(a.title);
    if (h) {
      heads.push(h[0]);
      tails.push(h[1]);
    } else heads.push(a.title);
  }
  const sentences = real.flatMap((a) =>
    a.summary
      .replace(/\s*\[…\]\s*$/, '')
      .split(/(?<=[.!?])\s+/)
      .filter((s) => s.length > 20),
  );
  // Invented product names; drawn with a skewed distribution (low indexes far more often).
  const rare = Array.from({ length: options.rareWords ?? 40_000 }, (_, i) => {
    let word = '';
    let n = i + 7;
    do {
      word += SYLLABLES[n % SYLLABLES.length];
      n = Math.floor(n / SYLLABLES.length);
    } while (n > 0);
    return word.charAt(0).toUpperCase() + word.slice(1);
  });
  const rareWord = () => rare[Math.floor(rare.length * random() ** 2.5)]!;
  const servicePattern = new RegExp(`\\b(${SERVICES.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\b`, 'g');
  // Each text becomes a template once (split around its service names); filling one is cheap.
  const templates = new Map<string, string[]>();
  const swapServices = (text: string) => {
    let parts = templates.get(text);
    if (!parts) templates.set(text, (parts = text.split(servicePattern)));
    let out = parts[0]!;
    for (let k = 1; k < parts.length; k += 2) out += pick(SERVICES) + parts[k + 1]!;
    return out;
  };

  const articles: Article[] = [];
  const start = Date.UTC(2012, 0, 1);
  const span = Date.UTC(2024, 11, 31) - start;
  for (let i = 0; i < count; i += 1) {
    const head = swapServices(pick(heads));
    const tail = random() < 0.6 ? `Amazon ${pick(SERVICES)}` : swapServices(pick(tails.length ? tails : heads));
    const title = `${head}${pick(CONNECTORS)}${tail}${random() < 0.3 ? ` and ${rareWord()}` : ''}`;
    const parts: string[] = [];
    for (let s = int(2, 4); s > 0; s -= 1) parts.push(swapServices(pick(sentences)));
    for (let r = int(2, 6); r > 0; r -= 1) {
      const at = int(0, parts.length - 1);
      parts[at] = `${parts[at]} ${pick(['Teams using', 'The', 'Customers of', 'Integrate with'])} ${rareWord()} ${pick(['connector', 'platform', 'service', 'pipeline', 'workload'])}.`;
    }
    const truncated = random() < 0.4;
    const authors = Array.from({ length: int(1, 3) }, () => `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`);
    const tagSlugs = new Set<string>(['synthetic']);
    for (let t = int(1, 3); t > 0; t -= 1) tagSlugs.add(pick(TAGS));
    const tags: Tag[] = [...tagSlugs].map((slug) => ({ slug, name: slug.replace(/_/g, ' ') }));
    const published = new Date(start + Math.floor(random() * span)).toISOString().slice(0, 10);
    articles.push({
      id: `syn-${i}`,
      title,
      url: `https://example.com/articles/syn-${i}`,
      published,
      authors: [...new Set(authors)],
      summary: `${parts.join(' ')}${truncated ? ' […]' : ''}`,
      truncated,
      tags,
      section: 'Older posts',
      source: 'synthetic',
      line: i + 1,
    });
  }
  return articles;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Articles written back in the catalog's markdown format (badge rows included), e.g. to time a real start. */
export function toCatalogMarkdown(articles: readonly Article[], collection = 'synthetic_catalog'): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const date = (iso: string) => {
    const [y, m, d] = iso.split('-');
    return `${d} ${MONTHS[Number(m) - 1]} ${y}`;
  };
  const parts = [`# ${collection}\n\n## Older posts\n\n`];
  for (const a of articles) {
    const badges = a.tags.map((t) => `[![category](svg/${encodeURIComponent(t.name)}.svg)](tags/${t.slug}.md)`).join(' ');
    parts.push(
      `| [${cell(a.title)}](${a.url}) |\n|:----------|\n| *Created: ${date(a.published)} by ${a.authors.join(', ')}* |\n| ${cell(a.summary)} |\n| ${badges} |\n\n`,
    );
  }
  return parts.join('');
}

const TEXT_OPENERS = ['In practice,', 'For example,', 'First,', 'Then', 'As a result,', 'In our tests,', 'Note that', 'Finally,'];
const TEXT_HEADINGS = ['Overview', 'Architecture', 'Walkthrough', 'Prerequisites', 'Results', 'Conclusion', 'Cleaning up', 'Next steps'];

/**
 * A text of about `size` characters for each article (url → text), as a crawl would store it:
 * headings and paragraphs of three to six sentences taken from the real summaries (service names
 * swapped), with invented product names mixed in. Deterministic (same seed, same texts); the
 * vocabulary is the catalog's, so queries meet many passages, as they would on a real blog.
 */
export function generateTexts(articles: readonly Article[], size = 4_000, seed = 7): Map<string, string> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const sentences = articles
    .slice(0, 2_000)
    .flatMap((a) => a.summary.replace(/\s*\[…\]\s*$/, '').split(/(?<=[.!?])\s+/))
    .filter((s) => s.length > 20);
  const products = [...new Set(articles.slice(0, 5_000).flatMap((a) => a.summary.match(/\b[A-Z][a-z]{5,}\b/g) ?? []))];
  const texts = new Map<string, string>();
  for (const a of articles) {
    const parts: string[] = [];
    let length = 0;
    while (length < size) {
      const heading = pick(TEXT_HEADINGS);
      parts.push(heading, '\n\n');
      length += heading.length + 2;
      for (let s = 3 + Math.floor(random() * 4); s > 0; s -= 1) {
        let sentence = pick(sentences);
        if (random() < 0.3) sentence = `${pick(TEXT_OPENERS)} ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
        if (random() < 0.2 && products.length > 0) sentence = `${sentence} ${pick(products)} handles the rest.`;
        parts.push(sentence, ' ');
        length += sentence.length + 1;
      }
      parts.push('\n\n');
      length += 2;
    }
    texts.set(a.url, parts.join(''));
  }
  return texts;
}
