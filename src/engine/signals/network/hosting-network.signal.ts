import { defineSignal, type SignalHit } from '../../signal';

const JP_HOSTING_ASNS = 'jp-hosting-asns';

/**
 * The signup came from a hosting, cloud or datacenter network: a VPS, proxy or VPN exit rather
 * than a subscriber line. Japanese hosters are named in the curated list (the shared datacenter
 * list misses most of them); a Japanese datacenter IP weighs as much as a foreign one.
 */
export const hostingNetworkSignal = defineSignal({
  name: 'network.hosting',
  requires: 'networkFacts',
  reasons: ['NETWORK_DATACENTER', 'NETWORK_JP_HOSTING'],
  lists: [JP_HOSTING_ASNS],
  evaluate({ facts, knowledge, list }): SignalHit[] {
    const network = facts.network;
    if (!network) return [];
    const { asn, asOrganization, inDatacenterRange } = network;
    const origin = asn === undefined ? 'an unknown AS' : `AS${asn}${asOrganization ? ` (${asOrganization})` : ''}`;
    // One hit only: the Japanese list is the more specific answer for an ASN on both lists.
    if (asn !== undefined && list(JP_HOSTING_ASNS).has(String(asn))) {
      return [{ reason: 'NETWORK_JP_HOSTING', detail: `signup IP belongs to ${origin}, a Japanese hosting or datacenter network` }];
    }
    if (asn !== undefined && knowledge.datacenters.isDatacenterAsn(asn)) {
      return [{ reason: 'NETWORK_DATACENTER', detail: `signup IP belongs to ${origin}, a hosting or datacenter network` }];
    }
    if (inDatacenterRange) {
      return [{ reason: 'NETWORK_DATACENTER', detail: `signup IP is inside a known datacenter range (origin ${origin})` }];
    }
    return [];
  },
});
