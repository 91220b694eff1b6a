import { defineSignal, type SignalHit } from '../../signal';
import { namesLegalPerson } from '../brand-owners';
import { hasValidCheckDigit, normalizeCorporateNumber } from './corporate-number';

/**
 * The corporate number (法人番号) of an organisation registrant: well formed, with a correct check
 * digit, and present when the name says the organisation is a legal person (株式会社…, 〜法人). A
 * sole proprietor's trade name (山田商店) or an unincorporated group has no number, so its absence
 * says nothing there.
 */
export const corporateNumberSignal = defineSignal({
  name: 'organization.corporate_number',
  requires: 'registrant',
  reasons: ['ORG_CORPORATE_NUMBER_INVALID', 'ORG_CORPORATE_NUMBER_MISSING'],
  lists: ['corporate-forms'],
  evaluate({ application, view, list }): SignalHit[] {
    const registrant = application.registrant;
    if (!registrant) return [];
    const raw = registrant.organization?.corporateNumber;
    if (raw == null || raw.trim() === '') {
      if (!view.isOrganization) return [];
      const names = [registrant.organization?.name, registrant.organization?.nameEn].filter((name): name is string => !!name?.trim());
      const legal = names.find((name) => namesLegalPerson(name, list('corporate-forms')));
      if (legal) return [{ reason: 'ORG_CORPORATE_NUMBER_MISSING', detail: `${legal} names a legal person, which has a corporate number (法人番号), but gave none` }];
      // No name at all: nothing shows it is a sole proprietor either.
      return names.length === 0 ? [{ reason: 'ORG_CORPORATE_NUMBER_MISSING', detail: 'organisation registrant gave neither its name nor a corporate number (法人番号)' }] : [];
    }
    const number = normalizeCorporateNumber(raw);
    if (!number) return [{ reason: 'ORG_CORPORATE_NUMBER_INVALID', detail: 'corporate number (法人番号) is not 13 digits' }];
    if (!hasValidCheckDigit(number)) {
      return [{ reason: 'ORG_CORPORATE_NUMBER_INVALID', detail: 'corporate number (法人番号) fails its check digit: no such number can be issued' }];
    }
    return [];
  },
});
