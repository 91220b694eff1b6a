import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { describeLinked, kindWords } from './linked-ids';
import { otherRegistrants } from './shared-details.signal';

const rateSchema = z.strictObject({ hour: z.number().int().min(1).optional(), day: z.number().int().min(1).optional() });

/**
 * An attribute used by many other registrants within an hour or a day: the speed of a campaign
 * (one /24, one phone block, one device behind dozens of signups overnight), not of a household or
 * of a company registering its names in one sitting (its own applications do not count).
 */
export const burstSignal = defineSignal({
  name: 'linkage.burst',
  requires: 'linkageFacts',
  reasons: ['LINKED_BURST'],
  params: z.strictObject({
    /** Per attribute kind: other applications within the hour or the day from which it is a burst. */
    rates: z.record(z.string(), rateSchema),
    idsShown: z.number().int().min(0).default(5),
  }),
  evaluate(context): SignalHit[] {
    const bursts: string[] = [];
    const ids: string[] = [];
    for (const attribute of context.facts.linkage?.attributes ?? []) {
      const rate = context.params.rates[attribute.kind];
      if (!rate) continue;
      const others = otherRegistrants(attribute);
      if (rate.hour !== undefined && others.hour >= rate.hour) bursts.push(`${others.hour} other registrants with this ${kindWords(attribute.kind)} in the last hour`);
      else if (rate.day !== undefined && others.day >= rate.day) bursts.push(`${others.day} other registrants with this ${kindWords(attribute.kind)} in the last 24 hours`);
      else continue;
      ids.push(...attribute.linked);
    }
    if (bursts.length === 0) return [];
    const unique = [...new Set(ids)];
    const linked = describeLinked(unique, unique.length, context.params.idsShown);
    return [{ reason: 'LINKED_BURST', detail: `${bursts.join('; ')}${linked ? ` — ${linked}` : ''}` }];
  },
});
