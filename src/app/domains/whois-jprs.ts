import { domainToASCII } from 'node:url';

/** One domain from a JPRS WHOIS text export, in one shape whichever of the four layouts it came in. */
export interface WhoisRecord {
  /** 1-based line where the record starts: its `Domain Information:` header, or else its domain name line. */
  readonly line: number;
  readonly form: 'general-ja' | 'general-en' | 'attribute-ja' | 'attribute-en';
  /** ASCII and lower case; an IDN as punycode (例え.jp → xn--r8jz45g.jp). */
  readonly domain: string;
  /** 登録者名 / 組織名, else [Registrant] / g. [Organization]; null when empty or a privacy text. */
  readonly registrantName: string | null;
  /** [Registrant] of the general forms, g. [Organization] of the attribute forms; null when hidden. */
  readonly registrantNameEn: string | null;
  /** k. [組織種別], else l. [Organization Type] (attribute forms only). */
  readonly organizationType: string | null;
  /** The public contact (公開連絡窓口) of the general forms; null in the attribute forms. */
  readonly contact: { name: string | null; email: string | null; postalCode: string | null; address: string | null; phone: string | null } | null;
  /** Lower case, no trailing dot, in the order listed. */
  readonly nameservers: readonly string[];
  /** YYYY-MM-DD. */
  readonly createdOn: string | null;
  /** YYYY-MM-DD, from [有効期限] / [Expires on], else from the date in brackets in [状態] / [State]. */
  readonly expiresOn: string | null;
  /** The state as written, e.g. `Active` or `Connected (2025/03/31)`. */
  readonly status: string | null;
  /** ISO 8601 with the offset, e.g. 2024-05-01T01:05:03+09:00. */
  readonly updatedAt: string | null;
}

/** A record that was skipped; `message` starts with the field, e.g. `[有効期限]: not a date: 2025/13/45`. */
export interface WhoisParseError {
  readonly line: number;
  readonly message: string;
}

type Field =
  | 'domain'
  | 'registrantJa'
  | 'registrantEn'
  | 'organizationTypeJa'
  | 'organizationTypeEn'
  | 'nameserver'
  | 'createdOn'
  | 'connectedOn'
  | 'expiresOn'
  | 'status'
  | 'updatedAt'
  | 'contactNameJa'
  | 'contactNameEn'
  | 'email'
  | 'postalCode'
  | 'addressJa'
  | 'addressEn'
  | 'phone';

/** Labels of all four forms (NFKC, lower case), without their `a.`-style letters. Any other label is ignored. */
const FIELD_OF_LABEL: ReadonlyMap<string, Field> = new Map([
  ['domain name', 'domain'],
  ['ドメイン名', 'domain'],
  ['登録者名', 'registrantJa'],
  ['組織名', 'registrantJa'],
  ['registrant', 'registrantEn'],
  ['organization', 'registrantEn'],
  ['組織種別', 'organizationTypeJa'],
  ['organization type', 'organizationTypeEn'],
  ['name server', 'nameserver'],
  ['ネームサーバ', 'nameserver'],
  ['ネームサーバー', 'nameserver'],
  ['登録年月日', 'createdOn'],
  ['created on', 'createdOn'],
  ['registered date', 'createdOn'],
  ['接続年月日', 'connectedOn'],
  ['connected date', 'connectedOn'],
  ['有効期限', 'expiresOn'],
  ['expires on', 'expiresOn'],
  ['状態', 'status'],
  ['status', 'status'],
  ['state', 'status'],
  ['最終更新', 'updatedAt'],
  ['last updated', 'updatedAt'],
  ['last update', 'updatedAt'],
  ['名前', 'contactNameJa'],
  ['name', 'contactNameEn'],
  ['email', 'email'],
  ['郵便番号', 'postalCode'],
  ['postal code', 'postalCode'],
  ['住所', 'addressJa'],
  ['postal address', 'addressEn'],
  ['電話番号', 'phone'],
  ['phone', 'phone'],
]);

const CONTACT_FIELDS: ReadonlySet<Field> = new Set(['contactNameJa', 'contactNameEn', 'email', 'postalCode', 'addressJa', 'addressEn', 'phone']);
const MULTI_LINE: ReadonlySet<Field> = new Set(['addressJa', 'addressEn']);

/** `[Domain Name]   EXAMPLE.JP`, `a. [ドメイン名]   EXAMPLE.CO.JP`; full-width brackets and letters too. */
const KEY_LINE = /^(?:([A-Za-zＡ-Ｚａ-ｚ])[.．]\s*)?[[［]([^\]］\s][^\]］]*)[\]］](.*)$/su;
/** JPRS notices (`[ JPRS database provides … ]`) and `%` comments: preamble of the next response. */
const PREAMBLE_LINE = /^(?:[[［]\s|[%％])/u;
const DOMAIN_HEADER = /^domain information\s*[:：]/iu;
const CONTACT_HEADER = /^contact information\s*[:：]/iu;

/** The field a key's label names, in any of the four forms, or undefined for a label the parser ignores. */
const fieldOfLabel = (label: string): Field | undefined => FIELD_OF_LABEL.get(label.trim().normalize('NFKC').toLowerCase().replace(/\s+/gu, ' '));

/**
 * How a line bears on where records start, as `parseJprsWhois` reads it: a JPRS notice or `%`
 * comment stands between records, a `Domain Information:` header starts one, and so does a domain
 * name line unless the record open above has no field yet. Half- and full-width brackets, `%`
 * and colons alike; an indented line continues the value above and is never a boundary.
 */
export type WhoisBoundary = 'preamble' | 'header' | 'domain';

export function whoisBoundaryOf(raw: string): WhoisBoundary | null {
  if (PREAMBLE_LINE.test(raw)) return 'preamble';
  if (DOMAIN_HEADER.test(raw)) return 'header';
  const key = KEY_LINE.exec(raw);
  return key && fieldOfLabel(key[2]!) === 'domain' ? 'domain' : null;
}

/** Registrant names that say the name is withheld rather than give one. */
const HIDDEN_NAMES: readonly RegExp[] = [
  /^[\s\-‐－―—_*.・/()（）]*$/u,
  /^(?:n\/?a|none|null|unknown|private|hidden|withheld|redacted|not disclosed|非公開|未公開|非表示|登録者非公開)$/u,
  /redacted for privacy/u,
  /privacy (?:protect|protection|service|guard)/u,
  /whois ?privacy/u,
  /(?:domain|whois|registration|privacy) proxy|proxy service/u,
  /data protected|contact privacy/u,
  /whois.{0,12}代行|公開代行|代理公開|情報非公開/u,
  /^suspended domain name$/u,
];

interface Entry {
  readonly field: Field | undefined;
  readonly label: string;
  readonly line: number;
  readonly lines: string[];
}

interface Block {
  readonly line: number;
  readonly entries: Entry[];
  attribute: boolean;
  japanese: boolean;
  contactSection: boolean;
  hasKnownKey: boolean;
}

const MAX_SHOWN = 80;
const shown = (value: string): string => (value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value);
const isJapanese = (text: string): boolean => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text);

function isHiddenName(name: string): boolean {
  const folded = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[([<【]+\s*|\s*[)\]>】]+$/gu, '');
  return HIDDEN_NAMES.some((pattern) => pattern.test(folded));
}

/** A host name as DNS carries it, or undefined: LDH labels, at least two, the last not numeric. */
function asciiHostName(raw: string): string | undefined {
  if (/\s/u.test(raw)) return undefined;
  let ascii: string;
  try {
    ascii = domainToASCII(raw.normalize('NFKC')).toLowerCase().replace(/\.$/u, '');
  } catch {
    return undefined;
  }
  const labels = ascii.split('.');
  if (ascii.length === 0 || ascii.length > 253 || labels.length < 2) return undefined;
  if (!labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/u.test(label))) return undefined;
  return /^\d+$/u.test(labels[labels.length - 1]!) ? undefined : ascii;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** 2025/03/31 → 2025-03-31; undefined unless it is a day of the calendar. */
function isoDate(raw: string): string | undefined {
  const match = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/u.exec(raw.normalize('NFKC').trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 2024/05/01 01:05:03 (JST) → 2024-05-01T01:05:03+09:00. JPRS prints JST only, so a time without a zone is JST too. */
function isoTimestamp(raw: string): string | undefined {
  const match = /^(\S+)\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*\(\s*JST\s*\))?$/iu.exec(raw.normalize('NFKC').trim());
  if (!match) return undefined;
  const date = isoDate(match[1]!);
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  if (!date || hour > 23 || minute > 59 || second > 59) return undefined;
  const pad = (part: number): string => String(part).padStart(2, '0');
  return `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}+09:00`;
}

function valueOf(entry: Entry): string {
  const parts = entry.lines.map((part) => part.trim()).filter((part) => part.length > 0);
  return parts.join(entry.field && MULTI_LINE.has(entry.field) ? '\n' : ' ');
}

/** A block of lines that claims to be one record: checked whole, and kept only if nothing in it is wrong. */
function recordOf(block: Block, errors: WhoisParseError[]): WhoisRecord | undefined {
  const before = errors.length;
  const fail = (line: number, message: string): void => {
    errors.push({ line, message });
  };
  const first = new Map<Field, Entry>();
  const nameservers: string[] = [];
  for (const entry of block.entries) {
    if (!entry.field) continue;
    if (entry.field === 'nameserver') {
      const value = valueOf(entry);
      if (value === '') continue;
      const host = asciiHostName(value);
      if (host === undefined) fail(entry.line, `[${entry.label}]: not a host name: ${shown(value)}`);
      else if (!nameservers.includes(host)) nameservers.push(host);
    } else if (first.has(entry.field)) {
      // Two of one field mean two records ran together (a lost header): neither can be trusted.
      fail(entry.line, `[${entry.label}]: repeated in one record (first on line ${first.get(entry.field)!.line})`);
    } else first.set(entry.field, entry);
  }
  const text = (field: Field): string | null => {
    const entry = first.get(field);
    const value = entry ? valueOf(entry) : '';
    return value === '' ? null : value;
  };
  const date = (field: Field, parse: (raw: string) => string | undefined, expected: string): string | null => {
    const raw = text(field);
    if (raw === null) return null;
    const parsed = parse(raw);
    if (parsed === undefined) fail(first.get(field)!.line, `[${first.get(field)!.label}]: not ${expected}: ${shown(raw)}`);
    return parsed ?? null;
  };

  const domainEntry = first.get('domain');
  const domainText = text('domain');
  const domain = domainText === null ? undefined : asciiHostName(domainText);
  if (!domainEntry || domainText === null) fail(domainEntry?.line ?? block.line, `[${domainEntry?.label ?? 'Domain Name'}]: missing`);
  else if (domain === undefined) fail(domainEntry.line, `[${domainEntry.label}]: not a domain name: ${shown(domainText)}`);

  const createdOn = date('createdOn', isoDate, 'a date');
  date('connectedOn', isoDate, 'a date');
  const updatedAt = date('updatedAt', isoTimestamp, 'a date and time');
  let expiresOn = date('expiresOn', isoDate, 'a date');
  const status = text('status');
  // 属性型 print the expiry in brackets after the state: Connected (2025/03/31).
  const bracketed = status === null ? undefined : /[(（]\s*([\d０-９]+[/／][\d０-９]+[/／][\d０-９]+)\s*[)）]/u.exec(status)?.[1];
  if (bracketed !== undefined) {
    const fromState = isoDate(bracketed.normalize('NFKC'));
    if (fromState === undefined) fail(first.get('status')!.line, `[${first.get('status')!.label}]: not a date: ${shown(bracketed)}`);
    expiresOn ??= fromState ?? null;
  }
  if (errors.length > before || domain === undefined) return undefined;

  const name = (field: Field): string | null => {
    const value = text(field);
    return value === null || isHiddenName(value) ? null : value;
  };
  const attribute = block.attribute;
  const general = !attribute;
  const hasContact = block.contactSection || block.entries.some((entry) => entry.field !== undefined && CONTACT_FIELDS.has(entry.field));
  return {
    line: block.line,
    form: `${attribute ? 'attribute' : 'general'}-${block.japanese ? 'ja' : 'en'}`,
    domain,
    registrantName: name('registrantJa') ?? name('registrantEn'),
    registrantNameEn: name('registrantEn'),
    organizationType: text('organizationTypeJa') ?? text('organizationTypeEn'),
    contact:
      general && hasContact
        ? { name: text('contactNameJa') ?? text('contactNameEn'), email: text('email'), postalCode: text('postalCode'), address: text('addressJa') ?? text('addressEn'), phone: text('phone') }
        : null,
    nameservers,
    createdOn,
    expiresOn,
    status,
    updatedAt,
  };
}

/**
 * Parses a registrar's export of JPRS WHOIS text records: 汎用JP / 都道府県型JP and 属性型 domains, in
 * Japanese or English (`/e`), many concatenated, with or without the JPRS notices between them.
 *
 * A record starts at its `Domain Information:` header or, without one, at its `[Domain Name]` /
 * `a. [ドメイン名]` / `a. [Domain Name]` line, and ends where the next one starts or at a JPRS notice
 * (`[ … ]`) or `%` line; a header with no known field after it is dropped without an error.
 * A record with no valid domain name, a malformed date or host name, or the same field twice is
 * left out and reported in `errors` (one entry per bad field, with its line); the other records
 * are still returned. Never throws.
 */
export function parseJprsWhois(text: string): { readonly records: WhoisRecord[]; readonly errors: WhoisParseError[] } {
  const records: WhoisRecord[] = [];
  const errors: WhoisParseError[] = [];
  let block: Block | undefined;
  let lastEntry: Entry | undefined;

  const close = (): void => {
    // A header with no field under it holds nothing to lose: the tail of a truncated or split export.
    if (block?.hasKnownKey) {
      const record = recordOf(block, errors);
      if (record) records.push(record);
    }
    block = undefined;
    lastEntry = undefined;
  };
  const open = (line: number, japanese = false): Block => {
    close();
    block = { line, entries: [], attribute: false, japanese, contactSection: false, hasKnownKey: false };
    return block;
  };

  const lines = String(text).replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') {
      lastEntry = undefined;
      return;
    }
    if (PREAMBLE_LINE.test(raw)) return close();
    if (DOMAIN_HEADER.test(raw)) {
      open(line, isJapanese(raw));
      return;
    }
    if (CONTACT_HEADER.test(raw)) {
      if (block) {
        block.contactSection = true;
        if (isJapanese(raw)) block.japanese = true;
      }
      lastEntry = undefined;
      return;
    }
    // An empty key column continues the value above (addresses run over several lines).
    if (/^\s/u.test(raw)) {
      lastEntry?.lines.push(raw);
      return;
    }
    const key = KEY_LINE.exec(raw);
    if (!key) {
      lastEntry = undefined;
      return;
    }
    const label = key[2]!.trim();
    const field = fieldOfLabel(label);
    if (field === 'domain' && (!block || block.hasKnownKey)) open(line);
    else if (field !== undefined && !block) open(line);
    const entry: Entry = { field, label, line, lines: [key[3]!] };
    lastEntry = entry;
    if (!block) return;
    if (isJapanese(label)) block.japanese = true;
    if (field === undefined) return;
    // Only the 属性型 letter their keys; their Japanese form names the domain ドメイン名.
    if (field === 'domain') block.attribute = key[1] !== undefined || label === 'ドメイン名';
    block.hasKnownKey = true;
    block.entries.push(entry);
  });
  close();
  errors.sort((a, b) => a.line - b.line);
  return { records, errors };
}
