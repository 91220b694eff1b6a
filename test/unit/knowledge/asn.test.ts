import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NetworkFacts } from '../../../src/engine/facts';
import { createAsnDatabase, createNetworkEnricher, writeIpv4AsnIndex, type AsnDatabase, type NetworkEnricher } from '../../../src/knowledge/asn';
import { seededRandom } from '../../../src/bench/bench-support';

// Expectations are from the bundled @ip-location-db/asn data; a data update may move a few.
describe(createAsnDatabase.name, () => {
  let sut: AsnDatabase;
  const lookup = (address: string) => sut.lookup(ipaddr.parse(address));

  beforeAll(() => {
    sut = createAsnDatabase();
  });

  it('finds the row holding an IPv4 address, from its first to its last address', () => {
    // Row: 16777216,16777471,13335,"Cloudflare, Inc." (1.0.0.0 – 1.0.0.255)
    expect(lookup('1.0.0.0')).toEqual({ asn: 13335, organization: 'Cloudflare, Inc.' });
    expect(lookup('1.0.0.255')).toEqual({ asn: 13335, organization: 'Cloudflare, Inc.' });
  });

  it('returns undefined in a gap between IPv4 rows and below the first row', () => {
    expect(lookup('1.0.1.0')).toBeUndefined();
    expect(lookup('0.255.255.255')).toBeUndefined();
  });

  it('unquotes an organization with escaped quotes', () => {
    // Row: 35309568,35313663,201907,"LLC ""SPUTNIK"""
    expect(lookup('2.26.200.1')).toEqual({ asn: 201907, organization: 'LLC "SPUTNIK"' });
  });

  it('finds IPv6 rows across the 64-bit halves, up to the last address of a row', () => {
    expect(lookup('2001:200::')).toEqual({ asn: 2500, organization: 'WIDE Project' });
    expect(lookup('2001:200:1b9:ffff:ffff:ffff:ffff:ffff')).toEqual({ asn: 2500, organization: 'WIDE Project' });
    expect(lookup('2001:200:1ba::')).toEqual({ asn: 24047, organization: 'Internet Systems Consortium, Inc.' });
  });

  it('returns undefined for an IPv6 address no row covers', () => {
    expect(lookup('2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff')).toBeUndefined();
    expect(lookup('::')).toBeUndefined();
  });
});

describe(writeIpv4AsnIndex.name, () => {
  const fromCsv = createAsnDatabase({ ipv4IndexFile: '/nonexistent/asn-ipv4.index' });
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'shinsa-asn-'));
  });

  it('writes an index that answers every IPv4 look-up as the CSV does', () => {
    const file = path.join(directory, 'asn-ipv4.index');
    writeIpv4AsnIndex(file);
    const sut = createAsnDatabase({ ipv4IndexFile: file });
    const random = seededRandom(19);
    const addresses = ['1.0.0.0', '1.0.0.255', '1.0.1.0', '0.255.255.255', '2.26.200.1', '8.8.8.8', '255.255.255.255'];
    for (let index = 0; index < 5_000; index++) addresses.push(ipaddr.fromByteArray([0, 0, 0, 0].map(() => Math.floor(random() * 256))).toString());
    for (const address of addresses) expect(sut.lookup(ipaddr.parse(address)), address).toEqual(fromCsv.lookup(ipaddr.parse(address)));
    expect(sut.lookup(ipaddr.parse('2.26.200.1'))).toEqual({ asn: 201907, organization: 'LLC "SPUTNIK"' });
  });

  it('ignores an index built from other data, or a damaged one, and reads the CSV', () => {
    // Both indexes would answer "Cloudflare, Inx." if they were read.
    const misnamed = (file: string) => writeFileSync(file, readFileSync(file, 'latin1').replace('"Cloudflare, Inc."', '"Cloudflare, Inx."'), 'latin1');
    const stale = path.join(directory, 'stale.index');
    writeIpv4AsnIndex(stale, { package: '0.0.0', csvBytes: 1 });
    misnamed(stale);
    const truncated = path.join(directory, 'truncated.index');
    writeIpv4AsnIndex(truncated);
    misnamed(truncated);
    writeFileSync(truncated, readFileSync(truncated).subarray(0, -4));
    const current = path.join(directory, 'current.index');
    writeIpv4AsnIndex(current);
    misnamed(current);
    expect(createAsnDatabase({ ipv4IndexFile: current }).lookup(ipaddr.parse('1.0.0.1'))).toEqual({ asn: 13335, organization: 'Cloudflare, Inx.' });
    for (const file of [stale, truncated]) {
      expect(createAsnDatabase({ ipv4IndexFile: file }).lookup(ipaddr.parse('1.0.0.1')), file).toEqual({ asn: 13335, organization: 'Cloudflare, Inc.' });
    }
  });
});

describe(createNetworkEnricher.name, () => {
  let sut: NetworkEnricher;

  beforeAll(() => {
    sut = createNetworkEnricher();
  });

  it.each<[string, NetworkFacts]>([
    ['8.8.8.8', { asn: 15169, asOrganization: 'Google LLC', inDatacenterRange: true }],
    ['1.1.1.1', { asn: 13335, asOrganization: 'Cloudflare, Inc.', inDatacenterRange: false }],
    ['52.0.0.1', { asn: 16509, asOrganization: 'Amazon.com, Inc.', inDatacenterRange: true }],
    ['106.128.0.1', { asn: 2516, asOrganization: 'KDDI CORPORATION', inDatacenterRange: false }],
    ['153.232.0.1', { asn: 4713, asOrganization: 'NTT Communications Corporation', inDatacenterRange: false }],
    ['126.0.0.1', { asn: 17676, asOrganization: 'SoftBank Corp.', inDatacenterRange: false }],
  ])('gives the origin AS and datacenter range of %s', (address, facts) => {
    expect(sut.factsFor(address)).toEqual(facts);
  });

  it.each<[string, number, string]>([
    ['160.16.0.1', 9370, 'SAKURA Internet Inc.'],
    ['153.127.0.1', 7684, 'SAKURA Internet Inc.'],
    ['118.27.0.1', 7506, 'GMO Internet Group, Inc.'],
    ['183.90.224.1', 131965, 'Xserver Inc.'],
    ['210.140.0.1', 4694, 'IDC Frontier Inc.'],
  ])('finds the Japanese hosting address %s in AS%i', (address, asn, asOrganization) => {
    expect(sut.factsFor(address)).toMatchObject({ asn, asOrganization });
  });

  it('reads an IPv4-mapped IPv6 address as IPv4', () => {
    expect(sut.factsFor('::ffff:8.8.8.8')).toEqual(sut.factsFor('8.8.8.8'));
  });

  it('leaves inDatacenterRange unknown for IPv6, which the range list does not cover', () => {
    expect(sut.factsFor('2001:4860:4860::8888')).toEqual({ asn: 15169, asOrganization: 'Google LLC' });
    expect(sut.factsFor('2400:cb00::1')).toEqual({ asn: 13335, asOrganization: 'Cloudflare, Inc.' });
  });

  it('trims surrounding whitespace', () => {
    expect(sut.factsFor(' 8.8.8.8\n')).toMatchObject({ asn: 15169 });
  });

  it('gives only the range fact for a public address no AS row covers', () => {
    expect(sut.factsFor('223.255.255.255')).toEqual({ inDatacenterRange: false });
  });

  it.each([
    ['10.0.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.0.1', 'link-local'],
    ['203.0.113.9', 'documentation'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['::ffff:10.0.0.1', 'private, IPv4-mapped'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'unique local'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['8.8', 'shorthand IPv4'],
    ['0x8.8.8.8', 'hex IPv4'],
    ['134744072', 'IPv4 as one number'],
    ['8.8.8.8/32', 'CIDR'],
    ['not an ip', 'text'],
    ['', 'empty'],
  ])('gives no facts for %j (%s)', (address) => {
    expect(sut.factsFor(address)).toEqual({});
  });

  it('uses the sources it is given', () => {
    const seen: string[] = [];
    const stub = createNetworkEnricher({
      asnDatabase: {
        lookup: (address) => {
          seen.push(`${address.kind()} ${address.toString()}`);
          return { asn: 64500, organization: 'Example' };
        },
      },
      datacenterIpv4Ranges: { rangeCount: 1, containsIpv4: (address) => address === 0x08080808 },
    });
    expect(stub.factsFor('::ffff:8.8.8.8')).toEqual({ asn: 64500, asOrganization: 'Example', inDatacenterRange: true });
    expect(stub.factsFor('2a00::1')).toEqual({ asn: 64500, asOrganization: 'Example' });
    expect(seen).toEqual(['ipv4 8.8.8.8', 'ipv6 2a00::1']);
  });
});
