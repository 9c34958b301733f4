/**
 * The one upsert both stores use to record a page fetch, so SQLite and PostgreSQL cannot disagree
 * on what an outcome keeps: `fetched` replaces the text and validators, `unchanged` and `failed`
 * keep the text (a page that is down keeps serving what it said), `robots` drops it. Parameters are
 * `$1…$9`, each used once and in order, so SQLite runs it with plain `?`.
 */
import type { ArticleTextOutcome, ArticleTextState, ArticleTextUpdate } from './types.js';

export const ARTICLE_TEXT_UPSERT = `
  INSERT INTO article_texts (url, text, etag, last_modified, fetched_at, outcome, reason, failures, next_attempt_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (url) DO UPDATE SET
    text = CASE excluded.outcome WHEN 'fetched' THEN excluded.text WHEN 'robots' THEN NULL ELSE article_texts.text END,
    etag = CASE WHEN excluded.outcome IN ('fetched', 'robots') THEN excluded.etag ELSE COALESCE(excluded.etag, article_texts.etag) END,
    last_modified = CASE WHEN excluded.outcome IN ('fetched', 'robots') THEN excluded.last_modified ELSE COALESCE(excluded.last_modified, article_texts.last_modified) END,
    fetched_at = excluded.fetched_at,
    outcome = excluded.outcome,
    reason = excluded.reason,
    failures = CASE excluded.outcome WHEN 'failed' THEN article_texts.failures + 1 ELSE 0 END,
    next_attempt_at = excluded.next_attempt_at`;

/** The upsert's nine parameters; `time` turns a Date into the store's column type. */
export function articleTextParams<T>(update: ArticleTextUpdate, time: (d: Date) => T): unknown[] {
  const fetched = update.outcome === 'fetched';
  return [
    update.url,
    fetched ? (update.text ?? '') : null,
    update.outcome === 'robots' ? null : (update.etag ?? null),
    update.outcome === 'robots' ? null : (update.lastModified ?? null),
    time(update.at),
    update.outcome,
    update.outcome === 'failed' || update.outcome === 'robots' ? (update.reason ?? null) : null,
    update.outcome === 'failed' ? 1 : 0,
    update.outcome === 'failed' && update.nextAttemptAt ? time(update.nextAttemptAt) : null,
  ];
}

export interface ArticleTextStateColumns {
  url: string;
  has_text: boolean;
  etag: string | null;
  last_modified: string | null;
  fetched_at: Date;
  outcome: ArticleTextOutcome;
  reason: string | null;
  failures: number;
  next_attempt_at: Date | null;
}

export function toArticleTextState(row: ArticleTextStateColumns): ArticleTextState {
  return {
    url: row.url,
    hasText: row.has_text,
    ...(row.etag !== null ? { etag: row.etag } : {}),
    ...(row.last_modified !== null ? { lastModified: row.last_modified } : {}),
    fetchedAt: row.fetched_at,
    outcome: row.outcome,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    failures: row.failures,
    ...(row.next_attempt_at !== null ? { nextAttemptAt: row.next_attempt_at } : {}),
  };
}
