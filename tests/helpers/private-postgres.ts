/**
 * A PostgreSQL server of our own for tests that stop and restart it: initdb into a temp folder,
 * listening on 127.0.0.1 at a free port, trust auth, fsync off. The machine's cluster is shared by
 * every test file running in parallel (and by other people's runs), so it is never stopped.
 * As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stop it and remove its folder. */
  destroy(): Promise<void>;
}

/** Where initdb and pg_ctl are: PG_BINDIR, else the newest /usr/lib/postgresql/<version>/bin. */
function findBinDir(): string | undefined {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

/** Why a private server cannot be made here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  return findBinDir() ? undefined : 'no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql or PG_BINDIR';
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findBinDir();
  if (!bin) throw new Error(privatePostgresUnavailable());
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'catalog-bot-pg-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  const tool = (name: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args]) : run(join(bin, name), args));
  const serverOptions = `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off`;
  const start = async () => void (await tool('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(dir, 'log'), '-w', 'start']));
  const stop = async () => void (await tool('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']));

  await tool('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '-N']);
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start: async () => {
      await start();
      running = true;
    },
    stop: async () => {
      await stop();
      running = false;
    },
    restart: async () => {
      await tool('pg_ctl', ['-D', data, '-m', 'fast', '-o', serverOptions, '-l', join(dir, 'log'), '-w', 'restart']);
      running = true;
    },
    destroy: async () => {
      if (running) await stop().catch(() => undefined);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
