/**
 * The offline shell as a running program: what `catalog-bot shell` and `npm start` without Slack
 * credentials both start. It answers from the same catalog, index and verbs as the bot, but keeps
 * its own database (subscriptions made in the pretend channel never reach the bot's) and writes its
 * logs to a file, so JSON lines never land in the middle of the conversation. Both are said at start.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { configSecrets, type Config } from '../config.js';
import { createLogger, type LogLevel, type Logger } from '../logger.js';
import { openBotCore, type BotCore } from '../slack/bot-core.js';
import { HomePublisher } from '../slack/home/home-publisher.js';
import { runShell } from './shell.js';

export interface ShellFiles {
  /** The shell's own SQLite file, next to the bot's: `var/catalog-bot.db` → `var/catalog-bot.shell.db`. */
  databasePath: string;
  /** Where the shell's log lines go: `var/catalog-bot.shell.log`. */
  logPath: string;
}

/** The shell's files, derived from the bot's DATABASE_PATH so they sit next to it and never are it. */
export function shellFiles(databasePath: string): ShellFiles {
  const ext = extname(databasePath);
  const base = ext ? databasePath.slice(0, -ext.length) : databasePath;
  return { databasePath: `${base}.shell${ext || '.db'}`, logPath: `${base}.shell.log` };
}

export interface ShellStartOptions {
  input: Readable;
  output: Writable;
  /** Print Block Kit JSON instead of text. Default false. */
  json?: boolean;
  /** Where the start notes go when the input is not a terminal (no banner then). Default process.stderr. */
  stderr?: (text: string) => void;
  /** Clock. Default `() => new Date()`. */
  now?: () => Date;
}

export interface RunningShell {
  core: BotCore;
  logger: Logger;
  files: ShellFiles;
  /** Resolves at `quit`, Ctrl+D or the end of the input. */
  finished: Promise<void>;
  /** Release the catalog and the store; safe to call twice. */
  stop(): Promise<void>;
}

/** A logger writing every line at `level` to `path`, counting warnings and errors (the banner mentions them). */
function fileLogger(path: string, level: LogLevel, secrets: readonly string[]): { logger: Logger; problems: () => number } {
  let problems = 0;
  let fallback = false;
  mkdirSync(dirname(path), { recursive: true });
  const logger = createLogger({
    level,
    secrets,
    name: 'shell',
    write: (line, at) => {
      if (at === 'warn' || at === 'error') problems += 1;
      if (fallback) return;
      try {
        appendFileSync(path, `${line}\n`);
      } catch (error) {
        // An unwritable log must not stop the shell: say so once, then stay quiet.
        fallback = true;
        process.stderr.write(`catalog-bot shell: cannot write the log file ${path} (${(error as Error).message}); logging is off.\n`);
      }
    },
  });
  return { logger, problems: () => problems };
}

export async function startShell(config: Config, options: ShellStartOptions): Promise<RunningShell> {
  const files = shellFiles(config.databasePath);
  const { logger, problems } = fileLogger(files.logPath, config.logLevel, configSecrets(config));
  const startedAt = performance.now();
  const core = await openBotCore(config, logger, { databasePath: files.databasePath, now: options.now });
  const loadProblems = problems();
  const notes = [
    `Subscriptions made here are kept in ${files.databasePath}, apart from the bot's ${config.databasePath}.`,
    `Logs go to ${files.logPath}${loadProblems > 0 ? ` (${loadProblems} warning${loadProblems === 1 ? '' : 's'} while loading: see there)` : ''}.`,
  ];
  const interactive = Boolean((options.input as { isTTY?: boolean }).isTTY);
  if (!interactive) {
    const stderr = options.stderr ?? ((text: string) => process.stderr.write(text));
    for (const note of notes) stderr(`catalog-bot shell: ${note}\n`);
  }
  const deps = core.runtime.handlerDeps;
  const home = new HomePublisher({ store: core.store, catalog: deps.catalog, search: deps.search, timeZone: config.digest.timeZone, logger, now: deps.now });
  const finished = runShell({ input: options.input, output: options.output, json: options.json, deps, router: core.router, interactive, notes, home: (userId) => home.build(userId) });
  logger.info('ready', { mode: 'offline', articles: core.runtime.handlerDeps.catalog().articles.length, startupMs: Math.round(performance.now() - startedAt) });
  let stopped = false;
  return {
    core,
    logger,
    files,
    finished,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await core.close();
    },
  };
}
