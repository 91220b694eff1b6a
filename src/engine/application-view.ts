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
  const text = raw.trim();
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // As ipaddr.parse, which validates and then parses again: IPv6 exactly when there is a colon.
    address = text.includes(':') ? ipaddr.IPv6.parse(text) : ipaddr.IPv4.parse(text);
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

/** Marks a view not computed yet (`undefined` is a computed view: the field is absent). */
const UNSET = Symbol('unset');
type Lazy<T> = T | typeof UNSET;

/**
 * Derived, parsed views of an application, computed once on first use and shared by all
 * signals (phone parsing is the costliest step of a screening). One view is made per screening,
 * so the views are plain fields rather than a map.
 */
export class ApplicationView {
  /** The first derived value (most screenings derive one or two), then a map for the rest. */
  private firstDerivedKey: symbol | undefined;
  private firstDerivedValue: unknown;
  private derivedValues: Map<symbol, unknown> | undefined;
  private contactPhoneView: Lazy<PhoneView | undefined> = UNSET;
  private smsPhoneView: Lazy<PhoneView | undefined> = UNSET;
  private emailView: Lazy<EmailView | undefined> = UNSET;
  private domainView: Lazy<DomainView | undefined> = UNSET;
  private domainNameResult: Lazy<DomainNameResult | undefined> = UNSET;
  private signupIpView: Lazy<IpView | undefined> = UNSET;

  /** `prepared` holds what the caller has already parsed (the CLI parses each domain name once). */
  constructor(
    readonly application: Application,
    prepared: PreparedViews = {},
  ) {
    if (prepared.domainName) this.domainNameResult = prepared.domainName;
  }

  /**
   * A value several signals derive from the application (a parsed name, say), computed by the
   * first signal that asks and shared for the rest of this screening. Use one symbol per value.
   */
  derived<T>(key: symbol, compute: () => T): T {
    if (key === this.firstDerivedKey) return this.firstDerivedValue as T;
    if (this.derivedValues?.has(key)) return this.derivedValues.get(key) as T;
    const value = compute();
    if (this.firstDerivedKey === undefined) {
      this.firstDerivedKey = key;
      this.firstDerivedValue = value;
    } else {
      (this.derivedValues ??= new Map()).set(key, value);
    }
    return value;
  }

  get contactPhone(): PhoneView | undefined {
    if (this.contactPhoneView === UNSET) this.contactPhoneView = phoneView(this.application.registrant?.phone);
    return this.contactPhoneView;
  }

  get smsPhone(): PhoneView | undefined {
    if (this.smsPhoneView === UNSET) {
      const raw = this.application.verification?.sms?.number;
      const contact = this.application.registrant?.phone;
      // Usually the verified number is the contact number in another notation: parse it once.
      if (raw && contact && phoneDigits(raw) === phoneDigits(contact)) {
        const parsed = this.contactPhone;
        this.smsPhoneView = parsed && { ...parsed, raw };
      } else {
        this.smsPhoneView = phoneView(raw);
      }
    }
    return this.smsPhoneView;
  }

  get email(): EmailView | undefined {
    if (this.emailView === UNSET) this.emailView = emailView(this.application.registrant?.email);
    return this.emailView;
  }

  get domain(): DomainView | undefined {
    if (this.domainView === UNSET) this.domainView = domainView(this.application.domain?.name);
    return this.domainView;
  }

  /** The requested name normalised (UTS #46, registrable domain, IDN decoded), or why it is not a hostname. */
  get domainName(): DomainNameResult | undefined {
    if (this.domainNameResult === UNSET) {
      const name = this.application.domain?.name;
      this.domainNameResult = name ? parseDomainName(name) : undefined;
    }
    return this.domainNameResult;
  }

  get signupIp(): IpView | undefined {
    if (this.signupIpView === UNSET) this.signupIpView = ipView(this.application.signup?.ip);
    return this.signupIpView;
  }

  /** True when the registrant claims to be an organisation (explicit type, or an organisation name without a person type). */
  get isOrganization(): boolean {
    const registrant = this.application.registrant;
    if (registrant?.type) return registrant.type === 'organization';
    return Boolean(registrant?.organization?.name);
  }
}
