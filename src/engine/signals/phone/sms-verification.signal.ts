import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { japaneseLineKind, LINE_KIND_LABEL, type JapaneseLineKind } from './line-type';

/** Contact lines that cannot receive an SMS: the code has to go to another number (a company's landline and its staff's mobile). */
const NO_SMS_LINES: ReadonlySet<JapaneseLineKind> = new Set(['fixed_line', 'toll_free', 'shared_cost', 'premium']);

/**
 * The SMS check itself: the verified number is valid, Japanese, the same as the contact number,
 * and did not need many attempts. SMS proves possession of a number for a moment, not identity.
 * A contact line that cannot receive an SMS (a company's landline) is expected to differ from the
 * verified mobile: that is noted apart (SMS_NUMBER_DIFFERS_NO_SMS_CONTACT), not as a relay.
 */
export const smsVerificationSignal = defineSignal({
  name: 'phone.sms_verification',
  requires: 'verification',
  reasons: ['SMS_NUMBER_INVALID', 'SMS_NUMBER_NON_JP', 'SMS_NUMBER_DIFFERS', 'SMS_NUMBER_DIFFERS_NO_SMS_CONTACT', 'SMS_REPEATED_ATTEMPTS'],
  params: z.strictObject({
    /** Attempts above this count are suspicious (code relays and number cycling retry a lot). */
    maxAttempts: z.number().int().min(1).default(3),
  }),
  evaluate({ application, view, params }): SignalHit[] {
    const sms = application.verification?.sms;
    if (!sms) return [];
    const hits: SignalHit[] = [];
    const smsPhone = view.smsPhone;
    if (!smsPhone?.valid) {
      hits.push({ reason: 'SMS_NUMBER_INVALID', detail: 'the SMS-verified number is not a valid number' });
    } else {
      if (smsPhone.number?.country !== 'JP') {
        hits.push({ reason: 'SMS_NUMBER_NON_JP', detail: `the SMS-verified number is from ${smsPhone.number?.country ?? 'an unknown country'}` });
      }
      const contact = view.contactPhone;
      if (contact?.valid && contact.e164 !== smsPhone.e164) {
        const contactKind = japaneseLineKind(contact);
        const smsKind = japaneseLineKind(smsPhone);
        if (contactKind && NO_SMS_LINES.has(contactKind) && (smsKind === 'mobile' || smsKind === 'fmc')) {
          hits.push({ reason: 'SMS_NUMBER_DIFFERS_NO_SMS_CONTACT', detail: `the contact number is a ${LINE_KIND_LABEL[contactKind]}, which cannot receive an SMS: the code went to a mobile instead` });
        } else {
          hits.push({ reason: 'SMS_NUMBER_DIFFERS', detail: 'the SMS-verified number differs from the contact number' });
        }
      }
    }
    const attempts = sms.attempts ?? 0;
    if (attempts > params.maxAttempts) {
      hits.push({ reason: 'SMS_REPEATED_ATTEMPTS', detail: `${attempts} SMS attempts (more than ${params.maxAttempts})` });
    }
    return hits;
  },
});
