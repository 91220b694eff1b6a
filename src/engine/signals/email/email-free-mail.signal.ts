import { defineSignal, type SignalHit } from '../../signal';
import { listedDomain, registrantEmailDomain } from './email-domain';

/**
 * An organisation registering with a free web-mail address. Small businesses do use Gmail or
 * Yahoo! Mail, so this is weak; it matters in combination, since a mailbox anyone can open in a
 * minute ties the organisation to nothing. Individuals using free mail are not a hit.
 */
export const emailFreeMailSignal = defineSignal({
  name: 'email.free_mail',
  requires: 'registrant',
  reasons: ['EMAIL_FREE_MAIL_FOR_ORGANIZATION'],
  lists: ['free-mail-domains'],
  evaluate({ view, list }): SignalHit[] {
    if (!view.isOrganization) return [];
    const domain = registrantEmailDomain(view);
    const provider = domain && listedDomain(list('free-mail-domains'), domain);
    if (!provider) return [];
    return [{ reason: 'EMAIL_FREE_MAIL_FOR_ORGANIZATION', detail: `an organisation registers with a free-mail address (${provider})` }];
  },
});
