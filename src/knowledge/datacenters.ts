import { readFileSync } from 'node:fs';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import type { DatacenterNetworks } from '../engine/knowledge';
import { lastIndexAtOrBelow } from './last-index-at-or-below';

/** X4BNet lists_vpn (MIT), see data/x4bnet/SOURCE.md. */
const X4BNET_DIR = path.join(__dirname, 'data', 'x4bnet');
const ASN_FILE = path.join(X4BNET_DIR, 'x4bnet-datacenter-ASN.txt');
const IPV4_FILE = path.join(X4BNET_DIR, 'x4bnet-datacenter-ipv4.txt');

export function loadDatacenterNetworks(): DatacenterNetworks {
  const asns = parseAsnList(readFileSync(ASN_FILE, 'utf8'), ASN_FILE);
  return {
    isDatacenterAsn: (asn: number): boolean => asns.has(asn),
  };
}

/** `AS1234 # owner` per line (space or tab before the comment; a few ASNs repeat). */
export function parseAsnList(text: string, source: string): ReadonlySet<number> {
  const asns = new Set<number>();
  text.split('\n').forEach((rawLine, index) => {
    const line = rawLine.replace(/#.*/, '').trim();
    if (line === '') return;
    const match = /^AS(\d{1,10})$/i.exec(line);
    if (!match?.[1]) throw new Error(`${source}:${index + 1}: expected AS<number>, got "${rawLine}"`);
    asns.add(Number(match[1]));
  });
  return asns;
}

/** Merged, sorted IPv4 ranges; addresses are unsigned 32-bit integers. */
export interface Ipv4RangeSet {
  containsIpv4(address: number): boolean;
  /** Number of disjoint ranges after merging overlapping and adjacent CIDRs. */
  readonly rangeCount: number;
}

export function loadDatacenterIpv4Ranges(): Ipv4RangeSet {
  return buildIpv4RangeSet(readFileSync(IPV4_FILE, 'utf8'), IPV4_FILE);
}

/** One IPv4 CIDR per line (`1.12.0.0/14`); blank lines and `#` comments are ignored. */
export function buildIpv4RangeSet(text: string, source: string): Ipv4RangeSet {
  // Built in a separate function so the returned closure keeps only the typed arrays.
  const { starts, ends } = mergedIpv4Ranges(text, source);
  return {
    rangeCount: starts.length,
    containsIpv4(address: number): boolean {
      const index = lastIndexAtOrBelow(starts.length, (row) => starts[row]! <= address);
      return index >= 0 && address <= ends[index]!;
    },
  };
}

function mergedIpv4Ranges(text: string, source: string): { starts: Uint32Array; ends: Uint32Array } {
  // Each CIDR as one sortable number, network × 64 + prefix length (< 2^38, exact in a double).
  const lines = text.split('\n');
  const keys = new Float64Array(lines.length);
  let cidrCount = 0;
  lines.forEach((rawLine, index) => {
    const line = rawLine.replace(/#.*/, '').trim();
    if (line === '') return;
    const cidr = parseIpv4Cidr(line);
    if (!cidr) throw new Error(`${source}:${index + 1}: expected an IPv4 CIDR, got "${rawLine}"`);
    keys[cidrCount++] = cidr.network * 64 + cidr.prefixLength;
  });
  const sorted = keys.subarray(0, cidrCount).sort();

  const starts = new Uint32Array(cidrCount);
  const ends = new Uint32Array(cidrCount);
  let count = 0;
  for (const key of sorted) {
    const start = Math.floor(key / 64);
    const end = start + 2 ** (32 - (key % 64)) - 1;
    // `count > 0` guarantees the previous slot exists.
    if (count > 0 && start <= ends[count - 1]! + 1) {
      if (end > ends[count - 1]!) ends[count - 1] = end;
    } else {
      starts[count] = start;
      ends[count] = end;
      count++;
    }
  }
  return { starts: starts.slice(0, count), ends: ends.slice(0, count) };
}

let bundledIpv4Ranges: Ipv4RangeSet | undefined;

/**
 * True if the address is inside a bundled datacenter IPv4 range (loaded on first call, ≈0.1 s).
 * IPv4-mapped IPv6 addresses are checked as IPv4; any other IPv6 address, and anything that does
 * not parse, gives false (the list has no IPv6 ranges).
 */
export function isInDatacenterRange(ip: string): boolean {
  const address = parseIpv4OrMapped(ip.trim());
  if (address === undefined) return false;
  bundledIpv4Ranges ??= loadDatacenterIpv4Ranges();
  return bundledIpv4Ranges.containsIpv4(address);
}

export function ipv4ToUint32(address: ipaddr.IPv4): number {
  const [a = 0, b = 0, c = 0, d = 0] = address.octets;
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function parseIpv4OrMapped(ip: string): number | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return ipv4ToUint32(ipaddr.IPv4.parse(ip));
  if (ipaddr.IPv6.isValid(ip)) {
    const v6 = ipaddr.IPv6.parse(ip);
    if (v6.isIPv4MappedAddress()) return ipv4ToUint32(v6.toIPv4Address());
  }
  return undefined;
}

function parseIpv4Cidr(cidr: string): { network: number; prefixLength: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefixLength > 32) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  const size = 2 ** (32 - prefixLength);
  // Clear host bits so a non-canonical CIDR (1.2.3.4/24) still covers its whole network.
  const network = Math.floor((a * 2 ** 24 + b * 2 ** 16 + c * 2 ** 8 + d) / size) * size;
  return { network, prefixLength };
}


