/** Outcomes in order of severity (docs/API.md, "Outcome"). The index is the rank. */
export const OUTCOMES = ['allow', 'review', 'hold', 'deny'] as const;

export type Outcome = (typeof OUTCOMES)[number];

export function outcomeRank(outcome: Outcome): number {
  return OUTCOMES.indexOf(outcome);
}

export function isOutcome(value: unknown): value is Outcome {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

/** The less severe of two outcomes. */
export function mildestOf(a: Outcome, b: Outcome): Outcome {
  return outcomeRank(a) <= outcomeRank(b) ? a : b;
}
