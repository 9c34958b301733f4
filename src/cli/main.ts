#!/usr/bin/env node
/**
 * The `catalog-bot` command. Each sub-command lives beside it in src/cli/<name>-command.ts and is loaded on
 * demand, so `catalog-bot search` never pays for Bolt or SQLite.
 */
import dotenv from 'dotenv';
import { CatalogBotError, errorMessage } from '../errors.js';
import { COMMAND_HELP, commandHelpText, wantsHelp } from './commands.js';
import { processIo, UsageError, type CliIo } from './io.js';
import { exitQuietlyWhenOutputCloses } from '../util/output.js';
import { packageVersion } from '../util/version.js';

const USAGE = [
  'Usage: catalog-bot <command> [options]     (catalog-bot <command> --help for one command; --version)',
  '',
  'Commands:',
  ...COMMAND_HELP.map((c) => `  ${`${c.name} ${c.args}`.padEnd(55)} ${c.summary}`),
  '',
  'Query syntax: words, "phrases", author:golding, tag:saas, after:2022-06, before:2023,',
  'year:2022, sort:newest|oldest|relevance, -word, -tag:apn, latest.',
  'Configuration comes from the environment or .env (see README).',
].join('\n');

type Command = (argv: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  search: async () => (await import('./search-command.js')).runSearchCommand,
  parse: async () => (await import('./parse-command.js')).runParseCommand,
  shell: async () => (await import('./shell-command.js')).runShellCommand,
  digest: async () => (await import('./digest-command.js')).runDigestCommand,
  crawl: async () => async (argv, io) => {
    const { runCrawlCommand } = await import('./crawl-command.js');
    // Ctrl-C stops the crawl cleanly: what was fetched is kept, the lease released.
    const stop = new AbortController();
    const onSignal = () => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      return await runCrawlCommand(argv, io, stop.signal);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
  start: async () => async (_argv, io) => (await import('../app.js')).main(io.env),
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`catalog-bot ${packageVersion()}\n`);
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    // `catalog-bot help search` is `catalog-bot search --help`.
    const about = name === 'help' ? COMMAND_HELP.find((c) => c.name === rest[0]) : undefined;
    io.stdout((about ? commandHelpText(about) : USAGE) + '\n');
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  const help = COMMAND_HELP.find((c) => c.name === name);
  if (!load || !help) {
    io.stderr(`catalog-bot: unknown command "${name}".\n\n${USAGE}\n`);
    return 2;
  }
  if (wantsHelp(rest)) {
    io.stdout(commandHelpText(help) + '\n');
    return 0;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`catalog-bot ${name}: ${error.message}\nRun "catalog-bot ${name} --help" for usage.\n`);
      return 2;
    }
    if (error instanceof CatalogBotError) {
      io.stderr(`catalog-bot ${name}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`catalog-bot ${name}: unexpected error: ${errorMessage(error)}\n`);
    return 1;
  }
}

// Run only when executed as the command, not when imported by tests.
const invokedPath = process.argv[1] ?? '';
if (/[\\/]cli[\\/]main\.(ts|js)$/.test(invokedPath) || invokedPath.endsWith('catalog-bot')) {
  dotenv.config({ quiet: true });
  exitQuietlyWhenOutputCloses();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`catalog-bot: ${errorMessage(error)}\n`);
      process.exitCode = 1;
    },
  );
}
