import type { DataSource } from 'typeorm';
import { LATEST_VERDICT } from '../labels/latest-verdict';
import { query } from '../database/query';

/** How long each kind of data is kept (config; defaults from the operators' BoF and the privacy officer). */
export interface RetentionPolicy {
  /** Signup IP, source port and user agent: months after the application arrived. */
  readonly signupMonths: number;
  /** Registrant details: months after the domain (or the application, if it never became one) ended. */
  readonly personalMonths: number;
  /** The audit log: years. */
  readonly auditYears: number;
}

export interface PurgeReport {
  readonly runId: string;
  readonly signupPurged: number;
  readonly personalPurged: number;
  /** Applications past their period but kept: labelled fraud, or under an open case. */
  readonly held: number;
  readonly auditDeleted: number;
}

const BATCH = 5000;

/** The two legal holds, each a condition on the application aliased `a`: its latest label is fraud … */
export const LABELLED_FRAUD = `${LATEST_VERDICT} IS NOT DISTINCT FROM 'fraud'`;
/** … or it has a case not yet decided. */
export const UNDER_OPEN_CASE = `EXISTS (SELECT 1 FROM cases c WHERE c.application_id = a.id AND c.state <> 'decided')`;

/** A legal hold keeps an application's data whatever its age. */
const LEGAL_HOLD = `(${LABELLED_FRAUD} OR ${UNDER_OPEN_CASE})`;

/**
 * When an application's registration ended: the expiry of its active domain once past, its arrival
 * if it never became (or no longer is) an active domain; an active domain not yet expired has not ended.
 */
const ENDED_AT = `(CASE
  WHEN d.id IS NULL THEN coalesce(a.revised_at, a.received_at)
  WHEN d.expires_on IS NOT NULL AND d.expires_on < current_date THEN d.expires_on::timestamptz
  END)`;

/**
 * The body without anyone's details: what was applied for stays (domain, product, external id),
 * the registrant, the SMS number, the payment fingerprint and the signup network go. The hashes
 * in `attributes` stay, so linkage still finds a returning campaign.
 */
export const TOMBSTONE = `jsonb_strip_nulls(jsonb_build_object('externalId', a.body->'externalId', 'product', a.body->'product', 'submittedAt', a.body->'submittedAt', 'domain', a.body->'domain', 'hosting', a.body->'hosting'))`;

/**
 * The nightly retention purge: replaces personal fields past their period with tombstones, in
 * batches, never touching what a legal hold keeps; deletes audit rows past theirs; records what it
 * did. Running it again changes nothing more.
 */
export class RetentionPurge {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: RetentionPolicy,
  ) {}

  async run(trigger: 'schedule' | 'manual', now = new Date()): Promise<PurgeReport> {
    const started = await query<{ id: string }>(this.dataSource, `INSERT INTO purge_runs (trigger, policy, started_at) VALUES ($1, $2, $3) RETURNING id::text AS id`, [trigger, this.policy, now]);
    const runId = started[0]!.id;
    const signupPurged = await this.inBatches(
      `UPDATE applications a SET signup_ip = NULL, signup_port = NULL, signup_purged_at = $1,
              body = a.body #- '{signup,ip}' #- '{signup,port}' #- '{signup,userAgent}' #- '{signup,acceptLanguage}' #- '{signup,deviceId}'
        WHERE a.id IN (SELECT a.id FROM applications a
                        WHERE a.signup_purged_at IS NULL AND coalesce(a.revised_at, a.received_at) < $1::timestamptz - make_interval(months => $2::int) AND NOT ${LEGAL_HOLD}
                        LIMIT ${BATCH})`,
      [now, this.policy.signupMonths],
    );
    // Revisions an application replaced: their signup details by their own arrival, all of them once the application is a tombstone.
    await this.inBatches(
      `UPDATE application_revisions r SET signup_ip = NULL, signup_port = NULL,
              body = r.body #- '{signup,ip}' #- '{signup,port}' #- '{signup,userAgent}' #- '{signup,acceptLanguage}' #- '{signup,deviceId}'
        WHERE (r.application_id, r.revision) IN (SELECT r.application_id, r.revision FROM application_revisions r JOIN applications a ON a.id = r.application_id
                        WHERE (r.signup_ip IS NOT NULL OR r.signup_port IS NOT NULL OR r.body->'signup' ?| array['ip', 'port', 'userAgent', 'acceptLanguage', 'deviceId'])
                          AND r.received_at < $1::timestamptz - make_interval(months => $2::int) AND NOT ${LEGAL_HOLD}
                        LIMIT ${BATCH})`,
      [now, this.policy.signupMonths],
    );
    const personalPurged = await this.inBatches(
      `UPDATE applications a SET body = ${TOMBSTONE}, signup_ip = NULL, signup_port = NULL, personal_purged_at = $1, signup_purged_at = coalesce(a.signup_purged_at, $1)
        WHERE a.id IN (SELECT a.id FROM applications a LEFT JOIN active_domains d ON d.application_id = a.id
                        WHERE a.personal_purged_at IS NULL AND ${ENDED_AT} < $1::timestamptz - make_interval(months => $2::int) AND NOT ${LEGAL_HOLD}
                        LIMIT ${BATCH})`,
      [now, this.policy.personalMonths],
    );
    await this.inBatches(
      `DELETE FROM application_revisions WHERE (application_id, revision) IN (SELECT r.application_id, r.revision FROM application_revisions r JOIN applications a ON a.id = r.application_id
                        WHERE a.personal_purged_at IS NOT NULL LIMIT ${BATCH})`,
      [],
    );
    // Raw phone numbers serve only the consecutive-number look-up (a day's window): a month is plenty.
    await this.inBatches(`DELETE FROM phone_numbers WHERE ctid IN (SELECT ctid FROM phone_numbers WHERE observed_at < $1::timestamptz - interval '30 days' LIMIT ${BATCH})`, [now]);
    const holds = await query<{ held: string }>(
      this.dataSource,
      `SELECT count(*) AS held FROM applications a LEFT JOIN active_domains d ON d.application_id = a.id
        WHERE (a.personal_purged_at IS NULL AND ${ENDED_AT} < $1::timestamptz - make_interval(months => $2::int) OR a.signup_purged_at IS NULL AND coalesce(a.revised_at, a.received_at) < $1::timestamptz - make_interval(months => $3::int))
          AND ${LEGAL_HOLD}`,
      [now, this.policy.personalMonths, this.policy.signupMonths],
    );
    const held = Number(holds[0]!.held);
    const auditDeleted = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('shinsa.retention', 'purge', true)`);
      const [, count]: [unknown, number] = await manager.query(`DELETE FROM audit_log WHERE at < $1::timestamptz - make_interval(years => $2::int)`, [now, this.policy.auditYears]);
      return count;
    });
    await this.dataSource.query(`UPDATE purge_runs SET finished_at = now(), signup_purged = $2, personal_purged = $3, held = $4, audit_deleted = $5 WHERE id = $1`, [
      runId,
      signupPurged,
      personalPurged,
      held,
      auditDeleted,
    ]);
    return { runId, signupPurged, personalPurged, held, auditDeleted };
  }

  /** Repeats a bounded UPDATE until it touches nothing: short transactions, whatever the backlog. */
  private async inBatches(statement: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.dataSource.query(statement, params);
      total += count;
      if (count < BATCH) return total;
    }
  }
}
