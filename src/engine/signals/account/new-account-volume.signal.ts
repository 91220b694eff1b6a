import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { accountAgeDays, accountHistory, ageWords } from './account-age';

/**
 * A new account that already holds several domains, or applied for several in its first days:
 * campaigns open an account and register their names from it at once. A reseller registers for its
 * clients (that is its business), so it is left out.
 */
export const newAccountVolumeSignal = defineSignal({
  name: 'account.new_account_volume',
  requires: 'account',
  reasons: ['ACCOUNT_NEW_MANY_NAMES'],
  params: z.strictObject({
    /** An account younger than this is new. */
    maxDays: z.number().positive().default(7),
    /** Domains held (or, from history, applied for in the last day) from which a new account registers many. */
    manyNames: z.number().int().min(2).default(3),
  }),
  evaluate(context): SignalHit[] {
    const account = context.application.account;
    if (!account || account.reseller) return [];
    const days = accountAgeDays(account, context);
    if (days === undefined || days >= context.params.maxDays) return [];
    // This application is one more name; history counts the account's other applications of the day.
    const applied = (accountHistory(context)?.earlier.day ?? 0) + 1;
    const names = Math.max(account.domainCount + 1, applied);
    if (names < context.params.manyNames) return [];
    const how = applied >= names ? `${applied} applications from it in a day, this one included` : `${account.domainCount} domain(s) already held and this one`;
    return [{ reason: 'ACCOUNT_NEW_MANY_NAMES', detail: `a customer account opened ${ageWords(days)} ago registers many names fast: ${how}` }];
  },
});
