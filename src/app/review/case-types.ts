import type { Hit, Outcome } from '../../engine';
import type { KeyDetails } from './linked-comparison';
import type { ReviewerRole } from './reviewers';

/** The shapes of review cases: their states, who acts on them, and what the queue and a case page show. */

export const CASE_STATES = ['open', 'claimed', 'ekyc_pending', 'escalated', 'decided'] as const;
export type CaseState = (typeof CASE_STATES)[number];
export type Decision = 'approve' | 'reject';

/** Who acts: a signed-in reviewer. */
export interface Actor {
  readonly id: string;
  readonly login: string;
  readonly role: ReviewerRole;
}

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

export interface EkycRequestView {
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
