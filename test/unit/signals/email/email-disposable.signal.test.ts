import { describe, expect, it } from 'vitest';
import { emailDisposableSignal } from '../../../../src/engine/signals/email/email-disposable.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(emailDisposableSignal.name, () => {
  const run = (email: string | undefined) => runSignal(emailDisposableSignal, anApplication({ registrant: { email } }));
  const sut = (email: string | undefined) => reasonsOf(run(email));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(emailDisposableSignal, anApplication()))).toEqual([]);
  });

  it.each(['hanako@mailinator.com', 'taro@yopmail.com', 'x@guerrillamail.com', 'a@10minutemail.com', 'b@SharkLasers.com'])('reports %s', (email) => {
    expect(sut(email)).toEqual(['EMAIL_DISPOSABLE']);
  });

  it('names every list that holds the domain', () => {
    expect(run('hanako@mailinator.com')[0]?.detail).toBe(
      'e-mail domain mailinator.com is a disposable-mail domain (on disposable-email-domains-js, disposable-email-domains)',
    );
    expect(run('hanako@10minutemail.pl')[0]?.detail).toBe('e-mail domain 10minutemail.pl is a disposable-mail domain (on disposable-email-domains)');
  });

  it('matches subdomains of wildcard entries', () => {
    expect(sut('shop@hanako.33mail.com')).toEqual(['EMAIL_DISPOSABLE']);
  });

  it.each(['hanako.sato@example.ne.jp', 'taro@gmail.com', 'taro@yahoo.co.jp', 'hanako@docomo.ne.jp', 'info@nifty.com', 'no-at-sign'])('accepts %s', (email) => {
    expect(sut(email)).toEqual([]);
  });

  it('says nothing without an e-mail address', () => {
    expect(sut(undefined)).toEqual([]);
  });
});
