import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { describeLinked, kindWords } from './linked-ids';

/**
 * What the applicant's own identity history says. An identity (the organisation or person with
 * one of its contacts) that has registered before, over weeks, with no fraud label on any of its
 * applications is evidence for the applicant. A claim only one registrant can make (a corporate
 * number) that another registrant has made for a while, with none of this applicant's contacts,
 * is evidence against the newcomer: someone is using a real company's identity. The established
 * holder's own later applications share its contacts, so they are never hit.
 */
export const identitySignal = defineSignal({
  name: 'linkage.identity',
  requires: 'linkageFacts',
  reasons: ['IDENTITY_ESTABLISHED', 'IDENTITY_CLAIM_CONFLICT'],
  params: z.strictObject({
    /** Earlier applications of the identity, and days since its first, from which it is established. */
    established: z.strictObject({ applications: z.number().int().min(1), days: z.number().min(0) }),
    /** Kinds of claim another registrant cannot honestly make, and how long the other holder must have held it (days). */
    claims: z.record(z.string(), z.strictObject({ heldDays: z.number().min(0) })),
    idsShown: z.number().int().min(0).default(5),
  }),
  evaluate(context): SignalHit[] {
    const linkage = context.facts.linkage;
    if (!linkage) return [];
    const hits: SignalHit[] = [];
    for (const attribute of linkage.attributes) {
      const claim = context.params.claims[attribute.kind];
      if (!claim || attribute.sameIdentity === undefined || attribute.sameIdentity > 0) continue;
      if ((attribute.oldestOtherDays ?? 0) < claim.heldDays) continue;
      const linked = describeLinked(attribute.linked, attribute.linked.length, context.params.idsShown);
      hits.push({
        reason: 'IDENTITY_CLAIM_CONFLICT',
        detail: `its ${kindWords(attribute.kind)} has been another registrant's for ${Math.floor(attribute.oldestOtherDays ?? 0)} days, whose phone and mail this application does not share: ${linked}`,
      });
      break;
    }
    const identity = linkage.identity;
    const { applications, days } = context.params.established;
    if (hits.length === 0 && identity && identity.fraudLabels === 0 && identity.earlier >= applications && identity.firstSeenDays >= days) {
      hits.push({ reason: 'IDENTITY_ESTABLISHED', detail: `the same registrant (name or organisation with the same contact) applied ${identity.earlier} time(s) before, first ${Math.floor(identity.firstSeenDays)} days ago, with no fraud label` });
    }
    return hits;
  },
});
