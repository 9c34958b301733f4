/**
 * What a CLI command needs from the outside world, passed in so tests can capture output.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CatalogError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress drawn as a bar rather than a line per step). Default false. */
  stderrIsTTY?: boolean;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
};

/** A usage mistake: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * node:util parseArgs, with its errors turned into UsageErrors that say what to type instead.
 * `queryWords`: the positionals are a search query, where `-oracle` and `-tag:apn` are negations, not
 * options: a single-dash word that is not a known option stays a positional, in place. A `--word`
 * is still an unknown option (more likely a mistyped flag), and the error says to use `--`.
 */
export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, { queryWords = false } = {}) {
  try {
    return parseArgs({ args: queryWords ? shieldQueryWords(argv, options) : argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const advice = queryWords ? '. To search for a word starting with "-", put it after "--".' : '.';
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, advice) : String(error);
    throw new UsageError(message);
  }
}

/**
 * The arguments with every single-dash word that is no known option moved after a `--` (parseArgs
 * then reads it as a positional). Positionals keep their order, since a query's words are read in order.
 */
function shieldQueryWords(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>): string[] {
  const shorts = new Set(Object.values(options).flatMap((o) => (o.short ? [o.short] : [])));
  const flags: string[] = [];
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      flags.push(arg);
      const option = options[arg.slice(2)];
      // `--catalog SRC`: the value goes with its option even when it starts with "-".
      if (option?.type === 'string' && i + 1 < argv.length) flags.push(argv[++i]!);
    } else if (arg.startsWith('-') && arg.length > 1 && !(arg.length === 2 && shorts.has(arg[1]!))) {
      words.push(arg);
    } else if (arg.startsWith('-') && arg.length === 2) {
      flags.push(arg);
      const option = Object.values(options).find((o) => o.short === arg[1]);
      if (option?.type === 'string' && i + 1 < argv.length) flags.push(argv[++i]!);
    } else {
      words.push(arg);
    }
  }
  return [...flags, '--', ...words];
}

/**
 * Run `load` (which reads the catalog); when the source came from `--catalog`, a catalog error's
 * advice names the flag the user typed instead of CATALOG_SOURCE, which they did not set.
 */
export async function blamingCatalogFlag<T>(flag: string | undefined, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (flag === undefined || !(error instanceof CatalogError)) throw error;
    const code = error.code === 'catalog_empty' ? 'catalog_empty' : 'catalog_unreadable';
    throw new CatalogError(code, error.source, error.message.split('CATALOG_SOURCE').join('--catalog'), { cause: error });
  }
}

export function parsePositiveInt(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`${flag} must be a whole number of at least 1 (got "${raw}").`);
  return Number(raw);
}

/**
 * A logger for commands whose stderr a person reads: warnings and errors only (an unusable index
 * snapshot), each as one `warning: <message>` line, without the JSON log fields.
 */
export function warningsLogger(io: CliIo): Logger {
  return createLogger({ level: 'warn', write: (line) => io.stderr(`warning: ${String((JSON.parse(line) as { msg?: unknown }).msg)}\n`) });
}
