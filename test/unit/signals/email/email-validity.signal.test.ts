import { describe, expect, it } from 'vitest';
import { emailValiditySignal } from '../../../../src/engine/signals/email/email-validity.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(emailValiditySignal.name, () => {
  const sut = (email: string | undefined) => reasonsOf(runSignal(emailValiditySignal, anApplication({ registrant: { email } })));
  const detailOf = (email: string) => runSignal(emailValiditySignal, anApplication({ registrant: { email } }))[0]?.detail;

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(emailValiditySignal, anApplication()))).toEqual([]);
  });

  it('reports a registrant without an e-mail address', () => {
    expect(sut(undefined)).toEqual(['EMAIL_MISSING']);
    expect(reasonsOf(runSignal(emailValiditySignal, anApplication({ registrant: { email: null } })))).toEqual(['EMAIL_MISSING']);
  });

  it('says nothing without a registrant', () => {
    expect(reasonsOf(runSignal(emailValiditySignal, anApplication({ registrant: undefined })))).toEqual([]);
  });

  it.each([
    'hanako.sato@example.ne.jp',
    'Hanako.Sato@Example.CO.JP',
    'taro+domains@gmail.com',
    "o'brien@example.com",
    'info@xn--eckwd4c7c.jp',
    'info@例え.jp',
    '"hanako sato"@example.jp',
    'k-suzuki@sub.example.ac.jp',
    'hanako..sato.@docomo.ne.jp',
    '.taro@ezweb.ne.jp',
    'taro..yamada@biz.ezweb.ne.jp',
  ])('accepts %s', (email) => {
    expect(sut(email)).toEqual([]);
  });

  it.each([
    ['hanako.sato.example.ne.jp', 'has no @'],
    ['ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'is written in full-width characters'],
    ['hanako@example', 'has a domain without a top-level domain'],
    ['hanako@example.123', 'has a domain without a top-level domain'],
    ['hanako@-example.jp', 'has an invalid domain'],
    ['hanako@example..jp', 'has an invalid domain'],
    ['hanako@exa_mple.jp', 'has an invalid domain'],
    ['@example.jp', 'has nothing before the @'],
    ['hanako@', 'has no domain after the @'],
    ['hanako sato@example.jp', 'contains spaces'],
    ['hanako@sato@example.jp', 'has more than one @'],
    ['花子@example.jp', 'has non-ASCII characters before the @'],
    ['hanako(sato)@example.jp', 'has characters before the @ that an address cannot contain'],
    ['hanako..sato@example.ne.jp', 'has a dot at the start or end of the part before the @, or two dots in a row'],
    ['hanako.@gmail.com', 'has a dot at the start or end of the part before the @, or two dots in a row'],
    [`${'a'.repeat(65)}@example.jp`, 'has more than 64 characters before the @'],
  ])('reports %s as invalid (%s)', (email, problem) => {
    expect(sut(email)).toEqual(['EMAIL_INVALID']);
    expect(detailOf(email)).toBe(`the e-mail address ${problem}`);
  });
});
