import { domainToUnicode } from 'node:url';
import type { DomainView } from '../../application-view';
import { defineSignal, type SignalHit } from '../../signal';
import { ORGANIZATION_MARKERS_LIST, organizationMarkers } from '../organization-markers';
import { englishNameForms, japaneseLabelSharesName, japaneseNameForms, labelSharesName } from './organization-name';

/** Second-level labels under a two-letter ccTLD that are part of the public suffix (example.co.uk, example.com.au). */
const CC_SECOND_LEVELS = new Set(['co', 'com', 'net', 'org', 'or', 'ne', 'ac', 'go', 'gov', 'edu', 'ltd', 'plc']);

/** The label the registrant chose: `example` in example.co.jp, example.jp, www.example.com. */
function registrableLabel(domain: DomainView): string | undefined {
  const { labels } = domain;
  const count = labels.length;
  if (count < 2) return undefined;
  const tld = labels[count - 1]!;
  const second = labels[count - 2]!;
  if (domain.jpType || (count >= 3 && tld.length === 2 && !domain.isJp && CC_SECOND_LEVELS.has(second))) return labels[count - 3];
  return second;
}

/**
 * An organisation's domain whose registrable label shares nothing with the organisation's name
 * (English name, romanised kana, initials, or sound). Informational: many brands differ from
 * their company's name. Quiet when the name cannot be compared (kanji only, no English name).
 */
export const nameDomainSignal = defineSignal({
  name: 'organization.name_domain',
  requires: 'registrant',
  reasons: ['ORG_NAME_DOMAIN_UNRELATED'],
  lists: [ORGANIZATION_MARKERS_LIST],
  evaluate({ application, view, list }): SignalHit[] {
    if (!view.isOrganization) return [];
    const domain = view.domain;
    const label = domain && registrableLabel(domain);
    const organization = application.registrant?.organization;
    if (!label || !organization) return [];
    const markers = organizationMarkers(list(ORGANIZATION_MARKERS_LIST));
    const unrelated = (shown: string): SignalHit[] => [
      { reason: 'ORG_NAME_DOMAIN_UNRELATED', detail: `the domain label "${shown}" shares nothing with the organisation's name` },
    ];

    if (label.startsWith('xn--')) {
      const unicodeLabel = domainToUnicode(label);
      const japanese = organization.name ? japaneseNameForms(organization.name, markers) : undefined;
      if (!japanese || japanese.core === '' || unicodeLabel === '') return [];
      if (japaneseLabelSharesName(unicodeLabel, japanese.core)) return [];
      const romanised = japaneseNameForms(unicodeLabel, markers).words.join('');
      if (romanised !== '' && labelSharesName(romanised, japanese)) return [];
      if (romanised !== '' && organization.nameEn && labelSharesName(romanised, englishNameForms(organization.nameEn, markers))) return [];
      return unrelated(unicodeLabel);
    }

    // English first: it settles most names without romanising kana (the costly step).
    const english = organization.nameEn ? englishNameForms(organization.nameEn, markers) : undefined;
    if (english && labelSharesName(label, english)) return [];
    const japanese = organization.name ? japaneseNameForms(organization.name, markers) : undefined;
    if (japanese && labelSharesName(label, japanese)) return [];
    return english?.comparable || japanese?.comparable ? unrelated(label) : [];
  },
});
