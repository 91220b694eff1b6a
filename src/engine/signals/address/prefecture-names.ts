/**
 * The 47 prefectures with their Hepburn names, so an address typed in romaji ("Tokyo",
 * "Osaka-fu", "Hyōgo Prefecture") resolves to the same prefecture as one typed in kanji.
 */
const PREFECTURES: readonly (readonly [kanji: string, romaji: string])[] = [
  ['北海道', 'hokkaido'],
  ['青森県', 'aomori'],
  ['岩手県', 'iwate'],
  ['宮城県', 'miyagi'],
  ['秋田県', 'akita'],
  ['山形県', 'yamagata'],
  ['福島県', 'fukushima'],
  ['茨城県', 'ibaraki'],
  ['栃木県', 'tochigi'],
  ['群馬県', 'gunma'],
  ['埼玉県', 'saitama'],
  ['千葉県', 'chiba'],
  ['東京都', 'tokyo'],
  ['神奈川県', 'kanagawa'],
  ['新潟県', 'niigata'],
  ['富山県', 'toyama'],
  ['石川県', 'ishikawa'],
  ['福井県', 'fukui'],
  ['山梨県', 'yamanashi'],
  ['長野県', 'nagano'],
  ['岐阜県', 'gifu'],
  ['静岡県', 'shizuoka'],
  ['愛知県', 'aichi'],
  ['三重県', 'mie'],
  ['滋賀県', 'shiga'],
  ['京都府', 'kyoto'],
  ['大阪府', 'osaka'],
  ['兵庫県', 'hyogo'],
  ['奈良県', 'nara'],
  ['和歌山県', 'wakayama'],
  ['鳥取県', 'tottori'],
  ['島根県', 'shimane'],
  ['岡山県', 'okayama'],
  ['広島県', 'hiroshima'],
  ['山口県', 'yamaguchi'],
  ['徳島県', 'tokushima'],
  ['香川県', 'kagawa'],
  ['愛媛県', 'ehime'],
  ['高知県', 'kochi'],
  ['福岡県', 'fukuoka'],
  ['佐賀県', 'saga'],
  ['長崎県', 'nagasaki'],
  ['熊本県', 'kumamoto'],
  ['大分県', 'oita'],
  ['宮崎県', 'miyazaki'],
  ['鹿児島県', 'kagoshima'],
  ['沖縄県', 'okinawa'],
];

/** Folds romaji spelling variants: macrons, ou/oo/oh (Kōchi, Kouchi, Kohchi), gumma/gunma, ibaragi. */
function foldPrefectureRomaji(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/oh(?![aeiou])/g, 'o')
    .replace(/o[ou]/g, 'o')
    .replace(/m(?=[bp])/g, 'n')
    .replace(/ibaragi/g, 'ibaraki');
}

const BY_ROMAJI = new Map(PREFECTURES.map(([kanji, romaji]) => [foldPrefectureRomaji(romaji), kanji]));
/** "Tokyo-to", "Osaka-fu", "Hokkaido" (its -do is part of the name), "Aichi-ken", "Aichi Prefecture". */
const ROMAJI_SUFFIX = /(prefecture|pref|metropolis|ken|fu|to)$/;

/** The prefecture (in kanji) named by a romaji text, or undefined. */
export function prefectureFromRomaji(text: string): string | undefined {
  const folded = foldPrefectureRomaji(text);
  return BY_ROMAJI.get(folded) ?? BY_ROMAJI.get(folded.replace(ROMAJI_SUFFIX, ''));
}
