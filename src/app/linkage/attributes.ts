import ipaddr from 'ipaddr.js';
import parsePhoneNumber from 'libphonenumber-js/max';
import { parse as parseDomain } from 'tldts';
import { foldAddress, foldText, type Application, type ScreeningFacts } from '../../engine';
import type { SharedByConstruction } from '../../engine/linkage/shared-by-construction';

export { foldAddress, foldText };

/** The kinds of normalised attribute stored for linkage (DESIGN §5). */
export enum AttributeKind {
  Phone = 'phone',
  PhoneBlock = 'phone_block',
  /** The registrant's name with its phone block: one name on a stack of SIMs bought together. */
  NamedPhoneBlock = 'named_phone_block',
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
  /**
   * Who the registrant is, as one of the pairs that name the same person or organisation: the
   * organisation (corporate number, else its name) or the person's name, together with one contact
   * detail (phone or SMS number, mailbox, own mail domain) — or the person's name with the street
   * address. Two applications sharing one are the same customer. A corporate number or address alone
   * is not: a campaign can copy those, not the real holder's phone and mail.
   */
  Identity = 'identity',
  /**
   * Related registrants that are not the same one: the full address, building and room included
   * (the people of one household), the reseller account (or `domain.reseller`) an agency
   * registers its clients from, or a brand's owner group (rules/brands.yaml owners with a mailbox
   * on the brand's own domain).
   * Details they share (a family's card, an agency's nameservers) are no campaign evidence.
   */
  Household = 'household',
  /** The registrar's customer account the application comes from (its id as the registrar sends it). */
  Account = 'account',
}

/**
 * Narrow details: ones only a person, household or organisation has (card, device, SMS number,
 * phone, a name on one phone block, mailbox, own mail domain, private nameserver set, street
 * address without its room).
 * Shared across distinct identities they are campaign evidence before any label; fraud labels
 * spread only through them (the label propagation, the campaign view and the rules' fraud links
 * all read this list). Values shared by construction (free and carrier mail domains, carrier and
 * ISP networks, big DNS hosts' nameservers) are never stored under these kinds.
 */
export const NARROW_KINDS: readonly AttributeKind[] = [
  AttributeKind.PaymentFingerprint,
  AttributeKind.Device,
  AttributeKind.SmsPhone,
  AttributeKind.Phone,
  AttributeKind.NamedPhoneBlock,
  AttributeKind.Email,
  AttributeKind.EmailDomain,
  AttributeKind.Nameservers,
  AttributeKind.Address,
];

/** Kinds that resolve an application to its registrant's identity and household (never looked up as details). */
export const IDENTITY_KINDS: readonly AttributeKind[] = [AttributeKind.Identity, AttributeKind.Household];

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

/** The family name when the name says which it is: the first of two words (佐藤 花子, サトウ ハナコ), the last in romaji (Hanako Sato). */
function familyName(name: { kanji?: string | null; kana?: string | null; romaji?: string | null } | null | undefined): string | undefined {
  const words = (text: string | null | undefined) => (text ? text.normalize('NFKC').trim().split(/\s+/).filter(Boolean).map(foldText) : []);
  const kanji = words(name?.kanji);
  if (kanji.length === 2) return kanji[0];
  const kana = words(name?.kana);
  if (kana.length === 2) return `kana:${kana[0]}`;
  const romaji = words(name?.romaji);
  if (romaji.length === 2) return `romaji:${romaji[1]}`;
  return undefined;
}

/** Days a customer account must have been open for it to make its applications one identity. */
const ACCOUNT_VOUCHES_AFTER_DAYS = 7;

/** The account was opened less than ACCOUNT_VOUCHES_AFTER_DAYS before the screening (unknown clock: not fresh). */
function freshAccount(openedAt: string, asOf: string | undefined): boolean {
  if (asOf === undefined) return false;
  const age = Date.parse(asOf) - Date.parse(openedAt);
  return Number.isFinite(age) && age < ACCOUNT_VOUCHES_AFTER_DAYS * 86_400_000;
}

/**
 * The normalised attributes of an application that later applications may share (the same phone,
 * the same address written differently, the same /24), and its identity keys. Values are hashed
 * before they are stored. Values shared by construction (`shared`, from the rules' lists) are left
 * out: a gmail.com domain, a carrier's /24, a big DNS host's nameservers tie nobody together.
 * Without the lists (a caller that has no rules) every value is kept. The customer account is an
 * identity only with the client that sent it (`clientId`): account ids are each registrar's own.
 */
export function extractAttributes(application: Application, facts: ScreeningFacts, shared?: SharedByConstruction, clientId?: string): Attribute[] {
  const attributes: Attribute[] = [];
  const add = (kind: AttributeKind, value: string | undefined | null): void => {
    if (value && value.length > 0 && !attributes.some((attribute) => attribute.kind === kind && attribute.value === value)) attributes.push({ kind, value });
  };
  const registrant = application.registrant;

  const phone = e164(registrant?.phone);
  add(AttributeKind.Phone, phone);
  // The number without its last four digits: SIMs bought in bulk share a block.
  if (phone && phone.length > 8) add(AttributeKind.PhoneBlock, phone.slice(0, -4));
  const sms = e164(application.verification?.sms?.number);
  add(AttributeKind.SmsPhone, sms);

  const email = registrant?.email ? foldEmail(registrant.email) : undefined;
  const ownMailDomain = email && !shared?.mailProvider(email.domain) ? email.domain : undefined;
  if (email) {
    add(AttributeKind.Email, email.address);
    add(AttributeKind.EmailDomain, ownMailDomain);
  }

  const address = registrant?.address;
  let street: string | undefined;
  if (address) {
    const postal = address.postalCode?.normalize('NFKC').replace(/\D/g, '');
    add(AttributeKind.PostalCode, postal);
    // The street address without the building and room (line2): campaigns vary the room number of one address.
    const lines = [address.prefecture, address.city, address.line1].filter((part): part is string => !!part);
    if (lines.length > 0) {
      street = `${(address.country ?? 'JP').toUpperCase()}|${postal ?? ''}|${foldAddress(lines.join(''))}`;
      add(AttributeKind.Address, street);
      // A household is people; an organisation's full address is a claim anyone can copy. A family
      // shares its room, or at least its surname at the street address (one writes the room, one
      // does not).
      if (!registrant?.organization) {
        add(AttributeKind.Household, `${street}|${address.line2 ? foldAddress(address.line2) : ''}`);
        const surname = familyName(registrant?.name);
        if (surname) add(AttributeKind.Household, `${street}|family:${surname}`);
      }
    }
  }

  const name = registrant?.name;
  const person = name?.kanji ? foldText(name.kanji) : name?.romaji ? foldText(name.romaji) : name?.kana ? foldText(name.kana) : undefined;
  add(AttributeKind.Name, person);
  if (person && phone && phone.length > 8) add(AttributeKind.NamedPhoneBlock, `${person}|${phone.slice(0, -4)}`);
  const organization = registrant?.organization;
  const organizationName = organization?.name ? foldText(organization.name) : organization?.nameEn ? foldText(organization.nameEn) : undefined;
  add(AttributeKind.Organization, organizationName);
  const corporateNumber = organization?.corporateNumber?.normalize('NFKC').replace(/\D/g, '');
  add(AttributeKind.CorporateNumber, corporateNumber);
  // A brand's owner group (its group companies, with mailboxes on the brand's own domains) shares the
  // group's nameservers and mail domain: one relation, whose shared details are no campaign evidence.
  const ownerGroup = shared?.brandOwnerGroup(organization, email?.domain);
  if (ownerGroup) add(AttributeKind.Household, `brand-owner:${ownerGroup}`);

  // Identity keys: who (the organisation, the person) × how they are reached.
  const who = [corporateNumber ? `corp:${corporateNumber}` : organizationName ? `org:${organizationName}` : undefined, person ? `person:${person}` : undefined].filter((entry): entry is string => !!entry);
  const contacts = [phone ? `tel:${phone}` : undefined, sms ? `tel:${sms}` : undefined, email ? `mail:${email.address}` : undefined, ownMailDomain ? `maildomain:${ownMailDomain}` : undefined].filter(
    (entry): entry is string => !!entry,
  );
  for (const holder of who) for (const contact of contacts) add(AttributeKind.Identity, `${holder}|${contact}`);
  if (person && street) add(AttributeKind.Identity, `person:${person}|street:${street}`);

  const ip = application.signup?.ip;
  const accessNetwork = shared?.accessNetwork(facts.network?.asn) ?? false;
  if (ip && !accessNetwork) add(AttributeKind.IpPrefix, ipPrefix(ip));
  add(AttributeKind.Device, application.signup?.deviceId?.trim());
  if (facts.network?.asn !== undefined && !accessNetwork) add(AttributeKind.Asn, String(facts.network.asn));

  const domain = application.domain;
  if (domain) {
    const nameservers = (domain.nameservers ?? []).map((server) => server.trim().toLowerCase().replace(/\.$/, '')).filter(Boolean);
    if (nameservers.length > 0 && !shared?.defaultNameservers(nameservers)) add(AttributeKind.Nameservers, [...new Set(nameservers)].sort().join(','));
    add(AttributeKind.Registrar, domain.registrar ? foldText(domain.registrar) : undefined);
    add(AttributeKind.Reseller, domain.reseller ? foldText(domain.reseller) : undefined);
    add(AttributeKind.RegistrableDomain, parseDomain(domain.name.trim().toLowerCase(), { allowPrivateDomains: false }).domain);
  }
  add(AttributeKind.PaymentFingerprint, application.payment?.fingerprint?.trim());
  const account = application.account;
  add(AttributeKind.Account, account?.id.trim());
  // One registrar account is one customer; a reseller's account holds many, related but distinct,
  // and so does a reseller the registrar names on the domain (for registrars that send no account).
  // An account opened days ago vouches for no one yet: anyone opens one in minutes, and a campaign
  // that rotates made-up registrants through it is not one returning customer (its own details —
  // the same person's phone or mailbox — still make a new customer's applications one identity).
  if (account && clientId && (account.reseller || !freshAccount(account.openedAt, facts.asOf))) {
    add(account.reseller ? AttributeKind.Household : AttributeKind.Identity, `${account.reseller ? 'reseller' : 'account'}:${clientId}|${account.id.trim()}`);
  }
  if (domain?.reseller && clientId) add(AttributeKind.Household, `reseller-name:${clientId}|${foldText(domain.reseller)}`);
  return attributes;
}
