import { z } from 'zod';
import type { DomainName } from '../../domain-name';
import { defineSignal, type SignalHit } from '../../signal';
import { labelNamesBrand } from '../brand/brand-findings';
import { screenedDomainName } from './screened-name';
import { BASE_RATE_LISTS, weighedFeatureHit, WEIGHED_BY_BASE_RATES } from './weighed-feature';

/** A spelled 属性型 suffix (`co-jp`, `nejp`): DOMAIN_JP_SUFFIX_IN_LABEL's, not counted again here. */
const SPELLED_JP_SUFFIX = /(?:co|ne|or|go|ac|ad|ed|gr|lg)-?jp(?![a-z])/;
/** Image formats, not Japan (`jpeg-tools`, `jpgmini`). */
const IMAGE_WORD = /^jpe?g/;
/** Parts this long or longer may carry `jp` glued at an end (`accesloginjp`, `jponlineuser`). */
const MIN_GLUED_PART = 6;
/** The base-rate feature this signal weighs. */
export const JP_TOKEN_FEATURE = 'jp-token';

/**
 * The part of the registrable label that spells `jp` as a word outside .jp: a part of its own
 * (`jp-update.top`, `service-jpn.xyz`) or `jp` glued to an end of a longer part
 * (`accesloginjp.net`, `jponlineuser.click`); undefined when there is none.
 */
export function jpTokenPart(name: DomainName): string | undefined {
  if (name.isIdn || name.tld === 'jp') return undefined;
  const { label } = name;
  if (!label.includes('jp') || SPELLED_JP_SUFFIX.test(label)) return undefined;
  const parts = label.split('-');
  for (const part of parts) {
    const alone = parts.length > 1 && (part === 'jp' || part === 'jpn');
    const glued = part.length >= MIN_GLUED_PART && !IMAGE_WORD.test(part) && (part.startsWith('jp') || part.endsWith('jp'));
    if (alone || glued) return part;
  }
  return undefined;
}

/**
 * The label with its jp token (jpTokenPart) taken out: a part of its own, or the `jp` glued to an
 * end of a longer part (`accesloginjp` → `acceslogin`).
 */
export function withoutJpToken(name: DomainName, label: string): string {
  const part = jpTokenPart(name);
  if (part === undefined) return label;
  const bare = part === 'jp' || part === 'jpn' ? '' : part.startsWith('jp') ? part.slice(2) : part.slice(0, -2);
  const parts = label.split('-');
  const at = parts.indexOf(part);
  if (at < 0) return label;
  parts[at] = bare;
  return parts.filter((piece) => piece !== '').join('-');
}

/**
 * `jp` as a word of a name outside .jp (jpTokenPart). Phishing aimed at Japan tags its names with
 * the country a .jp name would carry in its suffix (DESIGN §9); how much that weighs depends on how
 * often the new registrations of the suffix do it too (rules/fitted/name-base-rates.yaml). Beside a
 * protected brand's name it is the combosquat's affix, not counted again here.
 */
export const jpTokenSignal = defineSignal({
  name: 'domain.jp_token',
  reasons: ['DOMAIN_JP_IN_LABEL'],
  evidenceReasons: ['DOMAIN_JP_IN_LABEL'],
  fitted: WEIGHED_BY_BASE_RATES,
  lists: [...BASE_RATE_LISTS],
  usesBrands: true,
  params: z.strictObject({
    /** Evidence (nats) under a suffix the base rates do not measure (a country code). */
    unmeasuredEvidence: z.number().min(0).default(1),
  }),
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name) return [];
    const part = jpTokenPart(name);
    if (part === undefined || labelNamesBrand(context)) return [];
    return [weighedFeatureHit(context, name, 'DOMAIN_JP_IN_LABEL', JP_TOKEN_FEATURE, `"${part}" in ${name.registrableDomain} spells jp outside .jp`, context.params.unmeasuredEvidence)];
  },
});
