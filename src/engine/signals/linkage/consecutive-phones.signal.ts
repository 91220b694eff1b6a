import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { describeLinked } from './linked-ids';

/** Numbers a few apart, used by several signups in a short time: SIMs bought in bulk. */
export const consecutivePhonesSignal = defineSignal({
  name: 'linkage.consecutive_phones',
  requires: 'linkageFacts',
  reasons: ['LINKED_CONSECUTIVE_PHONES'],
  params: z.strictObject({
    /** Other applications with a nearby number from which it counts. */
    nearby: z.number().int().min(1).default(2),
    idsShown: z.number().int().min(0).default(5),
  }),
  evaluate(context): SignalHit[] {
    const facts = context.facts.linkage?.consecutivePhones;
    if (!facts || facts.nearby < context.params.nearby) return [];
    const linked = describeLinked(facts.linked, facts.nearby, context.params.idsShown);
    return [
      {
        reason: 'LINKED_CONSECUTIVE_PHONES',
        detail: `${facts.nearby} other application(s) in ${facts.windowHours} h used phone numbers within ${facts.span} of this one: ${linked}`,
      },
    ];
  },
});
