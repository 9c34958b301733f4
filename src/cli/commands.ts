/**
 * What each `catalog-bot` sub-command is called, takes and does: the one table `catalog-bot help`,
 * `catalog-bot <command> --help` and the commands' own usage errors are printed from.
 */
export interface CommandHelp {
  name: string;
  /** The arguments after the name, e.g. `[--catalog SRC] [--json]`. */
  args: string;
  /** One line for the overview. */
  summary: string;
  /** What `catalog-bot <name> --help` adds under the usage line. */
  details: string;
}

const CATALOG_OPTION = '  --catalog SRC   a .md file, a folder of them, or an http(s) URL (default: CATALOG_SOURCE, then data/)';

export const COMMAND_HELP: readonly CommandHelp[] = [
  {
    name: 'search',
    args: '[--catalog SRC] [--limit N] [--json] <query...>',
    summary: 'ranked search of the catalog',
    details: [
      'The query takes the same syntax as /catalog: words, "phrases", author:, tag:, after:, before:, year:,',
      'sort:newest|oldest|relevance, -word, -tag:apn, latest (docs/query-syntax.md).',
      '',
      CATALOG_OPTION,
      '  --limit N       show at most N results (default 10)',
      '  --json          print an array of {id, url, title, published, authors, tags, score}',
    ].join('\n'),
  },
  {
    name: 'parse',
    args: '[--catalog SRC] [--json]',
    summary: 'list every article (warnings on stderr)',
    details: [
      'Reads the catalog as the bot would and lists every article; malformed entries and skipped files',
      'are reported on stderr.',
      '',
      CATALOG_OPTION,
      '  --json          print the articles as JSON',
    ].join('\n'),
  },
  {
    name: 'shell',
    args: '[--catalog SRC] [--json]',
    summary: 'offline shell: /catalog, @catalog-bot, share, next…',
    details: [
      'The offline shell: type /catalog <words>, @catalog-bot <words>, share N, next, more, quit… and see',
      "what the bot would answer in Slack. Subscriptions made here go to the shell's own database next to",
      "DATABASE_PATH (never the bot's), and its logs to a file beside it.",
      '',
      CATALOG_OPTION,
      '  --json          print each answer as Block Kit JSON (paste it into Block Kit Builder)',
    ].join('\n'),
  },
  {
    name: 'digest',
    args: '--now [--json]',
    summary: 'post one digest now, with the configured Slack',
    details: [
      'Runs one digest immediately with the configured Slack (SLACK_BOT_TOKEN, SLACK_API_URL), database',
      '(DATABASE_PATH, which must exist) and catalog; safe next to a running bot.',
      '',
      '  --now           run it (digests otherwise run on DIGEST_CRON inside the bot)',
      '  --json          print the run summary as JSON',
    ].join('\n'),
  },
  {
    name: 'crawl',
    args: '[--catalog SRC] [--json]',
    summary: "fetch every article's page text into the store",
    details: [
      "Fetches (or revalidates with conditional requests) the page of every catalog article and keeps its",
      'main text in the configured store (DATABASE_PATH / DATABASE_URL), politely: robots.txt, Crawl-delay,',
      'CRAWL_CONCURRENCY requests per host. Failed pages are asked again. Progress on stderr; exit 0 when',
      'the run completed (failures listed), 1 when nothing could be fetched.',
      '',
      CATALOG_OPTION,
      '  --json          print the summary as JSON',
    ].join('\n'),
  },
  {
    name: 'start',
    args: '',
    summary: 'run the bot (same as npm start)',
    details: 'Runs the bot: Socket Mode or HTTP mode as the Slack variables say, or the offline shell without them.',
  },
];

/** `catalog-bot search [--catalog SRC] …` */
export function usageLine(name: string): string {
  const help = COMMAND_HELP.find((c) => c.name === name);
  return `catalog-bot ${name}${help?.args ? ` ${help.args}` : ''}`;
}

/** What `catalog-bot <name> --help` prints. */
export function commandHelpText(help: CommandHelp): string {
  return `Usage: ${usageLine(help.name)}\n\n${help.details}\n  -h, --help      this text`;
}

/** True when the arguments ask for help (`--help`, `-h`) rather than for the command. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h');
}
