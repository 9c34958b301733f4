/**
 * Structured logs: one JSON object per line on stderr (stdout belongs to the CLI and the shell).
 * Secrets never reach the output: known secret values and anything shaped like a Slack token are
 * masked before a line is written. The object satisfies Bolt's `Logger` interface, so the Bolt app
 * logs through it too.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface Logger {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
  setLevel(level: string): void;
  getLevel(): LogLevel;
  setName(name: string): void;
}

export interface LoggerOptions {
  /** Lowest level written. Default `info`. */
  level?: LogLevel;
  /** Values to mask wherever they appear (tokens, signing secret). Default none. */
  secrets?: readonly string[];
  /** Where lines go, with the level each was written at. Default `process.stderr`. */
  write?: (line: string, level: LogLevel) => void;
  /** Component name added to every line. Default none. */
  name?: string;
}

// Slack tokens: bot/user/app/config/refresh tokens all start with these prefixes.
const TOKEN_PATTERN = /\b(xox[abposr]|xapp|xoxe)-[A-Za-z0-9-]+/g;

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_PATTERN, (_m, prefix: string) => `${prefix}-[redacted]`);
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack, ...(value.cause ? { cause: serialise(value.cause) } : {}) };
  }
  return value;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  let level: LogLevel = options.level ?? 'info';
  let name = options.name;
  const secrets = options.secrets ?? [];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));

  const emit = (at: LogLevel, args: unknown[]) => {
    if (LOG_LEVELS.indexOf(at) < LOG_LEVELS.indexOf(level)) return;
    // Our own calls are (message, fields); Bolt's are any list of values.
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: at };
    if (name) entry.name = name;
    const [first, second, ...rest] = args;
    if (typeof first === 'string' && second !== null && typeof second === 'object' && !(second instanceof Error) && rest.length === 0 && !Array.isArray(second)) {
      entry.msg = first;
      Object.assign(entry, Object.fromEntries(Object.entries(second).map(([k, v]) => [k, serialise(v)])));
    } else {
      const parts = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.name}: ${a.message}` : safeJson(a)));
      entry.msg = parts.join(' ');
      const err = args.find((a): a is Error => a instanceof Error);
      if (err) entry.error = serialise(err);
    }
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ time: entry.time, level: at, msg: String(entry.msg) });
    }
    write(redact(line, secrets), at);
  };

  return {
    debug: (...msg) => emit('debug', msg),
    info: (...msg) => emit('info', msg),
    warn: (...msg) => emit('warn', msg),
    error: (...msg) => emit('error', msg),
    setLevel: (l) => {
      if ((LOG_LEVELS as readonly string[]).includes(l)) level = l as LogLevel;
    },
    getLevel: () => level,
    setName: (n) => {
      name = n;
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A logger that drops everything; for tests and the CLI's quiet paths. */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} });
