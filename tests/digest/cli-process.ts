/**
 * Real `catalog-bot digest --now` processes for the crash tests, started from src/ compiled to
 * plain JavaScript once per test file, because a start through the tsx loader costs ~2 s here and
 * these tests start two dozen processes. The compiler is esbuild, the one tsx itself uses (its
 * dependency, found through tsx), one file at a time as tsx does: ~0.1 s for all of src/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Esbuild {
  transformSync(code: string, options: { loader: 'ts'; format: 'esm'; target: string; sourcefile: string }): { code: string };
}

export interface CompiledCli {
  /** The compiled src/cli/main.ts. */
  entry: string;
  remove(): void;
}

/**
 * src/ as JavaScript under node_modules/.cache (so packages resolve from the repository), laid out
 * like dist/: `<out>/dist/<module>.js`, with `<out>/vocabulary` pointing at the repository's, since
 * modules find it relative to themselves.
 */
export async function compileCli(): Promise<CompiledCli> {
  const esbuildPath = createRequire(createRequire(import.meta.url).resolve('tsx/package.json')).resolve('esbuild');
  const esbuild = (await import(pathToFileURL(esbuildPath).href)) as Esbuild;
  const out = join(REPO, 'node_modules', '.cache', `catalog-bot-cli-${process.pid}-${Date.now()}`);
  for (const file of readdirSync(join(REPO, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const target = join(out, 'dist', file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    // ES modules as written: imports already name their .js files.
    const { code } = esbuild.transformSync(readFileSync(join(REPO, 'src', file), 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file });
    writeFileSync(target, code);
  }
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(REPO, 'vocabulary'), join(out, 'vocabulary'));
  return { entry: join(out, 'dist', 'cli', 'main.js'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

export interface DigestProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stderr line (already written or later) that matches; rejects if the process exits first. */
  stderrLine: (predicate: (line: string) => boolean) => Promise<string>;
  /** The exit code, or null when killed by a signal. */
  exit: Promise<number | null>;
}

/** Start `catalog-bot digest --now` with the given environment on top of this process's (no SLACK_/DIGEST_ variables inherited). */
export function startDigestProcess(cli: CompiledCli, env: Record<string, string>): DigestProcess {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('SLACK_') && !k.startsWith('DIGEST_')) childEnv[k] = v;
  Object.assign(childEnv, env);
  const child = spawn(process.execPath, [cli.entry, 'digest', '--now'], { cwd: REPO, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let partial = '';
  const lines: string[] = [];
  const waiters = new Set<{ predicate: (line: string) => boolean; resolve: (line: string) => void }>();
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (!waiter.predicate(line)) continue;
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    stderrLine: (predicate) => {
      const seen = lines.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.add({ predicate, resolve });
        void exit.then((code) => reject(new Error(`digest process exited (${code}) before the expected log line; stdout: ${out}\nstderr: ${err}`)));
      });
    },
    exit,
  };
}
