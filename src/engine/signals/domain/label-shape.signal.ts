import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { screenedDomainName } from './screened-name';

/**
 * The shape of the registrable label: a chain of words joined by hyphens
 * (`secure-login-account-update-verify.com`, `resetting-support-account-amazon.com`) or a label of
 * unusual length. People name a shop or themselves in one to three words.
 */
export const labelShapeSignal = defineSignal({
  name: 'domain.label_shape',
  reasons: ['DOMAIN_HYPHEN_CHAIN', 'DOMAIN_LONG_LABEL'],
  usesBrands: true,
  params: z.strictObject({
    /** Hyphens in the label for DOMAIN_HYPHEN_CHAIN. */
    minHyphens: z.number().int().min(2).default(3),
    /** Characters in the label (ASCII form) for DOMAIN_LONG_LABEL. */
    minLongLabelLength: z.number().int().min(10).max(63).default(30),
  }),
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name) return [];
    // Count in the Unicode form: the `xn--` of an IDN label is not a hyphen the applicant typed.
    const label = name.labelUnicode;
    const hits: SignalHit[] = [];
    let hyphens = 0;
    for (let i = 0; i < label.length; i++) if (label.charCodeAt(i) === 45) hyphens++;
    if (hyphens >= context.params.minHyphens) {
      hits.push({ reason: 'DOMAIN_HYPHEN_CHAIN', detail: `the label "${label}" chains ${hyphens + 1} parts with hyphens` });
    }
    if (!name.isIdn && label.length >= context.params.minLongLabelLength) {
      hits.push({ reason: 'DOMAIN_LONG_LABEL', detail: `the label is ${label.length} characters long` });
    }
    return hits;
  },
});
