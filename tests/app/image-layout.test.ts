/**
 * The Docker image as the README runs it (`docker run --env-file .env` after `cp .env.example .env`),
 * without a Docker daemon: the runtime stage's file layout is rebuilt in a temp dir from the
 * Dockerfile's own COPY and ENV lines (dist/ compiled as its build stage does), and started there with
 * the image's ENV overridden by .env.example's values, as --env-file does.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import dotenv from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { freePort } from '../helpers/free-port.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');

/** The runtime stage (after the last FROM) as instructions, continuation lines joined, comments dropped. */
function runtimeStage(): Array<{ op: string; args: string }> {
  const lines = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/).filter((l) => l.trim() && !l.trimStart().startsWith('#'));
  const instructions = lines.map((l) => {
    const [op = '', ...rest] = l.trim().split(/\s+/);
    return { op: op.toUpperCase(), args: rest.join(' ') };
  });
  const lastFrom = instructions.map((i) => i.op).lastIndexOf('FROM');
  return instructions.slice(lastFrom + 1);
}

const stage = runtimeStage();
const workdir = stage.find((i) => i.op === 'WORKDIR')?.args ?? '/';
let root: string;
let fake: FakeSlack;

/** An image path (/app/...) inside the temp layout. */
const inLayout = (imagePath: string) => join(root, imagePath.startsWith(workdir) ? imagePath.slice(workdir.length) : imagePath);

/** What the image's ENV sets (paths moved into the layout), then .env.example's values over it. */
function containerEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  for (const i of stage.filter((s) => s.op === 'ENV')) {
    for (const [, key, value] of i.args.matchAll(/(\w+)=(\S*)/g)) env[key!] = value!.startsWith(workdir) ? inLayout(value!) : value!;
  }
  Object.assign(env, dotenv.parse(readFileSync(join(repo, '.env.example'))));
  return { ...env, ...extra };
}

function run(args: string[], env: Record<string, string>, input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(input ?? '');
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'catalog-bot-image-'));
  for (const copy of stage.filter((i) => i.op === 'COPY')) {
    const parts = copy.args.split(/\s+/);
    const fromBuild = parts[0]!.startsWith('--from=');
    const [source, target] = fromBuild ? parts.slice(1) : parts;
    const to = inLayout(target!.startsWith('/') ? target! : join(workdir, target!));
    mkdirSync(dirname(to), { recursive: true });
    const name = fromBuild ? source!.slice(workdir.length + 1) : source!;
    if (name === 'dist') {
      // What the build stage's `npm run build` produces, from the sources.
      execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(repo, 'tsconfig.build.json'), '--outDir', to], { cwd: repo });
    } else if (name === 'node_modules') {
      symlinkSync(join(repo, 'node_modules'), to.replace(/\/$/, ''), 'dir');
    } else {
      cpSync(join(repo, name), to.replace(/\/$/, ''), { recursive: true });
    }
  }
  for (const dir of stage.filter((i) => i.op === 'RUN').flatMap((i) => [...i.args.matchAll(/mkdir -p (\S+)/g)].map((m) => m[1]!))) mkdirSync(inLayout(dir), { recursive: true });
  fake = await startFakeSlack({ token: 'xoxb-image' });
}, 120_000);

afterAll(async () => {
  await fake?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the Docker image with .env.example', () => {
  it('declares no anonymous VOLUME (a new empty one on every run); named volumes are documented instead', () => {
    expect(stage.some((i) => i.op === 'VOLUME')).toBe(false);
    expect(readFileSync(join(repo, 'docs/operations.md'), 'utf8')).toMatch(/-v catalog-bot-var:\/app\/var/);
  });

  it('ships the bundled catalog where CATALOG_SOURCE points once .env.example overrides the image', () => {
    const env = containerEnv();
    const source = resolve(root, env.CATALOG_SOURCE!);
    expect(existsSync(source)).toBe(true);
  });

  it('without tokens and without a terminal, `node dist/app.js` (the CMD) says so and exits non-zero', async () => {
    const cmd = JSON.parse(stage.find((i) => i.op === 'CMD')!.args) as string[];
    expect(cmd[0]).toBe('node');
    const { code, stderr, stdout } = await run(cmd.slice(1), containerEnv());
    expect(code).toBe(1);
    expect(stderr).toContain('No Slack credentials');
    expect(stderr).toContain('not a terminal');
    expect(stdout).toBe('');
  }, 30_000);

  it('runs in HTTP mode with the tokens added, serving the bundled catalog', async () => {
    const env = containerEnv({ SLACK_BOT_TOKEN: 'xoxb-image', SLACK_SIGNING_SECRET: 'image-secret', SLACK_API_URL: fake.apiUrl, PORT: String(await freePort()), CATALOG_FULL_TEXT: 'off' });
    const child = spawn(process.execPath, ['dist/app.js'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    const ready = new Promise<{ articles: number }>((done, fail) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        const line = stderr.split('\n').find((l) => l.includes('"msg":"ready"'));
        if (line) done(JSON.parse(line) as { articles: number });
      });
      child.on('close', () => fail(new Error(`exited before ready:\n${stderr}`)));
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const { articles } = await ready;
    expect(articles).toBeGreaterThan(0);
    expect(existsSync(inLayout(`${workdir}/var/catalog-bot.db`))).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);

  it('an explicit `catalog-bot shell` still reads piped commands', async () => {
    const { code, stdout } = await run(['dist/cli/main.js', 'shell'], containerEnv({ CATALOG_FULL_TEXT: 'off' }), '/catalog dynamodb\nquit\n');
    expect(code).toBe(0);
    expect(stdout).toMatch(/articles? for \*dynamodb\*/);
  }, 30_000);
});
