/**
 * `catalog-bot shell [--json] [--catalog SRC]`: the offline shell on stdin/stdout. Slack credentials
 * are ignored (the shell never talks to Slack), so it works whatever `.env` holds.
 */
import type { Readable, Writable } from 'node:stream';
import { loadConfig } from '../config.js';
import { startShell } from '../shell/start-shell.js';
import { parseCliArgs, processIo, UsageError, type CliIo } from './io.js';

export const SHELL_USAGE = 'catalog-bot shell [--json] [--catalog SRC]';
export const SHELL_HELP_TEXT = `Usage: ${SHELL_USAGE}

The offline shell: type /catalog <words>, @catalog-bot <words>, share N, next, more, quit… and see
what the bot would answer in Slack, as text (--json: the Block Kit payload). Subscriptions made here
go to the shell's own database next to DATABASE_PATH, never the bot's; logs go to a file beside it.

  --catalog SRC   a .md file, a folder of them, or an http(s) URL (default: CATALOG_SOURCE)
  --json          print each answer's Block Kit JSON (paste it into Block Kit Builder)
  -h, --help      this text`;

export interface ShellStreams {
  input?: Readable;
  output?: Writable;
}

export async function runShellCommand(argv: string[], io: CliIo = processIo, streams: ShellStreams = {}): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, {
    json: { type: 'boolean', default: false },
    catalog: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}". Usage: ${SHELL_USAGE}`);

  const env: Record<string, string | undefined> = { ...io.env, SLACK_BOT_TOKEN: undefined, SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined };
  if (values.catalog !== undefined) env.CATALOG_SOURCE = values.catalog;
  const shell = await startShell(loadConfig(env), { input: streams.input ?? process.stdin, output: streams.output ?? process.stdout, json: values.json, stderr: io.stderr });
  try {
    await shell.finished;
  } finally {
    await shell.stop();
  }
  return 0;
}
