import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: a client's callback endpoint gets `whsec_` secrets of its own (Standard Webhooks),
 * beside its request-signing secrets; a callback attempt is written before the HTTP call and
 * closed after it, so a delivery cut off by a killed worker is still on record.
 */
export class CallbackSecretsAndOpenAttempts1764310000000 implements MigrationInterface {
  name = 'CallbackSecretsAndOpenAttempts1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE api_client_secrets ADD COLUMN purpose text NOT NULL DEFAULT 'request' CHECK (purpose IN ('request', 'callback'))`);
    await queryRunner.query(`DROP INDEX api_client_secrets_active`);
    await queryRunner.query(`CREATE INDEX api_client_secrets_active ON api_client_secrets (client_id, purpose) WHERE retired_at IS NULL`);
    // An open attempt (finished_at null) is one whose worker died during the call: it may have reached the receiver.
    await queryRunner.query(`ALTER TABLE callback_attempts ALTER COLUMN duration_ms DROP NOT NULL, ALTER COLUMN succeeded DROP NOT NULL, ADD COLUMN finished_at timestamptz, ADD COLUMN webhook_id text`);
    await queryRunner.query(`UPDATE callback_attempts SET finished_at = started_at + make_interval(secs => duration_ms / 1000.0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM callback_attempts WHERE finished_at IS NULL`);
    await queryRunner.query(`ALTER TABLE callback_attempts DROP COLUMN finished_at, DROP COLUMN webhook_id, ALTER COLUMN duration_ms SET NOT NULL, ALTER COLUMN succeeded SET NOT NULL`);
    await queryRunner.query(`DELETE FROM api_client_secrets WHERE purpose = 'callback'`);
    await queryRunner.query(`DROP INDEX api_client_secrets_active`);
    await queryRunner.query(`ALTER TABLE api_client_secrets DROP COLUMN purpose`);
    await queryRunner.query(`CREATE INDEX api_client_secrets_active ON api_client_secrets (client_id) WHERE retired_at IS NULL`);
  }
}
