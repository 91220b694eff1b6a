import { defineSignal, type SignalHit } from '../../signal';

const LIST = 'placeholder-phone-numbers';

/**
 * A contact number typed to get through a form: repeated or counting digits (090-1234-5678,
 * 03-1111-1111, 0000-0000; rules/lists/placeholder-phone-numbers), in any notation the parser
 * reads (full-width digits, +81, dashes or none). Only valid Japanese numbers are compared: an
 * invalid one is PHONE_INVALID already.
 */
export const placeholderPhoneSignal = defineSignal({
  name: 'phone.placeholder',
  requires: 'registrant',
  reasons: ['PHONE_PLACEHOLDER'],
  lists: [LIST],
  evaluate({ view, list }): SignalHit[] {
    const phone = view.contactPhone;
    if (!phone?.valid || phone.number?.country !== 'JP') return [];
    const national = `0${phone.number.nationalNumber}`;
    const pattern = list(LIST).entries.find((entry) => national.endsWith(entry));
    if (!pattern) return [];
    return [{ reason: 'PHONE_PLACEHOLDER', detail: `the contact number ${phone.number.formatNational()} ends in ${pattern}, digits typed to fill a form` }];
  },
});
