import { z } from 'zod';
import type { AttributeLinkFacts } from '../../facts';
import { defineSignal, type SignalHit } from '../../signal';
import { describeLinked, kindWords } from './linked-ids';

const kindSchema = z.strictObject({
  /** A fraud label's weight halves every this many days (IPs change hands in days, card numbers don't). */
  halfLifeDays: z.number().positive(),
  /** How much sharing this kind of value with a fraud case says, 0–1. */
  weight: z.number().min(0).max(1),
  /**
   * Values many honest people share (a free-mail domain, a hosting company's nameservers, a
   * carrier's /24): once this many applications used the value in 30 days, fraud labels count
   * only if they are at least `minFraudShare` of them.
   */
  widelySharedAt: z.number().int().min(1).optional(),
  minFraudShare: z.number().min(0).max(1).default(0.2),
});

/** The reputation one attribute carries from fraud labels: decayed, combined, weighted. */
export function attributeReputation(attribute: AttributeLinkFacts, kind: z.infer<typeof kindSchema>): number {
  if (attribute.fraudLabels.length === 0) return 0;
  const widelyShared = kind.widelySharedAt !== undefined && attribute.earlier.month >= kind.widelySharedAt;
  if (widelyShared && attribute.fraudLabels.length / attribute.earlier.month < kind.minFraudShare) return 0;
  let clean = 1;
  for (const label of attribute.fraudLabels) clean *= 1 - 0.5 ** (label.ageHours / 24 / kind.halfLifeDays);
  return kind.weight * (1 - clean);
}

/**
 * The application shares an attribute with applications labelled fraud (by reviewers or abuse
 * reports). Each label's weight decays with a half-life per attribute kind, set in the rules.
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
    idsShown: z.number().int().min(0).default(5),
  }),
  evaluate(context): SignalHit[] {
    let best = 0;
    const reasons: string[] = [];
    const ids: string[] = [];
    for (const attribute of context.facts.linkage?.attributes ?? []) {
      const kind = context.params.kinds[attribute.kind];
      if (!kind) continue;
      const reputation = attributeReputation(attribute, kind);
      if (reputation < context.params.weak) continue;
      best = Math.max(best, reputation);
      reasons.push(`${kindWords(attribute.kind)} (${attribute.fraudLabels.length} fraud label(s), reputation ${reputation.toFixed(2)})`);
      ids.push(...attribute.fraudLabels.map((label) => label.applicationId));
    }
    if (reasons.length === 0) return [];
    const unique = [...new Set(ids)];
    const linked = describeLinked(unique, unique.length, context.params.idsShown);
    return [{ reason: best >= context.params.strong ? 'LINKED_TO_FRAUD' : 'LINKED_TO_FRAUD_WEAK', detail: `shares its ${reasons.join(', ')} with fraud: ${linked}` }];
  },
});
