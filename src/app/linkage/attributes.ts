import ipaddr from 'ipaddr.js';
import parsePhoneNumber from 'libphonenumber-js/max';
import { parse as parseDomain } from 'tldts';
import type { Application, ScreeningFacts } from '../../engine';

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
  RegistrableDomain = 'registrable_domain',
}

export interface Attribute {
  readonly kind: AttributeKind;
  readonly value: string;
}

/** Full-width to half-width, one kind of hyphen and no spaces: 東京都千代田区１−１ = 東京都千代田区1-1. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‐‑‒–—―−ーｰ－]/g, (dash, offset: number, whole: string) => (dash === 'ー' && /[\u30A0-\u30FF]/.test(whole[offset - 1] ?? '') ? dash : '-'))
    .replace(/\s+/g, '');
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

  const email = registrant?.email?.trim().toLowerCase();
  if (email && email.includes('@')) {
    add(AttributeKind.Email, email);
    add(AttributeKind.EmailDomain, email.slice(email.lastIndexOf('@') + 1));
  }

  const address = registrant?.address;
  if (address) {
    const postal = address.postalCode?.normalize('NFKC').replace(/\D/g, '');
    add(AttributeKind.PostalCode, postal);
    const lines = [address.prefecture, address.city, address.line1, address.line2].filter((part): part is string => !!part);
    if (lines.length > 0) add(AttributeKind.Address, `${(address.country ?? 'JP').toUpperCase()}|${postal ?? ''}|${foldText(lines.join(''))}`);
  }

  const name = registrant?.name;
  add(AttributeKind.Name, name?.kanji ? foldText(name.kanji) : name?.romaji ? foldText(name.romaji) : name?.kana ? foldText(name.kana) : undefined);
  const organization = registrant?.organization;
  add(AttributeKind.Organization, organization?.name ? foldText(organization.name) : organization?.nameEn ? foldText(organization.nameEn) : undefined);
  add(AttributeKind.CorporateNumber, organization?.corporateNumber?.normalize('NFKC').replace(/\D/g, ''));

  const ip = application.signup?.ip;
  if (ip) add(AttributeKind.IpPrefix, ipPrefix(ip));
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
  return attributes;
}
