import { describe, expect, it } from 'vitest';
import { signupIpSignal } from '../../../../src/engine/signals/network/signup-ip.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(signupIpSignal.name, () => {
  const sut = (ip: string | undefined) => reasonsOf(runSignal(signupIpSignal, anApplication({ signup: { ip } })));

  it('stays quiet on a public residential IPv4 or IPv6 address', () => {
    expect(sut('126.12.34.56')).toEqual([]);
    expect(sut('2400:4050:a1c2:b300::1')).toEqual([]);
    expect(sut('::ffff:126.12.34.56')).toEqual([]);
  });

  it('reports a signup without an IP, for the abuse desk', () => {
    expect(sut(undefined)).toEqual(['NETWORK_IP_MISSING']);
  });

  it('says nothing when no signup is described', () => {
    expect(reasonsOf(runSignal(signupIpSignal, anApplication({ signup: undefined })))).toEqual([]);
  });

  it('reports an address that does not parse', () => {
    expect(sut('126.12.34.256')).toEqual(['NETWORK_IP_INVALID']);
    expect(sut('unknown')).toEqual(['NETWORK_IP_INVALID']);
    expect(sut('126.12.34.56:51234')).toEqual(['NETWORK_IP_INVALID']);
  });

  it('reports IPv4 forms no HTTP stack produces', () => {
    expect(sut('0x7e.12.34.56')).toEqual(['NETWORK_IP_INVALID']);
    expect(sut('2114724408')).toEqual(['NETWORK_IP_INVALID']);
  });

  it('reports private, loopback, link-local and CGNAT-shared addresses', () => {
    for (const ip of ['10.0.0.5', '172.16.8.1', '192.168.1.10', '127.0.0.1', '169.254.10.20', '100.64.0.1', '100.127.255.254']) {
      expect(sut(ip), ip).toEqual(['NETWORK_IP_RESERVED']);
    }
  });

  it('reports the documentation ranges used in examples', () => {
    for (const ip of ['203.0.113.5', '198.51.100.7', '192.0.2.1', '2001:db8::1']) {
      expect(sut(ip), ip).toEqual(['NETWORK_IP_RESERVED']);
    }
  });

  it('reports unique-local, link-local IPv6, multicast and unspecified addresses', () => {
    for (const ip of ['fd12:3456:789a::1', 'fe80::1', '::1', 'ff02::1', '224.0.0.251', '0.0.0.0', '::']) {
      expect(sut(ip), ip).toEqual(['NETWORK_IP_RESERVED']);
    }
  });

  it('names the range in the detail', () => {
    const [hit] = runSignal(signupIpSignal, anApplication({ signup: { ip: '100.64.1.2' } }));
    expect(hit?.detail).toContain('100.64.0.0/10');
  });

  it('accepts the edges of the CGNAT range as public', () => {
    expect(sut('100.63.255.255')).toEqual([]);
    expect(sut('100.128.0.1')).toEqual([]);
  });
});
