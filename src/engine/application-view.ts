import ipaddr from 'ipaddr.js';
import parsePhoneNumber, { type PhoneNumber } from 'libphonenumber-js/max';
import type { Application } from './application';

export interface PhoneView {
  readonly raw: string;
  /** Undefined when libphonenumber could not parse the text at all. */
  readonly number: PhoneNumber | undefined;
  readonly valid: boolean;
  readonly e164: string | undefined;
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
  const valid = number?.isValid() ?? false;
  return { raw, number, valid, e164: valid ? number?.number : undefined };
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
  if (!ipaddr.isValid(text)) return { raw, valid: false };
  let address = ipaddr.parse(text);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  return { raw, valid: true, address, kind: address.kind() };
}

/**
 * Derived, parsed views of an application, computed once on first use and shared by all
 * signals (phone parsing is the costliest step of a screening).
 */
export class ApplicationView {
  private readonly cache = new Map<string | symbol, unknown>();

  constructor(readonly application: Application) {}

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
    return this.memo('smsPhone', () => phoneView(this.application.verification?.sms?.number));
  }

  get email(): EmailView | undefined {
    return this.memo('email', () => emailView(this.application.registrant?.email));
  }

  get domain(): DomainView | undefined {
    return this.memo('domain', () => domainView(this.application.domain?.name));
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
