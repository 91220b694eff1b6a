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

/**
 * The scoring engine: pure and synchronous. Runs every signal of the rule set over an
 * application and the facts prepared for it, applies points, group caps, composites,
 * thresholds and ceilings, and explains each step as a hit.
 */
export class ScreeningEngine {
  constructor(
    readonly rules: RuleSet,
    private readonly knowledge: Knowledge,
  ) {}

  /** Screens one validated application; `prepared` passes views the caller has already parsed. */
  screen(application: Application, facts: ScreeningFacts = {}, prepared: PreparedViews = {}): Assessment {
    const { rules } = this;
    const view = new ApplicationView(application, prepared);
    const hits: { hit: Hit; groups: readonly string[] }[] = [];

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
    for (const { signal, group, params } of rules.signals) {
      context.params = params;
      for (const signalHit of signal.evaluate(context)) {
        const rule = rules.reasons.get(signalHit.reason);
        if (!rule) throw new Error(`signal ${signal.name} emitted undeclared reason ${signalHit.reason}`);
        hits.push({ hit: { signal: signal.name, points: rule.points, reason: signalHit.reason, detail: signalHit.detail }, groups: [group] });
      }
    }

    const fired = new Set(hits.map(({ hit }) => hit.reason));
    const groupOf = new Map(hits.map(({ hit, groups }) => [hit.reason, groups]));
    for (const composite of rules.composites) {
      if (!evaluateExpression(composite.expression, fired)) continue;
      const sources = composite.sources.filter((reason) => fired.has(reason));
      const groups = composite.group ? [composite.group] : [...new Set(sources.flatMap((reason) => groupOf.get(reason) ?? []))];
      hits.push({
        hit: { signal: 'composite', points: composite.points, reason: composite.reason, detail: `together: ${sources.join(', ')}` },
        groups,
      });
      fired.add(composite.reason);
      groupOf.set(composite.reason, groups);
    }

    const output: Hit[] = hits.map(({ hit }) => hit);
    let score = 0;
    const groupTotals = new Map<string, number>();
    for (const { hit, groups } of hits) {
      score += hit.points;
      const group = groups.length === 1 ? groups[0]! : undefined;
      if (group !== undefined) groupTotals.set(group, (groupTotals.get(group) ?? 0) + hit.points);
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

    const contributingGroups = new Set(hits.filter(({ hit }) => hit.points > 0).flatMap(({ groups }) => groups));
    for (const ceiling of rules.ceilings) {
      if (contributingGroups.size === 0) break;
      const onlyThose = [...contributingGroups].every((group) => ceiling.whenOnlyGroups.includes(group));
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
