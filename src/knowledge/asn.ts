import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import ipaddr from 'ipaddr.js';
import type { NetworkFacts } from '../engine/facts';
import { ipv4ToUint32, loadDatacenterIpv4Ranges, type Ipv4RangeSet } from './datacenters';
import { lastIndexAtOrBelow } from './last-index-at-or-below';

/*
 * IP → origin AS from `@ip-location-db/asn` (CC BY 4.0: RouteViews, NRO / the five RIRs, DB-IP
 * ASN Lite; attribution required, see the package's *-LICENSE files). The `-num` CSVs hold
 * `start,end,asn,organization` with inclusive numeric ranges sorted by start; organization
 * may be quoted with "" escapes.
 */
const IPV4_CSV = '@ip-location-db/asn/asn-ipv4-num.csv';
const IPV6_CSV = '@ip-location-db/asn/asn-ipv6-num.csv';

/** The IPv4 table as `npm run build` writes it beside this module (see {@link writeIpv4AsnIndex}). */
const IPV4_INDEX_FILE = path.join(__dirname, 'asn-ipv4.index');

interface AsnRecord {
  readonly asn: number;
  readonly organization: string;
}

export interface AsnDatabase {
  lookup(address: ipaddr.IPv4 | ipaddr.IPv6): AsnRecord | undefined;
}

/**
 * Each address family is indexed on its first look-up (IPv4: 412k rows, ≈0.15 s from the CSV or a
 * few milliseconds from the built index, ≈12 MB; IPv6: 103k rows, ≈0.2 s, ≈7 MB), so a process that
 * never screens an IPv6 signup never loads the IPv6 table.
 */
export function createAsnDatabase(options: { readonly ipv4IndexFile?: string } = {}): AsnDatabase {
  let ipv4: Ipv4AsnIndex | undefined;
  let ipv6: Ipv6AsnIndex | undefined;
  return {
    lookup(address) {
      if (address instanceof ipaddr.IPv4) {
        ipv4 ??= loadIpv4AsnIndex(options.ipv4IndexFile ?? IPV4_INDEX_FILE);
        return ipv4.lookup(ipv4ToUint32(address));
      }
      ipv6 ??= loadIpv6AsnIndex();
      const [high, low] = ipv6ToHalves(address);
      return ipv6.lookup(high, low);
    },
  };
}

export interface NetworkEnricher {
  /** Facts for a public IPv4 or IPv6 address (IPv4-mapped IPv6 is read as IPv4); `{}` otherwise. */
  factsFor(ip: string): NetworkFacts;
}

export interface NetworkSources {
  readonly asnDatabase: AsnDatabase;
  /** Loaded on first use when not given. */
  readonly datacenterIpv4Ranges?: Ipv4RangeSet;
}

export function createNetworkEnricher(sources: NetworkSources = { asnDatabase: createAsnDatabase() }): NetworkEnricher {
  let datacenterIpv4Ranges = sources.datacenterIpv4Ranges;
  return {
    factsFor(ip: string): NetworkFacts {
      const address = parsePublicAddress(ip);
      if (!address) return {};
      const record = sources.asnDatabase.lookup(address);
      const origin = record ? { asn: record.asn, asOrganization: record.organization } : {};
      if (!(address instanceof ipaddr.IPv4)) {
        // The datacenter list has no IPv6 ranges: not known, rather than false.
        return origin;
      }
      datacenterIpv4Ranges ??= loadDatacenterIpv4Ranges();
      return {
        ...origin,
        inDatacenterRange: datacenterIpv4Ranges.containsIpv4(ipv4ToUint32(address)),
      };
    },
  };
}

const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

/** Only globally routable unicast: private, loopback, CGNAT, documentation, 6to4, Teredo… give undefined. */
function parsePublicAddress(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const text = ip.trim();
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  // Four-part decimal only: ipaddr.IPv4.isValid also takes "8.8", "0x8.8.8.8" and "134744072".
  // (ipaddr.IPv4.isValidFourPartDecimal parses once to validate; here the one parse is kept.)
  if (FOUR_PART_DECIMAL.test(text)) {
    try {
      address = ipaddr.IPv4.parse(text);
    } catch {
      return undefined;
    }
  } else if (ipaddr.IPv6.isValid(text)) {
    const v6 = ipaddr.IPv6.parse(text);
    address = v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  } else {
    return undefined;
  }
  return address.range() === 'unicast' ? address : undefined;
}

function ipv6ToHalves(address: ipaddr.IPv6): [high: bigint, low: bigint] {
  const [p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0] = address.parts;
  const high = (BigInt(p0 * 0x10000 + p1) << 32n) | BigInt(p2 * 0x10000 + p3);
  const low = (BigInt(p4 * 0x10000 + p5) << 32n) | BigInt(p6 * 0x10000 + p7);
  return [high, low];
}

interface Ipv4AsnIndex {
  lookup(address: number): AsnRecord | undefined;
}

interface Ipv6AsnIndex {
  lookup(high: bigint, low: bigint): AsnRecord | undefined;
}

/** Row i of either table: origin AS and an index into `organizationNames`. */
interface AsnRows {
  readonly count: number;
  readonly asns: Uint32Array;
  readonly organizationIds: Uint32Array;
  readonly organizationNames: readonly string[];
}

function recordAt(rows: AsnRows, index: number): AsnRecord {
  return { asn: rows.asns[index]!, organization: rows.organizationNames[rows.organizationIds[index]!]! };
}

/** Collects the per-row AS columns while a CSV is read. */
class AsnRowsBuilder {
  readonly asns: Uint32Array;
  readonly organizationIds: Uint32Array;
  private readonly names: string[] = [];
  private readonly idByAsn = new Map<number, number>();
  count = 0;

  constructor(capacity: number) {
    this.asns = new Uint32Array(capacity);
    this.organizationIds = new Uint32Array(capacity);
  }

  add(row: CsvRow, bytes: Buffer): void {
    // Upstream gives each ASN one organization name (checked: no ASN has two), so the name is
    // decoded only on an ASN's first row.
    let id = this.idByAsn.get(row.asn);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(organizationOf(row, bytes));
      this.idByAsn.set(row.asn, id);
    }
    this.asns[this.count] = row.asn;
    this.organizationIds[this.count] = id;
    this.count++;
  }

  build(): AsnRows {
    return {
      count: this.count,
      asns: this.asns.slice(0, this.count),
      organizationIds: this.organizationIds.slice(0, this.count),
      organizationNames: this.names,
    };
  }
}

function loadIpv4AsnIndex(indexFile: string): Ipv4AsnIndex {
  const { starts, ends, rows } = readIpv4Index(indexFile) ?? readIpv4Csv(require.resolve(IPV4_CSV));
  return {
    lookup(address) {
      const found = lastIndexAtOrBelow(rows.count, (row) => starts[row]! <= address);
      return found < 0 || address > ends[found]! ? undefined : recordAt(rows, found);
    },
  };
}

interface Ipv4Table {
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly rows: AsnRows;
}

/*
 * The built IPv4 index: one JSON line (format, the CSV it was built from, byte order, row count,
 * organization names), spaces up to a multiple of 4 bytes, then four Uint32 columns of `count`
 * values — starts, ends, ASNs, organization ids. Reading it costs a file read, not a 21 MB parse.
 */
const INDEX_FORMAT = 1;

interface Ipv4IndexHeader {
  readonly format: typeof INDEX_FORMAT;
  readonly source: Ipv4Source;
  readonly littleEndian: boolean;
  readonly count: number;
  readonly organizationNames: readonly string[];
}

/** What the index was built from: a reinstalled or updated data package makes it stale. */
interface Ipv4Source {
  readonly package: string;
  readonly csvBytes: number;
}

function currentIpv4Source(): Ipv4Source {
  return {
    package: (JSON.parse(readFileSync(require.resolve('@ip-location-db/asn/package.json'), 'utf8')) as { version: string }).version,
    csvBytes: statSync(require.resolve(IPV4_CSV)).size,
  };
}

/** Builds the IPv4 index from the data package's CSV (`npm run build` does, into {@link IPV4_INDEX_FILE}). */
export function writeIpv4AsnIndex(file: string = IPV4_INDEX_FILE, source: Ipv4Source = currentIpv4Source()): void {
  const { starts, ends, rows } = readIpv4Csv(require.resolve(IPV4_CSV));
  const header: Ipv4IndexHeader = { format: INDEX_FORMAT, source, littleEndian: endianness() === 'LE', count: rows.count, organizationNames: rows.organizationNames };
  const json = JSON.stringify(header);
  // Spaces after the JSON pad the header line to a multiple of 4 bytes, where the columns start.
  const headerBytes = Buffer.alloc(Math.ceil((Buffer.byteLength(json) + 1) / 4) * 4, ' ');
  headerBytes.write(json);
  headerBytes[headerBytes.length - 1] = NEWLINE;
  const columns = [starts, ends, rows.asns, rows.organizationIds].map((column) => Buffer.from(column.buffer, column.byteOffset, column.byteLength));
  writeFileSync(file, Buffer.concat([headerBytes, ...columns]));
}

/** The table from the built index, or undefined when there is none or it does not match the installed data. */
function readIpv4Index(file: string): Ipv4Table | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const headerEnd = bytes.indexOf(NEWLINE) + 1;
  let header: Partial<Ipv4IndexHeader>;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, headerEnd)) as Partial<Ipv4IndexHeader>;
  } catch {
    return undefined;
  }
  const count = header.count;
  const usable =
    header.format === INDEX_FORMAT &&
    header.littleEndian === (endianness() === 'LE') &&
    isDeepStrictEqual(header.source, currentIpv4Source()) &&
    Number.isInteger(count) &&
    Array.isArray(header.organizationNames) &&
    headerEnd % 4 === 0 &&
    bytes.length === headerEnd + count! * 16;
  if (!usable) return undefined;
  // Typed-array views need 4-byte alignment in their ArrayBuffer; a copy gets its own.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
  const column = (index: number) => new Uint32Array(aligned.buffer, aligned.byteOffset + headerEnd + index * count! * 4, count);
  return {
    starts: column(0),
    ends: column(1),
    rows: { count: count!, asns: column(2), organizationIds: column(3), organizationNames: header.organizationNames! },
  };
}

function readIpv4Csv(file: string): Ipv4Table {
  const bytes = readFileSync(file);
  const capacity = countLines(bytes);
  const starts = new Uint32Array(capacity);
  const ends = new Uint32Array(capacity);
  const rows = new AsnRowsBuilder(capacity);

  forEachCsvRow(bytes, file, (row) => {
    const start = decimalAt(bytes, row.startFrom, row.startTo);
    const end = decimalAt(bytes, row.endFrom, row.endTo);
    if (!(start <= end && end <= 0xffffffff)) throw new Error(`${file}:${row.lineNumber}: bad IPv4 range`);
    // Binary search needs ascending starts. Upstream has one partial overlap (DoD, 214.254.x):
    // the later row wins where they overlap.
    const index = rows.count;
    if (index > 0 && start < starts[index - 1]!) {
      throw new Error(`${file}:${row.lineNumber}: rows are not sorted by start`);
    }
    starts[index] = start;
    ends[index] = end;
    rows.add(row, bytes);
  });

  const count = rows.count;
  return { starts: starts.slice(0, count), ends: ends.slice(0, count), rows: rows.build() };
}

/** 128-bit addresses as two unsigned 64-bit halves. */
interface Ipv6Bounds {
  readonly startHigh: BigUint64Array;
  readonly startLow: BigUint64Array;
  readonly endHigh: BigUint64Array;
  readonly endLow: BigUint64Array;
}

function loadIpv6AsnIndex(): Ipv6AsnIndex {
  const { bounds, rows } = readIpv6Csv(require.resolve(IPV6_CSV));
  const { startHigh, startLow, endHigh, endLow } = bounds;
  return {
    lookup(high, low) {
      const found = lastIndexAtOrBelow(rows.count, (row) => compare(startHigh[row]!, startLow[row]!, high, low) <= 0);
      return found < 0 || compare(high, low, endHigh[found]!, endLow[found]!) > 0 ? undefined : recordAt(rows, found);
    },
  };
}

function readIpv6Csv(file: string): { bounds: Ipv6Bounds; rows: AsnRows } {
  const bytes = readFileSync(file);
  const capacity = countLines(bytes);
  const startHigh = new BigUint64Array(capacity);
  const startLow = new BigUint64Array(capacity);
  const endHigh = new BigUint64Array(capacity);
  const endLow = new BigUint64Array(capacity);
  const rows = new AsnRowsBuilder(capacity);
  const lowMask = (1n << 64n) - 1n;
  const maxAddress = (1n << 128n) - 1n;

  forEachCsvRow(bytes, file, (row) => {
    const start = BigInt(bytes.toString('latin1', row.startFrom, row.startTo));
    const end = BigInt(bytes.toString('latin1', row.endFrom, row.endTo));
    if (!(start <= end && end <= maxAddress)) throw new Error(`${file}:${row.lineNumber}: bad IPv6 range`);
    const index = rows.count;
    const high = start >> 64n;
    const low = start & lowMask;
    if (index > 0 && compare(high, low, startHigh[index - 1]!, startLow[index - 1]!) < 0) {
      throw new Error(`${file}:${row.lineNumber}: rows are not sorted by start`);
    }
    startHigh[index] = high;
    startLow[index] = low;
    endHigh[index] = end >> 64n;
    endLow[index] = end & lowMask;
    rows.add(row, bytes);
  });

  const count = rows.count;
  return {
    bounds: {
      startHigh: startHigh.slice(0, count),
      startLow: startLow.slice(0, count),
      endHigh: endHigh.slice(0, count),
      endLow: endLow.slice(0, count),
    },
    rows: rows.build(),
  };
}

function compare(aHigh: bigint, aLow: bigint, bHigh: bigint, bLow: bigint): number {
  if (aHigh !== bHigh) return aHigh < bHigh ? -1 : 1;
  if (aLow !== bLow) return aLow < bLow ? -1 : 1;
  return 0;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const COMMA = 0x2c;
const QUOTE = 0x22;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** Byte offsets of one row's fields; one object is reused for every row. */
interface CsvRow {
  lineNumber: number;
  startFrom: number;
  startTo: number;
  endFrom: number;
  endTo: number;
  asn: number;
  organizationFrom: number;
  organizationTo: number;
  organizationQuoted: boolean;
}

/**
 * `start,end,asn,organization` per line, the organization possibly "quoted" with "" escapes.
 * Scans bytes rather than a decoded string: decoding 20 MB costs more than the whole scan, and
 * strings sliced from it would keep it alive.
 */
function forEachCsvRow(bytes: Buffer, file: string, onRow: (row: CsvRow) => void): void {
  const row: CsvRow = {
    lineNumber: 0,
    startFrom: 0,
    startTo: 0,
    endFrom: 0,
    endTo: 0,
    asn: 0,
    organizationFrom: 0,
    organizationTo: 0,
    organizationQuoted: false,
  };
  const malformed = (): Error => new Error(`${file}:${row.lineNumber}: expected start,end,asn,organization`);
  let at = 0;
  while (at < bytes.length) {
    row.lineNumber++;
    let lineEnd = bytes.indexOf(NEWLINE, at);
    if (lineEnd === -1) lineEnd = bytes.length;
    const next = lineEnd + 1;
    if (lineEnd > at && bytes[lineEnd - 1] === CARRIAGE_RETURN) lineEnd--;
    if (lineEnd === at) {
      at = next;
      continue;
    }

    row.startFrom = at;
    row.startTo = digitsEnd(bytes, at, lineEnd);
    row.endFrom = row.startTo + 1;
    row.endTo = digitsEnd(bytes, row.endFrom, lineEnd);
    const asnFrom = row.endTo + 1;
    const asnTo = digitsEnd(bytes, asnFrom, lineEnd);
    if (
      row.startTo === row.startFrom ||
      bytes[row.startTo] !== COMMA ||
      row.endTo === row.endFrom ||
      bytes[row.endTo] !== COMMA ||
      asnTo === asnFrom ||
      asnTo - asnFrom > 10 ||
      bytes[asnTo] !== COMMA
    ) {
      throw malformed();
    }
    row.asn = decimalAt(bytes, asnFrom, asnTo);
    row.organizationQuoted = bytes[asnTo + 1] === QUOTE;
    if (row.organizationQuoted) {
      if (lineEnd - asnTo < 3 || bytes[lineEnd - 1] !== QUOTE) throw malformed();
      row.organizationFrom = asnTo + 2;
      row.organizationTo = lineEnd - 1;
    } else {
      row.organizationFrom = asnTo + 1;
      row.organizationTo = lineEnd;
    }
    onRow(row);
    at = next;
  }
}

function organizationOf(row: CsvRow, bytes: Buffer): string {
  const text = bytes.toString('utf8', row.organizationFrom, row.organizationTo);
  return row.organizationQuoted ? text.replaceAll('""', '"') : text;
}

function digitsEnd(bytes: Buffer, from: number, limit: number): number {
  let at = from;
  while (at < limit && bytes[at]! >= DIGIT_0 && bytes[at]! <= DIGIT_9) at++;
  return at;
}

/** Up to 15 digits are exact in a double; IPv4 addresses and ASNs have at most 10. */
function decimalAt(bytes: Buffer, from: number, to: number): number {
  let value = 0;
  for (let at = from; at < to; at++) value = value * 10 + (bytes[at]! - DIGIT_0);
  return value;
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) lines++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== NEWLINE ? lines + 1 : lines;
}
