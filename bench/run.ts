/**
 * `npm run bench [section...]`: prints the machine, then each benchmark section's markdown report.
 * Sections are bench/<name>.ts files exporting `run(): Promise<string>`; missing ones are skipped.
 *
 *   npm run bench            # every section
 *   npx tsx bench/run.ts search
 */
import { existsSync } from 'node:fs';
import os from 'node:os';

const SECTIONS = ['search', 'relevance', 'slack', 'digest', 'digest-postgres', 'replicas', 'home', 'reload', 'coldstart', 'crawl'] as const;

function machine(): string {
  const cpus = os.cpus();
  const [one, five] = os.loadavg();
  return [
    '# catalog-bot benchmarks',
    '',
    `- CPU: ${cpus[0]?.model ?? 'unknown'} × ${cpus.length} cores (os.availableParallelism ${os.availableParallelism()})`,
    `- Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB; load average at start ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min)`,
    `- Node ${process.version} on ${os.platform()} ${os.release()} (${os.arch()})`,
    `- Date: ${new Date().toISOString()}`,
  ].join('\n');
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(SECTIONS as readonly string[]).includes(w));
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${SECTIONS.join(', ')}`);
  process.exit(2);
}

console.log(machine());
for (const section of SECTIONS) {
  if (wanted.length > 0 && !wanted.includes(section)) continue;
  const file = new URL(`./${section}.ts`, import.meta.url);
  if (!existsSync(file)) {
    console.log(`\n## ${section}\n\n(skipped: bench/${section}.ts does not exist yet)`);
    continue;
  }
  const started = performance.now();
  const module = (await import(file.href)) as { run: () => Promise<string> };
  const report = await module.run();
  console.log(`\n${report.trim()}\n\n_${section}: ${((performance.now() - started) / 1000).toFixed(1)} s_`);
}
