import { beforeAll, describe, expect, it } from 'vitest';
import type { DisposableEmailDomains } from '../../../src/engine/knowledge';
import { DISPOSABLE_EMAIL_LISTS, loadDisposableEmailDomains } from '../../../src/knowledge/disposable-email';

const BOTH_LISTS = [DISPOSABLE_EMAIL_LISTS.disposableEmailDomainsJs, DISPOSABLE_EMAIL_LISTS.disposableEmailDomains];

describe(loadDisposableEmailDomains.name, () => {
  let sut: DisposableEmailDomains;

  beforeAll(() => {
    sut = loadDisposableEmailDomains();
  });

  it.each(['mailinator.com', 'guerrillamail.com', '10minutemail.com', 'yopmail.com'])('finds %s in both lists', (domain) => {
    expect(sut.listsContaining(domain)).toEqual(BOTH_LISTS);
  });

  it.each([
    'gmail.com',
    'googlemail.com',
    'yahoo.co.jp',
    'docomo.ne.jp',
    'ezweb.ne.jp',
    'au.com',
    'softbank.ne.jp',
    'i.softbank.jp',
    'icloud.com',
    'outlook.jp',
    'outlook.com',
    'hotmail.co.jp',
    'nifty.com',
    'biglobe.ne.jp',
    'ocn.ne.jp',
    'proton.me',
  ])('does not list the major provider %s', (domain) => {
    expect(sut.listsContaining(domain)).toEqual([]);
  });

  it('lower-cases and trims the domain and ignores a trailing dot', () => {
    expect(sut.listsContaining('  MailInator.COM. ')).toEqual(BOTH_LISTS);
  });

  it('names only the list that has the domain', () => {
    expect(sut.listsContaining('0-180.com')).toEqual([DISPOSABLE_EMAIL_LISTS.disposableEmailDomains]);
  });

  describe('wildcard entries', () => {
    it('matches any subdomain of a wildcard base', () => {
      expect(sut.listsContaining('alias.33mail.com')).toContain(DISPOSABLE_EMAIL_LISTS.disposableEmailDomains);
      expect(sut.listsContaining('a.b.33mail.com')).toContain(DISPOSABLE_EMAIL_LISTS.disposableEmailDomains);
    });

    it('does not list a wildcard base that is not itself an exact entry', () => {
      // anonaddy.com is only listed as *.anonaddy.com: the aliases are disposable, the site is not.
      expect(sut.listsContaining('anonaddy.com')).toEqual([]);
      expect(sut.listsContaining('someone.anonaddy.com')).toEqual([DISPOSABLE_EMAIL_LISTS.disposableEmailDomains]);
    });

    it('does not match a look-alike that merely ends with the base', () => {
      expect(sut.listsContaining('not33mail.com')).toEqual([]);
    });
  });

  it('does not extend an exact entry to its subdomains', () => {
    expect(sut.listsContaining('mail.guerrillamail.com')).toEqual([]);
  });

  it('returns nothing for an empty domain', () => {
    expect(sut.listsContaining('')).toEqual([]);
    expect(sut.listsContaining('.')).toEqual([]);
  });
});
