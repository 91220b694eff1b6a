import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { accountAgeDays, accountHistory, ageWords } from './account-age';

/**
 * An account the registrar has kept for years, with no fraud label on its applications: the
 * applicant is a customer with a history, not a signup of the day. The hit itself gives no points;
 * the credit is the composite ACCOUNT_IN_GOOD_STANDING, which the rules withhold when hard evidence
 * fired (a fraud link, a placeholder identity, a brand lookalike), so an aged or bought account
 * never excuses them. A reseller's standing says nothing about its client, so it is not counted.
 */
export const establishedAccountSignal = defineSignal({
  name: 'account.established',
  requires: 'account',
  reasons: ['ACCOUNT_ESTABLISHED'],
  params: z.strictObject({
    /** Age from which an account counts as established. */
    minDays: z.number().positive().default(365),
    /** It holds at least this many domains (an account opened years ago and never used is not a history). */
    minDomains: z.number().int().min(0).default(1),
  }),
  evaluate(context): SignalHit[] {
    const account = context.application.account;
    if (!account || account.reseller || account.domainCount < context.params.minDomains) return [];
    const days = accountAgeDays(account, context);
    if (days === undefined || days < context.params.minDays) return [];
    const history = accountHistory(context);
    if (history && history.fraudLabels.length > 0) return [];
    const abuse = history ? 'no fraud label on any application of the account' : 'no abuse known';
    return [{ reason: 'ACCOUNT_ESTABLISHED', detail: `a customer account opened ${ageWords(days)} ago holding ${account.domainCount} domain(s), ${abuse}` }];
  },
});
