import { describe, expect, it } from 'vitest';
import type { NetworkFacts } from '../../../../src/engine';
import { hostingNetworkSignal } from '../../../../src/engine/signals/network/hosting-network.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal, shippedEngine } from '../../../support/engine';

describe(hostingNetworkSignal.name, () => {
  const hitsFor = (network: NetworkFacts | undefined) => runSignal(hostingNetworkSignal, anApplication(), network ? { network } : {});
  const sut = (network: NetworkFacts | undefined) => reasonsOf(hitsFor(network));

  it('stays quiet on residential Japanese carriers', () => {
    expect(sut({ asn: 17676, asOrganization: 'SoftBank Corp.', inDatacenterRange: false })).toEqual([]);
    expect(sut({ asn: 4713, asOrganization: 'NTT Communications Corporation' })).toEqual([]);
    expect(sut({ asn: 2516, asOrganization: 'KDDI CORPORATION' })).toEqual([]);
    expect(sut({ asn: 9605, asOrganization: 'NTT DOCOMO, INC.' })).toEqual([]);
  });

  it('says nothing without network facts', () => {
    expect(sut(undefined)).toEqual([]);
    expect(sut({})).toEqual([]);
  });

  it('reports a Japanese hosting ASN, naming the AS and organisation', () => {
    const hits = hitsFor({ asn: 9370, asOrganization: 'SAKURA Internet Inc.' });
    expect(reasonsOf(hits)).toEqual(['NETWORK_JP_HOSTING']);
    expect(hits[0]?.detail).toContain('AS9370 (SAKURA Internet Inc.)');
  });

  it('reports Japanese hosters the shared datacenter list misses', () => {
    expect(sut({ asn: 131965, asOrganization: 'Xserver Inc.' })).toEqual(['NETWORK_JP_HOSTING']);
    expect(sut({ asn: 24282, asOrganization: 'KAGOYA JAPAN Inc.' })).toEqual(['NETWORK_JP_HOSTING']);
    expect(sut({ asn: 9597, asOrganization: 'KDDI Web Communications Inc.' })).toEqual(['NETWORK_JP_HOSTING']);
  });

  it('reports a foreign or global datacenter ASN', () => {
    const hits = hitsFor({ asn: 14061, asOrganization: 'DigitalOcean, LLC' });
    expect(reasonsOf(hits)).toEqual(['NETWORK_DATACENTER']);
    expect(hits[0]?.detail).toContain('AS14061 (DigitalOcean, LLC)');
    expect(sut({ asn: 16509, asOrganization: 'Amazon.com, Inc.' })).toEqual(['NETWORK_DATACENTER']);
    expect(sut({ asn: 20473, asOrganization: 'The Constant Company, LLC' })).toEqual(['NETWORK_DATACENTER']);
  });

  it('reports an IP inside a datacenter range even when its ASN is not listed', () => {
    const hits = hitsFor({ asn: 64500, inDatacenterRange: true });
    expect(reasonsOf(hits)).toEqual(['NETWORK_DATACENTER']);
    expect(hits[0]?.detail).toContain('AS64500');
    expect(sut({ inDatacenterRange: true })).toEqual(['NETWORK_DATACENTER']);
  });

  it('weighs a Japanese datacenter like a foreign one', () => {
    const { reasons } = shippedEngine().rules;
    expect(reasons.get('NETWORK_JP_HOSTING')?.points).toBeGreaterThan(0);
    expect(reasons.get('NETWORK_JP_HOSTING')?.points).toBe(reasons.get('NETWORK_DATACENTER')?.points);
  });

  it('keeps the eyeball carriers out of the curated Japanese list', () => {
    const list = shippedEngine().rules.lists.get('jp-hosting-asns');
    expect(list?.has('9370')).toBe(true);
    for (const residential of ['4713', '2516', '17676', '9605', '10012', '2518']) expect(list?.has(residential), residential).toBe(false);
  });
});
