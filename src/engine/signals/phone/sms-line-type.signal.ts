import { defineSignal, type SignalHit } from '../../signal';
import { japaneseLineKind, LINE_KIND_LABEL, type JapaneseLineKind } from './line-type';

const REASON_BY_KIND: Partial<Record<JapaneseLineKind, string>> = {
  voip: 'SMS_VOIP',
  m2m: 'SMS_M2M',
  fixed_line: 'SMS_FIXED_LINE',
  toll_free: 'SMS_SERVICE_NUMBER',
  premium: 'SMS_SERVICE_NUMBER',
  shared_cost: 'SMS_SERVICE_NUMBER',
};

/**
 * Line type of the number that passed SMS verification. Ordinary SMS goes to 070/080/090;
 * an 050, 020 or fixed-line number that "received" the code points at an SMS-relay service.
 */
export const smsLineTypeSignal = defineSignal({
  name: 'phone.sms_line_type',
  requires: 'verification',
  reasons: [...new Set(Object.values(REASON_BY_KIND))] as string[],
  evaluate({ view }): SignalHit[] {
    const phone = view.smsPhone;
    const kind = phone && japaneseLineKind(phone);
    const reason = kind && REASON_BY_KIND[kind];
    return reason ? [{ reason, detail: `${LINE_KIND_LABEL[kind]} used for SMS verification` }] : [];
  },
});
