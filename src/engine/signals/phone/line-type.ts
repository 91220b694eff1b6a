import type { PhoneView } from '../../application-view';

/** Japanese line kinds that matter for risk, from libphonenumber's type plus prefixes it folds together. */
export type JapaneseLineKind = 'mobile' | 'fmc' | 'voip' | 'm2m' | 'toll_free' | 'premium' | 'shared_cost' | 'fixed_line' | 'other';

export function japaneseLineKind(phone: PhoneView): JapaneseLineKind | undefined {
  const number = phone.number;
  if (!phone.valid || !number || number.country !== 'JP') return undefined;
  const national = String(number.nationalNumber);
  // libphonenumber reports 060 (FMC) as MOBILE; 0570 (ナビダイヤル) as UAN.
  if (national.startsWith('60')) return 'fmc';
  switch (phone.type) {
    case 'MOBILE':
      return 'mobile';
    case 'VOIP':
      return 'voip';
    case 'PAGER':
      return 'm2m';
    case 'TOLL_FREE':
      return 'toll_free';
    case 'PREMIUM_RATE':
      return 'premium';
    case 'UAN':
    case 'SHARED_COST':
      return 'shared_cost';
    case 'FIXED_LINE':
      return 'fixed_line';
    default:
      return 'other';
  }
}

export const LINE_KIND_LABEL: Record<JapaneseLineKind, string> = {
  mobile: 'mobile (070/080/090)',
  fmc: '060 FMC number',
  voip: '050 number (IP phone)',
  m2m: '020 number (M2M/IoT)',
  toll_free: 'toll-free number (0120/0800)',
  premium: 'premium-rate number (0990)',
  shared_cost: 'shared-cost number (0570)',
  fixed_line: 'fixed line',
  other: 'number of an unusual kind',
};
