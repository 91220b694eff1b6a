import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every screening writes an entry into each index of the rows it inserts; these were never read:
 * - attributes: the bigint id (and its sequence) identified nothing any query asks for, and the
 *   index on application_id alone is served by a primary key of (application_id, kind, value_hash),
 *   which the intake guarantees (one value per kind) — one index entry fewer per attribute;
 * - applications: no query reads by (client_id, external_id) or by received_at alone, and
 *   `domain_name = $1 … ORDER BY received_at` is served by applications_domain_prefix
 *   (text_pattern_ops has equality).
 */
export class FewerIndexEntriesPerScreening1764255000000 implements MigrationInterface {
  name = 'FewerIndexEntriesPerScreening1764255000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE attributes DROP COLUMN id`);
    await queryRunner.query(`ALTER TABLE attributes ADD CONSTRAINT attributes_pkey PRIMARY KEY (application_id, kind, value_hash)`);
    await queryRunner.query(`DROP INDEX attributes_application`);
    await queryRunner.query(`DROP INDEX applications_client_external`);
    await queryRunner.query(`DROP INDEX applications_received_at`);
    await queryRunner.query(`DROP INDEX applications_domain_name`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX applications_domain_name ON applications (domain_name)`);
    await queryRunner.query(`CREATE INDEX applications_received_at ON applications (received_at)`);
    await queryRunner.query(`CREATE INDEX applications_client_external ON applications (client_id, external_id)`);
    await queryRunner.query(`CREATE INDEX attributes_application ON attributes (application_id)`);
    await queryRunner.query(`ALTER TABLE attributes DROP CONSTRAINT attributes_pkey`);
    await queryRunner.query(`ALTER TABLE attributes ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`);
  }
}
