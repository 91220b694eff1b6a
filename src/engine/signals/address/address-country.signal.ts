import { defineSignal, type SignalHit } from '../../signal';

/**
 * JPRS requires a .jp registrant (generic, prefecture and organisational types alike) to have an
 * address in Japan. A foreign address is not suspicious in itself (a .com is fine), but for a .jp
 * name the registration is not allowed as submitted.
 */
export const addressCountrySignal = defineSignal({
  name: 'address.country',
  requires: 'registrant',
  reasons: ['ADDRESS_NON_JP_FOR_JP_DOMAIN'],
  evaluate({ application, view }): SignalHit[] {
    const country = application.registrant?.address?.country?.toUpperCase();
    if (!country || country === 'JP' || !view.domain?.isJp) return [];
    return [{ reason: 'ADDRESS_NON_JP_FOR_JP_DOMAIN', detail: `the registrant address is in ${country}, but a .jp registrant needs an address in Japan` }];
  },
});
