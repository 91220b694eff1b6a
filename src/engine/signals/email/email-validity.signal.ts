import { defineSignal, type RuleList, type SignalHit } from '../../signal';
import { asciiDomain, listedDomain } from './email-domain';

const NON_ASCII = /[^\x00-\x7f]/;
/** RFC 5322 dot-atom characters. */
const DOT_ATOM_CHARACTERS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const QUOTED_LOCAL_PART = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;
const DOT_MISPLACED = /^\.|\.\.|\.$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Why the address cannot receive mail, or undefined if it is well-formed. */
function syntaxProblem(address: string, carrierDomains: RuleList): string | undefined {
  if (NON_ASCII.test(address) && !NON_ASCII.test(address.normalize('NFKC'))) return 'is written in full-width characters';
  const at = address.lastIndexOf('@');
  if (at === -1) return 'has no @';
  const localPart = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (localPart === '') return 'has nothing before the @';
  if (domain === '') return 'has no domain after the @';
  if (localPart.length > 64) return 'has more than 64 characters before the @';
  const ascii = asciiDomain(domain);
  if (/\s/.test(domain)) return 'contains spaces';
  if (!QUOTED_LOCAL_PART.test(localPart)) {
    if (/\s/.test(localPart)) return 'contains spaces';
    if (localPart.includes('@')) return 'has more than one @';
    if (NON_ASCII.test(localPart)) return 'has non-ASCII characters before the @';
    if (!DOT_ATOM_CHARACTERS.test(localPart)) return 'has characters before the @ that an address cannot contain';
    // docomo and au let subscribers create such addresses until 2009; they still receive mail.
    if (DOT_MISPLACED.test(localPart) && !(ascii && listedDomain(carrierDomains, ascii))) {
      return 'has a dot at the start or end of the part before the @, or two dots in a row';
    }
  }
  const labels = ascii.split('.');
  if (ascii === '' || ascii.length > 253 || !labels.every((label) => DOMAIN_LABEL.test(label))) return 'has an invalid domain';
  if (labels.length < 2 || !TOP_LEVEL_DOMAIN.test(labels[labels.length - 1]!)) return 'has a domain without a top-level domain';
  return undefined;
}

/** The registrant's e-mail address: present, and an address that can receive mail. */
export const emailValiditySignal = defineSignal({
  name: 'email.validity',
  requires: 'registrant',
  reasons: ['EMAIL_MISSING', 'EMAIL_INVALID'],
  lists: ['carrier-mail-domains'],
  evaluate({ application, list }): SignalHit[] {
    const registrant = application.registrant;
    if (!registrant) return [];
    const email = registrant.email?.trim();
    if (!email) return [{ reason: 'EMAIL_MISSING', detail: 'no e-mail address given' }];
    const problem = syntaxProblem(email, list('carrier-mail-domains'));
    return problem ? [{ reason: 'EMAIL_INVALID', detail: `the e-mail address ${problem}` }] : [];
  },
});
