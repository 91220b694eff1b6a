import type { RuleList } from '../signal';

/*
 * Shared by the name group (a person's name that looks like a company) and the organisation group
 * (the company name without its corporate form, compared with the domain).
 *
 * Markers of an organisation in a name, from `rules/lists/organization-markers`: corporate forms
 * (株式会社, ㈱, K.K., Inc.) and business words (事務所, 商店, クリニック). Latin entries match whole
 * words with dots ignored (K.K. = kk). Japanese entries of three characters or more match anywhere
 * within one space-separated part; shorter ones (店, 商店, 医院) only at the end of the name, where
 * a business name puts them and a person's name does not have them (a surname may start with one:
 * 店田).
 */

const LATIN_ENTRY = /^[a-z0-9.,&'\s-]+$/;
const DOTS_AND_SPACES = /[.,\s]/g;
const LATIN_SEPARATORS = /[\s,]+/;
const MIN_ANYWHERE = 3;
const HAS_LATIN = /[a-z]/;

/** The list the markers come from. */
export const ORGANIZATION_MARKERS_LIST = 'organization-markers';

export interface OrganizationMarkers {
  /** The first marker found in the text, as listed, or undefined. */
  find(text: string): string | undefined;
  /** True for a Latin word (dots removed, lower case) that is a corporate form or business word. */
  isLatinMarker(word: string): boolean;
  /**
   * The Japanese name (NFKC, lower-cased) without its markers: forms of three characters or more
   * anywhere, shorter ones at the start or end of each remaining part (株式会社山田商店 → 山田).
   */
  stripJapanese(name: string): string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One alternation, longest first so a regex reports 株式会社 rather than 会社. */
function alternation(markers: readonly string[]): string {
  return [...markers].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
}

function compile(list: RuleList): OrganizationMarkers {
  const latinWords = new Map<string, string>();
  const anywhere: string[] = [];
  const atEnd: string[] = [];
  const entryOf = new Map<string, string>();
  for (const entry of list.entries) {
    const normalised = entry.normalize('NFKC').toLowerCase().trim();
    if (LATIN_ENTRY.test(normalised)) {
      latinWords.set(normalised.replace(DOTS_AND_SPACES, ''), entry);
      continue;
    }
    const marker = normalised.replace(/\s+/g, '');
    if (!entryOf.has(marker)) entryOf.set(marker, entry);
    (Array.from(marker).length >= MIN_ANYWHERE ? anywhere : atEnd).push(marker);
  }
  const never = '(?!)';
  const anywherePattern = new RegExp(anywhere.length > 0 ? alternation(anywhere) : never, 'u');
  const endPattern = new RegExp(`(?:${atEnd.length > 0 ? alternation(atEnd) : never})$`, 'u');
  const anywhereEverywhere = new RegExp(anywhere.length > 0 ? alternation(anywhere) : never, 'gu');
  const edgePattern = new RegExp(atEnd.length > 0 ? `^(?:${alternation(atEnd)})|(?:${alternation(atEnd)})$` : never, 'u');
  const stripEdges = (part: string): string => {
    let previous;
    do {
      previous = part;
      part = part.replace(edgePattern, '');
    } while (part !== previous && part !== '');
    return part;
  };
  return {
    isLatinMarker: (word) => latinWords.has(word),
    stripJapanese(name) {
      // Each part between removed forms is its own name part.
      return name.replace(/\s+/g, '').replace(anywhereEverywhere, ' ').split(' ').map(stripEdges).join(' ').trim();
    },
    find(text) {
      const normalised = text.normalize('NFKC').toLowerCase();
      if (HAS_LATIN.test(normalised)) {
        const words = normalised.split(LATIN_SEPARATORS).map((word) => word.replace(/\./g, '')).filter((word) => word !== '');
        for (let index = 0; index < words.length; index++) {
          const single = latinWords.get(words[index]!);
          if (single !== undefined) return single;
          const pair = index + 1 < words.length ? latinWords.get(words[index]! + words[index + 1]!) : undefined;
          if (pair !== undefined) return pair;
        }
      }
      // Within one part only: プロスト アキヒロ does not contain ストア.
      for (const part of normalised.split(/\s+/u)) {
        const found = anywherePattern.exec(part);
        if (found) return entryOf.get(found[0]);
      }
      const found = endPattern.exec(normalised.trimEnd());
      return found ? entryOf.get(found[0]) : undefined;
    },
  };
}

const compiled = new WeakMap<RuleList, OrganizationMarkers>();

/** The matcher for a list, compiled once per loaded rule set. */
export function organizationMarkers(list: RuleList): OrganizationMarkers {
  let markers = compiled.get(list);
  if (!markers) {
    markers = compile(list);
    compiled.set(list, markers);
  }
  return markers;
}
