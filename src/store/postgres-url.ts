/**
 * What a `DATABASE_URL` points at, in words safe to print: host, port, database and user, never the
 * password. Every message and log line about the PostgreSQL store names the database through
 * `describePostgresUrl(url).location`; `postgresUrlSecrets` gives the logger what to mask in case a
 * driver message ever echoes the password.
 */

export const POSTGRES_URL_SCHEMES = ['postgres:', 'postgresql:'] as const;

export interface PostgresTarget {
  host: string;
  port: string;
  database: string;
  /** Empty when the URL names none (the driver then uses PGUSER or the OS user). */
  user: string;
  /** `postgresql://user@host:port/database`: no password, no query string (it may hold one too). */
  location: string;
}

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

export function isPostgresUrl(text: string): boolean {
  const scheme = text.slice(0, text.indexOf(':') + 1).toLowerCase();
  return (POSTGRES_URL_SCHEMES as readonly string[]).includes(scheme);
}

/** Parse a postgres:// URL; undefined when it is not one (config.ts reports that). */
export function parsePostgresUrl(text: string): URL | undefined {
  if (!isPostgresUrl(text)) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export function describePostgresUrl(text: string): PostgresTarget {
  const url = parsePostgresUrl(text);
  if (!url) return { host: '?', port: '?', database: '?', user: '', location: maskUrlText(text) };
  const host = url.searchParams.get('host') ?? (decode(url.hostname) || 'localhost');
  const port = url.searchParams.get('port') ?? (url.port || '5432');
  const user = decode(url.username) || (url.searchParams.get('user') ?? '');
  const database = decode(url.pathname.slice(1)) || user || '(default)';
  const location = `postgresql://${user ? `${user}@` : ''}${host}:${port}/${database}`;
  return { host, port, database, user, location };
}

/** The password as written in the URL and as decoded, wherever the URL carries one. */
export function postgresUrlSecrets(text: string): string[] {
  const url = parsePostgresUrl(text);
  if (!url) return [];
  const secrets = [url.password, decode(url.password), url.searchParams.get('password') ?? ''];
  return [...new Set(secrets.filter((s) => s.length > 0))];
}

/**
 * Mask the password of something URL-shaped that did not parse, for quoting a bad value:
 * `scheme://user:secret@host/db` → `scheme://user:***@host/db`. Up to the last `@`, because an
 * unencoded password may hold `/`, `?` or `#`. Plain string search, linear in the input.
 */
export function maskUrlText(text: string): string {
  const start = text.indexOf('://');
  if (start < 0) return text;
  const at = text.lastIndexOf('@');
  const colon = text.indexOf(':', start + 3);
  if (at < 0 || colon < 0 || colon > at) return text;
  return `${text.slice(0, colon + 1)}***${text.slice(at)}`;
}
