import { defineSignal, type SignalHit } from '../../signal';
import { hasValidCheckDigit, normalizeCorporateNumber } from './corporate-number';

/**
 * The corporate number (法人番号) of an organisation registrant: well formed, with a correct check
 * digit, and present. Sole proprietors and unincorporated groups have none, so absence is weak.
 */
export const corporateNumberSignal = defineSignal({
  name: 'organization.corporate_number',
  requires: 'registrant',
  reasons: ['ORG_CORPORATE_NUMBER_INVALID', 'ORG_CORPORATE_NUMBER_MISSING'],
  evaluate({ application, view }): SignalHit[] {
    const registrant = application.registrant;
    if (!registrant) return [];
    const raw = registrant.organization?.corporateNumber;
    if (raw == null || raw.trim() === '') {
      return view.isOrganization ? [{ reason: 'ORG_CORPORATE_NUMBER_MISSING', detail: 'organisation registrant gave no corporate number (法人番号)' }] : [];
    }
    const number = normalizeCorporateNumber(raw);
    if (!number) return [{ reason: 'ORG_CORPORATE_NUMBER_INVALID', detail: 'corporate number (法人番号) is not 13 digits' }];
    if (!hasValidCheckDigit(number)) {
      return [{ reason: 'ORG_CORPORATE_NUMBER_INVALID', detail: 'corporate number (法人番号) fails its check digit: no such number can be issued' }];
    }
    return [];
  },
});
