import { z } from 'zod';
import type { AttributeLinkFacts } from '../../facts';
import { SHARED_BY_CONSTRUCTION_LISTS } from '../../linkage/shared-by-construction';
import { defineSignal, type SignalHit } from '../../signal';
import { describeLinked, kindWords } from './linked-ids';

/**
 * The applicant's own identity held the value well before any other registrant used it (a
 * company's address, a person's card): those who took it up later — a campaign copying a real
 * company, a thief using a card — are evidence against themselves, never against the holder. A
 * campaign's members reusing one fake registrant do not qualify: they hold nothing for days first.
 */
function heldFirst(attribute: AttributeLinkFacts, days: number): boolean {
  if ((attribute.sameIdentity ?? 0) === 0 || attribute.oldestSameDays === undefined) return false;
  return attribute.oldestSameDays - (attribute.oldestOtherDays ?? 0) >= days;
}

/** Other registrants (not the applicant's identity or household) that used the value in 30 days. */
export function otherRegistrants(attribute: AttributeLinkFacts): { hour: number; day: number; month: number } {
  return attribute.otherIdentities ?? attribute.earlier;
}

/**
 * Narrow details (card, device, SMS number, phone, mailbox, own mail domain, private nameservers,
 * street address) that other registrants used in the last 30 days. Reuse within the applicant's
 * own identity (a returning customer) or household counts for nothing, and so does a value its own
 * identity held days before the others (`heldFirst`); across distinct identities
 * it is the shape of a campaign — before any label. Each kind weighs by how personal it is (an
 * address is shared by neighbours, a card or device by nobody outside a household); the weights
 * of the kinds shared add up, each counting at most `perKindCap` other registrants; for the kinds
 * in `sameDay`, those of the last 24 hours weigh that instead (neighbours share a street address
 * over months, rarely on one day).
 */
export const sharedDetailsSignal = defineSignal({
  name: 'linkage.shared_details',
  requires: 'linkageFacts',
  reasons: ['LINKED_DETAILS_REUSED', 'LINKED_ACROSS_IDENTITIES'],
  // Declared so rule sets carry them: the intake leaves values on these lists out of linkage.
  lists: [...SHARED_BY_CONSTRUCTION_LISTS],
  params: z.strictObject({
    /** Narrow kinds and how much one other registrant sharing the value weighs. */
    kinds: z.record(z.string(), z.number().min(0).max(5)),
    /**
     * Kinds whose sharers in the last 24 hours weigh more than the month's: a street address a
     * neighbour used some day this month is common, one a stranger used today is not.
     */
    sameDay: z.record(z.string(), z.number().min(0).max(5)).default({}),
    /** Other registrants counted per kind at most. */
    perKindCap: z.number().int().min(1).default(2),
    /** Days the applicant's own identity must have held a value before others used it for their use not to count. */
    heldFirstDays: z.number().min(0).default(7),
    /** Weight from which it is shown (weak), and from which it is a campaign. */
    reused: z.number().min(0).default(1),
    campaign: z.number().min(0).default(2),
    idsShown: z.number().int().min(0).default(5),
  }),
  evaluate(context): SignalHit[] {
    let weight = 0;
    const parts: string[] = [];
    const ids: string[] = [];
    for (const attribute of context.facts.linkage?.attributes ?? []) {
      const kindWeight = context.params.kinds[attribute.kind];
      const { day, month: others } = otherRegistrants(attribute);
      if (kindWeight === undefined || others === 0 || heldFirst(attribute, context.params.heldFirstDays)) continue;
      const dayWeight = context.params.sameDay[attribute.kind];
      const today = dayWeight === undefined ? 0 : Math.min(day, context.params.perKindCap);
      weight += (dayWeight ?? 0) * today + kindWeight * Math.min(others - today, context.params.perKindCap - today);
      parts.push(`${kindWords(attribute.kind)} with ${others}${today > 0 ? ` (${day} in 24 h)` : ''}`);
      ids.push(...attribute.linked);
    }
    if (parts.length === 0 || weight < context.params.reused) return [];
    const unique = [...new Set(ids)];
    const linked = describeLinked(unique, unique.length, context.params.idsShown);
    const reason = weight >= context.params.campaign ? 'LINKED_ACROSS_IDENTITIES' : 'LINKED_DETAILS_REUSED';
    return [{ reason, detail: `shares its ${parts.join(', ')} other registrant application(s) in 30 days${linked ? `: ${linked}` : ''}` }];
  },
});
