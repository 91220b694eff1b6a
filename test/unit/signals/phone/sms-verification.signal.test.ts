import { describe, expect, it } from 'vitest';
import { smsVerificationSignal } from '../../../../src/engine/signals/phone/sms-verification.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(smsVerificationSignal.name, () => {
  const sut = (overrides: Parameters<typeof anApplication>[0]) => reasonsOf(runSignal(smsVerificationSignal, anApplication(overrides)));

  it('stays quiet when the verified number is the contact number, in any notation', () => {
    expect(sut({ registrant: { phone: '090-1234-5678' }, verification: { sms: { number: '+819012345678' } } })).toEqual([]);
  });

  it('reports a verified number that differs from the contact number', () => {
    expect(sut({ verification: { sms: { number: '+818011112222' } } })).toEqual(['SMS_NUMBER_DIFFERS']);
  });

  it('notes apart a contact line that cannot receive an SMS, verified on a mobile instead', () => {
    const hits = runSignal(smsVerificationSignal, anApplication({ registrant: { phone: '03-3501-1234' }, verification: { sms: { number: '090-4821-7390' } } }));
    expect(reasonsOf(hits)).toEqual(['SMS_NUMBER_DIFFERS_NO_SMS_CONTACT']);
    expect(hits[0]?.detail).toBe('the contact number is a fixed line, which cannot receive an SMS: the code went to a mobile instead');
    expect(sut({ registrant: { phone: '0120-444-444' }, verification: { sms: { number: '+818011112222' } } })).toEqual(['SMS_NUMBER_DIFFERS_NO_SMS_CONTACT']);
  });

  it('still reports a landline contact verified on a number that is not a mobile, and a 050 contact verified on a mobile', () => {
    expect(sut({ registrant: { phone: '03-3501-1234' }, verification: { sms: { number: '050-3187-4421' } } })).toEqual(['SMS_NUMBER_DIFFERS']);
    expect(sut({ registrant: { phone: '050-3187-4421' }, verification: { sms: { number: '090-4821-7390' } } })).toEqual(['SMS_NUMBER_DIFFERS']);
  });

  it('reports more attempts than the rules allow', () => {
    expect(sut({ verification: { sms: { attempts: 7 } } })).toEqual(['SMS_REPEATED_ATTEMPTS']);
    expect(sut({ verification: { sms: { attempts: 3 } } })).toEqual([]);
  });

  it('reports an invalid or foreign verified number', () => {
    expect(sut({ verification: { sms: { number: '+81 90-0000-000' } } })).toEqual(['SMS_NUMBER_INVALID']);
    expect(sut({ verification: { sms: { number: '+86 138 0013 8000' } } })).toEqual(['SMS_NUMBER_NON_JP', 'SMS_NUMBER_DIFFERS']);
  });

  it('says nothing without an SMS verification', () => {
    expect(sut({ verification: undefined })).toEqual([]);
  });
});
