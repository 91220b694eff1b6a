import { describe, expect, it } from 'vitest';
import { emailCarrierMailSignal } from '../../../../src/engine/signals/email/email-carrier-mail.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(emailCarrierMailSignal.name, () => {
  const organization = { type: 'organization' as const, organization: { name: '株式会社サンプル商事' } };
  const run = (email: string, registrant: object = {}) => runSignal(emailCarrierMailSignal, anApplication({ registrant: { ...registrant, email } }));
  const sut = (email: string, registrant?: object) => reasonsOf(run(email, registrant));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(emailCarrierMailSignal, anApplication()))).toEqual([]);
  });

  it.each([
    'hanako.sato@docomo.ne.jp',
    'hanako@ezweb.ne.jp',
    'hanako@au.com',
    'hanako@biz.ezweb.ne.jp',
    'hanako@softbank.ne.jp',
    'hanako@i.softbank.jp',
    'hanako@disney.ne.jp',
    'hanako@t.vodafone.ne.jp',
    'hanako@ymobile.ne.jp',
    'hanako@y-mobile.ne.jp',
    'hanako@uqmobile.jp',
    'hanako@rakumail.jp',
    'hanako@di.pdx.ne.jp',
    'hanako@willcom.com',
    'hanako@emobile.ne.jp',
  ])('reports an individual using %s', (email) => {
    expect(sut(email)).toEqual(['EMAIL_CARRIER_MAIL']);
  });

  it('reports an organisation separately, naming the carrier domain', () => {
    expect(sut('shacho@docomo.ne.jp', organization)).toEqual(['EMAIL_CARRIER_MAIL_FOR_ORGANIZATION']);
    expect(run('shacho@biz.au.com', organization)[0]?.detail).toBe("an organisation registers with a mobile carrier's phone mail (au.com)");
  });

  it.each(['hanako@example.ne.jp', 'hanako@gmail.com', 'hanako@softbank.jp', 'hanako@docomo.com', 'hanako@nttdocomo.co.jp'])('accepts %s', (email) => {
    expect(sut(email)).toEqual([]);
  });
});
