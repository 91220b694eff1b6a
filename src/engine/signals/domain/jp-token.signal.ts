import { defineSignal, type SignalHit } from '../../signal';
import { screenedDomainName } from './screened-name';

/** A spelled 属性型 suffix (`co-jp`, `nejp`): DOMAIN_JP_SUFFIX_IN_LABEL's, not counted again here. */
const SPELLED_JP_SUFFIX = /(?:co|ne|or|go|ac|ad|ed|gr|lg)-?jp(?![a-z])/;
/** Image formats, not Japan (`jpeg-tools`, `jpgmini`). */
const IMAGE_WORD = /^jpe?g/;
/** Parts this long or longer may carry `jp` glued at an end (`accesloginjp`, `jponlineuser`). */
const MIN_GLUED_PART = 6;

/**
 * `jp` as a word of a name outside .jp: a part of its own (`jp-update.top`, `amauozpn-jp.com`,
 * `service-jpn.xyz`) or glued to the start or end of a longer part (`accesloginjp.net`,
 * `jponlineuser.click`). Phishing aimed at Japan tags its names with the country a .jp name would
 * carry in its suffix (DESIGN §9); an ordinary name outside .jp seldom does. Weak alone; a random or
 * improbable label with it reaches review.
 */
export const jpTokenSignal = defineSignal({
  name: 'domain.jp_token',
  reasons: ['DOMAIN_JP_IN_LABEL'],
  usesBrands: true,
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name || name.isIdn || name.tld === 'jp') return [];
    const { label } = name;
    if (!label.includes('jp') || SPELLED_JP_SUFFIX.test(label)) return [];
    const parts = label.split('-');
    for (const part of parts) {
      const alone = parts.length > 1 && (part === 'jp' || part === 'jpn');
      const glued = part.length >= MIN_GLUED_PART && !IMAGE_WORD.test(part) && (part.startsWith('jp') || part.endsWith('jp'));
      if (alone || glued) return [{ reason: 'DOMAIN_JP_IN_LABEL', detail: `"${part}" in ${name.registrableDomain} spells jp outside .jp` }];
    }
    return [];
  },
});
