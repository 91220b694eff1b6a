import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { z } from 'zod';
import { applicationSchema, parseApplication, parseContract, parseDomainName, unstorableTextErrors, type Application, type FieldError } from '../../engine';
import { parseJprsWhois, whoisBoundaryOf, type WhoisRecord } from './whois-jprs';

export const PORTFOLIO_FORMATS = ['csv', 'jsonl', 'whois'] as const;
export type PortfolioFormat = (typeof PORTFOLIO_FORMATS)[number];

/** One active domain as a registrar's export describes it, ready to store. */
interface PortfolioRecord {
  /** ASCII, lower case, no trailing dot. */
  readonly domain: string;
  /** The registration as an application (DESIGN §3.1), which the engine re-screens. */
  readonly body: Application;
  readonly registeredOn: string | null;
  readonly expiresOn: string | null;
  readonly status: string | null;
}

/** A record, or why the record at that line could not be read. */
export type PortfolioEntry = { readonly line: number; readonly record: PortfolioRecord } | { readonly line: number; readonly error: string };

/** A problem with the file as a whole (an unknown CSV column): nothing is imported. */
export class PortfolioFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortfolioFileError';
  }
}

const isoDate = z
  .string()
  .trim()
  .transform((value) => value.replaceAll('/', '-'))
  // Year 0000 parses in JavaScript but not in PostgreSQL, which has no year 0.
  .refine((value) => /^(?!0000)\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'must be a date (YYYY-MM-DD)');

/** A character no record may hold: what PostgreSQL cannot store, or what a decoder makes of bytes that are not UTF-8 (U+FFFD). */
const SUSPECT = /[\0\p{Cs}\p{Noncharacter_Code_Point}\ufffd]/u;

/**
 * The text problems of a record's fields, named as the format names them: text PostgreSQL cannot
 * store (the contract's rule), and bytes that were not UTF-8 (a Shift_JIS export read as UTF-8).
 * Records are shallow (a CSV row, a WHOIS record, a JSONL line already through its schema).
 */
function recordTextErrors(fields: unknown, path = ''): FieldError[] {
  if (typeof fields === 'string') {
    if (!SUSPECT.test(fields)) return [];
    const unstorable = unstorableTextErrors(fields, path);
    return unstorable.length > 0 ? unstorable : [{ field: path || '(record)', message: 'is not UTF-8 text (the file must be UTF-8: convert a Shift_JIS export with `iconv -f CP932 -t UTF-8`)' }];
  }
  if (!fields || typeof fields !== 'object') return [];
  const errors: FieldError[] = [];
  for (const [key, item] of Object.entries(fields)) errors.push(...recordTextErrors(item, path ? `${path}.${key}` : key));
  return errors;
}

/** A JSONL line: the domain, what is known of its registration, and its dates. */
const jsonlSchema = z.strictObject({
  domain: z.string().trim().min(1).max(253),
  registrant: applicationSchema.shape.registrant,
  nameservers: z.array(z.string().trim().min(1).max(253)).max(13).nullish(),
  registrar: z.string().trim().min(1).max(500).nullish(),
  reseller: z.string().trim().min(1).max(500).nullish(),
  registeredOn: isoDate.nullish(),
  expiresOn: isoDate.nullish(),
  status: z.string().trim().min(1).max(200).nullish(),
});

/** The CSV header's columns (any order; only `domain` is required). */
const CSV_COLUMNS = [
  'domain',
  'registrant_type',
  'name_kanji',
  'name_kana',
  'name_romaji',
  'organization',
  'organization_en',
  'corporate_number',
  'email',
  'phone',
  'postal_code',
  'prefecture',
  'city',
  'address_line1',
  'address_line2',
  'country',
  'nameservers',
  'registrar',
  'reseller',
  'registered_on',
  'expires_on',
  'status',
] as const;

type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string>>;

/** Guesses the format from the name, then from the first line. */
export function detectFormat(file: string, firstLine: string): PortfolioFormat {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  if (/\.(whois|txt)$/i.test(file)) return 'whois';
  const line = firstLine.replace(/^\uFEFF/, '').trim();
  if (line.startsWith('{')) return 'jsonl';
  if (/^(?:[[［%％]|Domain Information|[a-zａ-ｚ][.．]\s*[[［])/u.test(line)) return 'whois';
  return 'csv';
}

/** A validation's problems on one line: `field: message; field: message`. */
export function fieldErrorText(errors: readonly FieldError[]): string {
  return errors.map((error) => `${error.field}: ${error.message}`).join('; ');
}

/** A record from its fields; `textChecked` when the reader already checked their text under the format's own field names. */
function record(line: number, input: { domain: string; registrant?: Application['registrant']; nameservers?: readonly string[] | null; registrar?: string | null; reseller?: string | null; registeredOn?: string | null; expiresOn?: string | null; status?: string | null }, textChecked = false): PortfolioEntry {
  const textErrors = textChecked ? [] : recordTextErrors(input);
  if (textErrors.length > 0) return { line, error: fieldErrorText(textErrors) };
  // Every format's dates, as PostgreSQL will take them (a WHOIS record's come from its own parser).
  for (const field of ['registeredOn', 'expiresOn'] as const) {
    const value = input[field];
    if (value !== null && value !== undefined && !isoDate.safeParse(value).success) return { line, error: `${field}: must be a date (YYYY-MM-DD), got ${JSON.stringify(value.slice(0, 40))}` };
  }
  const parsed = parseDomainName(input.domain);
  if (!parsed.ok) return { line, error: `domain: ${parsed.reason}` };
  const domain = parsed.name.ascii;
  const nameservers = (input.nameservers ?? []).map((name) => name.trim().toLowerCase().replace(/\.$/, '')).filter((name) => name.length > 0);
  const candidate = {
    externalId: `import:${domain}`,
    product: 'domain',
    domain: { name: domain, ...(nameservers.length > 0 ? { nameservers } : {}), ...(input.registrar ? { registrar: input.registrar } : {}), ...(input.reseller ? { reseller: input.reseller } : {}) },
    ...(input.registrant ? { registrant: input.registrant } : {}),
  };
  const checked = parseApplication(candidate);
  if (!checked.ok) return { line, error: fieldErrorText(checked.errors) };
  return { line, record: { domain, body: checked.application, registeredOn: input.registeredOn ?? null, expiresOn: input.expiresOn ?? null, status: input.status ?? null } };
}

async function* jsonlEntries(lines: AsyncIterable<string>): AsyncGenerator<PortfolioEntry> {
  let number = 0;
  for await (const raw of lines) {
    number += 1;
    const text = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line: number, error: `not valid JSON: ${(error as Error).message}` };
      continue;
    }
    const parsed = parseContract(jsonlSchema, value);
    if (!parsed.ok) {
      yield { line: number, error: fieldErrorText(parsed.errors) };
      continue;
    }
    yield record(number, parsed.value);
  }
}

function withoutNulls<T extends Record<string, unknown>>(value: T): T | undefined {
  const kept = Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null && entry !== undefined));
  return Object.keys(kept).length > 0 ? (kept as T) : undefined;
}

const empty = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());

function fromCsvRow(line: number, row: Row): PortfolioEntry {
  const textErrors = recordTextErrors(row);
  if (textErrors.length > 0) return { line, error: fieldErrorText(textErrors) };
  if (!empty(row.domain)) return { line, error: 'domain: is empty' };
  const dates: Record<string, string | null> = {};
  for (const [column, key] of [
    ['registered_on', 'registeredOn'],
    ['expires_on', 'expiresOn'],
  ] as const) {
    const value = empty(row[column]);
    if (value === null) {
      dates[key] = null;
      continue;
    }
    const checked = isoDate.safeParse(value);
    if (!checked.success) return { line, error: `${column}: must be a date (YYYY-MM-DD), got ${JSON.stringify(value.slice(0, 40))}` };
    dates[key] = checked.data;
  }
  const type = empty(row.registrant_type);
  if (type !== null && type !== 'individual' && type !== 'organization') return { line, error: `registrant_type: must be individual or organization, got ${JSON.stringify(type.slice(0, 40))}` };
  const name = withoutNulls({ kanji: empty(row.name_kanji), kana: empty(row.name_kana), romaji: empty(row.name_romaji) });
  const organization = withoutNulls({ name: empty(row.organization), nameEn: empty(row.organization_en), corporateNumber: empty(row.corporate_number) });
  const address = withoutNulls({ postalCode: empty(row.postal_code), prefecture: empty(row.prefecture), city: empty(row.city), line1: empty(row.address_line1), line2: empty(row.address_line2), country: empty(row.country) });
  const registrant = withoutNulls({ type, name, organization, email: empty(row.email), phone: empty(row.phone), address }) as Application['registrant'];
  return record(line, {
    domain: row.domain!,
    registrant,
    nameservers: empty(row.nameservers)?.split(/[\s;,]+/) ?? null,
    registrar: empty(row.registrar),
    reseller: empty(row.reseller),
    ...dates,
    status: empty(row.status),
  }, true);
}

/** The file as a stream, telling `onBytes` how much has been read (for a progress bar). */
function open(file: string, onBytes?: (bytes: number) => void): ReturnType<typeof createReadStream> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  if (onBytes) stream.on('data', (chunk) => onBytes(chunk.length));
  return stream;
}

/** Physical lines a quoted field may run over before its opening quote is taken for a broken one. */
const MAX_RECORD_LINES = 3;

/**
 * How a CSV line leaves a record that began `open` (inside a quoted field), as csv-parse reads
 * quotes with `relax_quotes` (a quote opens a field only at its start, `""` inside one is a
 * quote): still inside a quoted field or not, and how many field separators it had outside quotes.
 */
function scanCsvLine(line: string, open: boolean): { open: boolean; separators: number } {
  if (!open && !line.includes('"')) return { open: false, separators: line.split(',').length - 1 };
  let quoted = open;
  let fieldStart = !open;
  let separators = 0;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index];
    if (quoted) {
      if (character === '"') {
        if (line[index + 1] === '"') index += 1;
        else quoted = false;
      }
      continue;
    }
    if (character === '"' && fieldStart) quoted = true;
    else if (character === ',') separators += 1;
    fieldStart = character === ',';
  }
  return { open: quoted, separators };
}

/**
 * The records of a CSV file as text for csv-parse, one physical line each, with every line that
 * cannot start a sound record replaced by an empty line (so csv-parse's line numbers stay the
 * file's) and reported in `broken`. A quoted field may run over line ends (RFC 4180), but only
 * over MAX_RECORD_LINES lines and only into a record no wider than the header: otherwise its
 * opening quote is a stray one, its line is a bad record, and reading goes on at the next line
 * instead of swallowing the rest of the file.
 */
async function* csvRecordText(lines: AsyncIterable<string>, broken: PortfolioEntry[], startOf: Map<number, number>): AsyncGenerator<string> {
  let headerFields: number | undefined;
  let number = 0;
  /** Lines waiting to be read, with their numbers: the file's next ones, and any given back by a broken record. */
  const queue: { number: number; line: string }[] = [];
  let group: { number: number; line: string }[] = [];
  let separators = 0;
  const source = lines[Symbol.asyncIterator]();
  // Handed to csv-parse in chunks of many lines: a stream write per line would cost more than the parsing.
  let out = '';
  for (;;) {
    if (out.length >= 64 * 1024) {
      yield out;
      out = '';
    }
    let next = queue.shift();
    if (!next) {
      const read = await source.next();
      if (read.done) {
        if (group.length === 0) {
          if (out) yield out;
          return;
        }
        // The file ended inside a quoted field.
        broken.push({ line: group[0]!.number, error: 'a quoted field is never closed (a stray or missing quote)' });
        out += '\n';
        queue.push(...group.slice(1));
        group = [];
        continue;
      }
      number += 1;
      const line = read.value.endsWith('\r') ? read.value.slice(0, -1) : read.value;
      // Most lines: no quote, nothing open, the header known.
      if (group.length === 0 && headerFields !== undefined && !line.includes('"')) {
        out += `${line}\n`;
        continue;
      }
      next = { number, line };
    }
    const continuing = group.length > 0;
    const scanned = scanCsvLine(next.line, continuing);
    group.push(next);
    separators += scanned.separators;
    // A line that reads as a whole record of its own is no continuation of an open quote.
    const alone = continuing ? scanCsvLine(next.line, false) : undefined;
    const ownRecord = alone !== undefined && !alone.open && alone.separators + 1 === headerFields;
    const tooWide = continuing && ((headerFields !== undefined && separators + 1 > headerFields) || ownRecord);
    if (scanned.open && group.length < MAX_RECORD_LINES && !tooWide) continue;
    if (group.length > 1 && (scanned.open || tooWide)) {
      broken.push({ line: group[0]!.number, error: 'a quoted field is never closed (a stray or missing quote)' });
      out += '\n';
      queue.unshift(...group.slice(1));
    } else if (scanned.open) {
      broken.push({ line: group[0]!.number, error: 'a quoted field is never closed (a stray or missing quote)' });
      out += '\n';
    } else {
      if (headerFields === undefined && next.line.trim() !== '') headerFields = separators + 1;
      if (group.length > 1) startOf.set(next.number, group[0]!.number);
      out += `${group.map((entry) => entry.line).join('\n')}\n`;
    }
    group = [];
    separators = 0;
  }
}

/** The header's columns, checked: every column known, none twice (after width and case folding), `domain` present. */
function csvColumns(header: readonly string[]): string[] {
  const columns = header.map((column) => column.normalize('NFKC').trim().toLowerCase());
  const unknown = columns.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) throw new PortfolioFileError(`line 1: unknown column(s) ${unknown.map((column) => (/^[\x21-\x7e]+$/.test(column) ? column : JSON.stringify(column))).join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}`);
  const twice = [...new Set(columns.filter((column, index) => columns.indexOf(column) !== index))];
  if (twice.length > 0) throw new PortfolioFileError(`line 1: ambiguous header: ${twice.join(', ')} named more than once`);
  if (!columns.includes('domain')) throw new PortfolioFileError('line 1: the header has no domain column');
  return columns;
}

/**
 * A CSV export record by record (records cut as `csvRecordText` cuts them). csv-parse reads the
 * fields; a record it cannot read, or with more fields than the header, is a bad record.
 */
async function* csvEntries(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<PortfolioEntry> {
  const broken: PortfolioEntry[] = [];
  /** Where each record that ran over several lines began, by the line it ended on. */
  const startOf = new Map<number, number>();
  const lines = createInterface({ input: open(file, onBytes), crlfDelay: Infinity });
  const parser = Readable.from(csvRecordText(lines, broken, startOf)).pipe(
    parseCsv({
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: { lines?: number; message?: string } | undefined) => {
        broken.push({ line: error?.lines ?? 0, error: `not a CSV record: ${error?.message ?? 'unreadable'}` });
      },
    }),
  );
  let columns: string[] | undefined;
  for await (const { record: fields, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const line = startOf.get(info.lines) ?? info.lines;
    broken.sort((a, b) => a.line - b.line);
    while (broken.length > 0 && broken[0]!.line < line) yield broken.shift()!;
    if (!columns) {
      columns = csvColumns(fields);
      continue;
    }
    if (fields.length > columns.length) {
      yield { line, error: `has ${fields.length} fields, the header ${columns.length} (a stray comma or quote?)` };
      continue;
    }
    const row: Row = Object.fromEntries(columns.map((column, index) => [column, fields[index]]));
    yield fromCsvRow(line, row);
  }
  broken.sort((a, b) => a.line - b.line);
  yield* broken;
}

const PREFECTURE = /^(東京都|北海道|(?:京都|大阪)府|.{2,3}県)/;

/** A registrant name that names a company or other body (汎用JP registrants are often companies). */
const ORGANIZATION_NAME = /(株式会社|有限会社|合同会社|合資会社|合名会社|法人|協会|組合|学校|大学|Co\.,? ?Ltd|K\.K\.|Inc\.?|LLC|Corporation|Corp\.?)/i;


function fromWhois(whois: WhoisRecord): PortfolioEntry {
  const contact = whois.contact;
  const prefecture = contact?.address ? PREFECTURE.exec(contact.address)?.[1] ?? null : null;
  const organizational = whois.form.startsWith('attribute') || ORGANIZATION_NAME.test(`${whois.registrantName ?? ''} ${whois.registrantNameEn ?? ''}`);
  const name = organizational ? undefined : withoutNulls({ kanji: whois.registrantName, romaji: whois.registrantNameEn === whois.registrantName ? null : whois.registrantNameEn });
  const organization = organizational ? withoutNulls({ name: whois.registrantName, nameEn: whois.registrantNameEn }) : undefined;
  const address = contact ? withoutNulls({ postalCode: contact.postalCode, prefecture, line1: prefecture && contact.address ? contact.address.slice(prefecture.length).trim() || null : contact.address, country: contact.address || contact.postalCode ? 'JP' : null }) : undefined;
  const registrant = withoutNulls({
    type: name || organization ? (organizational ? 'organization' : 'individual') : null,
    name,
    organization,
    email: contact?.email ?? null,
    phone: contact?.phone ?? null,
    address,
  }) as Application['registrant'];
  return record(whois.line, { domain: whois.domain, registrant, nameservers: whois.nameservers, registeredOn: whois.createdOn, expiresOn: whois.expiresOn, status: whois.status });
}

/** A run of whole WHOIS records and what stands between them, from the export's line `firstLine` on. */
export interface WhoisPiece {
  readonly firstLine: number;
  readonly lines: readonly string[];
}

/**
 * Cuts a WHOIS export into pieces of whole records: before a notice, comment, header or domain
 * line (the parser's own boundaries, `whoisBoundaryOf`) that follows a domain line, so each piece
 * parses alone exactly as it would within the whole file.
 */
export async function* whoisPieces(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<WhoisPiece> {
  let block: string[] = [];
  let firstLine = 1;
  let number = 0;
  let hasDomain = false;
  for await (const raw of lines) {
    number += 1;
    const line = number === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    const boundary = whoisBoundaryOf(line);
    if (hasDomain && boundary !== null) {
      yield { firstLine, lines: block };
      block = [];
      firstLine = number;
      hasDomain = false;
    }
    if (boundary === 'domain') hasDomain = true;
    block.push(line);
  }
  if (block.length > 0) yield { firstLine, lines: block };
}

/** Streams a WHOIS export piece by piece, so a portfolio of any size is read in constant memory with the parser's own line numbers. */
async function* whoisEntries(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<PortfolioEntry> {
  for await (const piece of whoisPieces(createInterface({ input: open(file, onBytes), crlfDelay: Infinity }))) {
    const { records, errors } = parseJprsWhois(piece.lines.join('\n'));
    const entries: PortfolioEntry[] = [
      ...records.map((found) => ({ ...fromWhois(found), line: found.line + piece.firstLine - 1 })),
      ...errors.map((error) => ({ line: error.line + piece.firstLine - 1, error: error.message })),
    ];
    entries.sort((a, b) => a.line - b.line);
    yield* entries;
  }
}

async function firstLine(file: string): Promise<string> {
  const lines = createInterface({ input: createReadStream(file, { end: 64 * 1024 }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== '') {
      lines.close();
      return line;
    }
  }
  return '';
}

/** Every record of a portfolio file in order, bad ones as errors with their line: reading never stops early. */
export async function* readPortfolio(file: string, options: { format?: PortfolioFormat; onBytes?: (bytes: number) => void } = {}): AsyncGenerator<PortfolioEntry> {
  const chosen = options.format ?? detectFormat(file, await firstLine(file));
  if (chosen === 'csv') yield* csvEntries(file, options.onBytes);
  else if (chosen === 'jsonl') yield* jsonlEntries(createInterface({ input: open(file, options.onBytes), crlfDelay: Infinity }));
  else yield* whoisEntries(file, options.onBytes);
}
