import { defineSignal, type SignalHit } from '../../signal';
import { japaneseLineKind, LINE_KIND_LABEL, type JapaneseLineKind } from './line-type';

const REASON_BY_KIND: Partial<Record<JapaneseLineKind, string>> = {
  voip: 'PHONE_VOIP',
  m2m: 'PHONE_M2M',
  toll_free: 'PHONE_TOLL_FREE',
  premium: 'PHONE_PREMIUM',
  shared_cost: 'PHONE_SHARED_COST',
};

/** Line type of the registrant's contact number: numbers a person rarely gives as their own. */
export const phoneLineTypeSignal = defineSignal({
  name: 'phone.line_type',
  requires: 'registrant',
  reasons: Object.values(REASON_BY_KIND) as string[],
  evaluate({ view }): SignalHit[] {
    const phone = view.contactPhone;
    const kind = phone && japaneseLineKind(phone);
    const reason = kind && REASON_BY_KIND[kind];
    return reason ? [{ reason, detail: `contact number is a ${LINE_KIND_LABEL[kind]}` }] : [];
  },
});
