import { describe, expect, it } from 'vitest';
import { parseApplication } from '../../../src/engine';

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
