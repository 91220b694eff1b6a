import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';

/**
 * The SMS check itself: the verified number is valid, Japanese, the same as the contact number,
 * and did not need many attempts. SMS proves possession of a number for a moment, not identity.
 */
export const smsVerificationSignal = defineSignal({
  name: 'phone.sms_verification',
  requires: 'verification',
  reasons: ['SMS_NUMBER_INVALID', 'SMS_NUMBER_NON_JP', 'SMS_NUMBER_DIFFERS', 'SMS_REPEATED_ATTEMPTS'],
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
        hits.push({ reason: 'SMS_NUMBER_DIFFERS', detail: 'the SMS-verified number differs from the contact number' });
      }
    }
    const attempts = sms.attempts ?? 0;
    if (attempts > params.maxAttempts) {
      hits.push({ reason: 'SMS_REPEATED_ATTEMPTS', detail: `${attempts} SMS attempts (more than ${params.maxAttempts})` });
    }
    return hits;
  },
});
