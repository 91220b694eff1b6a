import type { RuleList } from '../../signal';
import { defineSignal, type SignalHit } from '../../signal';
import { foldPlaceName, isJapaneseAddress, leadingPrefecture } from './japanese-address';
import { foldAddress } from './street-address';

const LIST = 'placeholder-addresses';

interface PlaceholderAddress {
  /** The folded municipality, street and number: `千代田区千代田1-1`. */
  readonly key: string;
  /** The address as the list writes it. */
  readonly written: string;
  readonly place: string;
  /** Organisations at home there. */
  readonly occupants: readonly string[];
}

/** An address in the one form both sides are compared in: place names and street numbers folded. */
function addressKey(text: string): string {
  return foldAddress(foldPlaceName(text));
}

interface Placeholders {
  readonly entries: readonly PlaceholderAddress[];
  /** The last two characters of each street name (千代田, 霞ケ関…): an address holding none of them is no placeholder, without folding it further. */
  readonly streetEnds: readonly string[];
}

const parsed = new WeakMap<RuleList, Placeholders>();

function placeholders(list: RuleList): Placeholders {
  let compiled = parsed.get(list);
  if (!compiled) {
    const entries = list.entries.map((entry) => {
      const [address = '', place = '', occupants = ''] = entry.split('|').map((part) => part.trim());
      return { key: addressKey(address), written: address, place: place || address, occupants: occupants.split(',').map((name) => name.trim().normalize('NFKC')).filter((name) => name !== '') };
    });
    const streetEnds = [...new Set(entries.map((entry) => foldPlaceName(entry.written).replace(/[0-9０-９].*$/u, '').slice(-2)))];
    compiled = { entries, streetEnds };
    parsed.set(list, compiled);
  }
  return compiled;
}

/** After the entry, the stated address may go on with a building, not with more of the number (1-1 is not 1-10 or 1-1-5). */
const NUMBER_GOES_ON = /^-?\d/;

/**
 * A famous address that is nobody's home or office (the Imperial Palace, the Diet, the ministries
 * of 霞が関, landmarks without tenants; rules/lists/placeholder-addresses), written in any of the
 * usual notations. Exact to the house number: the district is where real companies are.
 */
export const placeholderAddressSignal = defineSignal({
  name: 'address.placeholder',
  requires: 'registrant',
  reasons: ['ADDRESS_PLACEHOLDER'],
  lists: [LIST],
  evaluate({ application, knowledge, list }): SignalHit[] {
    const address = application.registrant?.address;
    if (!address || !isJapaneseAddress(address) || !address.line1) return [];
    let stated = foldPlaceName([address.city, address.line1].filter(Boolean).join(''));
    const { entries, streetEnds } = placeholders(list(LIST));
    if (!streetEnds.some((end) => stated.includes(end))) return [];
    const prefecture = leadingPrefecture(stated, knowledge.postal);
    if (prefecture) stated = stated.slice(prefecture.length);
    const key = foldAddress(stated);
    const match = entries.find((entry) => key.startsWith(entry.key) && !NUMBER_GOES_ON.test(key.slice(entry.key.length)));
    if (!match) return [];
    const organization = [application.registrant?.organization?.name, application.registrant?.organization?.nameEn].filter(Boolean).join(' ').normalize('NFKC').toLowerCase();
    if (organization !== '' && match.occupants.some((occupant) => organization.includes(occupant.toLowerCase()))) return [];
    return [{ reason: 'ADDRESS_PLACEHOLDER', detail: `the address is ${match.written}, ${match.place}: a famous address that is no applicant's own` }];
  },
});
