import { z } from 'zod';
import type { DomainName } from '../../domain-name';
import { defineSignal, type SignalHit } from '../../signal';
import { screenedDomainName } from './screened-name';
import { BASE_RATE_LISTS, weighedFeatureHit, WEIGHED_BY_BASE_RATES } from './weighed-feature';

/** The base-rate features this signal weighs. */
export const HYPHEN_CHAIN_FEATURE = 'hyphen-chain';
export const LONG_LABEL_FEATURE = 'long-label';

export const labelShapeParams = z.strictObject({
  /** Hyphens in the label for DOMAIN_HYPHEN_CHAIN. */
  minHyphens: z.number().int().min(2).default(3),
  /** Characters in the label (ASCII form) for DOMAIN_LONG_LABEL. */
  minLongLabelLength: z.number().int().min(10).max(63).default(30),
  /** Evidence (nats) under a suffix the base rates do not measure (a country code). */
  unmeasuredEvidence: z.number().min(0).default(1),
});

/** Hyphens the applicant typed in the registrable label (counted in Unicode: an IDN's `xn--` is not typed). */
export function typedHyphens(name: DomainName): number {
  const label = name.labelUnicode;
  let hyphens = 0;
  for (let i = 0; i < label.length; i++) if (label.charCodeAt(i) === 45) hyphens++;
  return hyphens;
}

/** The label is at least `minLength` characters long (ASCII labels only). */
export function isLongLabel(name: DomainName, minLength: number): boolean {
  return !name.isIdn && name.label.length >= minLength;
}

/**
 * The shape of the registrable label: a chain of words joined by hyphens
 * (`secure-login-account-update-verify.com`) or a label of unusual length, each weighed by how often
 * the new and the phishing registrations of the suffix have it (rules/fitted/name-base-rates.yaml).
 */
export const labelShapeSignal = defineSignal({
  name: 'domain.label_shape',
  reasons: ['DOMAIN_HYPHEN_CHAIN', 'DOMAIN_LONG_LABEL'],
  evidenceReasons: ['DOMAIN_HYPHEN_CHAIN', 'DOMAIN_LONG_LABEL'],
  fitted: WEIGHED_BY_BASE_RATES,
  lists: [...BASE_RATE_LISTS],
  usesBrands: true,
  params: labelShapeParams,
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name) return [];
    const { params } = context;
    const hits: SignalHit[] = [];
    const hyphens = typedHyphens(name);
    if (hyphens >= params.minHyphens) {
      hits.push(weighedFeatureHit(context, name, 'DOMAIN_HYPHEN_CHAIN', HYPHEN_CHAIN_FEATURE, `the label "${name.labelUnicode}" chains ${hyphens + 1} parts with hyphens`, params.unmeasuredEvidence));
    }
    if (isLongLabel(name, params.minLongLabelLength)) {
      hits.push(weighedFeatureHit(context, name, 'DOMAIN_LONG_LABEL', LONG_LABEL_FEATURE, `the label is ${name.label.length} characters long`, params.unmeasuredEvidence));
    }
    return hits;
  },
});
