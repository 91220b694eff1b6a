import type { NameDictionary } from '../../knowledge';
import { defineSignal, type SignalHit } from '../../signal';
import { ORGANIZATION_MARKERS_LIST, organizationMarkers } from '../organization-markers';

const JAPANESE_NAME_TEXT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\s]+$/u;
const HAN = /\p{Script=Han}/u;

/** Both halves of a name written as one word must be this long: 1+1 and 2+1 splits find names in 東京, 富士通, 伊藤忠. */
const MIN_PART_LENGTH = 2;

/** A known surname followed by a known given name, as two parts or as one word of 2+2 characters or more. */
function isPersonName(text: string, names: NameDictionary): boolean {
  const parts = text.split(/\s+/u).filter((part) => part !== '');
  if (parts.length === 2) return names.surnameReadings(parts[0]!) !== undefined && names.givenNameReadings(parts[1]!) !== undefined;
  if (parts.length !== 1) return false;
  const chars = Array.from(parts[0]!);
  for (let end = chars.length - MIN_PART_LENGTH; end >= MIN_PART_LENGTH; end--) {
    if (names.surnameReadings(chars.slice(0, end).join('')) && names.givenNameReadings(chars.slice(end).join(''))) return true;
  }
  return false;
}

/**
 * Whether the registrant's name is the kind of party it claims to be. An individual whose name
 * carries a corporate form or business word (株式会社テスト, 〇〇商店) is a company registering as a
 * person, which skips the checks organisations get. An organisation whose name is just a person's
 * name (佐藤花子) and carries no corporate form is a person registering as an organisation, or an
 * invented one. Sole proprietors do trade under their own names, so both are weak on their own.
 */
export const personOrOrganizationSignal = defineSignal({
  name: 'name.person_or_organization',
  requires: 'registrant',
  reasons: ['NAME_LOOKS_LIKE_ORGANIZATION', 'ORG_NAME_LOOKS_LIKE_PERSON'],
  lists: [ORGANIZATION_MARKERS_LIST],
  evaluate({ application, view, knowledge, list }): SignalHit[] {
    const registrant = application.registrant;
    if (!registrant) return [];
    const markers = organizationMarkers(list(ORGANIZATION_MARKERS_LIST));

    if (!view.isOrganization) {
      const name = registrant.name;
      for (const field of ['kanji', 'kana', 'romaji'] as const) {
        const text = name?.[field];
        const marker = text ? markers.find(text) : undefined;
        if (marker !== undefined) {
          return [{ reason: 'NAME_LOOKS_LIKE_ORGANIZATION', detail: `an individual's ${field} name contains "${marker}", which marks an organisation` }];
        }
      }
      return [];
    }

    const organization = registrant.organization;
    const text = organization?.name?.normalize('NFKC').trim();
    if (!text || !JAPANESE_NAME_TEXT.test(text) || !HAN.test(text)) return [];
    if (markers.find(text) !== undefined || (organization?.nameEn && markers.find(organization.nameEn) !== undefined)) return [];
    if (!isPersonName(text, knowledge.names)) return [];
    return [{ reason: 'ORG_NAME_LOOKS_LIKE_PERSON', detail: "the organisation's name is a person's surname and given name, with no corporate form" }];
  },
});
