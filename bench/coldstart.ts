/**
 * CLI cold start (issue 11 point 4): wall time from process start to answer on a synthetic
 * 100,000-article markdown file, side by side in one run:
 *   (a) `node dist/cli/main.js search <q> --catalog <file>` with a warm index snapshot (file unchanged);
 *   (b) a naive script (bench/naive-search.ts, bundled to plain JavaScript with esbuild so neither
 *       side pays for the TypeScript loader) that parses the file with the project's parser and
 *       indexes it with plain minisearch;
 *   (c) for information, the CLI with no snapshot (it parses, indexes and writes the snapshot).
 * Runs are interleaved (c, a, b; c, a, b; …) so machine load hits every variant alike.
 * Targets: median (a) ≤ 3 s and ≤ 0.40 × median (b). Needs `npm run build` first (dist/).
 *
 * Environment: BENCH_RUNS (default 3).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { percentile, table } from './lib/stats.js';
import { generateFromBundledCatalog, toCatalogMarkdown } from './lib/synthetic-catalog.js';

const ARTICLES = 100_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const QUERY = ['dynamodb', 'multi-tenant'];
const TARGETS = { warmMs: 3_000, ratio: 0.4 };
const REPO = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(REPO, 'dist', 'cli', 'main.js');

interface Esbuild {
  build(options: { entryPoints: string[]; bundle: boolean; platform: 'node'; format: 'esm'; target: string; outfile: string; logLevel: 'error' }): Promise<unknown>;
}

/** bench/naive-search.ts and what it imports, as one plain JavaScript file. */
async function bundleNaive(outfile: string): Promise<void> {
  const esbuildPath = createRequire(createRequire(import.meta.url).resolve('tsx/package.json')).resolve('esbuild');
  const esbuild = (await import(pathToFileURL(esbuildPath).href)) as Esbuild;
  await esbuild.build({ entryPoints: [join(REPO, 'bench', 'naive-search.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'error' });
}

/** Milliseconds from spawning `node args` to its exit, and what it printed; throws on a non-zero exit. */
function timeProcess(args: string[], env: Record<string, string>): Promise<{ ms: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (samples: readonly number[]) => percentile(samples, 50);

export async function run(): Promise<string> {
  if (!existsSync(CLI)) throw new Error('bench coldstart: dist/cli/main.js is missing; run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'bench-coldstart-'));
  try {
    const catalog = join(dir, 'catalog.md');
    writeFileSync(catalog, toCatalogMarkdown(generateFromBundledCatalog(ARTICLES)));
    const naive = join(dir, 'naive-search.mjs');
    await bundleNaive(naive);
    const snapshot = join(dir, 'index.snapshot');
    const env = { INDEX_SNAPSHOT_PATH: snapshot };
    const cliArgs = [CLI, 'search', ...QUERY, '--catalog', catalog];

    const times = { warm: [] as number[], naive: [] as number[], first: [] as number[] };
    const loads: number[] = [];
    let sameAnswer = true;
    for (let i = 0; i < RUNS; i++) {
      loads.push(os.loadavg()[0]!);
      rmSync(snapshot, { force: true });
      const first = await timeProcess(cliArgs, env);
      const warm = await timeProcess(cliArgs, env);
      const base = await timeProcess([naive, catalog, ...QUERY], {});
      sameAnswer &&= warm.stdout === first.stdout && warm.stderr === first.stderr;
      times.first.push(first.ms);
      times.warm.push(warm.ms);
      times.naive.push(base.ms);
    }

    const warm = median(times.warm);
    const naiveMedian = median(times.naive);
    const ratio = warm / naiveMedian;
    const check = (ok: boolean) => (ok ? '**met**' : '**not met**');
    const row = (name: string, samples: number[]) => [name, ...samples.map(seconds), seconds(median(samples))];
    return [
      '## CLI cold start',
      '',
      `${ARTICLES.toLocaleString('en-US')}-article synthetic catalog (${QUERY.join(' ')}), ${RUNS} interleaved runs each, wall time from spawning node to its exit; load average (1 min) before each round: ${loads.map((l) => l.toFixed(2)).join(', ')}.`,
      '',
      table(['variant', ...times.warm.map((_, i) => `run ${i + 1}`), 'median'], [
        row('(a) `catalog-bot search`, warm snapshot', times.warm),
        row('(b) naive: project parser + plain minisearch', times.naive),
        row('(c) `catalog-bot search`, no snapshot (writes it)', times.first),
      ]),
      '',
      `- ${check(warm <= TARGETS.warmMs)} (a) ${seconds(warm)} ≤ ${seconds(TARGETS.warmMs)}`,
      `- ${check(ratio <= TARGETS.ratio)} (a) = ${ratio.toFixed(2)} × (b) ≤ ${TARGETS.ratio} × (b)`,
      `- warm answer identical to the first run's (stdout and stderr): ${sameAnswer ? 'yes' : '**no**'}`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
