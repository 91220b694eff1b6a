import type { DataSource } from 'typeorm';
import { detailInJapanese, type Hit, type LinkageFacts, type Outcome, type RuleSet } from '../../engine';
import { LATEST_VERDICT } from '../labels/latest-verdict';
import { AttributeKind } from '../linkage/attributes';
import { AuditAction, type AuditLog } from './audit-log';
import { CAMPAIGN_KINDS } from './case-policy';
import { effectiveState, findCase, type CaseRow } from './case-record';
import type { Actor, ApplicationReference, CampaignLink, CaseDetail, CaseEvent, CaseState, EkycRequestView, LinkedApplication } from './case-types';
import { isCarrierAsn, keyDetails, widelySharedMailDomain, likeness, type KeyDetails } from './linked-comparison';

/** An application id quoted in a hit's detail. */
export const UUID_IN_TEXT = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** A case page: the case, its application, the latest assessment explained, what it is linked to, its history and eKYC. */
export class CaseViews {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: RuleSet,
    private readonly audit: AuditLog,
    private readonly ekycAvailable: boolean,
  ) {}

  /** A case with its application's personal data: the view is written to the audit log first. */
  async view(caseId: string, actor: Actor, route: string): Promise<CaseDetail> {
    const row = await findCase(this.dataSource, caseId);
    await this.audit.write({ actor: actor.login, action: AuditAction.CaseViewed, subjectType: 'application', subjectId: row.application_id, detail: { caseId, route } });
    const detail = await this.detail(row);
    // The linked applications' details are shown beside this one's: each is a view of its personal data too.
    for (const linked of detail.linked) {
      await this.audit.write({ actor: actor.login, action: AuditAction.CaseViewed, subjectType: 'application', subjectId: linked.id, detail: { caseId, route, shownAs: 'linked' } });
    }
    for (const id of detail.referenced.keys()) {
      if (detail.linked.some((linked) => linked.id === id)) continue;
      await this.audit.write({ actor: actor.login, action: AuditAction.CaseViewed, subjectType: 'application', subjectId: id, detail: { caseId, route, shownAs: 'referenced' } });
    }
    return detail;
  }

  private async detail(row: CaseRow): Promise<CaseDetail> {
    const now = new Date();
    const [applications, assessments, events, ekyc, campaigns] = await Promise.all([
      this.dataSource.query(
        `SELECT a.id, a.external_id, a.product, a.domain_name, a.received_at, a.signup_ip, a.signup_port, a.signup_at, a.body, k.id AS client_id, k.name AS client_name
           FROM applications a JOIN api_clients k ON k.id = a.client_id WHERE a.id = $1`,
        [row.application_id],
      ) as Promise<
        {
          id: string;
          external_id: string;
          product: string;
          domain_name: string | null;
          received_at: Date;
          signup_ip: string | null;
          signup_port: number | null;
          signup_at: Date | null;
          body: Record<string, unknown>;
          client_id: string;
          client_name: string;
        }[]
      >,
      this.dataSource.query(
        `SELECT outcome, score, rules_version, trigger, created_at, hits, facts FROM assessments WHERE application_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
        [row.application_id],
      ) as Promise<{ outcome: Outcome; score: number; rules_version: string; trigger: string; created_at: Date; hits: Hit[]; facts: { linkage?: LinkageFacts; network?: { asn?: number } } | null }[]>,
      this.dataSource.query(`SELECT id::text AS id, type, actor, reason, data, at FROM case_events WHERE case_id = $1 ORDER BY id`, [row.id]) as Promise<CaseEvent[]>,
      this.dataSource.query(
        `SELECT id, provider, method, state, verification_url, vendor_reference, checks, requested_by, requested_at, completed_at FROM ekyc_requests WHERE case_id = $1 ORDER BY requested_at`,
        [row.id],
      ) as Promise<
        {
          id: string;
          provider: string;
          method: string;
          state: string;
          verification_url: string;
          vendor_reference: string | null;
          checks: EkycRequestView['checks'];
          requested_by: string;
          requested_at: Date;
          completed_at: Date | null;
        }[]
      >,
      this.campaignsOf(row.application_id),
    ]);
    const application = applications[0]!;
    const assessment = assessments[0];
    const details = keyDetails({ body: application.body, signupIp: application.signup_ip });
    const context = { details, email: typeof (application.body.registrant as { email?: unknown } | undefined)?.email === 'string' ? ((application.body.registrant as { email: string }).email) : null, asn: assessment?.facts?.network?.asn ?? null };
    const hitIds = [...new Set((assessment?.hits ?? []).flatMap((hit) => hit.detail?.match(UUID_IN_TEXT) ?? []).map((id) => id.toLowerCase()))].filter((id) => id !== application.id);
    return {
      id: row.id,
      state: effectiveState(row, now),
      storedState: row.state,
      outcome: row.outcome,
      score: row.score,
      dueAt: row.due_at,
      breached: row.state !== 'decided' && row.due_at < now,
      claimedBy: effectiveState(row, now) === 'claimed' ? row.claimed_by : null,
      leaseUntil: row.lease_until,
      proposal: row.proposal,
      decision: row.decision,
      decisionReason: row.decision_reason,
      decidedBy: row.decided_by,
      decidedAt: row.decided_at,
      ekycState: row.ekyc_state,
      createdAt: row.created_at,
      registrar: { id: application.client_id, name: application.client_name },
      application: {
        id: application.id,
        externalId: application.external_id,
        product: application.product,
        domainName: application.domain_name,
        receivedAt: application.received_at,
        signupIp: application.signup_ip,
        signupPort: application.signup_port,
        signupAt: application.signup_at,
        body: application.body,
      },
      assessment: assessment
        ? {
            outcome: assessment.outcome,
            score: assessment.score,
            rulesVersion: assessment.rules_version,
            trigger: assessment.trigger,
            createdAt: assessment.created_at,
            hits: assessment.hits.map((hit) => ({ ...hit, ruleText: this.rules.reasons.get(hit.reason)?.description ?? this.rules.composites.find((composite) => composite.reason === hit.reason)?.description, ruleTextJa: this.rules.reasonTextsJa.get(hit.reason), detailJa: detailInJapanese(this.rules, hit) })),
          }
        : null,
      details,
      linked: assessment?.facts?.linkage ? await this.linkedApplications(assessment.facts.linkage, context) : [],
      referenced: await this.references(hitIds),
      campaigns,
      events,
      ekyc: ekyc.map((request) => ({
        id: request.id,
        provider: request.provider,
        method: request.method,
        state: request.state,
        verificationUrl: request.verification_url,
        vendorReference: request.vendor_reference,
        checks: request.checks,
        requestedBy: request.requested_by,
        requestedAt: request.requested_at,
        completedAt: request.completed_at,
      })),
      ekycAvailable: this.ekycAvailable,
    };
  }

  /** The applications named in the linkage facts, with what each shares, its key details and how it was judged. */
  private async linkedApplications(linkage: LinkageFacts, self: { readonly details: KeyDetails; readonly email: string | null; readonly asn: number | null }): Promise<LinkedApplication[]> {
    const shares = new Map<string, Set<string>>();
    const add = (id: string, kind: string): void => {
      const kinds = shares.get(id) ?? new Set<string>();
      kinds.add(kind);
      shares.set(id, kinds);
    };
    for (const attribute of linkage.attributes) for (const id of attribute.linked) add(id, attribute.kind);
    for (const id of linkage.consecutivePhones?.linked ?? []) add(id, 'phone_nearby');
    const ids = [...shares.keys()].slice(0, 100);
    if (ids.length === 0) return [];
    const rows: {
      id: string;
      domain_name: string | null;
      registrar: string;
      received_at: Date;
      body: Record<string, unknown>;
      signup_ip: string | null;
      verdict: 'fraud' | 'legitimate' | null;
      case_id: string | null;
      case_state: CaseState | null;
    }[] = await this.dataSource.query(
      `SELECT a.id, a.domain_name, k.name AS registrar, a.received_at, a.body, a.signup_ip,
              ${LATEST_VERDICT} AS verdict, latest_case.id AS case_id, latest_case.state AS case_state
         FROM applications a JOIN api_clients k ON k.id = a.client_id
         LEFT JOIN LATERAL (SELECT c.id, c.state FROM cases c WHERE c.application_id = a.id ORDER BY c.created_at DESC LIMIT 1) latest_case ON true
        WHERE a.id = ANY($1::uuid[])
        ORDER BY a.received_at DESC`,
      [ids],
    );
    // Kinds whose shared value (this application's own) strangers share too.
    const widely = new Set<string>([AttributeKind.Registrar, AttributeKind.Reseller, AttributeKind.PostalCode]);
    if (widelySharedMailDomain(this.rules, self.email)) widely.add(AttributeKind.EmailDomain);
    if (isCarrierAsn(this.rules, self.asn)) widely.add(AttributeKind.Asn);
    if (self.details.nameservers && likeness(this.rules, 'nameservers', self.details.nameservers, self.details.nameservers) === 'widely') widely.add(AttributeKind.Nameservers);
    return rows.map((row) => {
      const kinds = [...(shares.get(row.id) ?? [])].sort();
      return {
        id: row.id,
        caseId: row.case_id,
        domainName: row.domain_name,
        registrar: row.registrar,
        receivedAt: row.received_at,
        shares: kinds.filter((kind) => !widely.has(kind)),
        widelyShared: kinds.filter((kind) => widely.has(kind)),
        details: keyDetails({ body: row.body ?? {}, signupIp: row.signup_ip }),
        label: row.verdict,
        caseState: row.case_state,
      };
    });
  }

  /** Domain, name and latest case of applications named by id in hit details (ids not found are left as they are). */
  private async references(ids: readonly string[]): Promise<Map<string, ApplicationReference>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; domain_name: string | null; body: Record<string, unknown>; case_id: string | null }[] = await this.dataSource.query(
      `SELECT a.id, a.domain_name, a.body, (SELECT c.id FROM cases c WHERE c.application_id = a.id ORDER BY c.created_at DESC LIMIT 1) AS case_id
         FROM applications a WHERE a.id = ANY($1::uuid[])`,
      [ids.slice(0, 200)],
    );
    return new Map(rows.map((row) => [row.id, { id: row.id, domainName: row.domain_name, name: keyDetails({ body: row.body ?? {}, signupIp: null }).name, caseId: row.case_id }]));
  }

  /** This application's strong attributes that other undecided cases share: the bulk-decision handles. */
  private async campaignsOf(applicationId: string): Promise<CampaignLink[]> {
    const rows: { kind: string; value_hash: string; undecided: string }[] = await this.dataSource.query(
      `SELECT mine.kind, encode(mine.value_hash, 'hex') AS value_hash, count(DISTINCT c.id) AS undecided
         FROM attributes mine
         JOIN LATERAL (SELECT other.application_id FROM attributes other WHERE other.kind = mine.kind AND other.value_hash = mine.value_hash ORDER BY other.observed_at DESC LIMIT 1000) shared ON true
         JOIN cases c ON c.application_id = shared.application_id AND c.state <> 'decided'
        WHERE mine.application_id = $1 AND mine.kind = ANY($2::text[])
        GROUP BY mine.kind, mine.value_hash
       HAVING count(DISTINCT c.id) > 1
        ORDER BY 3 DESC, 1`,
      [applicationId, CAMPAIGN_KINDS],
    );
    return rows.map((row) => ({ kind: row.kind, valueHash: row.value_hash, undecidedCases: Number(row.undecided) }));
  }
}
