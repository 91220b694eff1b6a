import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { describeLinked, kindWords } from './linked-ids';

/**
 * Registrant details other applications used in the last 30 days: campaigns reuse phones,
 * mailboxes, addresses and cards across many signups. Weak alone — a company registering its
 * brands reuses its details too — but it names the linked applications for the reviewer.
 */
export const sharedDetailsSignal = defineSignal({
  name: 'linkage.shared_details',
  requires: 'linkageFacts',
  reasons: ['LINKED_DETAILS_REUSED', 'LINKED_DETAILS_REUSED_WIDELY'],
  params: z.strictObject({
    /** Attribute kinds that identify a person or payer. */
    kinds: z.array(z.string()).min(1),
    /** Other applications in 30 days sharing one of them. */
    reused: z.number().int().min(1).default(1),
    widely: z.number().int().min(2).default(5),
    idsShown: z.number().int().min(0).default(5),
  }),
  evaluate(context): SignalHit[] {
    const shared = (context.facts.linkage?.attributes ?? []).filter((attribute) => context.params.kinds.includes(attribute.kind) && attribute.earlier.month >= context.params.reused);
    if (shared.length === 0) return [];
    const most = Math.max(...shared.map((attribute) => attribute.earlier.month));
    const parts = shared.map((attribute) => `${kindWords(attribute.kind)} with ${attribute.earlier.month}`);
    const ids = [...new Set(shared.flatMap((attribute) => attribute.linked))];
    const linked = describeLinked(ids, ids.length, context.params.idsShown);
    const reason = most >= context.params.widely ? 'LINKED_DETAILS_REUSED_WIDELY' : 'LINKED_DETAILS_REUSED';
    return [{ reason, detail: `shares its ${parts.join(', ')} other application(s) in 30 days${linked ? `: ${linked}` : ''}` }];
  },
});
