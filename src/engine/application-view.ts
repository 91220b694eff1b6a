import ipaddr from 'ipaddr.js';
import parsePhoneNumber, { type NumberType, type PhoneNumber } from 'libphonenumber-js/max';
import type { Application } from './application';
import { parseDomainName, type DomainNameResult } from './domain-name';

export interface PhoneView {
  readonly raw: string;
  /** Undefined when libphonenumber could not parse the text at all. */
  readonly number: PhoneNumber | undefined;
  readonly valid: boolean;
  readonly e164: string | undefined;
  /** libphonenumber's line type (undefined for an invalid number). */
  readonly type: NumberType;
}

export interface EmailView {
  readonly raw: string;
  readonly valid: boolean;
  readonly localPart: string;
  /** Lower-cased domain part (after the last `@`). */
  readonly domain: string;
}

export interface DomainView {
  /** Lower-cased name without a trailing dot. */
  readonly name: string;
  readonly labels: readonly string[];
  readonly isJp: boolean;
  /** Second-level type for 属性型 .jp names (`co`, `or`, `ne`, `ac`, `go`, `ad`, `ed`, `gr`, `lg`), if any. */
  readonly jpType: string | undefined;
}

export type IpView =
  | { readonly raw: string; readonly valid: false }
  | { readonly raw: string; readonly valid: true; readonly address: ipaddr.IPv4 | ipaddr.IPv6; readonly kind: 'ipv4' | 'ipv6' };

const JP_TYPES = new Set(['co', 'or', 'ne', 'ac', 'go', 'ad', 'ed', 'gr', 'lg']);

function phoneView(raw: string | null | undefined): PhoneView | undefined {
  if (raw == null || raw.trim() === '') return undefined;
  let number: PhoneNumber | undefined;
  try {
    number = parsePhoneNumber(raw, { defaultCountry: 'JP' });
  } catch {
    number = undefined;
  }
  // With the /max metadata a number is valid exactly when it has a type; asking once saves a
  // second pass over the numbering plan's patterns (the costliest step of a screening).
  const type = number?.getType();
  const valid = type !== undefined || (number?.isValid() ?? false);
  return { raw, number, valid, e164: valid ? number?.number : undefined, type };
}

/** Digits of a phone number in international form without `+`, to spot one number written twice. */
function phoneDigits(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  return raw.trimStart().startsWith('+') ? digits : digits.startsWith('0') ? `81${digits.slice(1)}` : digits;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function emailView(raw: string | null | undefined): EmailView | undefined {
  if (raw == null || raw.trim() === '') return undefined;
  const text = raw.trim();
  const at = text.lastIndexOf('@');
  const localPart = at > 0 ? text.slice(0, at) : text;
  const domain = at > 0 ? text.slice(at + 1).toLowerCase().replace(/\.$/, '') : '';
  return { raw, valid: EMAIL_SHAPE.test(text) && localPart.length <= 64, localPart, domain };
}

function domainView(raw: string | null | undefined): DomainView | undefined {
  if (raw == null || raw.trim() === '') return undefined;
  const name = raw.trim().toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  const isJp = labels[labels.length - 1] === 'jp';
  const second = labels.length >= 3 ? labels[labels.length - 2] : undefined;
  return { name, labels, isJp, jpType: isJp && second !== undefined && JP_TYPES.has(second) ? second : undefined };
}

function ipView(raw: string | null | undefined): IpView | undefined {
  if (raw == null || raw.trim() === '') return undefined;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(raw.trim());
  } catch {
    return { raw, valid: false };
  }
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  return { raw, valid: true, address, kind: address.kind() };
}

/** Views the caller has already computed for this application. */
export interface PreparedViews {
  readonly domainName?: DomainNameResult;
}

/**
 * Derived, parsed views of an application, computed once on first use and shared by all
 * signals (phone parsing is the costliest step of a screening).
 */
export class ApplicationView {
  private readonly cache = new Map<string | symbol, unknown>();

  /** `prepared` holds what the caller has already parsed (the CLI parses each domain name once). */
  constructor(
    readonly application: Application,
    prepared: PreparedViews = {},
  ) {
    if (prepared.domainName) this.cache.set('domainName', prepared.domainName);
  }

  private memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  /**
   * A value several signals derive from the application (a parsed name, say), computed by the
   * first signal that asks and shared for the rest of this screening. Use one symbol per value.
   */
  derived<T>(key: symbol, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  get contactPhone(): PhoneView | undefined {
    return this.memo('contactPhone', () => phoneView(this.application.registrant?.phone));
  }

  get smsPhone(): PhoneView | undefined {
    return this.memo('smsPhone', () => {
      const raw = this.application.verification?.sms?.number;
      const contact = this.application.registrant?.phone;
      // Usually the verified number is the contact number in another notation: parse it once.
      if (raw && contact && phoneDigits(raw) === phoneDigits(contact)) {
        const parsed = this.contactPhone;
        return parsed && { ...parsed, raw };
      }
      return phoneView(raw);
    });
  }

  get email(): EmailView | undefined {
    return this.memo('email', () => emailView(this.application.registrant?.email));
  }

  get domain(): DomainView | undefined {
    return this.memo('domain', () => domainView(this.application.domain?.name));
  }

  /** The requested name normalised (UTS #46, registrable domain, IDN decoded), or why it is not a hostname. */
  get domainName(): DomainNameResult | undefined {
    return this.memo('domainName', () => {
      const name = this.application.domain?.name;
      return name ? parseDomainName(name) : undefined;
    });
  }

  get signupIp(): IpView | undefined {
    return this.memo('signupIp', () => ipView(this.application.signup?.ip));
  }

  /** True when the registrant claims to be an organisation (explicit type, or an organisation name without a person type). */
  get isOrganization(): boolean {
    const registrant = this.application.registrant;
    if (registrant?.type) return registrant.type === 'organization';
    return Boolean(registrant?.organization?.name);
  }
}
