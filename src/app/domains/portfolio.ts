import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import { z } from 'zod';
import { applicationSchema, fieldErrorsOf, parseApplication, parseDomainName, type Application, type FieldError } from '../../engine';
import { parseJprsWhois, whoisBoundaryOf, type WhoisRecord } from './whois-jprs';

export const PORTFOLIO_FORMATS = ['csv', 'jsonl', 'whois'] as const;
export type PortfolioFormat = (typeof PORTFOLIO_FORMATS)[number];

/** One active domain as a registrar's export describes it, ready to store. */
export interface PortfolioRecord {
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
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'must be a date (YYYY-MM-DD)');

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
export const CSV_COLUMNS = [
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

function record(line: number, input: { domain: string; registrant?: Application['registrant']; nameservers?: readonly string[] | null; registrar?: string | null; reseller?: string | null; registeredOn?: string | null; expiresOn?: string | null; status?: string | null }): PortfolioEntry {
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
    const parsed = jsonlSchema.safeParse(value);
    if (!parsed.success) {
      yield { line: number, error: fieldErrorText(fieldErrorsOf(parsed.error)) };
      continue;
    }
    yield record(number, parsed.data);
  }
}

function withoutNulls<T extends Record<string, unknown>>(value: T): T | undefined {
  const kept = Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null && entry !== undefined));
  return Object.keys(kept).length > 0 ? (kept as T) : undefined;
}

const empty = (value: string | undefined): string | null => (value === undefined || value.trim() === '' ? null : value.trim());

function fromCsvRow(line: number, row: Row): PortfolioEntry {
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
  });
}

/** The file as a stream, telling `onBytes` how much has been read (for a progress bar). */
function open(file: string, onBytes?: (bytes: number) => void): ReturnType<typeof createReadStream> {
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  if (onBytes) stream.on('data', (chunk) => onBytes(chunk.length));
  return stream;
}

async function* csvEntries(file: string, onBytes?: (bytes: number) => void): AsyncGenerator<PortfolioEntry> {
  const parser = open(file, onBytes).pipe(
    parseCsv({
      bom: true,
      columns: (header: string[]) => {
        const columns = header.map((column) => column.trim().toLowerCase());
        const unknown = columns.filter((column) => !(CSV_COLUMNS as readonly string[]).includes(column));
        if (unknown.length > 0) throw new PortfolioFileError(`line 1: unknown column(s) ${unknown.join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}`);
        if (!columns.includes('domain')) throw new PortfolioFileError('line 1: the header has no domain column');
        return columns;
      },
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: false,
    }),
  );
  try {
    for await (const { record: row, info } of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
      yield fromCsvRow(info.lines, row);
    }
  } catch (error) {
    if (error instanceof PortfolioFileError) throw error;
    const cause = error as { lines?: number; message?: string; code?: string };
    if (cause.code?.startsWith('CSV_')) throw new PortfolioFileError(`line ${cause.lines ?? '?'}: ${cause.message}`);
    throw error;
  }
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
