/**
 * Versioned schema migrations for the SQLite store. Each entry moves the schema from version
 * `version - 1` to `version`; they run in order, each in its own transaction, at open. Never edit a
 * released migration: add the next one. Times are stored as Unix milliseconds (INTEGER).
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'subscriptions, seen articles, deliveries, job locks',
    sql: `
      CREATE TABLE subscriptions (
        id                TEXT PRIMARY KEY,
        channel_id        TEXT NOT NULL,
        query             TEXT NOT NULL,
        created_by        TEXT NOT NULL,
        created_at        INTEGER NOT NULL,
        state             TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused')),
        paused_reason     TEXT,
        paused_at         INTEGER,
        last_delivered_at INTEGER
      );
      -- One subscription per (channel, query): subscribing twice to the same thing is refused.
      CREATE UNIQUE INDEX subscriptions_channel_query ON subscriptions (channel_id, query);

      CREATE TABLE seen_articles (
        article_id    TEXT PRIMARY KEY,
        first_seen_at INTEGER NOT NULL,
        baseline      INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX seen_articles_first_seen ON seen_articles (first_seen_at);

      CREATE TABLE deliveries (
        subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
        article_id      TEXT NOT NULL,
        channel_id      TEXT NOT NULL,
        message_ts      TEXT NOT NULL,
        delivered_at    INTEGER NOT NULL,
        PRIMARY KEY (subscription_id, article_id)
      );

      CREATE TABLE job_locks (
        name        TEXT PRIMARY KEY,
        owner       TEXT NOT NULL,
        acquired_at INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'remember when a subscriber was asked to /invite the bot, so they are asked once, not every run',
    sql: `ALTER TABLE subscriptions ADD COLUMN invite_requested_at INTEGER;`,
  },
  {
    version: 3,
    description: 'delivery attempts: written before a digest is posted, so an unconfirmed post is looked up in Slack before it is posted again',
    sql: `
      CREATE TABLE delivery_attempts (
        key             TEXT PRIMARY KEY,
        -- One open attempt per subscription: a second runner cannot start another beside it.
        subscription_id TEXT NOT NULL UNIQUE REFERENCES subscriptions (id) ON DELETE CASCADE,
        channel_id      TEXT NOT NULL,
        article_ids     TEXT NOT NULL, -- JSON array of article ids
        started_at      INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: 'event claims: Slack event ids already answered, so a retry is answered once by whichever process gets it',
    sql: `
      CREATE TABLE event_claims (
        event_id   TEXT PRIMARY KEY,
        claimed_at INTEGER NOT NULL
      );
      CREATE INDEX event_claims_claimed_at ON event_claims (claimed_at);
    `,
  },
  {
    version: 5,
    description: 'event claims in two states, claimed by a process then answered, so a retry of an event whose claimant died before answering is answered by another',
    sql: `
      ALTER TABLE event_claims ADD COLUMN claimant TEXT NOT NULL DEFAULT '';
      ALTER TABLE event_claims ADD COLUMN answered_at INTEGER;
      -- Claims made before this version were taken as answered.
      UPDATE event_claims SET answered_at = claimed_at;
    `,
  },
  {
    version: 6,
    description: 'article texts: the main text of each catalog article page, with its validators and crawl outcome, so search reads what articles say',
    sql: `
      CREATE TABLE article_texts (
        url             TEXT PRIMARY KEY,
        text            TEXT,
        etag            TEXT,
        last_modified   TEXT,
        fetched_at      INTEGER NOT NULL,
        outcome         TEXT NOT NULL CHECK (outcome IN ('fetched', 'unchanged', 'failed', 'robots')),
        reason          TEXT,
        failures        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER
      );
    `,
  },
];

/** The schema version this code writes and understands. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
