import { describe, expect, it } from 'vitest';
import { phoneLineTypeSignal } from '../../../../src/engine/signals/phone/phone-line-type.signal';
import { phoneValiditySignal } from '../../../../src/engine/signals/phone/phone-validity.signal';
import { smsLineTypeSignal } from '../../../../src/engine/signals/phone/sms-line-type.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(phoneLineTypeSignal.name, () => {
  const sut = (phone: string) => reasonsOf(runSignal(phoneLineTypeSignal, anApplication({ registrant: { phone } })));

  it.each([
    ['050-3123-4567', 'PHONE_VOIP'],
    ['020-4123-4567', 'PHONE_M2M'],
    ['0120-123-456', 'PHONE_TOLL_FREE'],
    ['0800-123-4567', 'PHONE_TOLL_FREE'],
    ['0990-123-456', 'PHONE_PREMIUM'],
    ['0570-012-345', 'PHONE_SHARED_COST'],
  ])('reports %s as %s', (phone, reason) => {
    expect(sut(phone)).toEqual([reason]);
  });

  it.each(['090-1234-5678', '+81 80-2345-6789', '070-1234-5678', '03-3123-4567', '060-4123-4567'])('accepts %s as a contact number', (phone) => {
    expect(sut(phone)).toEqual([]);
  });
});

describe(smsLineTypeSignal.name, () => {
  const sut = (number: string) => reasonsOf(runSignal(smsLineTypeSignal, anApplication({ verification: { sms: { number } } })));

  it.each([
    ['+815031234567', 'SMS_VOIP'],
    ['020-4123-4567', 'SMS_M2M'],
    ['03-3123-4567', 'SMS_FIXED_LINE'],
    ['0120-123-456', 'SMS_SERVICE_NUMBER'],
  ])('reports SMS verification on %s as %s', (number, reason) => {
    expect(sut(number)).toEqual([reason]);
  });

  it('accepts a mobile number', () => {
    expect(sut('+819012345678')).toEqual([]);
  });
});

describe(phoneValiditySignal.name, () => {
  const sut = (phone: string | undefined) => reasonsOf(runSignal(phoneValiditySignal, anApplication({ registrant: { phone } })));

  it('reports a missing, impossible or foreign contact number', () => {
    expect(sut(undefined)).toEqual(['PHONE_MISSING']);
    expect(sut('12345')).toEqual(['PHONE_INVALID']);
    expect(sut('not a number')).toEqual(['PHONE_INVALID']);
    expect(sut('+1 415 555 2671')).toEqual(['PHONE_NON_JP']);
  });

  it('accepts a Japanese number in national or international form', () => {
    expect(sut('090-1234-5678')).toEqual([]);
    expect(sut('+81 3-3123-4567')).toEqual([]);
  });
});
