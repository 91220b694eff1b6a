import type { DataSource } from 'typeorm';
import type { Application, Hit, ScreeningFacts } from '../../engine';
import { ClientView } from '../intake/client-view';
import type { MasterKeys } from '../crypto/secret-box';
import { AttributeKind, extractAttributes } from '../linkage/attributes';
import { hashAttributes } from '../linkage/linkage-lookup';
import { AuditAction, type AuditLog } from '../review/audit-log';
import { LABELLED_FRAUD, TOMBSTONE, UNDER_OPEN_CASE } from './retention-purge';
import { query } from '../database/query';

/** Who the request is about: any of these, as the person gives them. */
export interface SubjectSelector {
  readonly email?: string;
  readonly phone?: string;
  readonly name?: string;
}

export interface SubjectExport {
  readonly exportedAt: string;
  readonly applications: readonly Record<string, unknown>[];
  readonly auditLog: readonly Record<string, unknown>[];
}

export interface ErasureReport {
  readonly erased: readonly string[];
  readonly held: readonly { readonly applicationId: string; readonly reason: string }[];
}

/** The attribute kinds a selector can match, and how each is made from it. */
const SELECTOR_KINDS: ReadonlySet<string> = new Set([AttributeKind.Email, AttributeKind.Phone, AttributeKind.SmsPhone, AttributeKind.Name]);

/**
 * Data-subject requests: everything shinsa holds about a person, found through the same normalised,
 * keyed attribute hashes linkage uses (so `Hanako.Sato+x@gmail.com` finds `hanakosato@gmail.com`), and
 * erasure of it where no legal hold (a fraud label, an open case) keeps it. Both are audited.
 */
export class SubjectRequests {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: MasterKeys,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The person's applications, all of them, or with `clientId` only that client's (a registrar
   * asking about its own customer learns nothing of other registrars' applications).
   */
  async find(selector: SubjectSelector, clientId: string | null = null): Promise<string[]> {
    const probe: Application = {
      externalId: 'subject-request',
      product: 'domain',
      registrant: { email: selector.email ?? null, phone: selector.phone ?? null, name: selector.name ? { kanji: selector.name } : null },
      ...(selector.phone ? { verification: { sms: { number: selector.phone } } } : {}),
    };
    const attributes = hashAttributes(this.keys, extractAttributes(probe, {}).filter((attribute) => SELECTOR_KINDS.has(attribute.kind)));
    if (attributes.length === 0) return [];
    const rows = await query<{ application_id: string }>(
      this.dataSource,
      `SELECT DISTINCT a.application_id FROM attributes a JOIN unnest($1::text[], $2::bytea[]) AS given(kind, hash) ON a.kind = given.kind AND a.value_hash = given.hash
         JOIN applications p ON p.id = a.application_id WHERE $3::uuid IS NULL OR p.client_id = $3`,
      [attributes.map((attribute) => attribute.kind), attributes.map((attribute) => attribute.hash), clientId],
    );
    return rows.map((row) => row.application_id).sort();
  }

  async export(selector: SubjectSelector, actor: string, clientId: string | null = null): Promise<SubjectExport> {
    const ids = await this.find(selector, clientId);
    const applications = ids.length === 0 ? [] : await this.dataSource.query(
      `SELECT a.id, a.external_id, a.product, a.domain_name, a.received_at, a.signup_ip, a.signup_port, a.signup_at, a.body, a.signup_purged_at, a.personal_purged_at, k.name AS registrar,
              (SELECT coalesce(json_agg(json_build_object('at', s.created_at, 'trigger', s.trigger, 'outcome', s.outcome, 'score', s.score, 'rulesVersion', s.rules_version, 'hits', s.hits, 'facts', s.facts) ORDER BY s.created_at), '[]') FROM assessments s WHERE s.application_id = a.id) AS assessments,
              (SELECT coalesce(json_agg(json_build_object('at', s.received_at, 'outcome', s.outcome, 'score', s.score, 'rulesVersion', s.rules_version, 'hits', s.hits) ORDER BY s.rules_version), '[]') FROM shadow_assessments s WHERE s.application_id = a.id) AS "shadowAssessments",
              (SELECT coalesce(json_agg(json_build_object('backtestRun', b.id, 'kind', b.kind, 'requestedAt', b.requested_at) ORDER BY b.requested_at), '[]')
                 FROM backtest_runs b WHERE b.report->'topMoves' @> jsonb_build_array(jsonb_build_object('applicationId', a.id))) AS "backtestMentions",
              (SELECT coalesce(json_agg(json_build_object('id', c.id, 'state', c.state, 'outcome', c.outcome, 'decision', c.decision, 'decisionReason', c.decision_reason, 'createdAt', c.created_at, 'decidedAt', c.decided_at,
                        'events', (SELECT coalesce(json_agg(json_build_object('type', e.type, 'actor', e.actor, 'reason', e.reason, 'at', e.at) ORDER BY e.id), '[]') FROM case_events e WHERE e.case_id = c.id),
                        'ekyc', (SELECT coalesce(json_agg(json_build_object('method', r.method, 'state', r.state, 'vendorReference', r.vendor_reference, 'checks', r.checks, 'requestedAt', r.requested_at, 'completedAt', r.completed_at)), '[]') FROM ekyc_requests r WHERE r.case_id = c.id))), '[]')
                 FROM cases c WHERE c.application_id = a.id) AS cases,
              (SELECT coalesce(json_agg(json_build_object('verdict', l.verdict, 'source', l.source, 'note', l.note, 'at', l.created_at)), '[]') FROM labels l WHERE l.application_id = a.id) AS labels,
              (SELECT coalesce(json_agg(json_build_object('domain', r.domain, 'category', r.category, 'url', r.url, 'state', r.state, 'reportedAt', r.reported_at)), '[]') FROM abuse_reports r WHERE r.application_id = a.id) AS "abuseReports",
              (SELECT coalesce(json_agg(json_build_object('domain', d.domain, 'expiresOn', d.expires_on, 'status', d.status)), '[]') FROM active_domains d WHERE d.application_id = a.id) AS "activeDomains",
              (SELECT coalesce(json_agg(json_build_object('kind', t.kind, 'observedAt', t.observed_at)), '[]') FROM attributes t WHERE t.application_id = a.id) AS "linkageAttributes",
              (SELECT coalesce(json_agg(json_build_object('revision', r.revision, 'receivedAt', r.received_at, 'signupIp', r.signup_ip, 'signupPort', r.signup_port, 'body', r.body) ORDER BY r.revision), '[]')
                 FROM application_revisions r WHERE r.application_id = a.id) AS "earlierRevisions"
         FROM applications a JOIN api_clients k ON k.id = a.client_id
        WHERE a.id = ANY($1::uuid[]) ORDER BY a.received_at`,
      [ids],
    );
    // The facts only serve to name what a client may see; the details name other clients' applications only for the operator.
    const view = new ClientView(this.dataSource);
    for (const application of applications as { assessments: { hits: Hit[]; facts?: ScreeningFacts | null }[] }[]) {
      for (const assessment of application.assessments) {
        if (clientId) assessment.hits = await view.hits(clientId, assessment.hits, assessment.facts);
        delete assessment.facts;
      }
    }
    const auditLog = ids.length === 0 ? [] : await this.dataSource.query(`SELECT at, actor, action, subject_type, detail FROM audit_log WHERE subject_id = ANY($1::text[]) ORDER BY at`, [ids]);
    await this.audit.write({ actor, action: AuditAction.SubjectExported, subjectType: 'subject', subjectId: null, detail: { applications: ids, by: Object.keys(selector).filter((key) => selector[key as keyof SubjectSelector]), ...(clientId ? { client: clientId } : {}) } });
    return { exportedAt: new Date().toISOString(), applications, auditLog };
  }

  /** Erases what no legal hold keeps: the tombstone of the retention purge, and the linkage hashes and raw numbers too. */
  async erase(selector: SubjectSelector, actor: string, clientId: string | null = null): Promise<ErasureReport> {
    const ids = await this.find(selector, clientId);
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; fraud: boolean; open_case: boolean }[] = ids.length === 0 ? [] : await manager.query(
        `SELECT a.id, ${LABELLED_FRAUD} AS fraud, ${UNDER_OPEN_CASE} AS open_case
           FROM applications a WHERE a.id = ANY($1::uuid[]) ORDER BY a.id FOR UPDATE OF a`,
        [ids],
      );
      const isHeld = (row: { fraud: boolean; open_case: boolean }): boolean => row.fraud || row.open_case;
      const erasable = rows.filter((row) => !isHeld(row)).map((row) => row.id);
      if (erasable.length > 0) {
        await manager.query(`UPDATE applications a SET body = ${TOMBSTONE}, signup_ip = NULL, signup_port = NULL, personal_purged_at = now(), signup_purged_at = coalesce(a.signup_purged_at, now()) WHERE a.id = ANY($1::uuid[])`, [erasable]);
        await manager.query(`DELETE FROM attribute_labels WHERE application_id = ANY($1::uuid[])`, [erasable]);
        await manager.query(`DELETE FROM attributes WHERE application_id = ANY($1::uuid[])`, [erasable]);
        await manager.query(`DELETE FROM phone_numbers WHERE application_id = ANY($1::uuid[])`, [erasable]);
        await manager.query(`DELETE FROM application_revisions WHERE application_id = ANY($1::uuid[])`, [erasable]);
        await manager.query(`UPDATE active_domains SET body = jsonb_build_object('externalId', body->'externalId', 'product', body->'product', 'domain', body->'domain') WHERE application_id = ANY($1::uuid[])`, [erasable]);
      }
      const held = rows.filter(isHeld).map((row) => ({ applicationId: row.id, reason: row.fraud ? 'labelled fraud' : 'under an open case' }));
      await this.audit.write({ actor, action: AuditAction.SubjectErased, subjectType: 'subject', subjectId: null, detail: { erased: erasable, held } }, manager);
      return { erased: erasable, held };
    });
  }
}
