import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { describeLinked } from './linked-ids';
import { otherRegistrants } from './shared-details.signal';

/**
 * Numbers a few apart, used by several signups in a short time: SIMs bought in bulk. One such
 * number is enough (`oneAcrossIdentities`) when a registrant that is not the applicant's identity or
 * household used the same phone block (all but the last four digits) in the last 24 hours: two
 * strangers a few numbers apart on one day is not chance; a company's staff mobiles bought together
 * are one identity and do not count.
 */
export const consecutivePhonesSignal = defineSignal({
  name: 'linkage.consecutive_phones',
  requires: 'linkageFacts',
  reasons: ['LINKED_CONSECUTIVE_PHONES'],
  params: z.strictObject({
    /** Other applications with a nearby number from which it counts. */
    nearby: z.number().int().min(1).default(2),
    oneAcrossIdentities: z.boolean().default(false),
    idsShown: z.number().int().min(0).default(5),
  }),
  evaluate(context): SignalHit[] {
    const facts = context.facts.linkage?.consecutivePhones;
    if (!facts) return [];
    const block = context.facts.linkage?.attributes.find((attribute) => attribute.kind === 'phone_block');
    const strangerInBlock = context.params.oneAcrossIdentities && block !== undefined && otherRegistrants(block).day > 0;
    if (facts.nearby < context.params.nearby && !(strangerInBlock && facts.nearby >= 1)) return [];
    const linked = describeLinked(facts.linked, facts.nearby, context.params.idsShown);
    return [
      {
        reason: 'LINKED_CONSECUTIVE_PHONES',
        detail: `${facts.nearby} other application(s) in ${facts.windowHours} h used phone numbers within ${facts.span} of this one: ${linked}`,
      },
    ];
  },
});
