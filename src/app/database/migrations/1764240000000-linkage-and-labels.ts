import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Labels, abuse reports, fraud marks on attributes, phone numbers for consecutive-number look-ups (issue 5). */
export class LinkageAndLabels1764240000000 implements MigrationInterface {
  name = 'LinkageAndLabels1764240000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The facts an assessment was made with, so a replay can use them as they were.
    await queryRunner.query(`ALTER TABLE assessments ADD COLUMN facts jsonb`);

    await queryRunner.query(`
      CREATE TABLE labels (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id),
        verdict text NOT NULL CHECK (verdict IN ('fraud', 'legitimate')),
        source text NOT NULL,
        evidence_url text,
        note text,
        client_id uuid REFERENCES api_clients(id),
        reviewer text,
        abuse_report_id uuid,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX labels_application ON labels (application_id, created_at)`);

    // The attributes of each labelled application, with its current verdict: the reputation look-up
    // reads these instead of joining labels to attributes on every screening.
    await queryRunner.query(`
      CREATE TABLE attribute_labels (
        kind text NOT NULL,
        value_hash bytea NOT NULL,
        application_id uuid NOT NULL REFERENCES applications(id),
        verdict text NOT NULL CHECK (verdict IN ('fraud', 'legitimate')),
        labelled_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, kind, value_hash)
      )`);
    await queryRunner.query(`CREATE INDEX attribute_labels_lookup ON attribute_labels (kind, value_hash, labelled_at) WHERE verdict = 'fraud'`);

    await queryRunner.query(`
      CREATE TABLE abuse_reports (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL REFERENCES api_clients(id),
        domain text NOT NULL,
        category text NOT NULL CHECK (category IN ('phishing', 'malware', 'spam', 'fraud', 'other')),
        url text,
        reporter jsonb NOT NULL,
        reported_at timestamptz NOT NULL,
        application_id uuid REFERENCES applications(id),
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'dismissed')),
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX abuse_reports_domain ON abuse_reports (domain, created_at)`);
    await queryRunner.query(`CREATE INDEX abuse_reports_pending ON abuse_reports (created_at) WHERE state = 'pending'`);

    // Numbers in E.164 digits, for "within a few numbers of this one, recently" (bulk SIMs).
    await queryRunner.query(`
      CREATE TABLE phone_numbers (
        application_id uuid NOT NULL REFERENCES applications(id),
        number bigint NOT NULL,
        observed_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, number)
      )`);
    await queryRunner.query(`CREATE INDEX phone_numbers_range ON phone_numbers (number, observed_at)`);

    // Recent names by prefix, for series made from one template across applications.
    await queryRunner.query(`CREATE INDEX applications_domain_prefix ON applications (domain_name text_pattern_ops, received_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS applications_domain_prefix`);
    for (const table of ['phone_numbers', 'abuse_reports', 'attribute_labels', 'labels']) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    await queryRunner.query(`ALTER TABLE assessments DROP COLUMN IF EXISTS facts`);
  }
}
