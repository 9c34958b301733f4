/**
 * Versioned schema migrations for the PostgreSQL store. Each entry moves the schema from
 * `version - 1` to `version`; they run in order at start, each in its own transaction under an
 * advisory lock (`postgres-store.ts`), so replicas starting together migrate once. Never edit a
 * released migration: add the next one.
 *
 * Its own history, not the SQLite one: version 1 is the SQLite schema as it stood when this store
 * was written (SQLite versions 1–2); later versions follow SQLite's, one for one (2 is SQLite's 3, 5 is SQLite's 6). Times are `timestamptz`: readable in psql,
 * read back by the driver as `Date`s without loss (microsecond column, millisecond Dates), and always
 * written from the caller's clock (never the server's `now()`), so both stores agree on every
 * comparison.
 */
import type { Migration } from './migrations.js';

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'subscriptions, seen articles, deliveries, job locks',
    sql: `
      CREATE TABLE subscriptions (
        id                  text PRIMARY KEY,
        channel_id          text NOT NULL,
        query               text NOT NULL,
        created_by          text NOT NULL,
        created_at          timestamptz NOT NULL,
        state               text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
        paused_reason       text,
        paused_at           timestamptz,
        last_delivered_at   timestamptz,
        invite_requested_at timestamptz
      );
      -- One subscription per (channel, query), whichever replica is asked.
      CREATE UNIQUE INDEX subscriptions_channel_query ON subscriptions (channel_id, query);

      CREATE TABLE seen_articles (
        article_id    text PRIMARY KEY,
        first_seen_at timestamptz NOT NULL,
        baseline      boolean NOT NULL DEFAULT false
      );
      CREATE INDEX seen_articles_first_seen ON seen_articles (first_seen_at);

      CREATE TABLE deliveries (
        subscription_id text NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        article_id      text NOT NULL,
        channel_id      text NOT NULL,
        message_ts      text NOT NULL,
        delivered_at    timestamptz NOT NULL,
        -- Insertion order, for listing deliveries oldest first (SQLite's rowid).
        seq             bigint GENERATED ALWAYS AS IDENTITY,
        PRIMARY KEY (subscription_id, article_id)
      );

      CREATE TABLE job_locks (
        name        text PRIMARY KEY,
        owner       text NOT NULL,
        acquired_at timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'delivery attempts: written before a digest is posted, so an unconfirmed post is looked up in Slack before it is posted again',
    sql: `
      CREATE TABLE delivery_attempts (
        key             text PRIMARY KEY,
        -- One open attempt per subscription: a second runner cannot start another beside it.
        subscription_id text NOT NULL UNIQUE REFERENCES subscriptions (id) ON DELETE CASCADE,
        channel_id      text NOT NULL,
        article_ids     text[] NOT NULL,
        started_at      timestamptz NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'event claims: Slack event ids already answered, so a retry is answered once by whichever replica gets it',
    sql: `
      CREATE TABLE event_claims (
        event_id   text PRIMARY KEY,
        claimed_at timestamptz NOT NULL
      );
      CREATE INDEX event_claims_claimed_at ON event_claims (claimed_at);
    `,
  },
  {
    version: 4,
    description: 'event claims in two states, claimed by a replica then answered, so a retry of an event whose claimant died before answering is answered by another',
    sql: `
      ALTER TABLE event_claims ADD COLUMN claimant text NOT NULL DEFAULT '';
      ALTER TABLE event_claims ADD COLUMN answered_at timestamptz;
      -- Claims made before this version were taken as answered.
      UPDATE event_claims SET answered_at = claimed_at;
    `,
  },
  {
    version: 5,
    description: 'article texts: the main text of each catalog article page, with its validators and crawl outcome, so search reads what articles say',
    sql: `
      CREATE TABLE article_texts (
        url             text PRIMARY KEY,
        text            text,
        etag            text,
        last_modified   text,
        fetched_at      timestamptz NOT NULL,
        outcome         text NOT NULL CHECK (outcome IN ('fetched', 'unchanged', 'failed', 'robots')),
        reason          text,
        failures        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz
      );
    `,
  },
];

export const POSTGRES_LATEST_SCHEMA_VERSION = POSTGRES_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
