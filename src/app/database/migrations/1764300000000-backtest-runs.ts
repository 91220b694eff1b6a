import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Backtests and shadow comparisons requested from the review UI, run by the workers (issue 8). */
export class BacktestRuns1764300000000 implements MigrationInterface {
  name = 'BacktestRuns1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // An uploaded bundle is kept in the row (bytea), so whichever worker takes the job can run it;
    // a directory is named, and the worker checks that it still has the version that was asked for.
    await queryRunner.query(`
      CREATE TABLE backtest_runs (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('backtest', 'shadow')),
        requested_by uuid NOT NULL REFERENCES reviewers(id),
        source text NOT NULL CHECK (source IN ('deployed', 'directory', 'bundle', 'shadow')),
        source_name text NOT NULL,
        bundle_sha256 text,
        bundle bytea,
        candidate_version text NOT NULL,
        since timestamptz,
        until timestamptz,
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
        progress bigint NOT NULL DEFAULT 0,
        total bigint,
        report jsonb,
        error text,
        requested_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        CHECK ((kind = 'shadow') = (source = 'shadow')),
        CHECK ((source = 'bundle') = (bundle IS NOT NULL AND bundle_sha256 IS NOT NULL)),
        CHECK (since IS NULL OR until IS NULL OR since < until)
      )`);
    await queryRunner.query(`CREATE INDEX backtest_runs_requested ON backtest_runs (requested_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS backtest_runs`);
  }
}
