import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Retention: purge marks on applications, a record of each purge, and the one door in the audit log's wall (issue 8). */
export class Retention1764290000000 implements MigrationInterface {
  name = 'Retention1764290000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE applications ADD COLUMN signup_purged_at timestamptz, ADD COLUMN personal_purged_at timestamptz`);
    // Append-only tables stay append-only, except that the retention purge (and only it, by a
    // transaction-local setting) may delete audit rows past their retention period.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION shinsa_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_log' AND current_setting('shinsa.retention', true) = 'purge' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    await queryRunner.query(`
      CREATE TABLE purge_runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        trigger text NOT NULL,
        policy jsonb NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        signup_purged bigint NOT NULL DEFAULT 0,
        personal_purged bigint NOT NULL DEFAULT 0,
        held bigint NOT NULL DEFAULT 0,
        audit_deleted bigint NOT NULL DEFAULT 0
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS purge_runs`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION shinsa_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    await queryRunner.query(`ALTER TABLE applications DROP COLUMN IF EXISTS signup_purged_at, DROP COLUMN IF EXISTS personal_purged_at`);
  }
}
