/**
 * Named errors. Each carries a stable `code` so callers can branch without string matching,
 * and a message that names the subsystem and quotes the bad value.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'catalog_unreadable'
  | 'catalog_empty'
  | 'store_unavailable'
  | 'store_file_gone'
  | 'slack_token_rejected'
  | 'slack_unreachable';

export class CatalogBotError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Every configuration problem found at start, reported together so one restart fixes them all. */
export class ConfigError extends CatalogBotError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      'config_invalid',
      `Configuration is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.problems = problems;
  }
}

/** The catalog source could not be read at all, or held no article. `source` is the file, folder or URL. */
export class CatalogError extends CatalogBotError {
  readonly source: string;
  constructor(code: 'catalog_unreadable' | 'catalog_empty', source: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.source = source;
  }
}

/**
 * The state database could not be opened, migrated or used (`store_unavailable`), or its file was
 * deleted or replaced while the bot had it open, so writes are refused (`store_file_gone`).
 */
export class StoreError extends CatalogBotError {
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown; code?: 'store_unavailable' | 'store_file_gone' }) {
    super(options?.code ?? 'store_unavailable', message, options);
    this.path = path;
  }
}

/**
 * Slack refused a token at start (`slack_token_rejected`: `variable` is the one to fix) or could not
 * be reached at all (`slack_unreachable`: `url` is where the Web API was looked for).
 */
export class SlackStartError extends CatalogBotError {
  /** The environment variable to fix: SLACK_BOT_TOKEN, SLACK_APP_TOKEN or SLACK_API_URL. */
  readonly variable: string;
  /** The Web API method that failed, e.g. `auth.test`, `apps.connections.open`. */
  readonly method: string;
  constructor(code: 'slack_token_rejected' | 'slack_unreachable', details: { variable: string; method: string }, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.variable = details.variable;
    this.method = details.method;
  }
}

/** Reduce anything thrown to a message fit for a log line or a user. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
