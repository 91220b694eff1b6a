import type { RuleList } from '../../signal';

/*
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

export interface OrganizationMarkers {
  /** The first marker found in the text, as listed, or undefined. */
  find(text: string): string | undefined;
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
  return {
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
