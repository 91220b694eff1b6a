import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { detailInJapanese, reasonFitsEkyc, type Hit, type LinkageFacts, type Outcome, type ReviewPolicy, type RuleSet } from '../../engine';
import { EKYC_SETTINGS } from '../config/config';
import { isUuid } from '../database/uuid';
import { ApiError, ApiErrorCode } from '../http/api-error';
import type { OutboxPayload } from '../contract/callbacks';
import { OutboxTopic } from '../intake/screening-response';
import { recordLabel } from '../labels/labels.service';
import { LATEST_VERDICT } from '../labels/latest-verdict';
import { AttributeKind } from '../linkage/attributes';
import { appendOutbox } from '../queue/outbox';
import { AuditAction, type AuditLog } from './audit-log';
import { formatJst } from './jst';
import { isCarrierAsn, keyDetails, widelySharedMailDomain, likeness, type KeyDetails } from './linked-comparison';
import { hasRole, type ReviewerRole } from './reviewers';

export const CASE_STATES = ['open', 'claimed', 'ekyc_pending', 'escalated', 'decided'] as const;
export type CaseState = (typeof CASE_STATES)[number];
type Decision = 'approve' | 'reject';

/** Who acts: a signed-in reviewer. */
export interface Actor {
  readonly id: string;
  readonly login: string;
  readonly role: ReviewerRole;
}

/** Engine outcomes an approval overrides: approving them needs a second reviewer (four eyes). */
const OVERRIDDEN_BY_APPROVAL: ReadonlySet<string> = new Set(['hold', 'deny']);

/**
 * Attribute kinds that can tie a campaign together for a bulk decision. Widely shared kinds (mail
 * provider, ASN, registrar, nameservers) would sweep in strangers.
 */
const CAMPAIGN_KINDS: readonly AttributeKind[] = [
  AttributeKind.Phone,
  AttributeKind.SmsPhone,
  AttributeKind.PhoneBlock,
  AttributeKind.Email,
  AttributeKind.Address,
  AttributeKind.Name,
  AttributeKind.Organization,
  AttributeKind.CorporateNumber,
  AttributeKind.IpPrefix,
  AttributeKind.PaymentFingerprint,
  AttributeKind.Device,
];

export interface QueueFilter {
  /** A state, `active` (everything not decided; the default) or `all`. */
  readonly state?: CaseState | 'active' | 'all';
  readonly outcome?: Outcome;
  readonly breached?: boolean;
  /** A signal name (`phone.line_type`) or reason code (`SMS_VOIP`) among the latest hits. */
  readonly signal?: string;
  /** The api client's name. */
  readonly registrar?: string;
  readonly limit?: number;
}

export interface QueueRow {
  readonly id: string;
  readonly state: CaseState;
  readonly outcome: Outcome;
  readonly score: number;
  readonly dueAt: Date;
  readonly breached: boolean;
  readonly claimedBy: string | null;
  readonly ekycState: string | null;
  readonly createdAt: Date;
  readonly domainName: string | null;
  readonly registrar: string;
  readonly reasons: readonly string[];
}

export interface QueueCounts {
  readonly byState: Readonly<Record<CaseState, number>>;
  readonly breached: number;
}

export interface CaseEvent {
  readonly id: string;
  readonly type: string;
  readonly actor: string;
  readonly reason: string | null;
  readonly data: Record<string, unknown> | null;
  readonly at: Date;
}

interface ExplainedHit extends Hit {
  /** The reason's description in `rules/`, when it has one. */
  readonly ruleText: string | undefined;
  /** Its Japanese text in `rules/`. */
  readonly ruleTextJa: string | undefined;
  /** The detail in Japanese, where the signal's detail is templated. */
  readonly detailJa: string | undefined;
}

export interface LinkedApplication {
  readonly id: string;
  /** Its latest case, to open it from here. */
  readonly caseId: string | null;
  readonly domainName: string | null;
  readonly registrar: string;
  readonly receivedAt: Date;
  /** Attribute kinds it shares with this application (`phone_nearby`: a consecutive number). */
  readonly shares: readonly string[];
  /** Shared kinds whose value strangers share too (free mail, a big DNS host, a carrier's ASN): shown folded. */
  readonly widelyShared: readonly string[];
  /** Its name, address, phone… for the side-by-side comparison (personal data: viewing it is audited). */
  readonly details: KeyDetails;
  readonly label: 'fraud' | 'legitimate' | null;
  readonly caseState: CaseState | null;
}

export interface ApplicationReference {
  readonly id: string;
  readonly domainName: string | null;
  readonly name: string | null;
  readonly caseId: string | null;
}

export interface CampaignLink {
  readonly kind: string;
  /** The attribute's keyed hash, hex: names the campaign without showing the value. */
  readonly valueHash: string;
  readonly undecidedCases: number;
}

interface EkycRequestView {
  readonly id: string;
  readonly provider: string;
  readonly method: string;
  readonly state: string;
  readonly verificationUrl: string;
  readonly vendorReference: string | null;
  readonly checks: readonly { readonly check: string; readonly passed: boolean }[] | null;
  readonly requestedBy: string;
  readonly requestedAt: Date;
  readonly completedAt: Date | null;
}

export interface CaseDetail {
  readonly id: string;
  readonly state: CaseState;
  readonly storedState: CaseState;
  readonly outcome: Outcome;
  readonly score: number;
  readonly dueAt: Date;
  readonly breached: boolean;
  readonly claimedBy: string | null;
  readonly leaseUntil: Date | null;
  readonly proposal: { readonly decision: Decision; readonly reasonCode: string; readonly note: string; readonly by: string; readonly at: string } | null;
  readonly decision: 'approved' | 'rejected' | null;
  readonly decisionReason: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
  readonly ekycState: string | null;
  readonly createdAt: Date;
  readonly registrar: { readonly id: string; readonly name: string };
  readonly application: {
    readonly id: string;
    readonly externalId: string;
    readonly product: string;
    readonly domainName: string | null;
    readonly receivedAt: Date;
    readonly signupIp: string | null;
    readonly signupPort: number | null;
    readonly signupAt: Date | null;
    readonly body: Record<string, unknown>;
  };
  readonly assessment: { readonly outcome: Outcome; readonly score: number; readonly rulesVersion: string; readonly trigger: string; readonly createdAt: Date; readonly hits: readonly ExplainedHit[] } | null;
  /** This application's key details, beside which the linked ones are shown. */
  readonly details: KeyDetails;
  readonly linked: readonly LinkedApplication[];
  /** Applications the hit details name by id: their domain, name and case, to link them. */
  readonly referenced: ReadonlyMap<string, ApplicationReference>;
  readonly campaigns: readonly CampaignLink[];
  readonly events: readonly CaseEvent[];
  readonly ekyc: readonly EkycRequestView[];
  /** Whether an eKYC provider is configured (else the page says which settings are missing). */
  readonly ekycAvailable: boolean;
}

export interface DecisionInput {
  readonly decision: Decision;
  readonly reasonCode: string;
  readonly note: string;
}

/** A checked decision: its reason found in the review policy, its note trimmed. */
interface ValidDecision extends DecisionInput {
  readonly reason: ReviewPolicy['decisionReasons'][Decision][number];
}

/** What a decision did: decided, or (an override approval) waiting for a second reviewer. */
export type DecisionResult = { readonly status: 'decided'; readonly decision: 'approved' | 'rejected' } | { readonly status: 'awaiting_second_approval' };

export interface BulkResult {
  readonly matched: number;
  readonly decided: number;
  readonly awaitingSecondApproval: number;
  /** Claimed by another reviewer, or escalated and proposed by this one: left alone. */
  readonly skipped: number;
}

export interface ReviewMetrics {
  readonly backlog: number;
  readonly breachedNow: number;
  readonly byState: Readonly<Record<CaseState, number>>;
  readonly decisionsPerDay: readonly { readonly day: string; readonly approved: number; readonly rejected: number }[];
  readonly timeToDecision: { readonly decided: number; readonly medianSeconds: number | null; readonly p90Seconds: number | null };
  /** Decided after their due time, in the last 30 days. */
  readonly decidedLate: number;
}

/** An eKYC provider as the case service sees it: it turns a request into a verification link. */
export interface EkycStarter {
  readonly name: string;
  verificationUrl(request: { readonly id: string; readonly method: string }): string;
}

export interface EkycResultInput {
  readonly requestId: string;
  readonly result: 'passed' | 'failed' | 'cancelled' | 'expired';
  readonly vendorReference: string;
  readonly checks: readonly { readonly check: string; readonly passed: boolean }[];
  readonly completedAt: Date;
}

interface CaseRow {
  id: string;
  application_id: string;
  client_id: string;
  state: CaseState;
  outcome: Outcome;
  score: number;
  due_at: Date;
  claimed_by: string | null;
  lease_until: Date | null;
  proposal: CaseDetail['proposal'];
  decision: 'approved' | 'rejected' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  ekyc_state: string | null;
  created_at: Date;
  /** The application's, for the registrar's callbacks (joined in, see CASE_WITH_APPLICATION). */
  external_id: string;
  domain_name: string | null;
}

/** A case row with the application fields its callbacks name; `FOR UPDATE OF c` locks the case only. */
const CASE_WITH_APPLICATION = `SELECT c.*, a.external_id, a.domain_name FROM cases c JOIN applications a ON a.id = c.application_id`;

/** An application id quoted in a hit's detail. */
export const UUID_IN_TEXT = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/** The state a case is really in: a claim whose lease ran out is back where it was. */
const EFFECTIVE_STATE = `CASE WHEN c.state = 'claimed' AND c.lease_until <= now() THEN (CASE WHEN c.ekyc_state = 'requested' THEN 'ekyc_pending' ELSE 'open' END) ELSE c.state END`;

function effectiveState(row: Pick<CaseRow, 'state' | 'lease_until' | 'ekyc_state'>, now: Date): CaseState {
  if (row.state === 'claimed' && row.lease_until && row.lease_until <= now) return row.ekyc_state === 'requested' ? 'ekyc_pending' : 'open';
  return row.state;
}

/** When a case opened now for this outcome is due. */
export function caseDueAt(policy: ReviewPolicy, outcome: Outcome, from: Date): Date {
  const hours = outcome === 'allow' ? policy.slaHours.review : policy.slaHours[outcome];
  return new Date(from.getTime() + hours * 3_600_000);
}

/**
 * After a re-screening made an application's outcome worse: raises its open case (new outcome and
 * score, the earlier of the two due times) or, when none is open, opens one. Never a second open
 * case for one application. Inside the caller's transaction; returns the case and whether it is new.
 *
 * `at` is when the cause happened (a label's time, a rescan's start); the case and its event are
 * stamped with when they are written, which may be later (a queued re-screening), so a case never
 * appears to open before a decision it followed. Its due time keeps the SLA from the opening.
 */
export async function raiseOrOpenCase(
  manager: EntityManager,
  change: { readonly applicationId: string; readonly clientId: string; readonly outcome: Outcome; readonly score: number; readonly dueAt: Date; readonly reason: string; readonly data: Record<string, unknown>; readonly at: Date },
): Promise<{ caseId: string; opened: boolean }> {
  const now = new Date();
  const delay = Math.max(0, now.getTime() - change.at.getTime());
  const dueAt = new Date(change.dueAt.getTime() + delay);
  const data = delay >= 1000 ? { ...change.data, causeAt: change.at.toISOString() } : change.data;
  const open: { id: string }[] = await manager.query(`SELECT id FROM cases WHERE application_id = $1 AND state <> 'decided' ORDER BY created_at DESC LIMIT 1 FOR UPDATE`, [change.applicationId]);
  if (open[0]) {
    await manager.query(`UPDATE cases SET outcome = $2, score = $3, due_at = LEAST(due_at, $4), updated_at = $5 WHERE id = $1`, [open[0].id, change.outcome, change.score, dueAt, now]);
    await appendCaseEvent(manager, open[0].id, 'raised', 'shinsa', change.reason, { ...data, outcome: change.outcome }, now);
    return { caseId: open[0].id, opened: false };
  }
  const caseId = randomUUID();
  await manager.query(`INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $7)`, [
    caseId,
    change.applicationId,
    change.clientId,
    change.outcome,
    change.score,
    dueAt,
    now,
  ]);
  await appendCaseEvent(manager, caseId, 'opened', 'shinsa', change.reason, data, now);
  return { caseId, opened: true };
}

/** Appends one event to a case's history (the table is append-only). */
export async function appendCaseEvent(manager: EntityManager, caseId: string, type: string, actor: string, reason: string | null, data: Record<string, unknown> | null, at: Date): Promise<void> {
  await manager.query(`INSERT INTO case_events (case_id, type, actor, reason, data, at) VALUES ($1, $2, $3, $4, $5, $6)`, [caseId, type, actor, reason, data, at]);
}

/** The review policy of a rule set; the service cannot run cases without one. */
export function reviewPolicyOf(rules: RuleSet): ReviewPolicy {
  if (!rules.review) throw new Error('the rules directory has no review.yaml (SLA hours, claim lease, decision reasons, eKYC methods): the service needs one');
  return rules.review;
}

/**
 * The review workflow: the queue, a case with everything a reviewer needs, and the changes
 * (claim, release, eKYC, escalate, decide, bulk decide), each one transaction that locks the case,
 * checks who may do what in which state, and appends a case event.
 */
export class CaseService {
  readonly policy: ReviewPolicy;

  constructor(
    private readonly dataSource: DataSource,
    readonly rules: RuleSet,
    private readonly audit: AuditLog,
    private readonly ekyc: EkycStarter | undefined,
  ) {
    this.policy = reviewPolicyOf(rules);
  }

  async queue(filter: QueueFilter): Promise<{ rows: QueueRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const state = filter.state ?? 'active';
    if (state === 'active') where.push(`q.effective_state <> 'decided'`);
    else if (state !== 'all') where.push(`q.effective_state = ${param(state)}`);
    if (filter.outcome) where.push(`q.outcome = ${param(filter.outcome)}`);
    if (filter.breached) where.push(`q.due_at < now() AND q.effective_state <> 'decided'`);
    if (filter.registrar) where.push(`k.name = ${param(filter.registrar)}`);
    if (filter.signal) {
      const signal = param(filter.signal);
      where.push(`(latest.hits @> jsonb_build_array(jsonb_build_object('signal', ${signal}::text)) OR latest.hits @> jsonb_build_array(jsonb_build_object('reason', ${signal}::text)))`);
    }
    const limit = param(Math.min(Math.max(filter.limit ?? 200, 1), 1000));
    const rows: {
      id: string;
      effective_state: CaseState;
      outcome: Outcome;
      score: number;
      due_at: Date;
      breached: boolean;
      claimed_by: string | null;
      ekyc_state: string | null;
      created_at: Date;
      domain_name: string | null;
      registrar: string;
      reasons: string[] | null;
      total: string;
    }[] = await this.dataSource.query(
      `WITH q AS (SELECT c.*, ${EFFECTIVE_STATE} AS effective_state FROM cases c)
       SELECT q.id, q.effective_state, q.outcome, q.score, q.due_at, (q.due_at < now() AND q.effective_state <> 'decided') AS breached,
              CASE WHEN q.effective_state = 'claimed' THEN q.claimed_by END AS claimed_by, q.ekyc_state, q.created_at,
              a.domain_name, k.name AS registrar,
              (SELECT array_agg(h->>'reason') FROM jsonb_array_elements(latest.hits) h) AS reasons,
              count(*) OVER () AS total
         FROM q
         JOIN applications a ON a.id = q.application_id
         JOIN api_clients k ON k.id = q.client_id
         LEFT JOIN LATERAL (SELECT hits FROM assessments s WHERE s.application_id = q.application_id ORDER BY s.created_at DESC, s.id DESC LIMIT 1) latest ON true
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY q.due_at, q.score DESC, q.id
        LIMIT ${limit}`,
      params,
    );
    return {
      total: Number(rows[0]?.total ?? 0),
      rows: rows.map((row) => ({
        id: row.id,
        state: row.effective_state,
        outcome: row.outcome,
        score: row.score,
        dueAt: row.due_at,
        breached: row.breached,
        claimedBy: row.claimed_by,
        ekycState: row.ekyc_state,
        createdAt: row.created_at,
        domainName: row.domain_name,
        registrar: row.registrar,
        reasons: row.reasons ?? [],
      })),
    };
  }

  async counts(): Promise<QueueCounts> {
    const rows: { state: CaseState; count: string; breached: string }[] = await this.dataSource.query(
      `SELECT ${EFFECTIVE_STATE} AS state, count(*) AS count, count(*) FILTER (WHERE c.due_at < now() AND c.state <> 'decided') AS breached FROM cases c GROUP BY 1`,
    );
    const byState = Object.fromEntries(CASE_STATES.map((state) => [state, 0])) as Record<CaseState, number>;
    let breached = 0;
    for (const row of rows) {
      byState[row.state] = Number(row.count);
      breached += Number(row.breached);
    }
    return { byState, breached };
  }

  /** The registrars (api client names) that have cases, for the queue filter. */
  async registrars(): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT DISTINCT k.name FROM api_clients k WHERE EXISTS (SELECT 1 FROM cases c WHERE c.client_id = k.id) ORDER BY 1`);
    return rows.map((row) => row.name);
  }

  /** A case with its application's personal data: the view is written to the audit log first. */
  async view(caseId: string, actor: Actor, route: string): Promise<CaseDetail> {
    const row = await this.findCase(this.dataSource, caseId);
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
      ekycAvailable: this.ekyc !== undefined,
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

  async claim(caseId: string, actor: Actor): Promise<void> {
    await this.change(caseId, actor, async (row, manager, now) => {
      const state = effectiveState(row, now);
      if (state === 'decided') throw new ApiError(ApiErrorCode.Conflict, 'this case is already decided');
      if (state === 'escalated') throw new ApiError(ApiErrorCode.Conflict, 'this case is escalated: a lead decides it');
      if (state === 'claimed' && row.claimed_by !== actor.login) throw new ApiError(ApiErrorCode.Conflict, `this case is claimed by ${row.claimed_by} until ${formatJst(row.lease_until!)}`);
      const leaseUntil = new Date(now.getTime() + this.policy.claimLeaseMinutes * 60_000);
      await manager.query(`UPDATE cases SET state = 'claimed', claimed_by = $2, lease_until = $3, updated_at = $4 WHERE id = $1`, [row.id, actor.login, leaseUntil, now]);
      const previous = row.state === 'claimed' && row.claimed_by !== actor.login ? { previousClaimant: row.claimed_by, leaseExpired: true } : {};
      await this.event(manager, row.id, state === 'claimed' ? 'claim_renewed' : 'claimed', actor.login, null, { leaseUntil: leaseUntil.toISOString(), ...previous }, now);
    });
  }

  async release(caseId: string, actor: Actor): Promise<void> {
    await this.change(caseId, actor, async (row, manager, now) => {
      this.requireClaim(row, actor, now);
      const back: CaseState = row.ekyc_state === 'requested' ? 'ekyc_pending' : 'open';
      await manager.query(`UPDATE cases SET state = $2, claimed_by = NULL, lease_until = NULL, updated_at = $3 WHERE id = $1`, [row.id, back, now]);
      await this.event(manager, row.id, 'released', actor.login, null, null, now);
    });
  }

  async escalate(caseId: string, actor: Actor, note: string): Promise<void> {
    const why = requiredNote(note);
    await this.change(caseId, actor, async (row, manager, now) => {
      this.requireClaim(row, actor, now);
      await manager.query(`UPDATE cases SET state = 'escalated', claimed_by = NULL, lease_until = NULL, proposal = NULL, updated_at = $2 WHERE id = $1`, [row.id, now]);
      await this.event(manager, row.id, 'escalated', actor.login, why, null, now);
    });
  }

  /** A lead sends an escalated case back to the queue (a refused proposal, a question answered). */
  async returnToQueue(caseId: string, actor: Actor, note: string): Promise<void> {
    const why = requiredNote(note);
    requireRole(actor, 'lead', 'returning an escalated case');
    await this.change(caseId, actor, async (row, manager, now) => {
      if (row.state !== 'escalated') throw new ApiError(ApiErrorCode.Conflict, 'only an escalated case can be returned to the queue');
      const back: CaseState = row.ekyc_state === 'requested' ? 'ekyc_pending' : 'open';
      await manager.query(`UPDATE cases SET state = $2, proposal = NULL, updated_at = $3 WHERE id = $1`, [row.id, back, now]);
      await this.event(manager, row.id, 'returned', actor.login, why, row.proposal ? { refusedProposal: row.proposal } : null, now);
    });
  }

  async requestEkyc(caseId: string, actor: Actor, method: string): Promise<{ ekycRequestId: string; verificationUrl: string }> {
    const provider = this.ekyc;
    if (!provider) throw new ApiError(ApiErrorCode.Conflict, `no eKYC provider is configured (set ${EKYC_SETTINGS})`);
    if (!this.policy.ekycMethods.some((entry) => entry.code === method)) {
      throw new ApiError(ApiErrorCode.InvalidApplication, `unknown eKYC method ${method}`, {
        errors: [{ field: 'method', message: `must be one of ${this.policy.ekycMethods.map((entry) => entry.code).join(', ')}` }],
      });
    }
    return this.change(caseId, actor, async (row, manager, now) => {
      this.requireClaim(row, actor, now);
      const id = randomUUID();
      const verificationUrl = provider.verificationUrl({ id, method });
      await manager.query(
        `INSERT INTO ekyc_requests (id, case_id, provider, method, state, verification_url, requested_by, requested_at) VALUES ($1, $2, $3, $4, 'requested', $5, $6, $7)`,
        [id, row.id, provider.name, method, verificationUrl, actor.login, now],
      );
      await manager.query(`UPDATE cases SET state = 'ekyc_pending', ekyc_state = 'requested', claimed_by = NULL, lease_until = NULL, updated_at = $2 WHERE id = $1`, [row.id, now]);
      await this.event(manager, row.id, 'ekyc_requested', actor.login, null, { ekycRequestId: id, method, provider: provider.name }, now);
      await this.outbox(manager, OutboxTopic.EkycRequested, row, { caseId: row.id, applicationId: row.application_id, ...applicationRef(row), ekycRequestId: id, method, verificationUrl }, now);
      return { ekycRequestId: id, verificationUrl };
    });
  }

  /** A vendor's result: recorded once (a repeated callback with the same result changes nothing). */
  async applyEkycResult(provider: string, input: EkycResultInput): Promise<{ caseId: string; changed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const requests: { id: string; case_id: string; state: string }[] = await manager.query(
        `SELECT id, case_id, state FROM ekyc_requests WHERE id = $1 AND provider = $2 FOR UPDATE`,
        [input.requestId, provider],
      );
      const request = requests[0];
      if (!request) throw new ApiError(ApiErrorCode.NotFound, 'no eKYC request with this id for this provider');
      if (request.state !== 'requested') {
        if (request.state === input.result) return { caseId: request.case_id, changed: false };
        throw new ApiError(ApiErrorCode.Conflict, `this eKYC request already has the result ${request.state}`);
      }
      const row = await this.findCase(manager, request.case_id, true);
      const now = new Date();
      await manager.query(`UPDATE ekyc_requests SET state = $2, vendor_reference = $3, checks = $4, completed_at = $5 WHERE id = $1`, [
        request.id,
        input.result,
        input.vendorReference,
        JSON.stringify(input.checks),
        input.completedAt,
      ]);
      const back = row.state === 'ekyc_pending' ? 'open' : row.state;
      await manager.query(`UPDATE cases SET ekyc_state = $2, state = $3, updated_at = $4 WHERE id = $1`, [row.id, input.result, back, now]);
      const failed = input.checks.filter((check) => !check.passed).map((check) => check.check);
      await this.event(manager, row.id, 'ekyc_result', `ekyc:${provider}`, input.result, { ekycRequestId: request.id, vendorReference: input.vendorReference, failedChecks: failed, checks: input.checks }, now);
      return { caseId: row.id, changed: true };
    });
  }

  async decide(caseId: string, actor: Actor, input: DecisionInput): Promise<DecisionResult> {
    const decision = this.validDecision(input);
    return this.change(caseId, actor, async (row, manager, now) => {
      const state = effectiveState(row, now);
      if (state === 'decided') throw new ApiError(ApiErrorCode.Conflict, 'this case is already decided');
      if (state === 'escalated') {
        requireRole(actor, 'lead', 'deciding an escalated case');
      } else {
        this.requireClaim(row, actor, now);
      }
      if (!reasonFitsEkyc(decision.reason, row.ekyc_state)) throw reasonMisfit(decision, row.ekyc_state);
      return this.applyDecision(manager, row, actor, decision, now);
    });
  }

  /** Decides every undecided case that shares one strong attribute (a campaign), with one note. */
  async bulkDecide(actor: Actor, campaign: { kind: string; valueHash: string }, input: DecisionInput): Promise<BulkResult> {
    requireRole(actor, 'lead', 'bulk decisions');
    const decision = this.validDecision(input);
    if (decision.reason.ekyc) {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'this reason depends on one case’s eKYC result', {
        errors: [{ field: 'reasonCode', message: `${decision.reasonCode} fits only a case whose eKYC ${decision.reason.ekyc === 'unfinished' ? 'was not completed' : decision.reason.ekyc}; decide those cases one by one` }],
      });
    }
    if (!(CAMPAIGN_KINDS as readonly string[]).includes(campaign.kind)) {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'not a campaign attribute', { errors: [{ field: 'kind', message: `must be one of ${CAMPAIGN_KINDS.join(', ')}` }] });
    }
    if (!/^[0-9a-f]{16,128}$/.test(campaign.valueHash)) {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'not an attribute hash', { errors: [{ field: 'valueHash', message: 'must be the hex hash shown on the case page' }] });
    }
    const result = await this.dataSource.transaction(async (manager) => {
      const rows: CaseRow[] = await manager.query(
        `${CASE_WITH_APPLICATION}
          WHERE c.state <> 'decided'
            AND c.application_id IN (SELECT a.application_id FROM attributes a WHERE a.kind = $1 AND a.value_hash = decode($2, 'hex'))
          ORDER BY c.id
          FOR UPDATE OF c`,
        [campaign.kind, campaign.valueHash],
      );
      const now = new Date();
      let decided = 0;
      let awaiting = 0;
      let skipped = 0;
      for (const row of rows) {
        const state = effectiveState(row, now);
        const ownProposal = state === 'escalated' && row.proposal?.by === actor.login && decision.decision === 'approve';
        if ((state === 'claimed' && row.claimed_by !== actor.login) || ownProposal) {
          skipped += 1;
          continue;
        }
        const outcome = await this.applyDecision(manager, row, actor, decision, now, true);
        if (outcome.status === 'decided') decided += 1;
        else awaiting += 1;
      }
      await this.audit.write(
        { actor: actor.login, action: AuditAction.BulkDecided, subjectType: 'campaign', subjectId: `${campaign.kind}:${campaign.valueHash}`, detail: { decision: decision.decision, reasonCode: decision.reasonCode, matched: rows.length, decided, awaitingSecondApproval: awaiting, skipped } },
        manager,
      );
      return { matched: rows.length, decided, awaitingSecondApproval: awaiting, skipped };
    });
    return result;
  }

  async metrics(): Promise<ReviewMetrics> {
    const [counts, perDay, timing] = await Promise.all([
      this.counts(),
      this.dataSource.query(
        `SELECT to_char(date_trunc('day', decided_at AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM-DD') AS day,
                count(*) FILTER (WHERE decision = 'approved') AS approved, count(*) FILTER (WHERE decision = 'rejected') AS rejected
           FROM cases WHERE state = 'decided' AND decided_at > now() - interval '14 days' GROUP BY 1 ORDER BY 1 DESC`,
      ) as Promise<{ day: string; approved: string; rejected: string }[]>,
      this.dataSource.query(
        `SELECT count(*) AS decided,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at)) AS p50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at)) AS p90,
                count(*) FILTER (WHERE decided_at > due_at) AS late
           FROM cases WHERE state = 'decided' AND decided_at > now() - interval '30 days'`,
      ) as Promise<{ decided: string; p50: number | null; p90: number | null; late: string }[]>,
    ]);
    const seconds = (value: number | string | null): number | null => (value === null ? null : Number(value));
    const backlog = CASE_STATES.filter((state) => state !== 'decided').reduce((sum, state) => sum + counts.byState[state], 0);
    return {
      backlog,
      breachedNow: counts.breached,
      byState: counts.byState,
      decisionsPerDay: perDay.map((row) => ({ day: row.day, approved: Number(row.approved), rejected: Number(row.rejected) })),
      timeToDecision: { decided: Number(timing[0]?.decided ?? 0), medianSeconds: seconds(timing[0]?.p50 ?? null), p90Seconds: seconds(timing[0]?.p90 ?? null) },
      decidedLate: Number(timing[0]?.late ?? 0),
    };
  }

  private validDecision(input: DecisionInput): ValidDecision {
    if (input.decision !== 'approve' && input.decision !== 'reject') {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'choose approve or reject', { errors: [{ field: 'decision', message: 'must be approve or reject' }] });
    }
    const reasons = this.policy.decisionReasons[input.decision];
    const reason = reasons.find((entry) => entry.code === input.reasonCode);
    if (!reason) {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'choose a reason from the list', {
        errors: [{ field: 'reasonCode', message: `must be one of ${reasons.map((reason) => reason.code).join(', ')}` }],
      });
    }
    return { decision: input.decision, reasonCode: input.reasonCode, note: requiredNote(input.note), reason };
  }

  /**
   * Four eyes: approving what the engine held or denied is a proposal until a lead other than the
   * proposer approves it too. Everything else decides at once.
   */
  private async applyDecision(manager: EntityManager, row: CaseRow, actor: Actor, input: ValidDecision, now: Date, bulk = false): Promise<DecisionResult> {
    if (input.decision === 'approve' && OVERRIDDEN_BY_APPROVAL.has(row.outcome)) {
      const proposal = row.state === 'escalated' ? row.proposal : null;
      if (proposal?.decision === 'approve' && proposal.by === actor.login) {
        throw new ApiError(ApiErrorCode.Forbidden, 'four eyes: you proposed this approval; another lead must approve it');
      }
      if (!(proposal?.decision === 'approve' && hasRole(actor, 'lead'))) {
        const next = { decision: 'approve', reasonCode: input.reasonCode, note: input.note, by: actor.login, at: now.toISOString() };
        await manager.query(`UPDATE cases SET state = 'escalated', proposal = $2, claimed_by = NULL, lease_until = NULL, updated_at = $3 WHERE id = $1`, [row.id, next, now]);
        await this.event(manager, row.id, 'approval_proposed', actor.login, input.note, { reasonCode: input.reasonCode, engineOutcome: row.outcome, ...(bulk ? { bulk: true } : {}) }, now);
        return { status: 'awaiting_second_approval' };
      }
    }
    const decision = input.decision === 'approve' ? 'approved' : 'rejected';
    const proposedBy = row.state === 'escalated' && row.proposal?.decision === input.decision ? row.proposal.by : null;
    await manager.query(
      `UPDATE cases SET state = 'decided', decision = $2, decision_reason = $3, decided_by = $4, decided_at = $5, claimed_by = NULL, lease_until = NULL, proposal = NULL, updated_at = $5 WHERE id = $1`,
      [row.id, decision, input.reasonCode, actor.login, now],
    );
    await this.event(manager, row.id, 'decided', actor.login, input.note, { decision, reasonCode: input.reasonCode, ...(proposedBy ? { proposedBy } : {}), ...(bulk ? { bulk: true } : {}) }, now);
    await recordLabel(manager, {
      id: randomUUID(),
      applicationId: row.application_id,
      verdict: decision === 'approved' ? 'legitimate' : 'fraud',
      source: `review:${input.reasonCode}`,
      evidenceUrl: null,
      note: input.note,
      clientId: null,
      reviewer: actor.login,
      outboxClientId: row.client_id,
      at: now,
    });
    const { reason } = input;
    await this.outbox(manager, OutboxTopic.CaseDecided, row, { caseId: row.id, applicationId: row.application_id, ...applicationRef(row), decision, reasonCode: reason.code, reason: reason.en, decidedAt: now.toISOString() }, now);
    return { status: 'decided', decision };
  }

  private requireClaim(row: CaseRow, actor: Actor, now: Date): void {
    const state = effectiveState(row, now);
    if (state === 'decided') throw new ApiError(ApiErrorCode.Conflict, 'this case is already decided');
    if (state === 'claimed' && row.claimed_by !== actor.login) throw new ApiError(ApiErrorCode.Conflict, `this case is claimed by ${row.claimed_by}; only they can act on it until their claim ends`);
    if (state !== 'claimed') throw new ApiError(ApiErrorCode.Conflict, 'claim the case first');
  }

  private async change<T>(caseId: string, actor: Actor, work: (row: CaseRow, manager: EntityManager, now: Date) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.findCase(manager, caseId, true);
      const result = await work(row, manager, new Date());
      await this.audit.write({ actor: actor.login, action: AuditAction.CaseChanged, subjectType: 'case', subjectId: row.id }, manager);
      return result;
    });
  }

  private async findCase(manager: EntityManager | DataSource, caseId: string, lock = false): Promise<CaseRow> {
    if (!isUuid(caseId)) throw new ApiError(ApiErrorCode.NotFound, 'no case with this id');
    const rows: CaseRow[] = await manager.query(`${CASE_WITH_APPLICATION} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`, [caseId.toLowerCase()]);
    if (!rows[0]) throw new ApiError(ApiErrorCode.NotFound, 'no case with this id');
    return rows[0];
  }

  private async event(manager: EntityManager, caseId: string, type: string, actor: string, reason: string | null, data: Record<string, unknown> | null, at: Date): Promise<void> {
    await appendCaseEvent(manager, caseId, type, actor, reason, data, at);
  }

  private async outbox<T extends OutboxTopic.CaseDecided | OutboxTopic.EkycRequested>(manager: EntityManager, topic: T, row: CaseRow, payload: OutboxPayload<T>, at: Date): Promise<void> {
    await appendOutbox(manager, { topic, clientId: row.client_id, applicationId: row.application_id, payload, at });
  }
}

/** The application a callback names. */
function applicationRef(row: CaseRow): { externalId: string; domain: string | null } {
  return { externalId: row.external_id, domain: row.domain_name };
}

function reasonMisfit(decision: ValidDecision, ekycState: string | null): ApiError {
  const needed = decision.reason.ekyc === 'unfinished' ? 'an eKYC that was requested and not completed' : `an eKYC that ${decision.reason.ekyc}`;
  return new ApiError(ApiErrorCode.InvalidApplication, `${decision.reasonCode} needs ${needed}`, {
    errors: [{ field: 'reasonCode', message: `this case's eKYC is ${ekycState ?? 'not requested'}: choose another reason` }],
  });
}

/** A reviewer's note: trimmed, 1 to 2,000 characters. */
export function requiredNote(note: string): string {
  const trimmed = (note ?? '').trim();
  if (trimmed.length === 0) throw new ApiError(ApiErrorCode.InvalidApplication, 'a note is required', { errors: [{ field: 'note', message: 'write why (it stays in the case history)' }] });
  if (trimmed.length > 2000) throw new ApiError(ApiErrorCode.InvalidApplication, 'the note is too long', { errors: [{ field: 'note', message: 'at most 2,000 characters' }] });
  return trimmed;
}

function requireRole(actor: Actor, role: ReviewerRole, what: string): void {
  if (!hasRole(actor, role)) throw new ApiError(ApiErrorCode.Forbidden, `${what} needs the ${role} role`);
}
