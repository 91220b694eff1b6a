import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Threat feeds (issue 20): every pull, every entry once per feed, the matches, and feed-sourced abuse reports. */
export class ThreatFeeds1764330000000 implements MigrationInterface {
  name = 'ThreatFeeds1764330000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // One row per pull (scheduled, manual, or a file import); `source` never holds a query string or credentials.
    await queryRunner.query(`
      CREATE TABLE feed_pulls (
        id uuid PRIMARY KEY,
        feed text NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual', 'import')),
        source text NOT NULL,
        format text NOT NULL,
        trust text NOT NULL CHECK (trust IN ('trusted', 'untrusted')),
        status text NOT NULL CHECK (status IN ('running', 'ok', 'not_modified', 'failed')),
        http_status integer,
        attempts integer NOT NULL DEFAULT 0,
        bytes bigint NOT NULL DEFAULT 0,
        entries integer NOT NULL DEFAULT 0,
        new_entries integer NOT NULL DEFAULT 0,
        seen_entries integer NOT NULL DEFAULT 0,
        bad_entries integer NOT NULL DEFAULT 0,
        matched integer NOT NULL DEFAULT 0,
        reports_opened integer NOT NULL DEFAULT 0,
        labels integer NOT NULL DEFAULT 0,
        -- New entries by what became of them: matched, unmatched, shared_platform, private_suffix, ip.
        outcomes jsonb NOT NULL DEFAULT '{}',
        etag text,
        last_modified text,
        error text,
        started_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX feed_pulls_feed ON feed_pulls (feed, started_at DESC)`);
    await queryRunner.query(`CREATE INDEX feed_pulls_started ON feed_pulls (started_at DESC)`);

    // Each entry once per feed (keyed by the SHA-256 of its normalised URL or host): seen again, it counts as seen.
    await queryRunner.query(`
      CREATE TABLE feed_entries (
        feed text NOT NULL,
        entry_hash bytea NOT NULL,
        url text,
        host text NOT NULL,
        registrable_domain text,
        brand text,
        listed_at timestamptz,
        first_seen_at timestamptz NOT NULL,
        pull_id uuid NOT NULL REFERENCES feed_pulls(id),
        outcome text NOT NULL CHECK (outcome IN ('matched', 'unmatched', 'shared_platform', 'private_suffix', 'ip')),
        PRIMARY KEY (feed, entry_hash)
      )`);
    await queryRunner.query(`CREATE INDEX feed_entries_domain ON feed_entries (registrable_domain) WHERE registrable_domain IS NOT NULL`);

    // An entry matched to a holder's application (one per holder): what it did, and when its case came.
    await queryRunner.query(`
      CREATE TABLE feed_matches (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        feed text NOT NULL,
        entry_hash bytea NOT NULL,
        domain text NOT NULL,
        client_id uuid NOT NULL REFERENCES api_clients(id),
        application_id uuid NOT NULL REFERENCES applications(id),
        abuse_report_id uuid REFERENCES abuse_reports(id),
        result text NOT NULL CHECK (result IN ('reported', 'confirmed', 'attached', 'suspended', 'refused')),
        listed_at timestamptz,
        matched_at timestamptz NOT NULL,
        case_id uuid REFERENCES cases(id),
        cased_at timestamptz,
        FOREIGN KEY (feed, entry_hash) REFERENCES feed_entries (feed, entry_hash)
      )`);
    await queryRunner.query(`CREATE INDEX feed_matches_application ON feed_matches (application_id)`);
    await queryRunner.query(`CREATE INDEX feed_matches_report ON feed_matches (abuse_report_id) WHERE abuse_report_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX feed_matches_matched ON feed_matches (matched_at DESC)`);

    // A report from a feed names the feed and the impersonated brand; the reporter is then empty.
    await queryRunner.query(`ALTER TABLE abuse_reports ADD COLUMN feed text, ADD COLUMN brand text`);
    await queryRunner.query(`CREATE INDEX abuse_reports_open_feed ON abuse_reports (application_id) WHERE feed IS NOT NULL AND state <> 'dismissed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS abuse_reports_open_feed`);
    await queryRunner.query(`ALTER TABLE abuse_reports DROP COLUMN IF EXISTS feed, DROP COLUMN IF EXISTS brand`);
    for (const table of ['feed_matches', 'feed_entries', 'feed_pulls']) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
