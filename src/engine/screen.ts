import type { Application } from './application';
import { ApplicationView, type PreparedViews } from './application-view';
import { evaluateExpression, positiveReasons, type Expression } from './rules/expression';
import { pointsOfHit, type RuleSet } from './rules/rule-set-types';
import type { ScreeningFacts } from './facts';
import type { Knowledge } from './knowledge';
import { OUTCOMES, mildestOf, outcomeRank, type Outcome } from './outcome';
import type { RuleList, SignalContext, SignalInput } from './signal';

/** One reason the score moved, with the points the rules gave it. */
export interface Hit {
  readonly signal: string;
  readonly points: number;
  readonly reason: string;
  readonly detail: string;
}

/** The assessment of one application (docs/API.md, "Assessment"). The service adds `caseId`. */
export interface Assessment {
  readonly externalId: string;
  readonly outcome: Outcome;
  readonly score: number;
  readonly rulesVersion: string;
  readonly hits: readonly Hit[];
}

const EMPTY_LIST: RuleList = { name: '', entries: [], has: () => false };

/** Bits of the parts a signal may require (Signal.requires); 0 for a signal that requires none. */
const INPUT_BITS: Readonly<Record<SignalInput, number>> = { registrant: 1, verification: 2, signup: 4, networkFacts: 8, linkageFacts: 16, account: 32 };

/** The parts of an application and its facts that are there, as INPUT_BITS. */
function presentInputs(application: Application, facts: ScreeningFacts): number {
  return (
    (application.registrant != null ? INPUT_BITS.registrant : 0) |
    (application.verification != null ? INPUT_BITS.verification : 0) |
    (application.signup != null ? INPUT_BITS.signup : 0) |
    (application.account != null ? INPUT_BITS.account : 0) |
    (facts.network != null ? INPUT_BITS.networkFacts : 0) |
    (facts.linkage != null ? INPUT_BITS.linkageFacts : 0)
  );
}

/** The groups a composite's sources count in: each source's latest hit's groups, without repeats. */
function groupsOfSources(sources: readonly string[], hits: readonly Hit[], hitGroups: readonly (readonly string[])[]): string[] {
  const groups: string[] = [];
  for (const reason of sources) {
    let at = hits.length - 1;
    while (at >= 0 && hits[at]!.reason !== reason) at--;
    if (at < 0) continue;
    for (const group of hitGroups[at]!) if (!groups.includes(group)) groups.push(group);
  }
  return groups;
}

/**
 * Each reason's composites as a bit mask (bit i: composite i mentions the reason outside a `not`),
 * when every composite needs one of those reasons fired to hold: true for an `and`/`or`/reference
 * whose operands without `not` can only hold with a reason fired. Undefined when some composite
 * might hold with nothing fired, or there are more composites than bits.
 */
function compositeTriggers(composites: RuleSet['composites']): Map<string, number> | undefined {
  if (composites.length > 30) return undefined;
  const triggers = new Map<string, number>();
  for (let index = 0; index < composites.length; index++) {
    const { expression } = composites[index]!;
    if (!needsAReason(expression)) return undefined;
    for (const reason of positiveReasons(expression)) triggers.set(reason, (triggers.get(reason) ?? 0) | (1 << index));
  }
  return triggers;
}

/** True when the expression is false while none of its reasons outside a `not` has fired. */
function needsAReason(expression: Expression): boolean {
  switch (expression.op) {
    case 'ref':
      return true;
    case 'not':
      return false;
    case 'and':
      return expression.operands.some(needsAReason);
    case 'or':
      return expression.operands.every(needsAReason);
  }
}

/**
 * The scoring engine: pure and synchronous. Runs every signal of the rule set over an
 * application and the facts prepared for it, applies points, group caps, composites,
 * thresholds and ceilings, and explains each step as a hit.
 */
export class ScreeningEngine {
  /** Each signal's group as the one-element list a hit of it counts in (shared by all its hits). */
  private readonly signalGroups: readonly (readonly string[])[];
  /** Each signal's required input as INPUT_BITS (0: always run). */
  private readonly requiredInputs: Uint8Array;
  private readonly list: (name: string) => RuleList;
  private readonly fitted: (name: string) => unknown;
  /**
   * For each reason, the composites (by index, as bits) it can make true: a composite is evaluated
   * only once one of its reasons outside a `not` has fired. Undefined (evaluate all) when some
   * composite can hold with none of them fired, or there are more composites than bits.
   */
  private readonly compositesOfReason: ReadonlyMap<string, number> | undefined;

  constructor(
    readonly rules: RuleSet,
    private readonly knowledge: Knowledge,
  ) {
    this.signalGroups = rules.signals.map(({ group }) => [group]);
    this.requiredInputs = Uint8Array.from(rules.signals, ({ signal }) => (signal.requires ? INPUT_BITS[signal.requires] : 0));
    this.list = (name) => rules.lists.get(name) ?? EMPTY_LIST;
    this.fitted = (name) => {
      const table = rules.fitted.get(name);
      if (table === undefined) throw new Error(`fitted table ${name} is not in the rule set`);
      return table;
    };
    this.compositesOfReason = compositeTriggers(rules.composites);
  }

  /** Screens one validated application; `prepared` passes views the caller has already parsed. */
  screen(application: Application, facts: ScreeningFacts = {}, prepared: PreparedViews = {}): Assessment {
    const { rules } = this;
    const view = new ApplicationView(application, prepared);
    // Hits and the groups each counts in, as parallel arrays (the hot path of every screening).
    const hits: Hit[] = [];
    const hitGroups: (readonly string[])[] = [];
    const fired = new Set<string>();

    // One context per screening; only `params` changes between signals (evaluation is synchronous).
    const context: { -readonly [K in keyof SignalContext<unknown>]: SignalContext<unknown>[K] } = {
      application,
      view,
      facts,
      knowledge: this.knowledge,
      params: undefined,
      list: this.list,
      fitted: this.fitted,
      brands: rules.brands,
    };
    const { signals } = rules;
    const { requiredInputs } = this;
    const present = presentInputs(application, facts);
    // Composites that some fired reason can make true (all of them when that is not known).
    const triggers = this.compositesOfReason;
    let candidates = triggers ? 0 : -1;
    for (let index = 0; index < signals.length; index++) {
      const required = requiredInputs[index]!;
      if (required !== 0 && (present & required) === 0) continue;
      const { signal, params } = signals[index]!;
      context.params = params;
      const signalHits = signal.evaluate(context);
      for (let at = 0; at < signalHits.length; at++) {
        const { reason, detail, evidence } = signalHits[at]!;
        const rule = rules.reasons.get(reason);
        if (!rule) throw new Error(`signal ${signal.name} emitted undeclared reason ${reason}`);
        hits.push({ signal: signal.name, points: pointsOfHit(rule, evidence), reason, detail });
        hitGroups.push(this.signalGroups[index]!);
        fired.add(reason);
        if (triggers) candidates |= triggers.get(reason) ?? 0;
      }
    }

    const { composites } = rules;
    for (let index = 0; index < composites.length; index++) {
      const composite = composites[index]!;
      if ((candidates & (1 << index)) === 0 || !evaluateExpression(composite.expression, fired)) continue;
      if (triggers) candidates |= triggers.get(composite.reason) ?? 0;
      // A loop into one array literal, not `filter`: joining filter's result met an array shape the
      // warm-up had not shown, and the whole screen function was deoptimised once per run.
      const sources: string[] = [];
      for (const reason of composite.sources) if (fired.has(reason)) sources.push(reason);
      hits.push({ signal: 'composite', points: composite.points, reason: composite.reason, detail: `together: ${sources.join(', ')}` });
      hitGroups.push(composite.group ? [composite.group] : groupsOfSources(sources, hits, hitGroups));
      fired.add(composite.reason);
    }

    const output: Hit[] = hits.slice();
    let score = 0;
    // Points per group, in the order groups first appear (a few groups: arrays, not a map).
    const totalGroups: string[] = [];
    const groupTotals: number[] = [];
    // Groups of the hits that added points, in the order they first did.
    const contributingGroups: string[] = [];
    for (let index = 0; index < hits.length; index++) {
      const { points } = hits[index]!;
      const groups = hitGroups[index]!;
      score += points;
      if (groups.length === 1) {
        const at = totalGroups.indexOf(groups[0]!);
        if (at < 0) {
          totalGroups.push(groups[0]!);
          groupTotals.push(points);
        } else {
          groupTotals[at]! += points;
        }
      }
      if (points > 0) for (const group of groups) if (!contributingGroups.includes(group)) contributingGroups.push(group);
    }
    for (let at = 0; at < totalGroups.length; at++) {
      const group = totalGroups[at]!;
      const total = groupTotals[at]!;
      const cap = rules.groupCaps.get(group);
      if (cap !== undefined && total > cap) {
        const cut = total - cap;
        score -= cut;
        output.push({ signal: 'cap', points: -cut, reason: 'GROUP_CAP', detail: `${group} signals total ${total}, capped at ${cap}` });
      }
    }

    let outcome: Outcome = OUTCOMES[0];
    for (const candidate of ['review', 'hold', 'deny'] as const) {
      if (score >= rules.thresholds[candidate]) outcome = candidate;
    }

    for (const ceiling of rules.ceilings) {
      if (contributingGroups.length === 0) break;
      const onlyThose = contributingGroups.every((group) => ceiling.whenOnlyGroups.includes(group));
      if (onlyThose && outcomeRank(outcome) > outcomeRank(ceiling.maxOutcome)) {
        output.push({
          signal: 'ceiling',
          points: 0,
          reason: ceiling.id,
          detail: `only ${ceiling.whenOnlyGroups.join('/')} signals fired: outcome limited from ${outcome} to ${ceiling.maxOutcome}`,
        });
        outcome = mildestOf(outcome, ceiling.maxOutcome);
      }
    }

    return { externalId: application.externalId, outcome, score, rulesVersion: rules.version, hits: output };
  }
}
