import type { MigrationInterface, QueryRunner } from 'typeorm';

/** api clients, applications, assessments, attributes, cases, outbox, idempotency keys (issue 4). */
export class InitialServiceSchema1764230400000 implements MigrationInterface {
  name = 'InitialServiceSchema1764230400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_clients (
        id uuid PRIMARY KEY,
        name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
        key_id text NOT NULL UNIQUE,
        callback_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE api_client_secrets (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL REFERENCES api_clients(id),
        secret_sealed bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX api_client_secrets_active ON api_client_secrets (client_id) WHERE retired_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE applications (
        id uuid PRIMARY KEY,
        client_id uuid NOT NULL REFERENCES api_clients(id),
        external_id text NOT NULL,
        product text NOT NULL,
        domain_name text,
        submitted_at timestamptz,
        signup_ip text,
        signup_port integer,
        signup_at timestamptz,
        received_at timestamptz NOT NULL,
        body jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX applications_client_external ON applications (client_id, external_id)`);
    await queryRunner.query(`CREATE INDEX applications_received_at ON applications (received_at)`);
    await queryRunner.query(`CREATE INDEX applications_domain_name ON applications (domain_name)`);

    await queryRunner.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id),
        trigger text NOT NULL,
        rules_version text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('allow', 'review', 'hold', 'deny')),
        score integer NOT NULL,
        hits jsonb NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX assessments_application ON assessments (application_id, created_at)`);

    await queryRunner.query(`
      CREATE TABLE attributes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id),
        kind text NOT NULL,
        value_hash bytea NOT NULL,
        observed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX attributes_lookup ON attributes (kind, value_hash, observed_at)`);
    await queryRunner.query(`CREATE INDEX attributes_application ON attributes (application_id)`);

    await queryRunner.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES applications(id),
        client_id uuid NOT NULL REFERENCES api_clients(id),
        state text NOT NULL,
        outcome text NOT NULL,
        score integer NOT NULL,
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX cases_queue ON cases (state, due_at)`);
    await queryRunner.query(`CREATE INDEX cases_application ON cases (application_id)`);
    await queryRunner.query(`
      CREATE TABLE case_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        type text NOT NULL,
        actor text NOT NULL,
        reason text,
        data jsonb,
        at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX case_events_case ON case_events (case_id, id)`);
    // Append-only: history is never rewritten.
    await queryRunner.query(`
      CREATE FUNCTION shinsa_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events FOR EACH ROW EXECUTE FUNCTION shinsa_reject_change()`);
    await queryRunner.query(`CREATE TRIGGER assessments_immutable BEFORE UPDATE ON assessments FOR EACH ROW EXECUTE FUNCTION shinsa_reject_change()`);

    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        client_id uuid NOT NULL REFERENCES api_clients(id),
        key text NOT NULL,
        request_hash bytea NOT NULL,
        application_id uuid NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (client_id, key)
      )`);

    await queryRunner.query(`
      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        topic text NOT NULL,
        client_id uuid NOT NULL REFERENCES api_clients(id),
        aggregate_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        dispatched_at timestamptz,
        delivered_at timestamptz,
        delivery_state text NOT NULL DEFAULT 'pending'
      )`);
    await queryRunner.query(`CREATE INDEX outbox_undispatched ON outbox (id) WHERE dispatched_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE callback_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        outbox_id bigint NOT NULL REFERENCES outbox(id),
        attempt integer NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code integer,
        error text,
        succeeded boolean NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX callback_attempts_outbox ON callback_attempts (outbox_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['callback_attempts', 'outbox', 'idempotency_keys', 'case_events', 'cases', 'attributes', 'assessments', 'applications', 'api_client_secrets', 'api_clients']) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION IF EXISTS shinsa_reject_change()`);
  }
}
