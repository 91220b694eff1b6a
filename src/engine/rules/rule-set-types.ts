import type { Outcome } from '../outcome';
import type { AnySignal, RuleList } from '../signal';
import type { BrandCatalogue } from './brand-catalogue';
import type { Expression } from './expression';
import type { FeedPolicy } from './feed-policy';

// The shapes of a compiled rule set, and the few reads of them the rest of shinsa shares.

/** One file of a rule set, as read from disk: path relative to the rules directory, and text. */
export interface RuleFile {
  readonly path: string;
  readonly content: string;
  /**
   * `content` already parsed as YAML by the loader (a memo of an earlier parse of the same text);
   * parsed here when absent. The version is always the hash of `content`.
   */
  readonly document?: unknown;
}

export interface ReasonRule {
  readonly reason: string;
  readonly signal: string;
  readonly group: string;
  /** Fixed points; for a reason weighed by its evidence, the most it can give (`maxPoints`). */
  readonly points: number;
  /** Points per nat of a hit's evidence (rounded, between 0 and `points`); undefined for fixed points. */
  readonly pointsPerNat: number | undefined;
  readonly description: string | undefined;
}

/** The points a hit of a rule gives: fixed, or its evidence in nats times the rule's points per nat. */
export function pointsOfHit(rule: ReasonRule, evidence: number | undefined): number {
  if (rule.pointsPerNat === undefined) return rule.points;
  if (evidence === undefined || !Number.isFinite(evidence)) throw new Error(`reason ${rule.reason} is weighed by its evidence, but ${rule.signal} gave none`);
  return Math.min(rule.points, Math.max(0, Math.round(evidence * rule.pointsPerNat)));
}

export interface CompiledSignal {
  readonly signal: AnySignal;
  readonly group: string;
  readonly params: unknown;
}

export interface Composite {
  readonly reason: string;
  readonly group: string | undefined;
  readonly when: string;
  readonly expression: Expression;
  /** Reason codes that can make it fire; their groups are the composite's sources. */
  readonly sources: readonly string[];
  readonly points: number;
  readonly description: string | undefined;
}


/** A reason a reviewer gives for a decision, in both UI languages. */
export interface DecisionReason {
  readonly code: string;
  readonly en: string;
  readonly ja: string;
  /**
   * The eKYC result the reason needs on the case (`unfinished`: requested, then cancelled, expired
   * or still waiting); unset: it fits any case. Reasons that need one are not offered for bulk decisions.
   */
  readonly ekyc?: EkycCondition;
}

export const EKYC_CONDITIONS = ['passed', 'failed', 'unfinished'] as const;
export type EkycCondition = (typeof EKYC_CONDITIONS)[number];

/** Whether a decision reason fits a case whose latest eKYC state is `ekycState` (null: never requested). */
export function reasonFitsEkyc(reason: Pick<DecisionReason, 'ekyc'>, ekycState: string | null): boolean {
  if (!reason.ekyc) return true;
  if (reason.ekyc === 'unfinished') return ekycState === 'requested' || ekycState === 'cancelled' || ekycState === 'expired';
  return ekycState === reason.ekyc;
}

/** The review workflow's data: due times, the claim lease, decision reasons, eKYC methods. */
export interface ReviewPolicy {
  /** Hours from opening to due, per outcome that opens a case. */
  readonly slaHours: Readonly<Record<Exclude<Outcome, 'allow'>, number>>;
  /** An unattended claim returns to the queue after this long. */
  readonly claimLeaseMinutes: number;
  readonly decisionReasons: Readonly<Record<'approve' | 'reject', readonly DecisionReason[]>>;
  readonly ekycMethods: readonly DecisionReason[];
}

export interface Ceiling {
  readonly id: string;
  readonly whenOnlyGroups: readonly string[];
  readonly maxOutcome: Outcome;
  readonly description: string | undefined;
}

/** A validated rule set. Its version is the SHA-256 of its files. */
export interface RuleSet {
  readonly version: string;
  readonly signals: readonly CompiledSignal[];
  readonly reasons: ReadonlyMap<string, ReasonRule>;
  readonly groupCaps: ReadonlyMap<string, number | undefined>;
  readonly composites: readonly Composite[];
  /** Minimum score of each outcome above `allow`, ascending. */
  readonly thresholds: Readonly<Record<Exclude<Outcome, 'allow'>, number>>;
  readonly ceilings: readonly Ceiling[];
  readonly lists: ReadonlyMap<string, RuleList>;
  /** Fitted tables (`fitted/<name>.yaml`), as the schemas of the signals that read them compiled them. */
  readonly fitted: ReadonlyMap<string, unknown>;
  readonly brands: BrandCatalogue;
  /** How people work the cases the outcomes open (`review.yaml`); absent in a rule set without one. */
  readonly review: ReviewPolicy | undefined;
  /** What the threat-feed loop reads (`feeds.yaml`); absent in a rule set without one. */
  readonly feeds: FeedPolicy | undefined;
  /** The Japanese text of each reason code's description (`reason-texts-ja.yaml`), for the reviewer UI. */
  readonly reasonTextsJa: ReadonlyMap<string, string>;
  /** Japanese renderings of hit details (`hit-details-ja.yaml`), per reason code; see detailInJapanese. */
  readonly hitDetailsJa: ReadonlyMap<string, readonly DetailTranslation[]>;
  /** The effective rule set as plain data, for `shinsa rules dump`. */
  dump(): unknown;
}

/** A Japanese rendering of an English hit detail: the whole detail matches `pattern`; `ja` takes its groups as $1, $2… */
export interface DetailTranslation {
  readonly pattern: RegExp;
  readonly ja: string;
  /** Groups whose text `terms` translate before they are put in. */
  readonly translate: readonly number[];
  /** The file's phrase translations, applied in order (global patterns). */
  readonly terms: readonly { readonly pattern: RegExp; readonly ja: string }[];
}

/** A hit's detail in Japanese, from `hit-details-ja.yaml`; undefined when no pattern of its reason matches. */
export function detailInJapanese(rules: Pick<RuleSet, 'hitDetailsJa'>, hit: { readonly reason: string; readonly detail: string }): string | undefined {
  for (const translation of rules.hitDetailsJa.get(hit.reason) ?? []) {
    const match = translation.pattern.exec(hit.detail);
    if (!match) continue;
    return translation.ja.replace(/\$(\d)/g, (_, index: string) => {
      const group = match[Number(index)] ?? '';
      return translation.translate.includes(Number(index)) ? translation.terms.reduce((text, term) => text.replace(term.pattern, term.ja), group) : group;
    });
  }
  return undefined;
}
