import type { Application } from './application';
import { ApplicationView, type PreparedViews } from './application-view';
import { evaluateExpression } from './rules/expression';
import type { RuleSet } from './rules/rule-set';
import type { ScreeningFacts } from './facts';
import type { Knowledge } from './knowledge';
import { OUTCOMES, mildestOf, outcomeRank, type Outcome } from './outcome';
import type { RuleList, SignalContext } from './signal';

/** One reason the score moved, with the points the rules gave it. */
export interface Hit {
  readonly signal: string;
  readonly points: number;
  readonly reason: string;
  readonly detail: string;
}

/** The assessment of one application (DESIGN §3.2). The service adds `caseId`. */
export interface Assessment {
  readonly externalId: string;
  readonly outcome: Outcome;
  readonly score: number;
  readonly rulesVersion: string;
  readonly hits: readonly Hit[];
}

const EMPTY_LIST: RuleList = { name: '', entries: [], has: () => false };

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
 * The scoring engine: pure and synchronous. Runs every signal of the rule set over an
 * application and the facts prepared for it, applies points, group caps, composites,
 * thresholds and ceilings, and explains each step as a hit.
 */
export class ScreeningEngine {
  /** Each signal's group as the one-element list a hit of it counts in (shared by all its hits). */
  private readonly signalGroups: readonly (readonly string[])[];

  constructor(
    readonly rules: RuleSet,
    private readonly knowledge: Knowledge,
  ) {
    this.signalGroups = rules.signals.map(({ group }) => [group]);
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
      list: (name) => rules.lists.get(name) ?? EMPTY_LIST,
      brands: rules.brands,
    };
    const { signals } = rules;
    for (let index = 0; index < signals.length; index++) {
      const { signal, params } = signals[index]!;
      context.params = params;
      const signalHits = signal.evaluate(context);
      for (let at = 0; at < signalHits.length; at++) {
        const { reason, detail } = signalHits[at]!;
        const rule = rules.reasons.get(reason);
        if (!rule) throw new Error(`signal ${signal.name} emitted undeclared reason ${reason}`);
        hits.push({ signal: signal.name, points: rule.points, reason, detail });
        hitGroups.push(this.signalGroups[index]!);
        fired.add(reason);
      }
    }

    for (const composite of rules.composites) {
      if (!evaluateExpression(composite.expression, fired)) continue;
      const sources = composite.sources.filter((reason) => fired.has(reason));
      hits.push({ signal: 'composite', points: composite.points, reason: composite.reason, detail: `together: ${sources.join(', ')}` });
      hitGroups.push(composite.group ? [composite.group] : groupsOfSources(sources, hits, hitGroups));
      fired.add(composite.reason);
    }

    const output: Hit[] = hits.slice();
    let score = 0;
    const groupTotals = new Map<string, number>();
    // Groups of the hits that added points, in the order they first did.
    const contributingGroups: string[] = [];
    for (let index = 0; index < hits.length; index++) {
      const { points } = hits[index]!;
      const groups = hitGroups[index]!;
      score += points;
      if (groups.length === 1) groupTotals.set(groups[0]!, (groupTotals.get(groups[0]!) ?? 0) + points);
      if (points > 0) for (const group of groups) if (!contributingGroups.includes(group)) contributingGroups.push(group);
    }
    for (const [group, total] of groupTotals) {
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
