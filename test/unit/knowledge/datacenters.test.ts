import { beforeAll, describe, expect, it } from 'vitest';
import type { DatacenterNetworks } from '../../../src/engine/knowledge';
import {
  buildIpv4RangeSet,
  isInDatacenterRange,
  loadDatacenterIpv4Ranges,
  loadDatacenterNetworks,
  parseAsnList,
} from '../../../src/knowledge/datacenters';

const ip = (dotted: string): number => dotted.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);

describe(loadDatacenterNetworks.name, () => {
  let sut: DatacenterNetworks;

  beforeAll(() => {
    sut = loadDatacenterNetworks();
  });

  it.each([
    [16509, 'Amazon'],
    [15169, 'Google'],
    [14061, 'DigitalOcean'],
    [20473, 'Vultr (Choopa)'],
    [63949, 'Linode'],
    [9370, 'SAKURA Internet'],
    [7506, 'GMO Internet'],
    [4694, 'IDC Frontier'],
  ])('knows AS%i (%s) as a datacenter', (asn) => {
    expect(sut.isDatacenterAsn(asn)).toBe(true);
  });

  it.each([
    [2516, 'KDDI'],
    [4713, 'NTT OCN'],
    [17676, 'SoftBank'],
    [0, 'reserved'],
  ])('does not list the eyeball network AS%i (%s)', (asn) => {
    expect(sut.isDatacenterAsn(asn)).toBe(false);
  });

  // The upstream list misses these Japanese hosting ASNs; rules/ carries them.
  it.each([
    [7684, 'SAKURA Internet VPS/cloud'],
    [131965, 'Xserver'],
    [24282, 'KAGOYA'],
  ])('misses AS%i (%s)', (asn) => {
    expect(sut.isDatacenterAsn(asn)).toBe(false);
  });
});

describe(parseAsnList.name, () => {
  it('reads AS numbers with space- or tab-separated comments, skipping blanks and repeats', () => {
    const sut = parseAsnList('AS45090 # Tencent\nAS55286\t# SERVER-MANIA, CA\n\n# note\nas7506\nAS45090 # again\n', 'test');
    expect([...sut]).toEqual([45090, 55286, 7506]);
  });

  it('names the file and line of an unreadable entry', () => {
    expect(() => parseAsnList('AS1\nASX # bad\n', 'asn.txt')).toThrow('asn.txt:2: expected AS<number>, got "ASX # bad"');
  });
});

describe(buildIpv4RangeSet.name, () => {
  it('covers a CIDR from its first to its last address', () => {
    const sut = buildIpv4RangeSet('10.1.0.0/16\n', 'test');
    expect(sut.containsIpv4(ip('10.0.255.255'))).toBe(false);
    expect(sut.containsIpv4(ip('10.1.0.0'))).toBe(true);
    expect(sut.containsIpv4(ip('10.1.255.255'))).toBe(true);
    expect(sut.containsIpv4(ip('10.2.0.0'))).toBe(false);
  });

  it('merges overlapping and adjacent CIDRs given in any order', () => {
    const sut = buildIpv4RangeSet('10.0.1.0/24\n10.0.0.0/16\n10.1.0.0/16\n192.0.2.7/32\n', 'test');
    expect(sut.rangeCount).toBe(2);
    expect(sut.containsIpv4(ip('10.1.200.1'))).toBe(true);
    expect(sut.containsIpv4(ip('192.0.2.7'))).toBe(true);
    expect(sut.containsIpv4(ip('192.0.2.8'))).toBe(false);
  });

  it('handles the ends of the address space', () => {
    const sut = buildIpv4RangeSet('0.0.0.0/8\n255.255.255.0/24\n', 'test');
    expect(sut.containsIpv4(0)).toBe(true);
    expect(sut.containsIpv4(0xffffffff)).toBe(true);
    expect(sut.containsIpv4(ip('1.0.0.0'))).toBe(false);
  });

  it('clears host bits of a non-canonical CIDR', () => {
    const sut = buildIpv4RangeSet('10.0.0.77/24\n', 'test');
    expect(sut.containsIpv4(ip('10.0.0.0'))).toBe(true);
    expect(sut.containsIpv4(ip('10.0.0.255'))).toBe(true);
  });

  it.each(['10.0.0.0', '10.0.0.0/33', '256.0.0.0/8', '2001:db8::/32'])('rejects %j with its line number', (line) => {
    expect(() => buildIpv4RangeSet(`10.0.0.0/8\n${line}\n`, 'ipv4.txt')).toThrow(/^ipv4\.txt:2: expected an IPv4 CIDR/);
  });
});

describe(loadDatacenterIpv4Ranges.name, () => {
  it('loads the bundled ranges', () => {
    const sut = loadDatacenterIpv4Ranges();
    expect(sut.rangeCount).toBeGreaterThan(10_000);
    expect(sut.containsIpv4(ip('52.0.0.1'))).toBe(true);
  });
});

describe(isInDatacenterRange.name, () => {
  it.each([
    ['52.0.0.1', 'AWS'],
    ['8.8.8.8', 'Google'],
    ['160.16.0.1', 'SAKURA Internet AS9370'],
    ['118.27.0.1', 'GMO Internet (ConoHa)'],
    ['210.140.0.1', 'IDC Frontier'],
    ['::ffff:52.0.0.1', 'AWS, IPv4-mapped'],
  ])('finds %s (%s)', (address) => {
    expect(isInDatacenterRange(address)).toBe(true);
  });

  it.each([
    ['1.1.1.1', 'Cloudflare resolver'],
    ['106.128.0.1', 'KDDI'],
    ['126.0.0.1', 'SoftBank'],
    ['153.127.0.1', 'SAKURA Internet AS7684, missing upstream'],
    ['192.168.0.1', 'private'],
    ['2600:1f18::1', 'IPv6: the list has no IPv6 ranges'],
    ['not an ip', 'unparseable'],
  ])('does not find %s (%s)', (address) => {
    expect(isInDatacenterRange(address)).toBe(false);
  });
});
