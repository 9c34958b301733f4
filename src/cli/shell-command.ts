/**
 * `catalog-bot shell [--json] [--catalog SRC]`: the offline shell on stdin/stdout. Slack credentials
 * are ignored (the shell never talks to Slack), so it works whatever `.env` holds.
 */
import type { Readable, Writable } from 'node:stream';
import { loadConfig } from '../config.js';
import { startShell } from '../shell/start-shell.js';
import { usageLine } from './commands.js';
import { blamingCatalogFlag, parseCliArgs, processIo, UsageError, type CliIo } from './io.js';

export interface ShellStreams {
  input?: Readable;
  output?: Writable;
}

export async function runShellCommand(argv: string[], io: CliIo = processIo, streams: ShellStreams = {}): Promise<number> {
  const { values, positionals } = parseCliArgs(argv, {
    json: { type: 'boolean', default: false },
    catalog: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}". Usage: ${usageLine('shell')}`);

  const env: Record<string, string | undefined> = { ...io.env, SLACK_BOT_TOKEN: undefined, SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined };
  if (values.catalog !== undefined) env.CATALOG_SOURCE = values.catalog;
  const config = loadConfig(env);
  const shell = await blamingCatalogFlag(values.catalog, () =>
    startShell(config, { input: streams.input ?? process.stdin, output: streams.output ?? process.stdout, json: values.json, stderr: io.stderr }),
  );
  try {
    await shell.finished;
  } finally {
    await shell.stop();
  }
  return 0;
}
