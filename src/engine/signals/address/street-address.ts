/*
 * One written form for Japanese street addresses, shared by the address signals and by linkage
 * (src/app/linkage/attributes.ts stores addresses folded this way, so two spellings of one address
 * link).
 */

/** Full-width to half-width, one kind of hyphen and no spaces: 東京都千代田区１−１ = 東京都千代田区1-1. */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‐‑‒–—―−ーｰ－]/g, (dash, offset: number, whole: string) => (dash === 'ー' && /[\u30A0-\u30FF]/.test(whole[offset - 1] ?? '') ? dash : '-'))
    .replace(/\s+/g, '');
}

const KANJI_DIGITS: Readonly<Record<string, number>> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二十三 → 23, 十 → 10, 百五 → 105: the kanji numerals of 丁目 and 番地. */
function kanjiNumber(text: string): string {
  let total = 0;
  let digit = 0;
  for (const character of text) {
    if (character === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (character === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = KANJI_DIGITS[character] ?? 0;
  }
  return String(total + digit);
}

/**
 * A street address in one form: width and dashes folded, kanji numerals as digits, and
 * 丁目・番(地)・号 written as hyphens, so 千代田一丁目1番1号 = 千代田1-1-1 = 千代田１－１－１.
 */
export function foldAddress(text: string): string {
  return foldText(text)
    .replace(/[〇一二三四五六七八九十百]+(?=丁目|番|号)/g, kanjiNumber)
    .replace(/(\d+)丁目/g, '$1-')
    .replace(/(\d+)番地?/g, '$1-')
    .replace(/(\d+)号/g, '$1')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
}

