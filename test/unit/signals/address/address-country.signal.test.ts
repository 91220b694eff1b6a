import { describe, expect, it } from 'vitest';
import { addressCountrySignal } from '../../../../src/engine/signals/address/address-country.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(addressCountrySignal.name, () => {
  const foreignAddress = { postalCode: '94103', prefecture: 'CA', city: 'San Francisco', line1: '1 Market St', country: 'US' };
  const sut = (domain: string | undefined, address: object | undefined) =>
    reasonsOf(runSignal(addressCountrySignal, anApplication({ domain: domain === undefined ? undefined : { name: domain }, registrant: { address } })));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(addressCountrySignal, anApplication()))).toEqual([]);
  });

  it.each(['example.jp', 'example.co.jp', 'example.tokyo.jp', 'EXAMPLE.JP.'])('reports a foreign address for %s', (domain) => {
    expect(sut(domain, foreignAddress)).toEqual(['ADDRESS_NON_JP_FOR_JP_DOMAIN']);
  });

  it('names the country in the detail', () => {
    const hits = runSignal(addressCountrySignal, anApplication({ registrant: { address: { ...foreignAddress, country: 'cn' } } }));
    expect(hits[0]?.detail).toContain('CN');
  });

  it('accepts a foreign address for a non-.jp domain or a hosting signup without a domain', () => {
    expect(sut('example.com', foreignAddress)).toEqual([]);
    expect(sut(undefined, foreignAddress)).toEqual([]);
  });

  it('accepts a Japanese address, or one without a country, for a .jp domain', () => {
    expect(sut('example.jp', { country: 'jp' })).toEqual([]);
    expect(sut('example.jp', { country: undefined })).toEqual([]);
  });
});
