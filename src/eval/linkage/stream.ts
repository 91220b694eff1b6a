import type { Application } from '../../engine';
import { seededRandom } from '../../bench/bench-support';

/** One event of the replayed stream, in time order. */
export type StreamEvent =
  | { readonly kind: 'application'; readonly at: Date; readonly application: Application; readonly truth: Truth }
  | { readonly kind: 'report'; readonly at: Date; readonly campaign: string; readonly externalId: string };

export interface Truth {
  /** `background`, `portfolio` (a legitimate company's several domains) or a campaign's name. */
  readonly group: string;
  readonly fraud: boolean;
}

export interface CampaignShape {
  readonly name: string;
  readonly description: string;
}

export const CAMPAIGNS: readonly CampaignShape[] = [
  { name: 'phone-block', description: 'bulk SIMs: consecutive numbers, everything else varies' },
  { name: 'address', description: 'one address, room numbers and name spellings vary' },
  { name: 'template-domains', description: 'names from one template, details rotate' },
  { name: 'mail-domain', description: 'rotating mailboxes on one mail domain of the campaign' },
  { name: 'card', description: 'one payment card behind changing identities' },
  { name: 'network', description: 'one /24 of a VPS provider within hours' },
];

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1);
const SPAN_DAYS = 30;

const NAMES: readonly [string, string, string][] = [
  ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'],
  ['鈴木 一郎', 'スズキ イチロウ', 'Ichiro Suzuki'],
  ['高橋 美咲', 'タカハシ ミサキ', 'Misaki Takahashi'],
  ['田中 健太', 'タナカ ケンタ', 'Kenta Tanaka'],
  ['伊藤 陽子', 'イトウ ヨウコ', 'Yoko Ito'],
  ['渡辺 大輔', 'ワタナベ ダイスケ', 'Daisuke Watanabe'],
  ['山本 直美', 'ヤマモト ナオミ', 'Naomi Yamamoto'],
  ['中村 翔太', 'ナカムラ ショウタ', 'Shota Nakamura'],
  ['小林 由美', 'コバヤシ ユミ', 'Yumi Kobayashi'],
  ['加藤 拓也', 'カトウ タクヤ', 'Takuya Kato'],
  ['吉田 恵', 'ヨシダ メグミ', 'Megumi Yoshida'],
  ['山田 浩二', 'ヤマダ コウジ', 'Koji Yamada'],
  ['佐々木 愛', 'ササキ アイ', 'Ai Sasaki'],
  ['山口 誠', 'ヤマグチ マコト', 'Makoto Yamaguchi'],
  ['松本 彩', 'マツモト アヤ', 'Aya Matsumoto'],
  ['井上 亮', 'イノウエ リョウ', 'Ryo Inoue'],
];

const PLACES: readonly { postalCode: string; prefecture: string; city: string; street: string }[] = [
  { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', street: '千代田' },
  { postalCode: '158-0094', prefecture: '東京都', city: '世田谷区', street: '玉川' },
  { postalCode: '530-0001', prefecture: '大阪府', city: '大阪市北区', street: '梅田' },
  { postalCode: '460-0008', prefecture: '愛知県', city: '名古屋市中区', street: '栄' },
  { postalCode: '812-0011', prefecture: '福岡県', city: '福岡市博多区', street: '博多駅前' },
  { postalCode: '060-0001', prefecture: '北海道', city: '札幌市中央区', street: '北一条西' },
  { postalCode: '980-0021', prefecture: '宮城県', city: '仙台市青葉区', street: '中央' },
  { postalCode: '730-0011', prefecture: '広島県', city: '広島市中区', street: '基町' },
];

const WORDS = ['sakura', 'yamato', 'kawase', 'morino', 'hoshino', 'tsukimi', 'kazeno', 'ishida', 'kikuya', 'matsuya', 'takeda', 'torii', 'kumono', 'naminori', 'yukimi', 'hikari', 'midori', 'akari', 'shop', 'cafe', 'studio', 'design', 'works', 'clinic', 'salon', 'bakery', 'garden', 'office', 'craft', 'books', 'photo', 'music', 'travel', 'farm', 'kitchen', 'dental', 'school', 'market', 'hotel', 'camera'];
const FREE_MAIL = ['gmail.com', 'yahoo.co.jp', 'icloud.com', 'outlook.jp'];
const CONSUMER_PREFIXES = ['126', '60', '180', '106'];
const NAMESERVERS = [
  ['ns1.dns.ne.jp', 'ns2.dns.ne.jp'],
  ['dns1.onamae.com', 'dns2.onamae.com'],
  ['ns-1.sakura.ne.jp', 'ns-2.sakura.ne.jp'],
  ['ns1.xserver.jp', 'ns2.xserver.jp'],
];

/** The generated month: legitimate background, legitimate multi-domain companies and six campaigns. */
export function generateStream(options: { background: number; portfolios: number; campaignSize: number; seed: number }): StreamEvent[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const digits = (count: number): string => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  const letters = (count: number): string => Array.from({ length: count }, () => 'abcdefghjkmnpqrstuvwxyz'[Math.floor(random() * 23)]).join('');
  // A mobile number in an allocated block: 070/080/090 followed by a non-zero digit (0800 is toll-free).
  const mobile = (): string => `+81 ${pick(['90', '80', '70'])}-${1 + Math.floor(random() * 9)}${digits(3)}-${digits(4)}`;
  const usedNames = new Set<string>();
  /** A name like people pick (family name or word, joined), never the same twice, from no shared template. */
  const domainName = (family: string): string => {
    for (;;) {
      const shape = Math.floor(random() * 4);
      const name =
        shape === 0 ? `${family}-${pick(WORDS)}` : shape === 1 ? `${pick(WORDS)}-${family}` : shape === 2 ? `${pick(WORDS)}${pick(WORDS)}-${family}` : `${family}${pick(WORDS)}${pick(WORDS)}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return `${name}.jp`;
      }
    }
  };
  let serial = 0;
  const events: StreamEvent[] = [];

  const person = (overrides: { at: number; group: string; fraud: boolean; patch?: (application: Application) => void }): void => {
    serial += 1;
    const [kanji, kana, romaji] = pick(NAMES);
    const [given, family] = romaji.toLowerCase().split(' ') as [string, string];
    const place = pick(PLACES);
    const phone = mobile();
    const application: Application = {
      externalId: `ev-${String(serial).padStart(6, '0')}`,
      product: 'domain',
      domain: { name: domainName(family), nameservers: pick(NAMESERVERS), registrar: 'r1', reseller: null },
      registrant: {
        type: 'individual',
        name: { kanji, kana, romaji },
        email: `${given}.${family}${digits(5)}@${pick(FREE_MAIL)}`,
        phone,
        address: { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1: `${place.street}${1 + Math.floor(random() * 9)}-${1 + Math.floor(random() * 40)}-${1 + Math.floor(random() * 99)}`, country: 'JP' },
      },
      verification: { sms: { number: phone, verifiedAt: null, attempts: 1 } },
      signup: { ip: `${pick(CONSUMER_PREFIXES)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`, port: 1024 + Math.floor(random() * 60000) },
      payment: { method: 'card', cardCountry: 'JP', fingerprint: `sha256:${letters(12)}` },
    };
    overrides.patch?.(application);
    events.push({ kind: 'application', at: new Date(overrides.at), application, truth: { group: overrides.group, fraud: overrides.fraud } });
  };

  for (let index = 0; index < options.background; index += 1) person({ at: START + random() * SPAN_DAYS * DAY, group: 'background', fraud: false });

  // Companies registering several names with the same details: reuse that must not look like fraud.
  for (let company = 0; company < options.portfolios; company += 1) {
    const base = START + random() * (SPAN_DAYS - 5) * DAY;
    const phone = mobile();
    const mail = `info@${letters(6)}-corp.co.jp`;
    const fingerprint = `sha256:${letters(12)}`;
    const brand = `${pick(WORDS)}${pick(['ya', 'do', 'kan', 'sha'])}`;
    const count = 3 + Math.floor(random() * 6);
    const place = pick(PLACES);
    const line1 = `${place.street}${1 + Math.floor(random() * 5)}-${1 + Math.floor(random() * 20)}-1`;
    for (let member = 0; member < count; member += 1) {
      person({
        at: base + random() * 5 * DAY,
        group: 'portfolio',
        fraud: false,
        patch: (application) => {
          application.domain = { ...application.domain!, name: domainName(brand) };
          application.registrant = { ...application.registrant!, phone, email: mail, address: { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1, country: 'JP' } };
          application.verification = { sms: { number: phone, attempts: 1 } };
          application.payment = { method: 'card', cardCountry: 'JP', fingerprint };
        },
      });
    }
  }

  const campaign = (name: string, spreadHours: number, patch: (application: Application, member: number) => void): void => {
    const base = START + (3 + random() * (SPAN_DAYS - 10)) * DAY;
    const times = Array.from({ length: options.campaignSize }, () => base + random() * spreadHours * 3_600_000).sort((a, b) => a - b);
    times.forEach((at, member) => person({ at, group: name, fraud: true, patch: (application) => patch(application, member) }));
    // An abuse report on the fifth member arrives six hours after it was registered.
    events.push({ kind: 'report', at: new Date(times[4]! + 6 * 3_600_000), campaign: name, externalId: `ev-${String(serial - options.campaignSize + 5).padStart(6, '0')}` });
  };

  const simBlock = `${digits(4)}-${digits(2)}`;
  campaign('phone-block', 72, (application, member) => {
    const phone = `+81 70-${simBlock.slice(0, 4)}-${simBlock.slice(5)}${String(10 + member).padStart(2, '0')}`;
    application.registrant = { ...application.registrant!, phone };
    application.verification = { sms: { number: phone, attempts: 1 } };
  });
  const place = PLACES[0]!;
  campaign('address', 96, (application, member) => {
    application.registrant = {
      ...application.registrant!,
      address: { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1: member % 2 ? '千代田一丁目7番3号' : '千代田1-7-3', line2: `${pick(['ハイツ', 'ビル', 'レジデンス'])}${100 + member}`, country: 'JP' },
    };
  });
  const template = `${letters(5)}-delivery-jp`;
  campaign('template-domains', 48, (application, member) => {
    application.domain = { ...application.domain!, name: `${template}${String(member).padStart(2, '0')}.com` };
  });
  const mailDomain = `${letters(6)}mail.jp`;
  campaign('mail-domain', 72, (application) => {
    application.registrant = { ...application.registrant!, email: `${letters(8)}@${mailDomain}` };
  });
  const card = `sha256:${letters(12)}`;
  campaign('card', 120, (application) => {
    application.payment = { method: 'card', cardCountry: 'JP', fingerprint: card };
  });
  const network = `203.${100 + Math.floor(random() * 50)}.${Math.floor(random() * 256)}`;
  campaign('network', 12, (application) => {
    application.signup = { ip: `${network}.${1 + Math.floor(random() * 254)}`, port: 1024 + Math.floor(random() * 60000) };
  });

  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}
