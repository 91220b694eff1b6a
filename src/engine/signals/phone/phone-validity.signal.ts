import { defineSignal, type SignalHit } from '../../signal';

/** The registrant's contact number: present, a real number, and Japanese. */
export const phoneValiditySignal = defineSignal({
  name: 'phone.validity',
  requires: 'registrant',
  reasons: ['PHONE_MISSING', 'PHONE_INVALID', 'PHONE_NON_JP'],
  evaluate({ application, view }): SignalHit[] {
    if (!application.registrant) return [];
    const phone = view.contactPhone;
    if (!phone) return [{ reason: 'PHONE_MISSING', detail: 'no contact phone number given' }];
    if (!phone.valid) return [{ reason: 'PHONE_INVALID', detail: 'contact phone number is not a valid number' }];
    const country = phone.number?.country;
    if (country !== 'JP') {
      return [{ reason: 'PHONE_NON_JP', detail: `contact phone number is from ${country ?? 'an unknown country'} (+${phone.number?.countryCallingCode})` }];
    }
    return [];
  },
});
