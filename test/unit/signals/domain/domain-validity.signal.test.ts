import { describe, expect, it } from 'vitest';
import { domainValiditySignal } from '../../../../src/engine/signals/domain/domain-validity.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(domainValiditySignal.name, () => {
  const run = (name: string | undefined) => runSignal(domainValiditySignal, anApplication({ domain: { name } }));
  const sut = (name: string | undefined) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(domainValiditySignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['bad_name.com', 'label "bad_name" is not a valid hostname label'],
    ['-tanaka.jp', 'label "-tanaka" is not a valid hostname label'],
    ['203.0.113.5', 'an IP address, not a domain name'],
    ['co.jp', 'no registrable domain under a public suffix'],
  ])('reports %s as not a registrable hostname', (name, reason) => {
    expect(sut(name)).toEqual(['DOMAIN_INVALID']);
    expect(run(name)[0]?.detail).toBe(`the requested domain name is not a registrable hostname: ${reason}`);
  });

  it.each(['sato-hanako.jp', 'www.takahashi-shoten.co.jp', 'Example.COM.', '楽天カード.jp', 'xn--eckwd4c7c.jp'])('accepts %s', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it('says nothing when the application has no domain name (a hosting signup)', () => {
    expect(sut(undefined)).toEqual([]);
  });
});
