/** `npm start` as a child process (tsx, no build needed), with its stderr (the JSON log) to wait on. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface AppProcess {
  child: ChildProcess;
  /** Exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once stderr contains `text` (checked on every chunk written); rejects if it exits first. */
  waitForStderr(text: string): Promise<void>;
  stderr(): string;
}

/** Starts `src/app.ts` with only PATH and HOME from this environment, plus `env` (full text off unless `env` turns it on: the bundled catalogs link to the internet). */
export function startAppProcess(env: Record<string, string>): AppProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CATALOG_FULL_TEXT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const lineWaiters: Array<() => void> = [];
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    lineWaiters.splice(0).forEach((w) => w());
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      resolve(code);
      lineWaiters.splice(0).forEach((w) => w());
    }),
  );
  const waitForStderr = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stderr.includes(text)) resolve();
        else if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`exited before "${text}":\n${stderr}`));
        else lineWaiters.push(check);
      };
      check();
    });
  return { child, exited, waitForStderr, stderr: () => stderr };
}

/** The port from the process's "ready" log line. */
export function readyPort(p: AppProcess): number {
  return (JSON.parse(p.stderr().split('\n').find((l) => l.includes('"msg":"ready"'))!) as { port: number }).port;
}
