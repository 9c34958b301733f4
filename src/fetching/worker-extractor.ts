/**
 * `extractText` in a worker thread, for the bot and `catalog-bot crawl`: the crawling thread only
 * moves bytes, so answers are never held behind a burst of page parsing, and on a 2-core machine
 * parsing runs beside the network and the store. One worker, started on first use; it keeps the
 * process alive only while a page is being extracted. A page whose extraction takes longer than
 * `timeoutMs` (something Readability's guards did not foresee) costs the worker: it is stopped,
 * the page fails with `no_text`, and the next page starts a new one.
 */
import { Worker } from 'node:worker_threads';
import type { TextExtractor } from './crawl.js';
import type { ExtractReply, ExtractRequest } from './extract-worker.js';

export interface WorkerExtractor {
  extract: TextExtractor;
  /**
   * Start the worker now (it loads its modules, a CPU burst of a few hundred ms on a busy machine)
   * rather than at the first page, which the bot reaches just after "ready", when answers start.
   */
  warm(): void;
  close(): Promise<void>;
}

interface Pending {
  resolve(text: string): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export function createWorkerExtractor(options: { timeoutMs?: number } = {}): WorkerExtractor {
  const timeoutMs = options.timeoutMs ?? 30_000;
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error) => {
    for (const [id, p] of pending) {
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(error);
    }
  };

  const start = (): Worker => {
    const w = new Worker(...workerEntry());
    w.on('message', (reply: ExtractReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      clearTimeout(p.timer);
      if (pending.size === 0) w.unref();
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.text);
    });
    w.on('error', (error) => {
      if (worker === w) worker = undefined;
      failAll(new Error(`extraction worker crashed: ${error.message}`));
    });
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      failAll(new Error(`extraction worker stopped (exit code ${code})`));
    });
    return w;
  };

  return {
    warm() {
      if (worker) return;
      worker = start();
      worker.unref();
    },
    extract(body, contentType, { maxChars }) {
      worker ??= start();
      const w = worker;
      const id = (nextId += 1);
      w.ref();
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (worker === w) worker = undefined;
          failAll(new Error(`text extraction took longer than ${timeoutMs} ms`));
          void w.terminate();
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        const request: ExtractRequest = { id, body, contentType, maxChars };
        w.postMessage(request);
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      failAll(new Error('extraction worker closed'));
      await w?.terminate();
    },
  };
}

/** The worker's entry: the compiled .js next to this file, or under tsx (dev, tests) the .ts through tsx's loader. */
function workerEntry(): [URL | string, { eval?: boolean }] {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return [new URL('./extract-worker.js', here), {}];
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./extract-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return [boot, { eval: true }];
}
