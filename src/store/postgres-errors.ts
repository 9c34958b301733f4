/**
 * How a PostgreSQL failure is told apart and put into words: a dropped or refused connection (the
 * server restarting, a failover, a network cut) is "unavailable, try again shortly"; anything else
 * (a constraint, a bug) is reported as it is. Messages name the host and database, never the
 * password (`postgres-url.ts`).
 */
import { StoreError, errorMessage } from '../errors.js';
import type { PostgresTarget } from './postgres-url.js';

/** Node socket errors that mean the connection is gone or could not be made. */
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server going away: class 08 (connection exception), 57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down).
 */
function isConnectionSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

/** node-postgres reports a closed socket with plain Errors carrying no code; these are their texts. */
const DRIVER_CONNECTION_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  // Node wraps a refused connection to several addresses (localhost → ::1 and 127.0.0.1) in an AggregateError.
  if (error instanceof AggregateError) return error.errors.map(codeOf).find((c) => c !== undefined);
  return undefined;
}

/** True when the failure is the connection, not the statement: the server may well be fine a moment later. */
export function isConnectionFailure(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== undefined && (SOCKET_CODES.has(code) || isConnectionSqlState(code))) return true;
  const message = errorMessage(error);
  return DRIVER_CONNECTION_MESSAGES.some((m) => message.startsWith(m)) || (error instanceof Error && error.cause !== undefined && isConnectionFailure(error.cause));
}

/** A message for any failure; AggregateErrors (empty message) say what their parts say. */
export function describeFailure(error: unknown): string {
  if (error instanceof AggregateError && !error.message) {
    return [...new Set(error.errors.map(describeFailure))].join('; ') || 'connection failed';
  }
  const code = codeOf(error);
  const message = errorMessage(error) || 'unknown error';
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

export function where(target: PostgresTarget): string {
  return `PostgreSQL at ${target.host}:${target.port}, database "${target.database}"`;
}

/** Why the store could not connect at start, and what to check. */
export function explainConnectFailure(target: PostgresTarget, error: unknown): StoreError {
  const code = codeOf(error);
  const detail = describeFailure(error);
  let advice = 'Check DATABASE_URL (host, port, database, user and password) and that the server is up.';
  if (code === 'ECONNREFUSED') advice = 'Nothing answers there: is PostgreSQL running, and are the host and port in DATABASE_URL right?';
  else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') advice = `The host name "${target.host}" does not resolve: check the host in DATABASE_URL.`;
  else if (code === '3D000') advice = `The database does not exist: create it (e.g. createdb ${target.database}) or fix the database name in DATABASE_URL.`;
  else if (code === '28P01' || code === '28000') advice = 'The server refused the login: check the user and password in DATABASE_URL and the server\'s pg_hba.conf.';
  else if (detail.includes('timeout')) advice = 'The server did not answer in time: check the host and port in DATABASE_URL, and any firewall between here and there.';
  return new StoreError(target.location, `Store: cannot connect to ${where(target)} (${detail}). ${advice}`, { cause: error });
}

/** A failure while the store is in use. */
export function explainUseFailure(target: PostgresTarget, what: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (isConnectionFailure(error)) {
    return new StoreError(
      target.location,
      `Store: could not ${what}: ${where(target)} is unreachable (${describeFailure(error)}). It may be restarting: try again shortly.`,
      { cause: error },
    );
  }
  return new StoreError(target.location, `Store "${target.location}": could not ${what}: ${describeFailure(error)}`, { cause: error });
}
