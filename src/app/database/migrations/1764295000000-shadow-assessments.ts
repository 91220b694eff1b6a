import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shadow mode (issue 8): what a second rule set would have decided on live traffic. Kept apart
 * from `assessments`, which only ever hold what was decided and answered, so nothing that reads
 * decisions (the API, cases, callbacks, re-screenings, backtests) can mistake one for a decision.
 */
export class ShadowAssessments1764295000000 implements MigrationInterface {
  name = 'ShadowAssessments1764295000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE shadow_assessments (
        application_id uuid NOT NULL REFERENCES applications(id),
        rules_version text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('allow', 'review', 'hold', 'deny')),
        score integer NOT NULL,
        hits jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, rules_version)
      )`);
    // The comparison reads one version's results in arrival order over a period.
    await queryRunner.query(`CREATE INDEX shadow_assessments_version ON shadow_assessments (rules_version, received_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS shadow_assessments`);
  }
}
