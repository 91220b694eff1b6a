import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: a second submission with the same external id from the same client is a revision of
 * the same application, not a new one. `applications` keeps one row per (client, external id) —
 * the current revision, under the id the client was first given — and `application_revisions`
 * the revisions it replaced, each as it arrived. Applications stored twice before this migration
 * are merged: the first one's id stays, the latest one's content becomes current, and everything
 * that named the later ids (assessments, attributes, labels, cases, reports…) names the first.
 * Idempotency keys of labels and abuse reports name no application.
 */
export class ApplicationRevisions1764320000000 implements MigrationInterface {
  name = 'ApplicationRevisions1764320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE idempotency_keys ALTER COLUMN application_id DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE applications ADD COLUMN revision integer NOT NULL DEFAULT 1, ADD COLUMN revised_at timestamptz`);
    await queryRunner.query(`
      CREATE TABLE application_revisions (
        application_id uuid NOT NULL REFERENCES applications(id),
        revision integer NOT NULL,
        received_at timestamptz NOT NULL,
        submitted_at timestamptz,
        signup_ip text,
        signup_port integer,
        signup_at timestamptz,
        body jsonb NOT NULL,
        PRIMARY KEY (application_id, revision)
      )`);
    // Which revision each assessment judged (null: the application's first, or a re-screening).
    await queryRunner.query(`ALTER TABLE assessments ADD COLUMN revision integer`);

    // Merge applications stored more than once: ordered by arrival, the first keeps its id.
    await queryRunner.query(`
      CREATE TEMPORARY TABLE application_merge AS
      SELECT id, first_value(id) OVER w AS keep, row_number() OVER w AS revision, count(*) OVER (PARTITION BY client_id, external_id) AS revisions
        FROM applications
      WINDOW w AS (PARTITION BY client_id, external_id ORDER BY received_at, id)`);
    await queryRunner.query(`DELETE FROM application_merge WHERE revisions = 1`);
    await queryRunner.query(`
      INSERT INTO application_revisions (application_id, revision, received_at, submitted_at, signup_ip, signup_port, signup_at, body)
      SELECT m.keep, m.revision, a.received_at, a.submitted_at, a.signup_ip, a.signup_port, a.signup_at, a.body
        FROM application_merge m JOIN applications a ON a.id = m.id WHERE m.revision < m.revisions`);
    await queryRunner.query(`
      UPDATE applications k SET revision = m.revisions, revised_at = a.received_at, body = a.body, product = a.product, domain_name = a.domain_name,
             submitted_at = a.submitted_at, signup_ip = a.signup_ip, signup_port = a.signup_port, signup_at = a.signup_at
        FROM application_merge m JOIN applications a ON a.id = m.id
       WHERE m.revision = m.revisions AND k.id = m.keep`);
    // Assessments are immutable to the service; the merge only re-points them to the application they judged.
    await queryRunner.query(`ALTER TABLE assessments DISABLE TRIGGER assessments_immutable`);
    await queryRunner.query(`UPDATE assessments s SET revision = m.revision, application_id = m.keep FROM application_merge m WHERE s.application_id = m.id`);
    await queryRunner.query(`ALTER TABLE assessments ENABLE TRIGGER assessments_immutable`);
    for (const table of ['labels', 'cases', 'abuse_reports', 'active_domains', 'shadow_assessments', 'idempotency_keys']) {
      const conflictFree = table === 'shadow_assessments' ? `AND NOT EXISTS (SELECT 1 FROM shadow_assessments o WHERE o.application_id = m.keep AND o.rules_version = t.rules_version)` : '';
      await queryRunner.query(`UPDATE ${table} t SET application_id = m.keep FROM application_merge m WHERE t.application_id = m.id AND m.id <> m.keep ${conflictFree}`);
    }
    await queryRunner.query(`DELETE FROM shadow_assessments t USING application_merge m WHERE t.application_id = m.id AND m.id <> m.keep`);
    // One application, one case in the queue: the newest undecided case stays, the others close as merged into it
    // (no decision, no decision time: they count in no metric and hold nothing back), each with an event saying so.
    await queryRunner.query(`
      WITH ranked AS (
        SELECT c.id, first_value(c.id) OVER (PARTITION BY c.application_id ORDER BY c.created_at DESC, c.id DESC) AS kept
          FROM cases c WHERE c.state <> 'decided' AND c.application_id IN (SELECT keep FROM application_merge)
      ), closed AS (
        UPDATE cases c SET state = 'decided', decision_reason = 'MERGED', decided_by = 'shinsa', claimed_by = NULL, lease_until = NULL, proposal = NULL, updated_at = now()
          FROM ranked r WHERE c.id = r.id AND r.id <> r.kept
        RETURNING c.id, r.kept
      )
      INSERT INTO case_events (case_id, type, actor, reason, data, at)
      SELECT id, 'merged', 'shinsa', 'the same application as case ' || kept || ': its submissions are now revisions of one application', jsonb_build_object('into', kept), now() FROM closed`);
    await queryRunner.query(`UPDATE outbox t SET aggregate_id = m.keep FROM application_merge m WHERE t.aggregate_id = m.id AND m.id <> m.keep`);
    for (const [table, key] of [
      ['attributes', 'kind, value_hash, observed_at'],
      ['attribute_labels', 'kind, value_hash, verdict, labelled_at'],
      ['phone_numbers', 'number, observed_at'],
    ] as const) {
      await queryRunner.query(`INSERT INTO ${table} (application_id, ${key}) SELECT m.keep, ${key} FROM ${table} t JOIN application_merge m ON t.application_id = m.id WHERE m.id <> m.keep ON CONFLICT DO NOTHING`);
      await queryRunner.query(`DELETE FROM ${table} t USING application_merge m WHERE t.application_id = m.id AND m.id <> m.keep`);
    }
    await queryRunner.query(`DELETE FROM applications a USING application_merge m WHERE a.id = m.id AND m.id <> m.keep`);
    await queryRunner.query(`DROP TABLE application_merge`);

    await queryRunner.query(`DROP INDEX IF EXISTS applications_client_external`);
    await queryRunner.query(`CREATE UNIQUE INDEX applications_client_external ON applications (client_id, external_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX applications_client_external`);
    await queryRunner.query(`ALTER TABLE assessments DROP COLUMN revision`);
    await queryRunner.query(`DROP TABLE application_revisions`);
    await queryRunner.query(`ALTER TABLE applications DROP COLUMN revision, DROP COLUMN revised_at`);
  }
}
