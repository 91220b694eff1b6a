import type { ReplayAssessment, ReplayResult } from '../../app/replay/replay';
import { flagged, percent, table } from './report';
import { CAMPAIGN_SHAPES, LEGITIMATE_KINDS, type Truth } from './stream';

/*
 * Does a reason separate fraud from honest applicants? For each reason: how many legitimate
 * applicants of each kind and how many campaign members it hits on their first answer, and how many
 * it alone carried over the review threshold. The figures behind the points of the reasons that
 * punished normal behaviour (issue 16 item 5).
 */

export interface ReasonSeparation {
  readonly reason: string;
  /** Legitimate applications hit on their first answer, per kind. */
  readonly legitimateByKind: ReadonlyMap<string, number>;
  readonly legitimate: number;
  readonly legitimateFlagged: number;
  readonly legitimateTipped: number;
  readonly campaigns: number;
  /** Campaign members hit before their campaign's first label. */
  readonly campaignsBeforeLabel: number;
  readonly campaignsTipped: number;
}

function pointsOf(assessment: ReplayAssessment, reason: string): number {
  return assessment.hits.filter((hit) => hit.reason === reason).reduce((sum, hit) => sum + hit.points, 0);
}

function has(assessment: ReplayAssessment, reason: string): boolean {
  return assessment.hits.some((hit) => hit.reason === reason);
}

export function reasonSeparation(result: ReplayResult, truth: ReadonlyMap<string, Truth>, reasons: readonly string[], reviewThreshold: number): ReasonSeparation[] {
  const labelAt = new Map<string, Date>();
  for (const label of result.labels) {
    if (!('externalId' in label.event.target)) continue;
    const group = truth.get(label.event.target.externalId)?.group;
    if (group && !labelAt.has(group)) labelAt.set(group, label.event.at);
  }
  return reasons.map((reason) => {
    const legitimateByKind = new Map<string, number>();
    let legitimate = 0;
    let legitimateFlagged = 0;
    let legitimateTipped = 0;
    let campaigns = 0;
    let campaignsBeforeLabel = 0;
    let campaignsTipped = 0;
    for (const application of result.applications) {
      const found = truth.get(application.externalId);
      if (!found || !has(application.first, reason)) continue;
      const points = pointsOf(application.first, reason);
      const tipped = points > 0 && flagged(application.first.outcome) && application.first.score - points < reviewThreshold;
      if (found.fraud) {
        campaigns += 1;
        const label = labelAt.get(found.group);
        if (!label || application.receivedAt < label) campaignsBeforeLabel += 1;
        if (tipped) campaignsTipped += 1;
      } else {
        legitimate += 1;
        legitimateByKind.set(found.kind, (legitimateByKind.get(found.kind) ?? 0) + 1);
        if (flagged(application.first.outcome)) legitimateFlagged += 1;
        if (tipped) legitimateTipped += 1;
      }
    }
    return { reason, legitimateByKind, legitimate, legitimateFlagged, legitimateTipped, campaigns, campaignsBeforeLabel, campaignsTipped };
  });
}

/** The table: one row per reason, legitimate hits per kind beside campaign hits. */
export function reasonSeparationLines(rows: readonly ReasonSeparation[], truth: ReadonlyMap<string, Truth>): string[] {
  const kinds = LEGITIMATE_KINDS.map(({ kind }) => kind);
  const sizes = new Map<string, number>();
  for (const entry of truth.values()) sizes.set(entry.kind, (sizes.get(entry.kind) ?? 0) + 1);
  const legitimateTotal = [...truth.values()].filter((entry) => !entry.fraud).length;
  const campaignTotal = [...truth.values()].filter((entry) => entry.fraud).length;
  return [
    `Reasons on first answers: legitimate applicants hit per kind (of ${kinds.map((kind) => `${kind} ${sizes.get(kind) ?? 0}`).join(', ')}),`,
    `flagged with it / carried over the review threshold by it alone; campaign members hit (of ${campaignTotal} in ${CAMPAIGN_SHAPES.length} shapes), before their first label, tipped.`,
    ...table(
      ['reason', ...kinds, 'legit', 'flagged', 'tipped', 'campaign', 'before label', 'tipped'],
      rows.map((row) => [
        row.reason,
        ...kinds.map((kind) => String(row.legitimateByKind.get(kind) ?? 0)),
        `${row.legitimate} (${percent({ part: row.legitimate, whole: legitimateTotal })})`,
        String(row.legitimateFlagged),
        String(row.legitimateTipped),
        `${row.campaigns} (${percent({ part: row.campaigns, whole: campaignTotal })})`,
        String(row.campaignsBeforeLabel),
        String(row.campaignsTipped),
      ]),
    ),
  ];
}
