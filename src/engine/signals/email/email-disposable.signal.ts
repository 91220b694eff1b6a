import { defineSignal, type SignalHit } from '../../signal';
import { registrantEmailDomain } from './email-domain';

/**
 * A throw-away mailbox (mailinator, guerrillamail, 10minutemail…) on the bundled disposable-domain
 * lists: an address meant to be gone before the abuse report or the renewal notice arrives.
 */
export const emailDisposableSignal = defineSignal({
  name: 'email.disposable',
  requires: 'registrant',
  reasons: ['EMAIL_DISPOSABLE'],
  evaluate({ view, knowledge }): SignalHit[] {
    const domain = registrantEmailDomain(view);
    if (!domain) return [];
    const lists = knowledge.disposableEmail.listsContaining(domain);
    if (lists.length === 0) return [];
    return [{ reason: 'EMAIL_DISPOSABLE', detail: `e-mail domain ${domain} is a disposable-mail domain (on ${lists.join(', ')})` }];
  },
});
