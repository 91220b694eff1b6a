import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { BRAND_SIGNAL_LISTS, type BrandDictionary, type BrandTerm } from './brand-dictionary';
import { brandFindings, countedMatches } from './brand-findings';
import { editDistanceWithin } from './edit-distance';

const paramsSchema = z.strictObject({
  /** Brand tokens shorter than this are never compared by edit distance (`au`, `jcb`, `smbc`). */
  minLength: z.number().int().min(3).default(5),
  /** Tokens at least this long allow two edits; shorter ones one. */
  twoEditsFrom: z.number().int().min(4).default(9),
});
type TyposquatParams = z.infer<typeof paramsSchema>;

const DIGIT = /[0-9]/;

/**
 * Brand tokens by their deletion neighbourhood (SymSpell): a token and each string one deletion
 * away from it, keeping the first letter (a misspelt brand keeps its first letter; `cloud` words
 * are not `icloud`). A label part one edit from a token shares a key with it, so a look-up costs
 * a few map reads instead of a comparison with every brand. Keys are polynomial hashes of the
 * strings mixed with their length, computed for every deletion from prefix and suffix sums without
 * building the strings; a collision only costs one verified comparison. Tokens allowing two edits
 * are few and long; they are compared directly, by first letter and length.
 */
interface TypoIndex {
  readonly params: TyposquatParams;
  readonly oneEdit: ReadonlyMap<number, readonly BrandTerm[]>;
  readonly twoEdits: ReadonlyMap<number, readonly BrandTerm[]>;
}

const NONE: readonly BrandTerm[] = [];
const BASE = 131;
const MAX_HASHED = 64;
const POWERS = new Int32Array(MAX_HASHED + 1);
POWERS[0] = 1;
for (let i = 1; i <= MAX_HASHED; i++) POWERS[i] = Math.imul(POWERS[i - 1]!, BASE);

const twoEditKey = (firstCode: number, length: number) => firstCode * 256 + length;
/** A small-integer map key from a 32-bit hash and a length (collisions are verified anyway). */
const hashKey = (hash: number, length: number) => (hash ^ Math.imul(length, 0x9e3779b1)) & 0x3fffffff;

/** Scratch: suffix sums of the string being hashed. */
const suffixHash = new Int32Array(MAX_HASHED + 2);

/** Calls `visit` with the key of the string and of each string one deletion (after the first letter) away. */
function forEachDeletionKey(text: string, visit: (key: number) => void): void {
  const length = text.length;
  suffixHash[length] = 0;
  for (let j = length - 1; j >= 0; j--) suffixHash[j] = (suffixHash[j + 1]! + Math.imul(text.charCodeAt(j), POWERS[length - 1 - j]!)) | 0;
  visit(hashKey(suffixHash[0]!, length));
  let prefix = text.charCodeAt(0);
  for (let i = 1; i < length; i++) {
    visit(hashKey((Math.imul(prefix, POWERS[length - 1 - i]!) + suffixHash[i + 1]!) | 0, length - 1));
    prefix = (Math.imul(prefix, BASE) + text.charCodeAt(i)) | 0;
  }
}

const indexes = new WeakMap<BrandDictionary, TypoIndex>();

function typoIndex(dictionary: BrandDictionary, params: TyposquatParams): TypoIndex {
  const cached = indexes.get(dictionary);
  if (cached && cached.params.minLength === params.minLength && cached.params.twoEditsFrom === params.twoEditsFrom) return cached;
  const oneEdit = new Map<number, BrandTerm[]>();
  const twoEdits = new Map<number, BrandTerm[]>();
  const put = (map: Map<number, BrandTerm[]>, key: number, term: BrandTerm) => {
    const terms = map.get(key);
    if (!terms) map.set(key, [term]);
    else if (!terms.includes(term)) terms.push(term);
  };
  for (const term of dictionary.terms) {
    if (term.kind !== 'token' || term.text.length < params.minLength || term.text.length > MAX_HASHED) continue;
    if (term.text.length >= params.twoEditsFrom) put(twoEdits, twoEditKey(term.text.charCodeAt(0), term.text.length), term);
    else forEachDeletionKey(term.text, (key) => put(oneEdit, key, term));
  }
  const index = { params, oneEdit, twoEdits };
  indexes.set(dictionary, index);
  return index;
}

interface TypoMatch {
  readonly candidate: string;
  readonly term: BrandTerm;
  readonly distance: number;
}

function lookUp(index: TypoIndex, candidate: string, found: TypoMatch[]): void {
  const { minLength, twoEditsFrom } = index.params;
  const length = candidate.length;
  if (length > MAX_HASHED) return;
  if (length >= minLength - 1 && length <= twoEditsFrom) {
    forEachDeletionKey(candidate, (key) => {
      for (const term of index.oneEdit.get(key) ?? NONE) {
        if (found.some((match) => match.term === term)) continue;
        const distance = editDistanceWithin(candidate, term.text, 1);
        if (distance <= 1) found.push({ candidate, term, distance });
      }
    });
  }
  if (length < twoEditsFrom - 2) return;
  const first = candidate.charCodeAt(0);
  for (let other = length - 2; other <= length + 2; other++) {
    for (const term of index.twoEdits.get(twoEditKey(first, other)) ?? NONE) {
      if (found.some((match) => match.term === term)) continue;
      const distance = editDistanceWithin(candidate, term.text, 2);
      if (distance <= 2) found.push({ candidate, term, distance });
    }
  }
}

/**
 * A label part within a small edit distance of a brand token, scaled to the token's length (none
 * below `minLength`, one edit, two from `twoEditsFrom`): `rakutem`, `amazom`, `mercarl`. Parts are
 * the hyphen-separated chunks, the same without affix words at their ends, and the whole label;
 * a typo keeps the brand's first letter. Words in the brand lists (affixes, homonyms such as `tesco` or `mizuno`) are never typos.
 */
export const brandTyposquatSignal = defineSignal({
  name: 'brand.typosquat',
  reasons: ['BRAND_TYPOSQUAT'],
  lists: BRAND_SIGNAL_LISTS,
  usesBrands: true,
  params: paramsSchema,
  evaluate(context): SignalHit[] {
    const findings = brandFindings(context);
    if (!findings) return [];
    const { label, dictionary } = findings;
    const index = typoIndex(dictionary, context.params);
    const found: TypoMatch[] = [];
    for (const candidate of label.typoCandidates) {
      // Digits that look like letters are the homoglyph signal's (amaz0n); other digits are not typos (reson8).
      if (!dictionary.words.has(candidate) && !DIGIT.test(candidate)) lookUp(index, candidate, found);
    }
    if (found.length === 0) return [];
    const exact = new Set([...countedMatches(label, findings.jpTail !== undefined), ...label.fused, ...findings.homoglyphs].map((match) => match.term.brand));
    const typo = found.find((match) => !exact.has(match.term.brand) && !findings.registrantBrands.includes(match.term.brand));
    if (!typo) return [];
    const edits = typo.distance === 1 ? 'one edit' : `${typo.distance} edits`;
    return [{ reason: 'BRAND_TYPOSQUAT', detail: `"${typo.candidate}" in ${findings.name.registrableDomain} is ${edits} from ${typo.term.brand.display}'s name "${typo.term.text}"` }];
  },
});
