import { defineSignal, type RuleList, type SignalHit } from '../../signal';
import { localPartWords, tokenShape } from './local-part';
import { foldRomaji, romajiName } from './romaji-name';

/**
 * A name part and a mailbox word (of three letters or more) are related when one contains the
 * other ("hsato", "hana") or the word holds the part's first three letters ("hanachan").
 */
function relatedToName(word: string, nameParts: readonly string[]): boolean {
  if (word.length < 3) return false;
  return nameParts.some((part) => word.includes(part) || part.includes(word) || (part.length >= 3 && word.includes(part.slice(0, 3))));
}

/** "hs", "sh", "h": only the initials of the name parts. */
function isInitials(word: string, initials: ReadonlySet<string>): boolean {
  return word.length <= 3 && [...word].every((letter) => initials.has(letter));
}

/** Per rule set: a word that is, starts with or ends with a role word (info, shopinfo, salesdesk). */
const roleWordPatterns = new WeakMap<RuleList, RegExp>();

function roleWordPattern(roleWords: RuleList): RegExp {
  let pattern = roleWordPatterns.get(roleWords);
  if (!pattern) {
    const words = roleWords.entries.filter((word) => /^[a-z]{3,}$/.test(word)).join('|');
    pattern = words === '' ? /(?!)/ : new RegExp(`^(?:${words})|(?:${words})$`);
    roleWordPatterns.set(roleWords, pattern);
  }
  return pattern;
}

/** Four letters or more, pronounceable (random strings have their own signal), and not a role word. */
function isWordLike(word: string, roleWords: RegExp): boolean {
  if (word.length < 4) return false;
  const shape = tokenShape(word);
  return shape.vowels > 0 && shape.longestConsonantRun <= 3 && !roleWords.test(word);
}

/**
 * An individual's mailbox whose words share nothing with their own name ("dragonfly77" for
 * Hanako Sato): someone else's mailbox, or one made for the occasion. Informational only: many
 * people use nicknames, hobbies or a family address. Judged only when a romaji or kana name is
 * given, and only on word-like parts of four letters or more (random strings have their own signal).
 */
export const localPartNameSignal = defineSignal({
  name: 'email.local_part_name',
  requires: 'registrant',
  reasons: ['EMAIL_LOCAL_PART_UNRELATED_TO_NAME'],
  lists: ['role-mailbox-words'],
  evaluate({ application, view, list }): SignalHit[] {
    const email = view.email;
    if (!email?.valid || view.isOrganization) return [];
    const words = localPartWords(email.localPart);
    const roleWords = roleWordPattern(list('role-mailbox-words'));
    if (!words.some((word) => isWordLike(word, roleWords))) return [];
    const { parts, initials } = romajiName(application.registrant?.name);
    if (parts.length === 0) return [];
    if (words.some((word) => isInitials(word, initials) || relatedToName(foldRomaji(word), parts))) return [];
    return [{ reason: 'EMAIL_LOCAL_PART_UNRELATED_TO_NAME', detail: "the e-mail local part shares nothing with the registrant's romaji or kana name" }];
  },
});
