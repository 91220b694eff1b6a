import { defineSignal, type SignalHit } from '../../signal';

/**
 * A reseller or agency account registers for its clients: their applications share the agency's
 * nameservers, mailbox, card or device without being one campaign. Shown so the reviewer reads the
 * linkage hits in that light; the linkage signals read `account.reseller` themselves.
 */
export const resellerAccountSignal = defineSignal({
  name: 'account.reseller',
  requires: 'account',
  reasons: ['ACCOUNT_RESELLER'],
  evaluate(context): SignalHit[] {
    const account = context.application.account;
    if (!account?.reseller) return [];
    return [{ reason: 'ACCOUNT_RESELLER', detail: `registered through a reseller or agency account holding ${account.domainCount} domain(s) for its clients: details its clients share through it are not campaign evidence` }];
  },
});
