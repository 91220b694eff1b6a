import { describe, expect, it } from 'vitest';
import { anApplication } from '../../../support/factories';
import { shippedEngine } from '../../../support/engine';

/** The email group through the shipped rules: which reasons fire, with which points. */
describe('email signals with the shipped rules', () => {
  const emailHits = (overrides: Parameters<typeof anApplication>[0]) =>
    shippedEngine()
      .screen(anApplication(overrides))
      .hits.filter((hit) => hit.signal.startsWith('email.'))
      .map((hit) => `${hit.reason} ${hit.points}`);

  it('stays quiet on the clean default application', () => {
    expect(emailHits({})).toEqual([]);
  });

  it.each(['hanako.sato@gmail.com', 'h.sato1985@yahoo.co.jp', 'hanako-s@nifty.com', 'sato.hanako@icloud.com'])('stays quiet on an individual using %s', (email) => {
    expect(emailHits({ registrant: { email } })).toEqual([]);
  });

  it('scores a bulk-made throw-away mailbox', () => {
    expect(emailHits({ registrant: { email: 'xk7qz9vw2m@mailinator.com' } })).toEqual(['EMAIL_DISPOSABLE 25', 'EMAIL_RANDOM_LOCAL_PART 8']);
  });

  it('scores an organisation on free mail or on one person’s phone mail', () => {
    const organization = { type: 'organization' as const, organization: { name: '株式会社サンプル商事' } };
    expect(emailHits({ registrant: { ...organization, email: 'sample.shoji@gmail.com' } })).toEqual(['EMAIL_FREE_MAIL_FOR_ORGANIZATION 5']);
    expect(emailHits({ registrant: { ...organization, email: 'sample.shoji@docomo.ne.jp' } })).toEqual(['EMAIL_CARRIER_MAIL_FOR_ORGANIZATION 6']);
  });
});
