import { defineSignal, type SignalHit } from '../../signal';

/**
 * The signup's source port. Behind carrier-grade NAT many subscribers share one IP, so an abuse
 * desk needs IP, port and time to identify one; an IP without its port cannot be traced.
 */
export const sourcePortSignal = defineSignal({
  name: 'network.source_port',
  requires: 'signup',
  reasons: ['NETWORK_SOURCE_PORT_MISSING'],
  evaluate({ application }): SignalHit[] {
    const signup = application.signup;
    if (!signup?.ip || signup.ip.trim() === '') return [];
    if (signup.port == null) {
      return [{ reason: 'NETWORK_SOURCE_PORT_MISSING', detail: 'the signup IP came without its source port: behind CGNAT the IP alone does not identify a subscriber' }];
    }
    if (signup.port === 0) {
      return [{ reason: 'NETWORK_SOURCE_PORT_MISSING', detail: 'the signup source port is 0, which no connection uses: the real port was not recorded' }];
    }
    return [];
  },
});
