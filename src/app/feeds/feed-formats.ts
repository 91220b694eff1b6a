import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { parse as parseCsv, type CsvError } from 'csv-parse';

/** The feed formats shinsa reads. */
export const FEED_FORMATS = ['jpcert-phishurl', 'urlhaus-csv', 'openphish-text', 'phishtank-json', 'plain'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const ABUSE_CATEGORIES = ['phishing', 'malware', 'spam', 'fraud', 'other'] as const;
export type AbuseCategory = (typeof ABUSE_CATEGORIES)[number];

/** What a feed lists unless its configuration says otherwise (URLhaus lists malware downloads). */
export const DEFAULT_CATEGORY: Readonly<Record<FeedFormat, AbuseCategory>> = {
  'jpcert-phishurl': 'phishing',
  'urlhaus-csv': 'malware',
  'openphish-text': 'phishing',
  'phishtank-json': 'phishing',
  plain: 'phishing',
};

/** One entry as the feed states it: a URL (or, in a plain list, a bare host name). */
export interface FeedRecord {
  readonly url: string | null;
  /** A bare host name (plain lists only); null when the entry is a URL. */
  readonly host: string | null;
  /** The feed's own date for the entry (JPCERT/CC's confirmation, URLhaus's date added…). */
  readonly listedAt: Date | null;
  /** The impersonated brand, when the feed names one. */
  readonly brand: string | null;
}

/** An entry, or why the entry at that line (a JSON dump: that position) could not be read. */
export type ParsedLine = { readonly line: number; readonly record: FeedRecord } | { readonly line: number; readonly error: string };

/** The input is not in the feed's format at all (a changed format, an HTML error page): nothing is imported. */
export class FeedFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedFormatError';
  }
}

const JPCERT_HEADER = ['date', 'url', 'description'];
/** JPCERT/CC's dates are Japan time: `2019/01/04 10:12:00`. */
const JPCERT_DATE = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
/** URLhaus's `dateadded` is UTC: `2024-11-27 10:27:07`. */
const URLHAUS_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The matched date and time at a UTC offset, or null when it names no real day (30 February). */
function dateOf(match: RegExpExecArray | null, offset: string): Date | null {
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00'] = match;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${offset}`);
  const realDay = new Date(`${year}-${month}-${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || Number.isNaN(realDay.getTime()) || realDay.getUTCDate() !== Number(day)) return null;
  return date;
}

function blankToNull(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/**
 * Records of a CSV input through csv-parse, each with the line it ended on; a record csv-parse
 * cannot read (an unclosed quote) becomes an error for its line, and reading goes on.
 */
async function* csvRecords(input: Readable, options: { comment?: string }): AsyncGenerator<{ line: number; fields: string[] } | { line: number; error: string }> {
  const skipped: { line: number; error: string }[] = [];
  const parser = input.pipe(
    parseCsv({
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      ...(options.comment ? { comment: options.comment, comment_no_infix: true } : {}),
      on_skip: (error: CsvError | undefined) => {
        skipped.push({ line: (error as { lines?: number } | undefined)?.lines ?? 0, error: `not valid CSV: ${error?.message ?? 'unreadable record'}` });
        return undefined;
      },
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  // The parser reads ahead: a skipped record may be reported before the records above it arrive.
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length > 0 && skipped[0]!.line < info.lines) yield skipped.shift()!;
    yield { line: info.lines, fields: record };
  }
  yield* skipped;
}

async function* jpcertPhishUrl(input: Readable): AsyncGenerator<ParsedLine> {
  let header = true;
  for await (const item of csvRecords(input, {})) {
    if ('error' in item) {
      yield item;
      continue;
    }
    const { line, fields } = item;
    if (header) {
      header = false;
      const names = fields.map((field) => field.trim().toLowerCase());
      if (names.length !== 3 || names.some((name, index) => name !== JPCERT_HEADER[index])) {
        throw new FeedFormatError(`line ${line}: expected JPCERT/CC's header date,URL,description; found ${JSON.stringify(fields.join(',').slice(0, 120))}`);
      }
      continue;
    }
    if (fields.length !== 3) {
      yield { line, error: `expected 3 fields (date,URL,description), found ${fields.length}` };
      continue;
    }
    const [date, url, description] = fields as [string, string, string];
    const dateText = date.trim();
    const listedAt = dateText === '' ? null : dateOf(JPCERT_DATE.exec(dateText), '+09:00');
    if (dateText !== '' && listedAt === null) {
      yield { line, error: `date: not a date (YYYY/MM/DD hh:mm:ss): ${JSON.stringify(dateText.slice(0, 40))}` };
      continue;
    }
    yield { line, record: { url: url.trim(), host: null, listedAt, brand: blankToNull(description) } };
  }
  if (header) throw new FeedFormatError("empty: expected JPCERT/CC's header date,URL,description");
}

async function* urlhausCsv(input: Readable): AsyncGenerator<ParsedLine> {
  let first = true;
  for await (const item of csvRecords(input, { comment: '#' })) {
    if ('error' in item) {
      yield item;
      continue;
    }
    const { line, fields } = item;
    // id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter (8 fields before last_online was added).
    const shaped = (fields.length === 9 || fields.length === 8) && /^\d+$/.test(fields[0]!.trim()) && URLHAUS_DATE.test(fields[1]!.trim());
    if (first) {
      first = false;
      if (!shaped) throw new FeedFormatError(`line ${line}: expected URLhaus CSV (id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter); found ${JSON.stringify(fields.join(',').slice(0, 120))}`);
    }
    if (!shaped) {
      yield { line, error: `expected URLhaus's fields id,dateadded,url,…: found ${fields.length} field(s)${fields.length >= 2 ? ` beginning ${JSON.stringify(fields.slice(0, 2).join(',').slice(0, 60))}` : ''}` };
      continue;
    }
    yield { line, record: { url: fields[2]!.trim(), host: null, listedAt: dateOf(URLHAUS_DATE.exec(fields[1]!.trim()), 'Z'), brand: null } };
  }
}

/** Non-blank lines with their numbers (text formats: one entry a line). */
async function* textLines(input: Readable): AsyncGenerator<{ line: number; text: string }> {
  let line = 0;
  for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
    line += 1;
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (text !== '') yield { line, text };
  }
}

/** An HTML page where a list was expected: a login wall, an error page, a moved feed. */
function looksLikeMarkup(text: string): boolean {
  return text.startsWith('<');
}

async function* openPhishText(input: Readable): AsyncGenerator<ParsedLine> {
  let first = true;
  for await (const { line, text } of textLines(input)) {
    if (first) {
      first = false;
      if (looksLikeMarkup(text) || !text.includes('://')) throw new FeedFormatError(`line ${line}: expected one URL a line (OpenPhish); found ${JSON.stringify(text.slice(0, 120))}`);
    }
    yield { line, record: { url: text, host: null, listedAt: null, brand: null } };
  }
}

async function* plainList(input: Readable): AsyncGenerator<ParsedLine> {
  let first = true;
  for await (const { line, text } of textLines(input)) {
    if (text.startsWith('#')) continue;
    if (first) {
      first = false;
      if (looksLikeMarkup(text)) throw new FeedFormatError(`line ${line}: expected one domain or URL a line; found markup ${JSON.stringify(text.slice(0, 120))}`);
    }
    yield text.includes('://') ? { line, record: { url: text, host: null, listedAt: null, brand: null } } : { line, record: { url: null, host: text, listedAt: null, brand: null } };
  }
}

async function readAll(input: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** PhishTank's `online-valid.json`: an array of `{phish_id, url, submission_time, verified, verification_time, target, …}`. */
async function* phishTankJson(input: Readable): AsyncGenerator<ParsedLine> {
  let dump: unknown;
  try {
    dump = JSON.parse((await readAll(input)).toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new FeedFormatError(`expected PhishTank's JSON dump: ${(error as Error).message.slice(0, 200)}`);
  }
  if (!Array.isArray(dump)) throw new FeedFormatError(`expected PhishTank's JSON dump (an array of entries); found ${dump === null ? 'null' : typeof dump}`);
  for (let index = 0; index < dump.length; index += 1) {
    const line = index + 1;
    const entry = dump[index] as Record<string, unknown> | null;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      yield { line, error: 'entry: not an object' };
      continue;
    }
    if (typeof entry.url !== 'string' || entry.url.trim() === '') {
      yield { line, error: 'url: missing or not a string' };
      continue;
    }
    if (entry.verified !== undefined && entry.verified !== 'yes' && entry.verified !== true) {
      yield { line, error: `verified: ${JSON.stringify(entry.verified)}, not a verified phish` };
      continue;
    }
    const when = typeof entry.verification_time === 'string' ? entry.verification_time : typeof entry.submission_time === 'string' ? entry.submission_time : null;
    const listedAt = when === null ? null : new Date(when);
    if (listedAt !== null && Number.isNaN(listedAt.getTime())) {
      yield { line, error: `verification_time: not a date: ${JSON.stringify(String(when).slice(0, 40))}` };
      continue;
    }
    const target = typeof entry.target === 'string' ? entry.target.trim() : '';
    yield { line, record: { url: entry.url.trim(), host: null, listedAt, brand: target === '' || target === 'Other' ? null : target } };
  }
}

const PARSERS: Readonly<Record<FeedFormat, (input: Readable) => AsyncGenerator<ParsedLine>>> = {
  'jpcert-phishurl': jpcertPhishUrl,
  'urlhaus-csv': urlhausCsv,
  'openphish-text': openPhishText,
  'phishtank-json': phishTankJson,
  plain: plainList,
};

/**
 * The entries of a feed, one per line (or array element), in order. Bad entries are yielded as
 * errors naming their line; an input that is not in the format at all throws FeedFormatError.
 */
export function parseFeed(format: FeedFormat, input: Readable | Buffer | string): AsyncGenerator<ParsedLine> {
  return PARSERS[format](input instanceof Readable ? input : Readable.from([typeof input === 'string' ? Buffer.from(input) : input]));
}
