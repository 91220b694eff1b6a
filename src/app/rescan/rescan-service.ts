import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { outcomeRank, parseApplication, type Application, type Assessment, type Hit, type Outcome, type ReviewPolicy, type ScreeningFacts } from '../../engine';
import { applicationForActiveDomain } from '../domains/active-domain-application';
import { fieldErrorText } from '../domains/portfolio';
import type { HistoryScreener } from '../linkage/history-screener';
import { REASSESSMENT_CASE_OUTCOMES, recordReassessment, sameHits } from '../linkage/rescreener';
import { toRun, type RescanRun, type RunRow } from './rescan-runs';
import { query } from '../database/query';

export interface ChunkOutcome {
  readonly status: 'done' | 'already-done' | 'unknown';
  readonly seen: number;
  readonly changed: number;
  readonly newCases: number;
  readonly failures: number;
}

interface DomainRow {
  id: string;
  domain: string;
  client_id: string;
  application_id: string | null;
  body: unknown;
  last_outcome: Outcome | null;
  last_score: number | null;
  last_hits: Hit[] | null;
  previous_outcome: Outcome | null;
  previous_score: number | null;
  previous_hits: Hit[] | null;
}

/** A domain whose outcome or hits changed, with the case it got if it needed one. */
interface DomainChange {
  readonly row: DomainRow;
  readonly assessment: Assessment;
  readonly previousOutcome: Outcome;
  readonly previousScore: number;
  readonly worsened: boolean;
  readonly caseId: string | null;
  readonly newCase: boolean;
}

type Screened = { readonly row: DomainRow; readonly application: Application; readonly assessment: Assessment; readonly facts: ScreeningFacts } | { readonly row: DomainRow; readonly error: string };

/**
 * The nightly rescan. A run plans keyset ranges of active_domains (chunks) once; each chunk is
 * re-screened outside any transaction, then stored in one: results only where the outcome or the
 * hits changed, a case where the outcome worsened (the open one raised, never a second), the
 * chunk marked done and the run's counters moved. A chunk run twice (a worker killed after the
 * commit, a stalled job re-delivered) finds itself done and changes nothing.
 */
export class RescanService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: Pick<HistoryScreener, 'screen'> & { readonly screener: { readonly engine: { readonly rules: { readonly version: string } } } },
    private readonly policy: ReviewPolicy,
    private readonly options: { readonly chunkSize: number; readonly concurrency: number },
  ) {}

  /**
   * Plans the run for a start job (the same job retried gets the same run): first makes approved
   * and allowed applications active domains, then cuts the id space into chunks.
   */
  async plan(jobId: string, trigger: string): Promise<{ run: RescanRun; chunks: number[] }> {
    return this.dataSource.transaction(async (manager) => {
      // One planner at a time; a retried start job finds its run.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('shinsa-rescan-plan'))`);
      const existing = await query<RunRow>(manager, 'SELECT * FROM rescan_runs WHERE job_id = $1', [jobId]);
      if (existing[0]) {
        const pending = await query<{ chunk: number }>(manager, 'SELECT chunk FROM rescan_chunks WHERE run_id = $1 AND done_at IS NULL ORDER BY chunk', [existing[0].id]);
        return { run: toRun(existing[0]), chunks: pending.map((row) => row.chunk) };
      }
      await this.activateApplications(manager);
      const runId = randomUUID();
      const size = this.options.chunkSize;
      const bounds = await query<{ chunk: string; first_id: string; last_id: string; n: string }>(
        manager,
        `SELECT (rn - 1) / $1 AS chunk, min(id) AS first_id, max(id) AS last_id, count(*) AS n
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM active_domains) numbered
          GROUP BY 1 ORDER BY 1`,
        [size],
      );
      const total = bounds.reduce((sum, bound) => sum + Number(bound.n), 0);
      const [run] = await query<RunRow>(
        manager,
        `INSERT INTO rescan_runs (id, job_id, trigger, state, rules_version, chunk_size, chunks_total, domains_total, started_at, finished_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), CASE WHEN $7 = 0 THEN now() END) RETURNING *`,
        [runId, jobId, trigger, bounds.length === 0 ? 'finished' : 'running', this.history.screener.engine.rules.version, size, bounds.length, total],
      );
      if (bounds.length > 0) {
        await manager.query(
          `INSERT INTO rescan_chunks (run_id, chunk, first_id, last_id) SELECT $1, * FROM unnest($2::int[], $3::bigint[], $4::bigint[])`,
          [runId, bounds.map((bound) => Number(bound.chunk)), bounds.map((bound) => bound.first_id), bounds.map((bound) => bound.last_id)],
        );
      }
      return { run: toRun(run!), chunks: bounds.map((bound) => Number(bound.chunk)) };
    });
  }

  /**
   * Applications whose latest outcome is allow, or whose case was approved, become active domains
   * (the newest application of a name wins); a rejected case takes nothing in.
   */
  private async activateApplications(manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO active_domains AS d (domain, client_id, application_id, source, body, created_at, updated_at)
       SELECT DISTINCT ON (a.domain_name) a.domain_name, a.client_id, a.id, 'application', a.body, now(), now()
         FROM applications a
         LEFT JOIN LATERAL (SELECT s.outcome FROM assessments s WHERE s.application_id = a.id ORDER BY s.created_at DESC, s.id DESC LIMIT 1) latest ON true
         LEFT JOIN LATERAL (SELECT c.state, c.decision FROM cases c WHERE c.application_id = a.id ORDER BY c.created_at DESC LIMIT 1) decided ON true
        WHERE a.domain_name IS NOT NULL AND a.product = 'domain'
          AND ((decided.state IS NULL AND latest.outcome = 'allow') OR decided.decision = 'approved')
        ORDER BY a.domain_name, a.received_at DESC
       ON CONFLICT (domain) DO UPDATE SET application_id = EXCLUDED.application_id, client_id = EXCLUDED.client_id, body = EXCLUDED.body, updated_at = now()
        WHERE d.application_id IS DISTINCT FROM EXCLUDED.application_id`,
    );
  }

  /** `asOf`: the moment the history is read at (a replay of past data gives its own night). */
  async processChunk(runId: string, chunk: number, asOf = new Date()): Promise<ChunkOutcome> {
    const chunks = await query<{ first_id: string; last_id: string; done_at: Date | null }>(this.dataSource, 'SELECT first_id, last_id, done_at FROM rescan_chunks WHERE run_id = $1 AND chunk = $2', [runId, chunk]);
    const planned = chunks[0];
    if (!planned) return { status: 'unknown', seen: 0, changed: 0, newCases: 0, failures: 0 };
    if (planned.done_at) return { status: 'already-done', seen: 0, changed: 0, newCases: 0, failures: 0 };
    await this.dataSource.query('UPDATE rescan_chunks SET attempts = attempts + 1 WHERE run_id = $1 AND chunk = $2', [runId, chunk]);

    // The previous verdict: the last rescan's, else the application's latest assessment, else allow.
    const rows = await query<DomainRow>(
      this.dataSource,
      `SELECT d.id::text AS id, d.domain, d.client_id, d.application_id, d.body, d.last_outcome, d.last_score, d.last_hits,
              s.outcome AS previous_outcome, s.score AS previous_score, s.hits AS previous_hits
         FROM active_domains d
         LEFT JOIN LATERAL (SELECT outcome, score, hits FROM assessments WHERE application_id = d.application_id ORDER BY created_at DESC, id DESC LIMIT 1) s ON d.last_outcome IS NULL AND d.application_id IS NOT NULL
        WHERE d.id BETWEEN $1 AND $2
        ORDER BY d.id`,
      [planned.first_id, planned.last_id],
    );
    const screened = await this.screenAll(rows, asOf);

    return this.dataSource.transaction(async (manager) => {
      const locked = await query<{ done_at: Date | null }>(manager, 'SELECT done_at FROM rescan_chunks WHERE run_id = $1 AND chunk = $2 FOR UPDATE', [runId, chunk]);
      if (locked[0]?.done_at) return { status: 'already-done', seen: 0, changed: 0, newCases: 0, failures: 0 };
      const changes: DomainChange[] = [];
      let failures = 0;
      for (const result of screened) {
        if ('error' in result) {
          failures += 1;
          await manager.query(`INSERT INTO rescan_failures (run_id, domain_id, domain, error, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [runId, result.row.id, result.row.domain, result.error.slice(0, 1000), asOf]);
          continue;
        }
        const change = await this.changeOf(manager, runId, result, asOf);
        if (change) changes.push(change);
      }
      await this.storeChanges(manager, runId, changes, asOf);
      const changed = changes.length;
      const newCases = changes.filter((change) => change.newCase).length;
      await manager.query(`UPDATE rescan_chunks SET done_at = $3, seen = $4, changed = $5, new_cases = $6, failures = $7 WHERE run_id = $1 AND chunk = $2`, [runId, chunk, asOf, rows.length, changed, newCases, failures]);
      await manager.query(
        `UPDATE rescan_runs SET chunks_done = chunks_done + 1, domains_seen = domains_seen + $2, changed = changed + $3, new_cases = new_cases + $4, failures = failures + $5,
                state = CASE WHEN chunks_done + 1 >= chunks_total THEN 'finished' ELSE state END,
                finished_at = CASE WHEN chunks_done + 1 >= chunks_total THEN now() ELSE finished_at END
          WHERE id = $1`,
        [runId, rows.length, changed, newCases, failures],
      );
      return { status: 'done', seen: rows.length, changed, newCases, failures };
    });
  }

  /** Re-screens the chunk's domains, a few at a time on the pool; a bad record becomes a failure. */
  private async screenAll(rows: readonly DomainRow[], asOf: Date): Promise<Screened[]> {
    const results: Screened[] = new Array(rows.length);
    let next = 0;
    const work = async (): Promise<void> => {
      for (let index = next++; index < rows.length; index = next++) {
        const row = rows[index]!;
        const parsed = parseApplication(row.body);
        if (!parsed.ok) {
          results[index] = { row, error: `stored registration is not a valid application: ${fieldErrorText(parsed.errors).slice(0, 500)}` };
          continue;
        }
        try {
          const { assessment, facts } = await this.history.screen(parsed.application, { domainName: row.domain, asOf, self: row.application_id, clientId: row.client_id });
          results[index] = { row, application: parsed.application, assessment, facts };
        } catch (error) {
          results[index] = { row, error: (error as Error).message };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, rows.length) }, work));
    return results;
  }

  /**
   * What changed for a domain, or null if nothing did. A domain that got worse to an outcome
   * needing a person gets its assessment, case and callback here, one at a time; the rest of every
   * change is stored for the whole chunk at once (storeChanges).
   */
  private async changeOf(manager: EntityManager, runId: string, result: Extract<Screened, { assessment: Assessment }>, asOf: Date): Promise<DomainChange | null> {
    const { row, assessment } = result;
    const previousOutcome: Outcome = row.last_outcome ?? row.previous_outcome ?? 'allow';
    const previousScore = row.last_score ?? row.previous_score ?? 0;
    const previousHits = row.last_hits ?? row.previous_hits ?? [];
    if (previousOutcome === assessment.outcome && sameHits(previousHits, assessment.hits)) return null;

    const worsened = outcomeRank(assessment.outcome) > outcomeRank(previousOutcome);
    let caseId: string | null = null;
    let newCase = false;
    // Only a domain that got worse to an outcome needing a person gets an assessment, a case and a callback.
    if (worsened && REASSESSMENT_CASE_OUTCOMES.has(assessment.outcome)) {
      // As before the feeds: the record without its hashed details (a feed match stores them).
      const applicationId = row.application_id ?? (await applicationForActiveDomain(manager, { id: row.id, domain: row.domain, clientId: row.client_id }, result.application, [], asOf));
      ({ caseId, opened: newCase } = await recordReassessment(manager, this.policy, {
        applicationId,
        clientId: row.client_id,
        externalId: result.application.externalId,
        trigger: 'rescan',
        assessment,
        facts: result.facts,
        previousOutcome,
        at: asOf,
        rescan: { domain: row.domain, runId },
      }));
    }
    return { row, assessment, previousOutcome, previousScore, worsened, caseId, newCase };
  }

  /** The chunk's changed domains: their latest verdicts and the run's results, two statements in all. */
  private async storeChanges(manager: EntityManager, runId: string, changes: readonly DomainChange[], asOf: Date): Promise<void> {
    if (changes.length === 0) return;
    const column = <T>(value: (change: DomainChange) => T): T[] => changes.map(value);
    const ids = column((change) => change.row.id);
    const outcomes = column((change) => change.assessment.outcome);
    const scores = column((change) => change.assessment.score);
    const hits = column((change) => JSON.stringify(change.assessment.hits));
    await manager.query(
      `UPDATE active_domains d SET last_outcome = c.outcome, last_score = c.score, last_hits = c.hits, last_rules_version = c.rules_version, last_changed_at = $1
         FROM unnest($2::bigint[], $3::text[], $4::int[], $5::jsonb[], $6::text[]) AS c(id, outcome, score, hits, rules_version)
        WHERE d.id = c.id`,
      [asOf, ids, outcomes, scores, hits, column((change) => change.assessment.rulesVersion)],
    );
    await manager.query(
      `INSERT INTO rescan_results (run_id, domain_id, domain, previous_outcome, outcome, previous_score, score, hits, worsened, case_id, at)
       SELECT $1, c.*, $11 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::jsonb[], $9::boolean[], $10::uuid[])
                            AS c(domain_id, domain, previous_outcome, outcome, previous_score, score, hits, worsened, case_id)
       ON CONFLICT (run_id, domain_id) DO NOTHING`,
      [
        runId,
        ids,
        column((change) => change.row.domain),
        column((change) => change.previousOutcome),
        outcomes,
        column((change) => change.previousScore),
        scores,
        hits,
        column((change) => change.worsened),
        column((change) => change.caseId),
        asOf,
      ],
    );
  }
}
