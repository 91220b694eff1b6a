import { defineSignal, type SignalHit } from '../../signal';
import { listedDomain, registrantEmailDomain } from './email-domain';

/**
 * A Japanese mobile carrier's phone mail (docomo.ne.jp, ezweb.ne.jp, softbank.ne.jp…). It belongs
 * to one person's handset, rejects PC mail by default (registrar and abuse notices bounce) and
 * lapses with the contract. For an individual it is common and weak; an organisation's contact
 * address on one person's phone is odder.
 */
export const emailCarrierMailSignal = defineSignal({
  name: 'email.carrier_mail',
  requires: 'registrant',
  reasons: ['EMAIL_CARRIER_MAIL', 'EMAIL_CARRIER_MAIL_FOR_ORGANIZATION'],
  lists: ['carrier-mail-domains'],
  evaluate({ view, list }): SignalHit[] {
    const domain = registrantEmailDomain(view);
    const carrier = domain && listedDomain(list('carrier-mail-domains'), domain);
    if (!carrier) return [];
    return view.isOrganization
      ? [{ reason: 'EMAIL_CARRIER_MAIL_FOR_ORGANIZATION', detail: `an organisation registers with a mobile carrier's phone mail (${carrier})` }]
      : [{ reason: 'EMAIL_CARRIER_MAIL', detail: `the registrant uses a mobile carrier's phone mail (${carrier})` }];
  },
});
