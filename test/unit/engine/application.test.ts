import { describe, expect, it } from 'vitest';
import { ACCOUNT_CLOCK_SKEW_MS, applicationClockErrors, parseApplication, type Application } from '../../../src/engine';

describe(parseApplication.name, () => {
  const fieldsOf = (value: unknown) => {
    const parsed = parseApplication(value);
    return parsed.ok ? [] : parsed.errors.map((error) => error.field);
  };

  it('refuses a domain application without its domain name, naming the field', () => {
    const parsed = parseApplication({ externalId: 'x', product: 'domain' });
    expect(parsed).toEqual({ ok: false, errors: [{ field: 'domain', message: 'required: a domain application needs the domain name to screen' }] });
    expect(fieldsOf({ externalId: 'x', product: 'domain', domain: null, registrant: { email: 'a@example.jp' } })).toEqual(['domain']);
  });

  it('accepts a domain application with only its domain name', () => {
    expect(parseApplication({ externalId: 'x', product: 'domain', domain: { name: 'example.jp' } }).ok).toBe(true);
  });

  it('accepts a hosting signup without a domain when the registrant says who applies', () => {
    for (const registrant of [{ email: 'a@example.jp' }, { name: { kana: 'サトウ' } }, { organization: { corporateNumber: '1180301018771' } }, { address: { city: '札幌市' } }, { phone: '090-4821-7390' }]) {
      expect(parseApplication({ externalId: 'x', product: 'hosting', registrant }).ok).toBe(true);
    }
    expect(parseApplication({ externalId: 'x', product: 'hosting', domain: { name: 'example.jp' } }).ok).toBe(true);
  });

  it('refuses a hosting signup with neither a domain nor any detail of the registrant', () => {
    for (const registrant of [undefined, null, {}, { type: 'individual' }, { name: {}, address: { country: 'JP' } }]) {
      expect(fieldsOf({ externalId: 'x', product: 'hosting', hosting: { plan: 'vps' }, registrant })).toEqual(['registrant']);
    }
  });

  it('reports the missing part beside unknown fields (after a field of the wrong type is fixed)', () => {
    expect(fieldsOf({ externalId: 'x', product: 'domain', registrant: { email: 'a@example.jp', nickname: 'x' }, extra: true })).toEqual(['registrant.nickname', 'extra', 'domain']);
  });
});

describe('the customer account', () => {
  const account = { id: 'acct-42', openedAt: '2020-05-01T10:00:00+09:00', domainCount: 3, reseller: false };
  const withAccount = (value: unknown) => parseApplication({ externalId: 'x', product: 'domain', domain: { name: 'example.jp' }, account: value });
  const fieldsOf = (value: unknown) => {
    const parsed = withAccount(value);
    return parsed.ok ? [] : parsed.errors.map((error) => error.field);
  };

  it('is optional, and accepted with exactly its four fields', () => {
    expect(parseApplication({ externalId: 'x', product: 'domain', domain: { name: 'example.jp' } }).ok).toBe(true);
    expect(withAccount(null).ok).toBe(true);
    const parsed = withAccount({ ...account, id: '  acct-42 ' });
    expect(parsed.ok && parsed.application.account).toEqual(account);
  });

  it('names each bad or missing field', () => {
    expect(fieldsOf({ ...account, domainCount: -1 })).toEqual(['account.domainCount']);
    expect(fieldsOf({ ...account, domainCount: 2.5 })).toEqual(['account.domainCount']);
    expect(fieldsOf({ ...account, reseller: 'no' })).toEqual(['account.reseller']);
    expect(fieldsOf({ ...account, openedAt: '2020-05-01' })).toEqual(['account.openedAt']);
    expect(fieldsOf({ ...account, id: ' ' })).toEqual(['account.id']);
    expect(fieldsOf({ id: 'acct-42' })).toEqual(['account.openedAt', 'account.domainCount', 'account.reseller']);
    expect(fieldsOf({ ...account, agency: true })).toEqual(['account.agency']);
  });
});

describe(applicationClockErrors.name, () => {
  const asOf = new Date('2026-12-01T00:00:00Z');
  const opened = (openedAt: string) => ({ externalId: 'x', product: 'domain', domain: { name: 'example.jp' }, account: { id: 'a', openedAt, domainCount: 0, reseller: false } }) as Application;

  it('refuses an account opened after the time of screening, beyond the clock skew', () => {
    expect(applicationClockErrors(opened('2026-12-01T09:06:00+09:00'), asOf)).toEqual([{ field: 'account.openedAt', message: expect.stringContaining('in the future') }]);
  });

  it('accepts an account opened before, or within the clock skew after', () => {
    expect(applicationClockErrors(opened('2019-12-01T09:00:00+09:00'), asOf)).toEqual([]);
    expect(applicationClockErrors(opened(new Date(asOf.getTime() + ACCOUNT_CLOCK_SKEW_MS).toISOString()), asOf)).toEqual([]);
    expect(applicationClockErrors({ externalId: 'x', product: 'domain', domain: { name: 'example.jp' } }, asOf)).toEqual([]);
  });
});
