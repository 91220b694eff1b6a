import { z } from 'zod';
import type { AttributeLinkFacts } from '../../facts';
import { defineSignal, type SignalHit } from '../../signal';
import { describeLinked, kindWords } from './linked-ids';

const kindSchema = z.strictObject({
  /** A fraud label's weight halves every this many days (IPs change hands in days, card numbers don't). */
  halfLifeDays: z.number().positive(),
  /** How much sharing this kind of value with a fraud case says, 0–1. */
  weight: z.number().min(0).max(1),
});

/**
 * The fraud labels that speak about this applicant through the value: all of them, except labels
 * on another registrant that took the value up at least `heldFirstDays` after the applicant's own
 * identity first used it (a campaign that copied a real company's address or card taints the
 * campaign, not the company). A campaign's repeated fake registrant holds nothing days before its
 * fellow members, so their labels count against it.
 */
function labelsAgainst(attribute: AttributeLinkFacts, heldFirstDays: number): AttributeLinkFacts['fraudLabels'] {
  const held = (attribute.sameIdentity ?? 0) > 0 ? attribute.oldestSameDays : undefined;
  if (held === undefined) return attribute.fraudLabels;
  return attribute.fraudLabels.filter((label) => label.sameIdentity !== false || label.usedDaysAgo === undefined || held - label.usedDaysAgo < heldFirstDays);
}

/** The reputation one attribute carries from fraud labels: decayed, combined, weighted. */
function attributeReputation(attribute: AttributeLinkFacts, kind: z.infer<typeof kindSchema>, heldFirstDays: number): number {
  const labels = labelsAgainst(attribute, heldFirstDays);
  if (labels.length === 0) return 0;
  let clean = 1;
  for (const label of labels) clean *= 1 - 0.5 ** (label.ageHours / 24 / kind.halfLifeDays);
  return kind.weight * (1 - clean);
}

/**
 * The application shares a narrow detail with applications labelled fraud (by reviewers or abuse
 * reports). Each label's weight decays with a half-life per attribute kind, set in the rules. The
 * rules name narrow kinds only: values shared by construction (free-mail domains, carrier
 * networks, big DNS hosts) are not even stored, so no label spreads through them.
 */
export const fraudLinkSignal = defineSignal({
  name: 'linkage.fraud_link',
  requires: 'linkageFacts',
  reasons: ['LINKED_TO_FRAUD', 'LINKED_TO_FRAUD_WEAK'],
  params: z.strictObject({
    kinds: z.record(z.string(), kindSchema),
    /** Reputation from which the link is strong, or at least worth a look. */
    strong: z.number().min(0).max(1).default(0.5),
    weak: z.number().min(0).max(1).default(0.15),
    /** Days the applicant's own identity must have held a value before others used it for their labels not to count. */
    heldFirstDays: z.number().min(0).default(7),
    idsShown: z.number().int().min(0).default(5),
  }),
  evaluate(context): SignalHit[] {
    let best = 0;
    const reasons: string[] = [];
    const ids: string[] = [];
    for (const attribute of context.facts.linkage?.attributes ?? []) {
      const kind = context.params.kinds[attribute.kind];
      if (!kind) continue;
      const reputation = attributeReputation(attribute, kind, context.params.heldFirstDays);
      if (reputation < context.params.weak) continue;
      best = Math.max(best, reputation);
      const labels = labelsAgainst(attribute, context.params.heldFirstDays);
      reasons.push(`${kindWords(attribute.kind)} (${labels.length} fraud label(s), reputation ${reputation.toFixed(2)})`);
      ids.push(...labels.map((label) => label.applicationId));
    }
    if (reasons.length === 0) return [];
    const unique = [...new Set(ids)];
    const linked = describeLinked(unique, unique.length, context.params.idsShown);
    return [{ reason: best >= context.params.strong ? 'LINKED_TO_FRAUD' : 'LINKED_TO_FRAUD_WEAK', detail: `shares its ${reasons.join(', ')} with fraud: ${linked}` }];
  },
});
