import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The linkage look-up reads the sharing application ids from the index alone (index-only scans). */
export class AttributeLookupCoversApplication1764250000000 implements MigrationInterface {
  name = 'AttributeLookupCoversApplication1764250000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX attributes_lookup_covering ON attributes (kind, value_hash, observed_at) INCLUDE (application_id)`);
    await queryRunner.query(`DROP INDEX attributes_lookup`);
    await queryRunner.query(`ALTER INDEX attributes_lookup_covering RENAME TO attributes_lookup`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX attributes_lookup_plain ON attributes (kind, value_hash, observed_at)`);
    await queryRunner.query(`DROP INDEX attributes_lookup`);
    await queryRunner.query(`ALTER INDEX attributes_lookup_plain RENAME TO attributes_lookup`);
  }
}
