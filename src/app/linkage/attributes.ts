import ipaddr from 'ipaddr.js';
import parsePhoneNumber from 'libphonenumber-js/max';
import { parse as parseDomain } from 'tldts';
import { foldAddress, foldText, type Application, type ScreeningFacts } from '../../engine';

export { foldAddress, foldText };

/** The kinds of normalised attribute stored for linkage (DESIGN §5). */
export enum AttributeKind {
  Phone = 'phone',
  PhoneBlock = 'phone_block',
  SmsPhone = 'sms_phone',
  Email = 'email',
  EmailDomain = 'email_domain',
  Address = 'address',
  PostalCode = 'postal_code',
  Name = 'name',
  Organization = 'organization',
  CorporateNumber = 'corporate_number',
  IpPrefix = 'ip_prefix',
  Asn = 'asn',
  Nameservers = 'nameservers',
  Registrar = 'registrar',
  Reseller = 'reseller',
  PaymentFingerprint = 'payment_fingerprint',
  Device = 'device',
  RegistrableDomain = 'registrable_domain',
  Account = 'account',
}

export interface Attribute {
  readonly kind: AttributeKind;
  readonly value: string;
}

/** Mail providers that ignore dots in the local part, and those that ignore a `+tag`. */
const DOTS_IGNORED = new Set(['gmail.com', 'googlemail.com']);
const PLUS_TAGS_IGNORED = new Set(['gmail.com', 'googlemail.com', 'outlook.com', 'outlook.jp', 'hotmail.com', 'hotmail.co.jp', 'live.jp', 'live.com', 'icloud.com', 'me.com', 'mac.com', 'fastmail.com', 'proton.me', 'protonmail.com']);

/**
 * One mailbox however it is written: lower-case, and where the provider delivers them to the same
 * inbox, without dots (Gmail) or a `+tag` (most large providers). googlemail.com is gmail.com.
 */
export function foldEmail(raw: string): { address: string; domain: string } | undefined {
  const text = raw.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return undefined;
  let local = text.slice(0, at);
  let domain = text.slice(at + 1).replace(/\.$/, '');
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (PLUS_TAGS_IGNORED.has(domain)) local = local.split('+')[0]!;
  if (DOTS_IGNORED.has(domain)) local = local.replaceAll('.', '');
  return { address: `${local}@${domain}`, domain };
}

function e164(raw: string | null | undefined): string | undefined {
  if (!raw || raw.trim() === '') return undefined;
  try {
    const number = parsePhoneNumber(raw, { defaultCountry: 'JP' });
    return number?.isPossible() ? number.number : undefined;
  } catch {
    return undefined;
  }
}

function ipPrefix(raw: string): string | undefined {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(raw.trim());
  } catch {
    return undefined;
  }
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) address = (address as ipaddr.IPv6).toIPv4Address();
  if (address.kind() === 'ipv4') {
    const octets = (address as ipaddr.IPv4).octets;
    return `${octets[0]}.${octets[1]}.${octets[2]}.0/24`;
  }
  const parts = (address as ipaddr.IPv6).parts;
  return `${parts.slice(0, 3).map((part) => part.toString(16)).join(':')}::/48`;
}

/**
 * The normalised attributes of an application that later applications may share (the same phone,
 * the same address written differently, the same /24). Values are hashed before they are stored.
 */
export function extractAttributes(application: Application, facts: ScreeningFacts): Attribute[] {
  const attributes: Attribute[] = [];
  const add = (kind: AttributeKind, value: string | undefined | null): void => {
    if (value && value.length > 0) attributes.push({ kind, value });
  };
  const registrant = application.registrant;

  const phone = e164(registrant?.phone);
  add(AttributeKind.Phone, phone);
  // The number without its last four digits: SIMs bought in bulk share a block.
  if (phone && phone.length > 8) add(AttributeKind.PhoneBlock, phone.slice(0, -4));
  add(AttributeKind.SmsPhone, e164(application.verification?.sms?.number));

  const email = registrant?.email ? foldEmail(registrant.email) : undefined;
  if (email) {
    add(AttributeKind.Email, email.address);
    add(AttributeKind.EmailDomain, email.domain);
  }

  const address = registrant?.address;
  if (address) {
    const postal = address.postalCode?.normalize('NFKC').replace(/\D/g, '');
    add(AttributeKind.PostalCode, postal);
    // The street address without the building and room (line2): campaigns vary the room number of one address.
    const lines = [address.prefecture, address.city, address.line1].filter((part): part is string => !!part);
    if (lines.length > 0) add(AttributeKind.Address, `${(address.country ?? 'JP').toUpperCase()}|${postal ?? ''}|${foldAddress(lines.join(''))}`);
  }

  const name = registrant?.name;
  add(AttributeKind.Name, name?.kanji ? foldText(name.kanji) : name?.romaji ? foldText(name.romaji) : name?.kana ? foldText(name.kana) : undefined);
  const organization = registrant?.organization;
  add(AttributeKind.Organization, organization?.name ? foldText(organization.name) : organization?.nameEn ? foldText(organization.nameEn) : undefined);
  add(AttributeKind.CorporateNumber, organization?.corporateNumber?.normalize('NFKC').replace(/\D/g, ''));

  const ip = application.signup?.ip;
  if (ip) add(AttributeKind.IpPrefix, ipPrefix(ip));
  add(AttributeKind.Device, application.signup?.deviceId?.trim());
  if (facts.network?.asn !== undefined) add(AttributeKind.Asn, String(facts.network.asn));

  const domain = application.domain;
  if (domain) {
    const nameservers = (domain.nameservers ?? []).map((server) => server.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean);
    if (nameservers.length > 0) add(AttributeKind.Nameservers, [...new Set(nameservers)].sort().join(','));
    add(AttributeKind.Registrar, domain.registrar ? foldText(domain.registrar) : undefined);
    add(AttributeKind.Reseller, domain.reseller ? foldText(domain.reseller) : undefined);
    add(AttributeKind.RegistrableDomain, parseDomain(domain.name.trim().toLowerCase(), { allowPrivateDomains: false }).domain);
  }
  add(AttributeKind.PaymentFingerprint, application.payment?.fingerprint?.trim());
  add(AttributeKind.Account, application.account?.id.trim());
  return attributes;
}
