import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Reviewers, their sessions, the audit log, claims and decisions on cases, eKYC requests (issue 6). */
export class ReviewWorkflow1764260000000 implements MigrationInterface {
  name = 'ReviewWorkflow1764260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reviewers (
        id uuid PRIMARY KEY,
        login text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('reviewer', 'lead', 'admin')),
        password_hash text NOT NULL,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL
      )`);
    // Only a hash of the session token is stored: a database read does not hand out sessions.
    await queryRunner.query(`
      CREATE TABLE reviewer_sessions (
        token_hash bytea PRIMARY KEY,
        reviewer_id uuid NOT NULL REFERENCES reviewers(id),
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX reviewer_sessions_reviewer ON reviewer_sessions (reviewer_id)`);

    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text,
        detail jsonb
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, at)`);
    await queryRunner.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION shinsa_reject_change()`);

    // A claim is a lease: claimed_by holds the case until lease_until, then it is open again.
    // An escalation may carry a proposal (an override approval waiting for a second reviewer).
    await queryRunner.query(`
      ALTER TABLE cases
        ADD COLUMN claimed_by text,
        ADD COLUMN lease_until timestamptz,
        ADD COLUMN proposal jsonb,
        ADD COLUMN decision text CHECK (decision IN ('approved', 'rejected')),
        ADD COLUMN decision_reason text,
        ADD COLUMN decided_by text,
        ADD COLUMN decided_at timestamptz,
        ADD COLUMN ekyc_state text`);
    await queryRunner.query(`ALTER TABLE cases ADD CONSTRAINT cases_state CHECK (state IN ('open', 'claimed', 'ekyc_pending', 'escalated', 'decided'))`);
    await queryRunner.query(`CREATE INDEX cases_decided ON cases (decided_at) WHERE state = 'decided'`);
    await queryRunner.query(`DROP INDEX cases_queue`);
    await queryRunner.query(`CREATE INDEX cases_queue ON cases (due_at, score DESC) WHERE state <> 'decided'`);

    await queryRunner.query(`
      CREATE TABLE ekyc_requests (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        provider text NOT NULL,
        method text NOT NULL,
        state text NOT NULL CHECK (state IN ('requested', 'passed', 'failed', 'cancelled', 'expired')),
        verification_url text NOT NULL,
        vendor_reference text,
        checks jsonb,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX ekyc_requests_case ON ekyc_requests (case_id, requested_at)`);

    // A reviewer confirms (it becomes a fraud label) or dismisses an abuse report.
    await queryRunner.query(`ALTER TABLE abuse_reports ADD COLUMN decided_by text, ADD COLUMN decided_at timestamptz, ADD COLUMN decision_note text`);
    await queryRunner.query(`CREATE INDEX abuse_reports_application ON abuse_reports (application_id) WHERE application_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS abuse_reports_application`);
    await queryRunner.query(`ALTER TABLE abuse_reports DROP COLUMN IF EXISTS decided_by, DROP COLUMN IF EXISTS decided_at, DROP COLUMN IF EXISTS decision_note`);
    await queryRunner.query(`DROP TABLE IF EXISTS ekyc_requests`);
    await queryRunner.query(`DROP INDEX IF EXISTS cases_queue`);
    await queryRunner.query(`DROP INDEX IF EXISTS cases_decided`);
    await queryRunner.query(`CREATE INDEX cases_queue ON cases (state, due_at)`);
    await queryRunner.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_state`);
    for (const column of ['claimed_by', 'lease_until', 'proposal', 'decision', 'decision_reason', 'decided_by', 'decided_at', 'ekyc_state']) {
      await queryRunner.query(`ALTER TABLE cases DROP COLUMN IF EXISTS ${column}`);
    }
    for (const table of ['audit_log', 'reviewer_sessions', 'reviewers']) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
