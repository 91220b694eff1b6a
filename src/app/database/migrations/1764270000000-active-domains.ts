import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Active domains (approved applications, imported portfolios) and the nightly rescan's runs (issue 7). */
export class ActiveDomains1764270000000 implements MigrationInterface {
  name = 'ActiveDomains1764270000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // `id` orders the keyset ranges a rescan fans out; `body` is the application as the engine reads it.
    await queryRunner.query(`
      CREATE TABLE active_domains (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        domain text NOT NULL UNIQUE,
        client_id uuid NOT NULL REFERENCES api_clients(id),
        application_id uuid REFERENCES applications(id),
        source text NOT NULL CHECK (source IN ('application', 'import')),
        body jsonb NOT NULL,
        registered_on date,
        expires_on date,
        status text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        -- The last rescan's verdict, kept only when it differed from the one before.
        last_outcome text,
        last_score integer,
        last_hits jsonb,
        last_rules_version text,
        last_changed_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX active_domains_application ON active_domains (application_id) WHERE application_id IS NOT NULL`);

    // One row per run; the job id makes a retried start job the same run.
    await queryRunner.query(`
      CREATE TABLE rescan_runs (
        id uuid PRIMARY KEY,
        job_id text NOT NULL UNIQUE,
        trigger text NOT NULL,
        state text NOT NULL CHECK (state IN ('running', 'finished')),
        rules_version text NOT NULL,
        chunk_size integer NOT NULL,
        chunks_total integer NOT NULL,
        chunks_done integer NOT NULL DEFAULT 0,
        domains_total bigint NOT NULL,
        domains_seen bigint NOT NULL DEFAULT 0,
        changed bigint NOT NULL DEFAULT 0,
        new_cases bigint NOT NULL DEFAULT 0,
        failures bigint NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX rescan_runs_started ON rescan_runs (started_at DESC)`);
    // Keyset ranges of active_domains.id; a chunk is done once, in the transaction that stores its results.
    await queryRunner.query(`
      CREATE TABLE rescan_chunks (
        run_id uuid NOT NULL REFERENCES rescan_runs(id),
        chunk integer NOT NULL,
        first_id bigint NOT NULL,
        last_id bigint NOT NULL,
        done_at timestamptz,
        seen integer,
        changed integer,
        new_cases integer,
        failures integer,
        attempts integer NOT NULL DEFAULT 0,
        PRIMARY KEY (run_id, chunk)
      )`);
    await queryRunner.query(`
      CREATE TABLE rescan_results (
        run_id uuid NOT NULL REFERENCES rescan_runs(id),
        domain_id bigint NOT NULL REFERENCES active_domains(id),
        domain text NOT NULL,
        previous_outcome text NOT NULL,
        outcome text NOT NULL,
        previous_score integer NOT NULL,
        score integer NOT NULL,
        hits jsonb NOT NULL,
        worsened boolean NOT NULL,
        case_id uuid,
        at timestamptz NOT NULL,
        PRIMARY KEY (run_id, domain_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE rescan_failures (
        run_id uuid NOT NULL REFERENCES rescan_runs(id),
        domain_id bigint NOT NULL,
        domain text NOT NULL,
        error text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (run_id, domain_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['rescan_failures', 'rescan_results', 'rescan_chunks', 'rescan_runs', 'active_domains']) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
