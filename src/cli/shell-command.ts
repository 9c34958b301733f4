/**
 * `catalog-bot shell [--json] [--catalog SRC]`: the offline shell on stdin/stdout. Slack credentials
 * are ignored (the shell never talks to Slack), so it works whatever `.env` holds.
 */
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { runShell } from '../shell/shell.js';
import { createCommandRouter } from '../slack/conversation/router.js';
import { loadConversationRuntime } from '../slack/conversation/runtime.js';
import { subscriptionSubcommands } from '../slack/subscriptions/subcommands.js';
import { openStore } from '../store/open-store.js';
import type { Subcommand } from '../slack/conversation/types.js';
import { parseCliArgs, processIo, UsageError, type CliIo } from './io.js';

export const SHELL_USAGE = 'catalog-bot shell [--json] [--catalog SRC]';

export interface ShellCommandExtras {
  /** Verbs beyond help/latest/search/subscriptions. Default none. */
  subcommands?: Subcommand[];
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

export async function runShellCommand(argv: string[], io: CliIo = processIo, extras: ShellCommandExtras = {}): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, {
    json: { type: 'boolean', default: false },
    catalog: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}". Usage: ${SHELL_USAGE}`);

  const env: Record<string, string | undefined> = { ...io.env, SLACK_BOT_TOKEN: undefined, SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined };
  if (values.catalog !== undefined) env.CATALOG_SOURCE = values.catalog;
  const config = loadConfig(env);
  // The shell is interactive: only problems go to stderr unless LOG_LEVEL asks for more.
  const logger = createLogger({ level: io.env.LOG_LEVEL?.trim() ? config.logLevel : 'warn' });
  const runtime = await loadConversationRuntime(config, logger);
  // Subscriptions made at the prompt live in the same DATABASE_PATH, under the pretend channel.
  let store;
  try {
    store = await openStore(config, { logger });
  } catch (error) {
    runtime.close();
    throw error;
  }
  try {
    await runShell({
      input: (extras.input ?? process.stdin) as NodeJS.ReadableStream & import('node:stream').Readable,
      output: (extras.output ?? process.stdout) as NodeJS.WritableStream & import('node:stream').Writable,
      json: values.json,
      deps: runtime.handlerDeps,
      router: createCommandRouter([...subscriptionSubcommands(store), ...(extras.subcommands ?? [])]),
    });
  } finally {
    runtime.close();
    await store.close();
  }
  return 0;
}
