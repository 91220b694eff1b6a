import { describe, expect, it } from 'vitest';
import { emailFreeMailSignal } from '../../../../src/engine/signals/email/email-free-mail.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(emailFreeMailSignal.name, () => {
  const organization = { type: 'organization' as const, organization: { name: '株式会社サンプル商事', corporateNumber: '1180301018771' } };
  const run = (email: string, registrant: object = organization) => runSignal(emailFreeMailSignal, anApplication({ registrant: { ...registrant, email } }));
  const sut = (email: string, registrant?: object) => reasonsOf(run(email, registrant));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(emailFreeMailSignal, anApplication()))).toEqual([]);
  });

  it.each([
    'sample.shoji@gmail.com',
    'sample_shoji@yahoo.co.jp',
    'sample@ymail.ne.jp',
    'sample@outlook.jp',
    'sample@hotmail.co.jp',
    'sample@live.jp',
    'sample@icloud.com',
    'sample@qq.com',
    'sample@163.com',
    'sample@proton.me',
    'sample@GMAIL.COM',
  ])('reports an organisation using %s', (email) => {
    expect(sut(email)).toEqual(['EMAIL_FREE_MAIL_FOR_ORGANIZATION']);
  });

  it('names the provider in the detail', () => {
    expect(run('sample@yahoo.co.jp')[0]?.detail).toBe('an organisation registers with a free-mail address (yahoo.co.jp)');
  });

  it('treats an organisation name without a type as an organisation', () => {
    expect(sut('sample@gmail.com', { type: undefined, organization: { name: '合同会社サンプル' } })).toEqual(['EMAIL_FREE_MAIL_FOR_ORGANIZATION']);
  });

  it('accepts an individual using free mail', () => {
    expect(sut('hanako.sato@gmail.com', { type: 'individual' })).toEqual([]);
  });

  it.each(['info@sample-shoji.co.jp', 'sample@nifty.com', 'sample@biglobe.ne.jp', 'sample@ocn.ne.jp', 'sample@gmail.com.example.jp', 'sample@notgmail.com'])(
    'accepts an organisation using %s (own domain or ISP mail)',
    (email) => {
      expect(sut(email)).toEqual([]);
    },
  );
});
