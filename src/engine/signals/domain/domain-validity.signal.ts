import { defineSignal, type SignalHit } from '../../signal';

/**
 * The requested name is not a registrable hostname (bad characters, an IP address, a bare public
 * suffix…). A registrar's order form should never let one through, so an application carrying one
 * was made by hand or by a script that skips the form.
 */
export const domainValiditySignal = defineSignal({
  name: 'domain.validity',
  reasons: ['DOMAIN_INVALID'],
  evaluate({ view }): SignalHit[] {
    const result = view.domainName;
    if (!result || result.ok) return [];
    return [{ reason: 'DOMAIN_INVALID', detail: `the requested domain name is not a registrable hostname: ${result.reason}` }];
  },
});
