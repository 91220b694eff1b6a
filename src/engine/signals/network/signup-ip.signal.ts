import ipaddr from 'ipaddr.js';
import { defineSignal, type SignalHit } from '../../signal';

/**
 * ipaddr.js ranges a client's source address on the public Internet can never be in, with what a
 * reviewer should read. Everything else ipaddr.js names (`unicast`, and the `6to4` and `teredo`
 * tunnels, which are routable) is accepted.
 */
const RESERVED_RANGES: Readonly<Record<string, string>> = {
  unspecified: 'the unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast range',
  linkLocal: 'a link-local range',
  loopback: 'the loopback range',
  carrierGradeNat: 'the CGNAT shared range 100.64.0.0/10',
  private: 'a private range (RFC 1918)',
  reserved: 'a reserved or documentation range',
  as112: 'an AS112 anycast range',
  amt: 'an AMT relay anycast range',
  uniqueLocal: 'the unique-local range fc00::/7',
  deprecatedSiteLocal: 'the deprecated site-local range fec0::/10',
  discard: 'the discard prefix 100::/64',
  rfc6145: 'an IPv4/IPv6 translation range',
  rfc6052: 'the NAT64 range 64:ff9b::/96',
  benchmarking: 'a benchmarking range',
  as112v6: 'an AS112 anycast range',
  deprecatedOrchid: 'an ORCHID range',
  orchid2: 'an ORCHID range',
  droneRemoteIdProtocolEntityTags: 'a DRIP entity-tag range',
  segmentRouting: 'the segment-routing range 5f00::/16',
};

/**
 * The signup's source IP: present when a signup is described, well formed, and publicly routable.
 * A public webhook never sees private, loopback, CGNAT or documentation addresses unless the
 * integration forwards a proxy's address or the value is made up.
 */
export const signupIpSignal = defineSignal({
  name: 'network.signup_ip',
  requires: 'signup',
  reasons: ['NETWORK_IP_MISSING', 'NETWORK_IP_INVALID', 'NETWORK_IP_RESERVED'],
  evaluate({ application, view }): SignalHit[] {
    if (!application.signup) return [];
    const ip = view.signupIp;
    if (!ip) return [{ reason: 'NETWORK_IP_MISSING', detail: 'the signup gives no source IP: an abuse report could not be traced to this account' }];
    const text = ip.raw.trim();
    // ipaddr.js also accepts "8.8", "0x8.8.8.8" and "134744072"; no HTTP stack reports an address so.
    if (!ip.valid || (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text))) {
      return [{ reason: 'NETWORK_IP_INVALID', detail: 'the signup IP is not a valid IPv4 or IPv6 address' }];
    }
    const range = RESERVED_RANGES[ip.address.range()];
    return range ? [{ reason: 'NETWORK_IP_RESERVED', detail: `the signup IP ${ip.address.toString()} is in ${range}, never a public source address` }] : [];
  },
});
