import { foldAddress, foldText, type RuleSet } from '../../engine';
import { foldEmail } from '../linkage/attributes';

/** The details a reviewer compares between two applications, in the order they are shown. */
export const COMPARED_FIELDS = ['name', 'kana', 'organization', 'address', 'phone', 'email', 'sms', 'ip', 'card', 'device', 'nameservers'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** One application's key details as shown (null: not given, or purged). */
export type KeyDetails = Readonly<Record<ComparedField, string | null>>;

/**
 * A linked application's detail beside this application's: `same` is highlighted; `widely` is the
 * same value but one so many unrelated applicants share (a free-mail domain, a big DNS host) that
 * it says nothing, so it is folded away instead.
 */
export type Likeness = 'same' | 'widely' | 'different' | 'missing';

interface Stored {
  readonly body: Record<string, unknown>;
  readonly signupIp: string | null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function object(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The /24 (IPv4) or /48 (IPv6) a signup came from, as linkage groups addresses. */
function networkOf(ip: string | null): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(ip.trim());
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  const v6 = ip.trim().toLowerCase().split(':');
  return v6.length > 2 ? `${v6.slice(0, 3).join(':')}::/48` : null;
}

/** The key details of a stored application body. */
export function keyDetails(stored: Stored): KeyDetails {
  const registrant = object(stored.body.registrant);
  const name = object(registrant.name);
  const address = object(registrant.address);
  const organization = object(registrant.organization);
  const verification = object(object(stored.body.verification).sms);
  const signup = object(stored.body.signup);
  const payment = object(stored.body.payment);
  const domain = object(stored.body.domain);
  const nameservers = Array.isArray(domain.nameservers) ? domain.nameservers.filter((server): server is string => typeof server === 'string') : [];
  const street = [address.postalCode ? `〒${String(address.postalCode)}` : null, address.prefecture, address.city, address.line1, address.line2].map(text).filter(Boolean);
  return {
    name: text(name.kanji) ?? text(name.romaji),
    kana: text(name.kana),
    organization: text(organization.name) ?? text(organization.nameEn),
    address: street.length > 0 ? street.join(' ') : null,
    phone: text(registrant.phone),
    email: text(registrant.email),
    sms: text(verification.number),
    ip: networkOf(text(stored.signupIp) ?? text(signup.ip)),
    card: text(payment.fingerprint),
    device: text(signup.deviceId),
    nameservers: nameservers.length > 0 ? [...new Set(nameservers.map((server) => server.trim().toLowerCase().replace(/\.$/, '')))].sort().join(', ') : null,
  };
}

/** A phone number's digits in domestic form: `+81 90-1234-5678` and `090 1234 5678` are one number. */
function phoneKey(raw: string): string {
  const digits = raw.normalize('NFKC').replace(/[^\d+]/g, '');
  return digits.startsWith('+81') ? `0${digits.slice(3)}` : digits.replace(/^\+/, '');
}

function comparable(field: ComparedField, value: string): string {
  switch (field) {
    case 'name':
    case 'kana':
    case 'organization':
      return foldText(value);
    case 'address':
      return foldAddress(value.replace(/〒[\d-]+\s*/, ''));
    case 'phone':
    case 'sms':
      return phoneKey(value);
    case 'email':
      return foldEmail(value)?.address ?? value.toLowerCase();
    default:
      return value.toLowerCase();
  }
}

function listed(rules: RuleSet, list: string, host: string): boolean {
  const entries = rules.lists.get(list)?.entries ?? [];
  return entries.some((entry) => (entry.includes('.') ? host === entry || host.endsWith(`.${entry}`) : host.split('.').some((label) => label.startsWith(entry))));
}

/** Whether a shared value is one too many strangers share to mean anything. */
function widelyShared(rules: RuleSet, field: ComparedField, value: string): boolean {
  if (field === 'nameservers') return value.split(', ').every((server) => listed(rules, 'widely-shared-nameservers', server));
  return false;
}

export function likeness(rules: RuleSet, field: ComparedField, mine: string | null, theirs: string | null): Likeness {
  if (mine === null || theirs === null) return 'missing';
  if (comparable(field, mine) !== comparable(field, theirs)) return 'different';
  return widelyShared(rules, field, mine) ? 'widely' : 'same';
}

/** The mail domain of an address when it is free or carrier mail: shared by strangers, so said nothing about. */
export function widelySharedMailDomain(rules: RuleSet, email: string | null): string | null {
  const domain = email ? foldEmail(email)?.domain : undefined;
  if (!domain) return null;
  return listed(rules, 'free-mail-domains', domain) || listed(rules, 'carrier-mail-domains', domain) ? domain : null;
}

/** Whether an origin ASN is one of the big access carriers (millions of subscribers share it). */
export function isCarrierAsn(rules: RuleSet, asn: number | string | null | undefined): boolean {
  return asn !== null && asn !== undefined && (rules.lists.get('carrier-asns')?.has(String(asn)) ?? false);
}
