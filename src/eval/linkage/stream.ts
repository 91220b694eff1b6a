import type { Application, BrandCatalogue } from '../../engine';
import { corporateNumberCheckDigit } from '../../engine/signals/organization/corporate-number';
import type { ReplayApplicationEvent, ReplayEvent, ReplayLabelEvent } from '../../app/replay/replay';
import { seededRandom } from '../../bench/bench-support';
import { ownerLabels, ownerSpellings } from '../brand-owner-applications';
import { CONSUMER_ASNS, FAMILY_NAMES, GIVEN_NAMES, MOBILE_CARRIER_ASNS, VPS_ASNS, ipv4, loadNetworks, loadPlaces, type Network, type PersonName, type Place } from './people';

/*
 * One generated month of signups at a Japanese registrar, for `npm run eval:linkage`: the kinds
 * of legitimate applicants a registrar really has and fraud campaigns of different shapes, each
 * campaign labelled by an abuse desk a few hours after its third member. Every application has
 * its own time; the evaluation replays them on those times (src/app/replay), nothing compressed.
 */

/** Individuals signing up through a commercial VPN or cloud proxy exit (datacenter /24s shared by strangers). */
const VPN_SHARE = 0.06;

/** The legitimate kinds of applicant. */
export const LEGITIMATE_KINDS = [
  { kind: 'individual', description: 'individuals: free or carrier mail, mobile numbers, home broadband (the background); 6% through a VPN exit shared by strangers' },
  { kind: 'company', description: 'multi-domain companies: one organisation, corporate number, office, landline + a staff mobile for SMS, company mail, 3–10 names over weeks' },
  { kind: 'agency', description: "web agencies registering for clients: the clients' names and addresses, the agency's mail, phone, card, device, nameservers; a reseller account" },
  { kind: 'brand-owner', description: 'brand owners (rules/brands.yaml owners) registering their own brand' },
  { kind: 'shop', description: 'single shops with .shop/.store/.online names, one or two' },
  { kind: 'mobile', description: 'mobile users behind carrier CGNAT: many unrelated people on a few carrier /24s (docomo, au, SoftBank, Rakuten)' },
  { kind: 'family', description: 'families sharing an address, a home connection and sometimes a landline' },
  { kind: 'impersonated', description: 'a real company whose identity a campaign reuses, registering its own names before and after' },
] as const;

/** The campaign shapes. */
export const CAMPAIGN_SHAPES = [
  { kind: 'phone-block', description: 'bulk SIMs: consecutive numbers, everything else varies' },
  { kind: 'phone-block-one-name', description: 'one SIM block and one registrant name; addresses, mail, cards vary' },
  { kind: 'address', description: 'one address, the room and the spelling of the address and names vary' },
  { kind: 'template-domains', description: 'domain names from one template, every other detail rotates' },
  { kind: 'mail-domain', description: "rotating mailboxes on the campaign's own mail domain" },
  { kind: 'card-device', description: 'one card and one device behind changing identities' },
  { kind: 'slow-nameservers', description: 'over weeks, sharing only its own private nameservers and its own mail domain' },
  { kind: 'vps-network', description: 'one VPS /24 within hours' },
  { kind: 'identity-reuse', description: "a real company's corporate number, name and address with the campaign's own contacts" },
] as const;

type LegitimateKind = (typeof LEGITIMATE_KINDS)[number]['kind'];
type CampaignShape = (typeof CAMPAIGN_SHAPES)[number]['kind'];

export interface Truth {
  readonly kind: LegitimateKind | CampaignShape;
  readonly fraud: boolean;
  /** The identity or campaign the application belongs to (a company, a family, one campaign). */
  readonly group: string;
}

/** The registrar's customer account (the contract's optional `account` object). */
interface Account {
  readonly id: string;
  readonly openedAt: string;
  readonly domainCount: number;
  readonly reseller: boolean;
}

type GeneratedApplication = Application & { account?: Account };

export interface StreamMix {
  readonly seed: number;
  readonly individuals: number;
  /** Companies, each registering between the two sizes of names. */
  readonly companies: number;
  readonly companyNames: readonly [number, number];
  readonly agencies: number;
  readonly agencyClients: readonly [number, number];
  /** Brands whose owners register (one to three owners' names each). */
  readonly brandOwners: number;
  readonly shops: number;
  readonly mobileUsers: number;
  readonly families: number;
  /** Names the impersonated company registers (before and after the campaign). */
  readonly impersonatedNames: number;
  /** Members of each campaign, between the two. */
  readonly campaignSize: readonly [number, number];
}

/** The tuning stream: the rules may be tuned on it. */
export const TUNING_MIX: StreamMix = {
  seed: 20261001,
  individuals: 1500,
  companies: 60,
  companyNames: [3, 10],
  agencies: 12,
  agencyClients: [7, 18],
  brandOwners: 14,
  shops: 200,
  mobileUsers: 200,
  families: 40,
  impersonatedNames: 10,
  campaignSize: [24, 40],
};

/** The check stream: another seed, other sizes and another mix; nobody tunes on it. */
export const CHECK_MIX: StreamMix = {
  seed: 77017,
  individuals: 1380,
  companies: 72,
  companyNames: [3, 8],
  agencies: 15,
  agencyClients: [6, 15],
  brandOwners: 18,
  shops: 240,
  mobileUsers: 250,
  families: 52,
  impersonatedNames: 12,
  campaignSize: [20, 44],
};

export interface GeneratedStream {
  readonly events: ReplayEvent[];
  readonly truth: ReadonlyMap<string, Truth>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;
/** 2026-10-01 00:00 JST. */
const STREAM_START = Date.UTC(2026, 8, 30, 15);
const STREAM_DAYS = 31;

const FREE_MAIL: readonly [string, number][] = [
  ['gmail.com', 34], ['yahoo.co.jp', 24], ['icloud.com', 11], ['outlook.jp', 5], ['hotmail.co.jp', 3], ['outlook.com', 2],
  ['docomo.ne.jp', 7], ['ezweb.ne.jp', 5], ['au.com', 2], ['softbank.ne.jp', 3], ['i.softbank.jp', 2], ['ymobile.ne.jp', 1], ['nifty.com', 1],
];
const CARRIER_MAIL = ['docomo.ne.jp', 'ezweb.ne.jp', 'au.com', 'softbank.ne.jp', 'i.softbank.jp', 'rakumail.jp'];
/** Registrars' and DNS hosts' default nameservers: what most registrations are delegated to. */
const DEFAULT_NAMESERVERS: readonly (readonly string[])[] = [
  ['dns1.onamae.com', 'dns2.onamae.com'],
  ['ns1.dns.ne.jp', 'ns2.dns.ne.jp'],
  ['ns1.xserver.jp', 'ns2.xserver.jp', 'ns3.xserver.jp'],
  ['uns01.lolipop.jp', 'uns02.lolipop.jp'],
  ['ns1.value-domain.com', 'ns2.value-domain.com'],
  ['01.dnsv.jp', '02.dnsv.jp'],
  ['ns-a1.conoha.io', 'ns-a2.conoha.io'],
  ['ada.ns.cloudflare.com', 'rob.ns.cloudflare.com'],
  ['kia.ns.cloudflare.com', 'tim.ns.cloudflare.com'],
  ['ns-1234.awsdns-26.org', 'ns-567.awsdns-06.net'],
];
const WORDS = [
  'sakura', 'hikari', 'midori', 'aozora', 'kaze', 'umi', 'yama', 'hana', 'tsuki', 'hoshi', 'mori', 'kawa', 'yuki', 'niji', 'sora',
  'cafe', 'bakery', 'salon', 'clinic', 'dental', 'studio', 'design', 'works', 'craft', 'garden', 'farm', 'kitchen', 'books', 'photo',
  'music', 'travel', 'school', 'juku', 'seitai', 'kimono', 'ramen', 'sushi', 'wagashi', 'onsen', 'ryokan', 'yoga', 'pilates', 'nail',
  'hair', 'zakka', 'vintage', 'koubou', 'tea', 'coffee', 'wine', 'sake', 'flower', 'pet', 'dog', 'cat', 'kids', 'baby', 'home', 'life',
];
const SHOP_WORDS = ['zakka', 'handmade', 'select', 'vintage', 'organic', 'kimono', 'pottery', 'tea', 'coffee', 'candle', 'leather', 'knit', 'accessory', 'flower', 'sweets', 'pet', 'outdoor', 'denim', 'toys', 'stationery'];
const COMPANY_WORDS = ['yamato', 'fuji', 'asahi', 'toyo', 'nihon', 'chuo', 'kanto', 'kansai', 'hokuto', 'minato', 'heisei', 'daiichi', 'sanwa', 'kyowa', 'shinwa', 'taiyo', 'seiwa', 'marui', 'hinode', 'tokiwa'];
const COMPANY_TRADES: readonly [string, string, string][] = [
  ['工業', 'kogyo', 'Industries'], ['商事', 'shoji', 'Trading'], ['建設', 'kensetsu', 'Construction'], ['不動産', 'fudosan', 'Real Estate'], ['食品', 'foods', 'Foods'],
  ['物産', 'bussan', 'Bussan'], ['製作所', 'seisakusho', 'Works'], ['運輸', 'unyu', 'Transport'], ['電機', 'denki', 'Electric'], ['印刷', 'insatsu', 'Printing'],
];
const COMPANY_KANJI: Readonly<Record<string, [string, string]>> = {
  yamato: ['大和', 'ヤマト'], fuji: ['富士', 'フジ'], asahi: ['旭', 'アサヒ'], toyo: ['東洋', 'トウヨウ'], nihon: ['日本', 'ニホン'], chuo: ['中央', 'チュウオウ'],
  kanto: ['関東', 'カントウ'], kansai: ['関西', 'カンサイ'], hokuto: ['北斗', 'ホクト'], minato: ['みなと', 'ミナト'], heisei: ['平成', 'ヘイセイ'], daiichi: ['第一', 'ダイイチ'],
  sanwa: ['三和', 'サンワ'], kyowa: ['協和', 'キョウワ'], shinwa: ['信和', 'シンワ'], taiyo: ['太陽', 'タイヨウ'], seiwa: ['清和', 'セイワ'], marui: ['丸井', 'マルイ'],
  hinode: ['日の出', 'ヒノデ'], tokiwa: ['常盤', 'トキワ'],
};
const SOLE_TRADES = ['デザイン事務所', '工務店', '商店', '行政書士事務所', '整骨院', '写真館', '税理士事務所', '塗装', '設計事務所', '鍼灸院'];
const PLACE_WORDS = ['tokyo', 'osaka', 'nagoya', 'fukuoka', 'sapporo', 'sendai', 'yokohama', 'kobe', 'kyoto', 'hiroshima'];
const COMPANY_SERVICES = ['recruit', 'saiyo', 'online', 'shop', 'ec', 'group', 'global', 'news', 'blog', 'info', 'store', 'reform', 'reserve'];
const TRADE_KANA: Readonly<Record<string, string>> = { 工業: 'コウギョウ', 商事: 'ショウジ', 建設: 'ケンセツ', 不動産: 'フドウサン', 食品: 'ショクヒン', 物産: 'ブッサン', 製作所: 'セイサクショ', 運輸: 'ウンユ', 電機: 'デンキ', 印刷: 'インサツ' };
const BUILDINGS = ['ハイツ', 'コーポ', 'レジデンス', 'メゾン', 'グランドール', 'パークハウス', 'シャトー', 'ヴィラ'];
const OFFICE_BUILDINGS = ['ビル', '第一ビル', 'センタービル', 'オフィスタワー', 'スクエア'];
const USER_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SO-51D) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
];
const CHEAP_SUFFIXES = ['shop', 'store', 'online'];
const CAMPAIGN_SUFFIXES = ['com', 'shop', 'top', 'xyz', 'online', 'net', 'store', 'site'];

const isoJst = (at: number): string => new Date(at + 9 * HOUR).toISOString().replace(/\.\d{3}Z$/, '+09:00');

/** Generates one month: every legitimate kind and every campaign shape, in time order. */
export function generateStream(mix: StreamMix, brands: BrandCatalogue): GeneratedStream {
  const random = seededRandom(mix.seed);
  const places = loadPlaces();
  const networks = loadNetworks([...new Set<number>([...CONSUMER_ASNS, ...MOBILE_CARRIER_ASNS, ...VPS_ASNS])]);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    let roll = random() * items.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [item, weight] of items) if ((roll -= weight) < 0) return item;
    return items[items.length - 1]![0];
  };
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const digits = (count: number): string => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  const letters = (count: number): string => Array.from({ length: count }, () => 'abcdefghijkmnoprstuwyz'[Math.floor(random() * 22)]).join('');
  const hex = (count: number): string => Array.from({ length: count }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');

  /** A time on day `day` of the month (fractional days allowed), at an hour people sign up (mostly 8:00–24:00 JST). */
  const daytime = (day: number): number => {
    const hour = weighted<number>([[8, 2], [10, 4], [12, 5], [14, 5], [16, 5], [18, 5], [20, 7], [22, 5], [0, 2], [2, 0.5]]);
    return STREAM_START + Math.floor(day) * DAY + (hour + random() * 2) * HOUR;
  };
  const inMonth = (at: number): number => Math.min(Math.max(at, STREAM_START), STREAM_START + STREAM_DAYS * DAY - 1);

  const addressIn = (networkAsn: number, prefix24?: number): string => {
    if (prefix24 !== undefined) return ipv4(prefix24 + between(2, 254));
    const { ranges } = networks.get(networkAsn)!;
    const [start, end] = pick(ranges);
    return ipv4(start + Math.floor(random() * (end - start + 1)));
  };
  /** The first address of a random /24 in one of the network's ranges. */
  const prefix24In = (network: Network): number => {
    const [start, end] = pick(network.ranges);
    return (start + Math.floor(random() * (end - start + 1))) & ~255;
  };
  const homeIp = (): string => addressIn(pick(CONSUMER_ASNS));
  const mobileIp = (): string => addressIn(pick(MOBILE_CARRIER_ASNS));
  const vpsIp = (): string => addressIn(pick(VPS_ASNS));
  // Honest people on a commercial VPN or a cloud proxy sign up from a few shared datacenter /24s
  // (the exits). Drawn from a generator of their own so that the rest of the month stays as it was.
  const vpnRandom = seededRandom(mix.seed ^ 0x5eed);
  const vpnExits = Array.from({ length: 12 }, () => {
    const { ranges } = networks.get(VPS_ASNS[Math.floor(vpnRandom() * VPS_ASNS.length)]!)!;
    const [start, end] = ranges[Math.floor(vpnRandom() * ranges.length)]!;
    return (start + Math.floor(vpnRandom() * (end - start + 1))) & ~255;
  });
  const throughVpn = (ip: string): string => (vpnRandom() < VPN_SHARE ? ipv4(vpnExits[Math.floor(vpnRandom() * vpnExits.length)]! + 2 + Math.floor(vpnRandom() * 253)) : ip);

  const mobile = (): string => `${pick(['090', '080', '070'])}-${1 + Math.floor(random() * 9)}${digits(3)}-${digits(4)}`;
  const landline = (place: Place): string => {
    const local = 9 - place.areaCode.length;
    const head = local - 4;
    // A subscriber number starts with 2–9 (0 and 1 begin prefixes and special numbers).
    return `0${place.areaCode}-${2 + Math.floor(random() * 8)}${digits(head - 1)}-${digits(4)}`;
  };
  const street = (place: Place): string => `${place.town}${between(1, 5)}-${between(1, 30)}-${between(1, 20)}`;
  const apartment = (): string => `${pick(BUILDINGS)}${pick(['', '南', '北', '第2'])} ${between(1, 8)}0${between(1, 9)}`;
  /** A person; never 山田 花子, the sample name of every Japanese form (a real one is rare, and a placeholder signal's business). */
  const person = (): { family: PersonName; given: PersonName } => {
    for (;;) {
      const who = { family: pick(FAMILY_NAMES), given: pick(GIVEN_NAMES) };
      if (!(who.family.kanji === '山田' && who.given.kanji === '花子')) return who;
    }
  };
  const nameOf = ({ family, given }: { family: PersonName; given: PersonName }) => ({ kanji: `${family.kanji} ${given.kanji}`, kana: `${family.kana} ${given.kana}`, romaji: `${given.romaji} ${family.romaji}` });
  const mailbox = ({ family, given }: { family: PersonName; given: PersonName }): string => {
    const f = family.romaji.toLowerCase();
    const g = given.romaji.toLowerCase();
    return weighted<() => string>([
      [() => `${g}.${f}${between(60, 99)}`, 3],
      [() => `${g}${f[0]}${digits(3)}`, 2],
      [() => `${f}-${g}`, 1],
      [() => `${g}_${pick(WORDS)}${digits(2)}`, 2],
      [() => `${pick(WORDS)}.${g}${digits(4)}`, 1],
      [() => `${f}${g[0]}${between(1, 12)}${between(10, 28)}`, 1],
    ])();
  };
  const usedDomains = new Set<string>();
  /** A name `make` gives that was not given before (after a few tries, with a number added to its first label). */
  const unique = (make: () => string, used: Set<string> = usedDomains): string => {
    for (let attempt = 0; ; attempt += 1) {
      const made = make();
      const name = attempt < 20 ? made : made.replace(/^([^.]+)/, `$1${between(2, 999)}`);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  /** Mail domains are the applicants' own, registered before the month: they do not take names from it. */
  const usedMailDomains = new Set<string>();
  const usedCompanyLabels = new Set<string>();
  const corporateNumber = (): string => {
    const base = `${between(1, 9)}${digits(11)}`;
    return `${corporateNumberCheckDigit(base)}${base}`;
  };
  let accountSerial = 0;
  const oldAccount = (at: number, domainCount: number, reseller = false): Account => ({
    id: `acct-${String(++accountSerial).padStart(6, '0')}`,
    openedAt: new Date(at - (0.3 + random() * 9) * YEAR).toISOString(),
    domainCount,
    reseller,
  });
  const newAccount = (at: number): Account => ({ id: `acct-${String(++accountSerial).padStart(6, '0')}`, openedAt: new Date(at - random() * 20 * 60_000).toISOString(), domainCount: 0, reseller: false });
  /** An individual's account: most customers have one from an earlier registration, some open it now. */
  const customerAccount = (at: number): Account => (random() < 0.7 ? oldAccount(at, between(1, 6)) : newAccount(at));

  const events: ReplayEvent[] = [];
  const truth = new Map<string, Truth>();
  let serial = 0;
  const add = (at: number, group: Truth & { readonly prefix: string }, application: Omit<GeneratedApplication, 'externalId' | 'product' | 'submittedAt'>): string => {
    serial += 1;
    const externalId = `${group.prefix}-${String(serial).padStart(5, '0')}`;
    const full = { externalId, product: 'domain', submittedAt: isoJst(at), ...application } as GeneratedApplication;
    events.push({ kind: 'application', at: new Date(at), application: full } satisfies ReplayApplicationEvent);
    truth.set(externalId, { kind: group.kind, fraud: group.fraud, group: group.group });
    return externalId;
  };
  const signup = (ip: string, at: number, deviceId: string) => ({
    ip,
    port: between(1024, 65535),
    at: isoJst(at - between(20, 600) * 1000),
    userAgent: pick(USER_AGENTS),
    acceptLanguage: 'ja-JP,ja;q=0.9,en-US;q=0.8',
    deviceId,
  });
  const card = () => ({ method: 'card', cardCountry: 'JP', fingerprint: `sha256:${hex(16)}` });
  const sms = (number: string, at: number, attempts = 1) => ({ sms: { number, verifiedAt: isoJst(at - between(30, 300) * 1000), attempts } });
  const personalDomain = (who: { family: PersonName; given: PersonName }): string =>
    unique(() => {
      const f = who.family.romaji.toLowerCase();
      const g = who.given.romaji.toLowerCase();
      const label = weighted<() => string>([
        [() => `${f}-${g}`, 2],
        [() => `${g}-${pick(WORDS)}`, 2],
        [() => `${pick(WORDS)}-${f}`, 2],
        [() => `${f}${pick(WORDS)}`, 1],
        [() => `${pick(WORDS)}-${pick(WORDS)}`, 1],
        [() => `${g}${between(60, 99)}`, 0.3],
        [() => `${g}${f}`, 1],
      ])();
      return `${label}.${weighted<string>([['jp', 5], ['com', 4], ['net', 1], ['info', 0.3]])}`;
    });

  /** An individual with their own details; `ip` and `mail` let the mobile kind use its carrier. */
  const individual = (at: number, group: Truth & { readonly prefix: string }, overrides: { ip?: string; mailDomain?: string; domain?: string } = {}): string => {
    const who = person();
    const place = pick(places);
    const phone = mobile();
    // Some give their home landline as the contact and their mobile for the SMS code.
    const contact = random() < 0.12 ? landline(place) : phone;
    return add(at, group, {
      domain: { name: overrides.domain ?? personalDomain(who), nameservers: [...pick(DEFAULT_NAMESERVERS)], registrar: 'r1', reseller: null },
      registrant: {
        type: 'individual',
        name: nameOf(who),
        email: `${mailbox(who)}@${overrides.mailDomain ?? weighted(FREE_MAIL)}`,
        phone: contact,
        address: { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1: street(place), ...(random() < 0.55 ? { line2: apartment() } : {}), country: 'JP' },
      },
      verification: sms(phone, at),
      signup: signup(overrides.ip ?? throughVpn(random() < 0.7 ? homeIp() : mobileIp()), at, `dev-${hex(20)}`),
      payment: random() < 0.85 ? card() : { method: pick(['bank_transfer', 'convenience_store']) },
      account: customerAccount(at),
    });
  };

  // Individuals: the background.
  for (let index = 0; index < mix.individuals; index += 1) individual(daytime(random() * STREAM_DAYS), { kind: 'individual', fraud: false, group: `individual-${index}`, prefix: 'ind' });

  // Mobile users behind carrier-grade NAT: many unrelated people on a few carriers' /24s.
  const carrierPrefixes = MOBILE_CARRIER_ASNS.map((asn) => ({ asn, prefixes: [prefix24In(networks.get(asn)!), prefix24In(networks.get(asn)!)] }));
  for (let index = 0; index < mix.mobileUsers; index += 1) {
    const carrier = pick(carrierPrefixes);
    const mailDomain = random() < 0.5 ? ({ 9605: 'docomo.ne.jp', 2516: pick(['ezweb.ne.jp', 'au.com']), 17676: pick(['softbank.ne.jp', 'i.softbank.jp']), 138384: 'rakumail.jp' } as Record<number, string>)[carrier.asn]! : weighted(FREE_MAIL);
    individual(daytime(random() * STREAM_DAYS), { kind: 'mobile', fraud: false, group: `mobile-${index}`, prefix: 'mob' }, { ip: addressIn(carrier.asn, pick(carrier.prefixes)), mailDomain });
  }

  // Families: one address and home connection, different given names, sometimes the home landline.
  for (let index = 0; index < mix.families; index += 1) {
    const family = pick(FAMILY_NAMES);
    const place = pick(places);
    const line1 = street(place);
    const line2 = random() < 0.5 ? apartment() : undefined;
    const home = landline(place);
    const sharesLandline = random() < 0.4;
    const ip = homeIp();
    const members = between(2, 3);
    const givens = new Set<PersonName>();
    while (givens.size < members) {
      const given = pick(GIVEN_NAMES);
      if (!(family.kanji === '山田' && given.kanji === '花子')) givens.add(given);
    }
    const first = random() * (STREAM_DAYS - 2);
    for (const given of givens) {
      const at = inMonth(daytime(first + random() * 20));
      const phone = mobile();
      add(at, { kind: 'family', fraud: false, group: `family-${index}`, prefix: 'fam' }, {
        domain: { name: personalDomain({ family, given }), nameservers: [...pick(DEFAULT_NAMESERVERS)], registrar: 'r1', reseller: null },
        registrant: {
          type: 'individual',
          name: nameOf({ family, given }),
          email: `${mailbox({ family, given })}@${weighted(FREE_MAIL)}`,
          phone: sharesLandline ? home : phone,
          address: { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1, ...(line2 ? { line2 } : {}), country: 'JP' },
        },
        verification: sms(phone, at),
        signup: signup(ip, at, `dev-${hex(20)}`),
        payment: card(),
        account: customerAccount(at),
      });
    }
  }

  // Single shops: a .shop/.store/.online name or two, often a new account.
  for (let index = 0; index < mix.shops; index += 1) {
    const who = person();
    const place = pick(places);
    const phone = mobile();
    const word = pick(SHOP_WORDS);
    const brand = `${pick([who.given.romaji.toLowerCase(), pick(WORDS), who.family.romaji.toLowerCase()])}-${word}`;
    const at = inMonth(daytime(random() * STREAM_DAYS));
    const account = random() < 0.5 ? newAccount(at) : oldAccount(at, between(0, 3));
    const names = random() < 0.3 ? 2 : 1;
    const fingerprint = card();
    const device = `dev-${hex(20)}`;
    const ip = homeIp();
    const mail = `${mailbox(who)}@${weighted(FREE_MAIL)}`;
    for (let name = 0; name < names; name += 1) {
      const when = inMonth(at + name * random() * 5 * DAY);
      add(when, { kind: 'shop', fraud: false, group: `shop-${index}`, prefix: 'shp' }, {
        domain: { name: unique(() => `${brand}${name ? pick(['', '-jp', 'jp']) : ''}.${pick(CHEAP_SUFFIXES)}`), nameservers: [...pick(DEFAULT_NAMESERVERS)], registrar: 'r1', reseller: null },
        registrant: {
          type: 'individual',
          name: nameOf(who),
          email: mail,
          phone,
          address: { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1: street(place), country: 'JP' },
        },
        verification: sms(phone, when),
        signup: signup(ip, when, device),
        payment: fingerprint,
        account: { ...account, domainCount: account.domainCount + name },
      });
    }
  }

  /** An organisation with an office, a landline, a staff member's mobile, company mail and card. */
  const company = () => {
    const word = pick(COMPANY_WORDS);
    const [trade, tradeRomaji, tradeEn] = pick(COMPANY_TRADES);
    const [kanji, kana] = COMPANY_KANJI[word]!;
    const place = pick(places);
    // The company's name in romaji, as Japanese companies name their domains.
    const label = unique(() => pick([`${word}-${tradeRomaji}`, `${word}${tradeRomaji}`, `${word}-${tradeRomaji}-${pick(PLACE_WORDS)}`, `${pick(PLACE_WORDS)}-${word}`]), usedCompanyLabels);
    // Most give their corporate number; some leave the optional field empty; a sole proprietor's trade name (屋号) has none.
    const form = weighted<'numbered' | 'unnumbered' | 'sole'>([['numbered', 60], ['unnumbered', 20], ['sole', 20]]);
    const owner = pick(FAMILY_NAMES);
    const organization =
      form === 'sole'
        ? { name: `${owner.kanji}${pick(SOLE_TRADES)}`, nameEn: null, corporateNumber: null }
        : { name: random() < 0.7 ? `株式会社${kanji}${trade}` : `${kanji}${trade}株式会社`, nameEn: `${word[0]!.toUpperCase()}${word.slice(1)} ${tradeEn} Co., Ltd.`, corporateNumber: form === 'numbered' ? corporateNumber() : null };
    return {
      label: form === 'sole' ? unique(() => `${owner.romaji.toLowerCase()}-${pick(WORDS)}`, usedCompanyLabels) : label,
      sole: form === 'sole',
      organization,
      kana: `${kana}${TRADE_KANA[trade]}`,
      mailDomain: unique(() => `${label}.${form === 'sole' ? pick(['jp', 'com']) : 'co.jp'}`, usedMailDomains),
      place,
      address: { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1: street(place), line2: `${pick(FAMILY_NAMES).kanji}${pick(OFFICE_BUILDINGS)} ${between(2, 9)}F`, country: 'JP' },
      phone: landline(place),
      staff: person(),
      staffMobile: mobile(),
      ip: addressIn(pick([4713, 2516, 17676])),
      card: card(),
      devices: [`dev-${hex(20)}`, `dev-${hex(20)}`],
    };
  };

  // Multi-domain companies: 3–10 names over weeks, sometimes one name under several suffixes at once.
  const companySuffixes = ['co.jp', 'jp', 'com', 'net', 'shop', 'jp', 'com'];
  for (let index = 0; index < mix.companies; index += 1) {
    const org = company();
    const count = between(...mix.companyNames);
    const account = oldAccount(STREAM_START, between(3, 30));
    // The company's name, then its services, recruiting site, online shop, group site.
    const words = [org.label, ...Array.from({ length: count }, () => `${org.label.split('-').slice(0, 2).join('')}-${pick(COMPANY_SERVICES)}`)];
    let at = daytime(random() * 10);
    let registered = 0;
    const series = random() < 0.35;
    for (let name = 0; registered < count; name += 1) {
      // A series: the same label under several suffixes within minutes; otherwise one name every few days.
      const suffixes = (series && name === 0 ? ['co.jp', 'jp', 'com'].slice(0, Math.min(3, count)) : [pick(companySuffixes)]).map((suffix) => (org.sole && suffix === 'co.jp' ? 'jp' : suffix));
      for (const suffix of suffixes) {
        if (registered >= count) break;
        const when = inMonth(at + random() * 20 * 60_000);
        const staff = random() < 0.8 ? org.staff : person();
        add(when, { kind: 'company', fraud: false, group: `company-${index}`, prefix: 'com' }, {
          domain: { name: unique(() => `${words[name % words.length]}.${suffix}`), nameservers: [...pick(DEFAULT_NAMESERVERS.slice(0, 4))], registrar: 'r1', reseller: null },
          registrant: {
            type: 'organization',
            name: nameOf(staff),
            organization: org.organization,
            email: weighted([[`info@${org.mailDomain}`, 2], [`${staff.family.romaji.toLowerCase()}@${org.mailDomain}`, 2], [`admin@${org.mailDomain}`, 1]]),
            phone: org.phone,
            address: org.address,
          },
          verification: sms(org.staffMobile, when),
          signup: signup(org.ip, when, pick(org.devices)),
          payment: org.card,
          account: { ...account, domainCount: account.domainCount + registered },
        });
        registered += 1;
      }
      at += (1 + random() * 6) * DAY;
    }
  }

  // Web agencies: clients' names and addresses; the agency's mail, phone, card, device, nameservers.
  for (let index = 0; index < mix.agencies; index += 1) {
    const agency = company();
    const agencyDomain = unique(() => `${pick(WORDS)}-${pick(['design', 'web', 'create', 'works', 'lab'])}.jp`, usedMailDomains);
    const nameservers = [`ns1.${agencyDomain}`, `ns2.${agencyDomain}`];
    const account = oldAccount(STREAM_START, between(40, 400), true);
    const clients = between(...mix.agencyClients);
    let registered = 0;
    for (let client = 0; client < clients; client += 1) {
      const ordered = daytime(random() * STREAM_DAYS);
      const owner = person();
      const place = random() < 0.6 ? agency.place : pick(places);
      const isCompany = random() < 0.5;
      const clientOrg = company();
      const clientLabel = isCompany ? clientOrg.label : `${pick(WORDS)}-${owner.family.romaji.toLowerCase()}`;
      const address = isCompany ? { ...clientOrg.address, postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1: street(place) } : { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1: street(place), country: 'JP' };
      // A client's order: its name under one suffix, or under two or three at once.
      const suffixes = (isCompany && !clientOrg.sole ? ['co.jp', 'com', 'jp'] : ['jp', 'com', 'net']).slice(0, weighted([[1, 60], [2, 25], [3, 15]]));
      for (const suffix of suffixes) {
        const when = ordered + random() * 10 * 60_000;
        add(when, { kind: 'agency', fraud: false, group: `agency-${index}`, prefix: 'agy' }, {
          domain: { name: unique(() => `${clientLabel}.${suffix}`), nameservers, registrar: 'r1', reseller: `agency-${index}` },
          registrant: {
            type: isCompany ? 'organization' : 'individual',
            name: nameOf(owner),
            ...(isCompany ? { organization: clientOrg.organization } : {}),
            email: weighted([[`domain@${agencyDomain}`, 3], [`${owner.family.romaji.toLowerCase()}.client@${agencyDomain}`, 1], [`support@${agencyDomain}`, 2]]),
            phone: agency.phone,
            address,
          },
          verification: sms(agency.staffMobile, when),
          signup: signup(agency.ip, when, pick(agency.devices)),
          payment: agency.card,
          account: { ...account, domainCount: account.domainCount + registered },
        });
        registered += 1;
      }
    }
  }

  // Brand owners registering their own brand: the owners of rules/brands.yaml, as they spell themselves.
  const ownedBrands = brands.brands.filter((brand) => brand.owners.length > 0);
  for (let index = 0; index < mix.brandOwners && ownedBrands.length > 0; index += 1) {
    const brand = ownedBrands[Math.floor(random() * ownedBrands.length)]!;
    const owner = pick(brand.owners);
    const spellings = ownerSpellings(owner);
    const labels = ownerLabels(brand);
    const mailDomain = brand.owned.find((domain) => !CARRIER_MAIL.includes(domain) && !FREE_MAIL.some(([free]) => free === domain)) ?? brand.owned[0]!;
    const place = pick(places.slice(0, 24));
    const staff = person();
    const phone = landline(place);
    const staffMobile = mobile();
    const ip = addressIn(pick([4713, 2516]));
    const fingerprint = card();
    const account = oldAccount(STREAM_START, between(20, 300));
    const names = between(1, 3);
    for (let name = 0; name < names; name += 1) {
      const when = daytime(random() * STREAM_DAYS);
      add(when, { kind: 'brand-owner', fraud: false, group: `brand-${brand.id}-${index}`, prefix: 'own' }, {
        domain: { name: unique(() => `${pick(labels)}${random() < 0.3 ? `-${between(2026, 2027)}` : ''}.${pick(['jp', 'co.jp', 'com', 'shop', 'net'])}`), nameservers: [`ns1.${mailDomain}`, `ns2.${mailDomain}`], registrar: 'r1', reseller: null },
        registrant: {
          type: 'organization',
          name: nameOf(staff),
          organization: pick(spellings),
          email: `domain-admin@${mailDomain}`,
          phone,
          address: { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1: street(place), line2: `${pick(OFFICE_BUILDINGS)} ${between(10, 30)}F`, country: 'JP' },
        },
        verification: sms(staffMobile, when),
        signup: signup(ip, when, `dev-${hex(20)}`),
        payment: fingerprint,
        account,
      });
    }
  }

  // Campaigns. Each starts somewhere in the month; its third member is reported, and labelled a few hours later.
  const campaignWindow = (spreadDays: number): number => STREAM_START + (1 + random() * (STREAM_DAYS - spreadDays - 2)) * DAY;
  const fraudDomain = (): string =>
    unique(() => `${weighted<() => string>([
      [() => `${pick(SHOP_WORDS)}-${pick(['outlet', 'sale', 'store', 'official', 'mall'])}${between(1, 99)}`, 3],
      [() => `${letters(between(5, 8))}${pick(['-jp', 'jp', ''])}`, 2],
      [() => `${pick(WORDS)}${pick(['-select', '-market', 'shop', '-deal'])}`, 2],
    ])()}.${pick(CAMPAIGN_SUFFIXES)}`);
  const impersonated = company();

  interface Member {
    readonly at: number;
    readonly index: number;
  }
  const campaign = (shape: CampaignShape, spreadHours: number, build: (member: Member, base: ReturnType<typeof fraudBase>) => Omit<GeneratedApplication, 'externalId' | 'product' | 'submittedAt'>): void => {
    const size = between(...mix.campaignSize);
    const start = campaignWindow(spreadHours / 24);
    const times = Array.from({ length: size }, () => start + random() * spreadHours * HOUR).sort((a, b) => a - b);
    // Campaigns reuse an account for a few members, or open a fresh one each time.
    const sharesAccounts = random() < 0.5;
    let account = newAccount(times[0]!);
    const ids = times.map((at, index) => {
      if (!sharesAccounts || index % 4 === 0) account = newAccount(at);
      else account = { ...account, domainCount: account.domainCount + 1 };
      const base = fraudBase(at);
      return add(at, { kind: shape, fraud: true, group: shape, prefix: 'cmp' }, { ...build({ at, index }, base), account });
    });
    events.push({ kind: 'label', at: new Date(times[2]! + (2 + random() * 4) * HOUR), target: { externalId: ids[2]! }, verdict: 'fraud', source: 'abuse-desk', note: `${shape}: reported phishing / fake shop` } satisfies ReplayLabelEvent);
  };
  /**
   * A campaign member's details before its shape's shared detail is put in: a made-up person, every
   * detail its own; signing up from a VPS, a home line, or a SIM's mobile data through the same
   * carrier CGNAT /24s honest mobile users come from, with free or carrier mail as they use.
   */
  const fraudBase = (at: number) => {
    const who = person();
    const place = pick(places);
    const phone = mobile();
    const carrier = pick(carrierPrefixes);
    const network = weighted<() => string>([
      [() => vpsIp(), 4],
      [() => homeIp(), 3],
      [() => addressIn(carrier.asn, pick(carrier.prefixes)), 3],
    ]);
    return {
      domain: { name: fraudDomain(), nameservers: [...pick(DEFAULT_NAMESERVERS)], registrar: 'r1', reseller: null },
      registrant: {
        type: 'individual' as const,
        name: nameOf(who),
        email: `${mailbox(who)}@${pick(['gmail.com', 'yahoo.co.jp', 'outlook.jp', 'icloud.com', 'ezweb.ne.jp', 'docomo.ne.jp', 'softbank.ne.jp', 'hotmail.co.jp'])}`,
        phone,
        address: { postalCode: place.postalCode, prefecture: place.prefecture, city: place.city, line1: street(place), ...(random() < 0.5 ? { line2: apartment() } : {}), country: 'JP' },
      },
      verification: sms(phone, at, between(1, 3)),
      signup: signup(network(), at, `dev-${hex(20)}`),
      payment: card(),
    };
  };

  const block = `${pick(['070', '080'])}-${between(1, 9)}${digits(3)}-${digits(2)}`;
  campaign('phone-block', 96, ({ index, at }, base) => {
    const phone = `${block}${String(10 + index).padStart(2, '0')}`;
    return { ...base, registrant: { ...base.registrant, phone }, verification: sms(phone, at) };
  });

  const oneNameBlock = `${pick(['070', '080'])}-${between(1, 9)}${digits(3)}-${digits(2)}`;
  const oneName = person();
  campaign('phone-block-one-name', 120, ({ index, at }, base) => {
    const phone = `${oneNameBlock}${String(20 + index * 3).padStart(2, '0')}`;
    return { ...base, registrant: { ...base.registrant, name: nameOf(oneName), phone }, verification: sms(phone, at) };
  });

  const drop = pick(places.slice(0, 24));
  const dropBlock = between(1, 5);
  const dropLot = between(1, 30);
  const dropNumber = between(1, 20);
  campaign('address', 120, ({ index }, base) => {
    const spellings = [`${drop.town}${dropBlock}-${dropLot}-${dropNumber}`, `${drop.town}${dropBlock}丁目${dropLot}番${dropNumber}号`, `${drop.town}${'０１２３４５６７８９'[dropBlock]}－${dropLot}－${dropNumber}`];
    const who = person();
    const name = index % 3 === 0 ? { kanji: null, kana: `${who.family.kana} ${who.given.kana}`, romaji: `${who.given.romaji.toUpperCase()} ${who.family.romaji.toUpperCase()}` } : nameOf(who);
    return { ...base, registrant: { ...base.registrant, name, address: { postalCode: drop.postalCode, prefecture: drop.prefecture, city: drop.city, line1: pick(spellings), line2: `${pick(BUILDINGS)} ${between(1, 5)}0${between(1, 9)}`, country: 'JP' } } };
  });

  const template = `${pick(['jp', 'nihon', 'tokyo'])}-${pick(['post', 'delivery', 'parcel', 'support'])}-${letters(3)}`;
  campaign('template-domains', 72, ({ index }, base) => ({ ...base, domain: { ...base.domain, name: unique(() => `${template}${String(index + 1).padStart(2, '0')}.${pick(['com', 'top', 'xyz'])}`) } }));

  const campaignMail = unique(() => `${letters(6)}-mail.com`, usedMailDomains);
  campaign('mail-domain', 96, (_member, base) => ({ ...base, registrant: { ...base.registrant, email: `${letters(between(6, 10))}${digits(2)}@${campaignMail}` } }));

  const sharedCard = card();
  const sharedDevice = `dev-${hex(20)}`;
  campaign('card-device', 144, (_member, base) => ({ ...base, payment: sharedCard, signup: { ...base.signup, deviceId: sharedDevice } }));

  const slowDomain = unique(() => `${letters(7)}.net`, usedMailDomains);
  const slowMail = unique(() => `${letters(5)}post.jp`, usedMailDomains);
  campaign('slow-nameservers', 24 * 21, (_member, base) => ({
    ...base,
    domain: { ...base.domain, nameservers: [`ns1.${slowDomain}`, `ns2.${slowDomain}`] },
    registrant: { ...base.registrant, email: `${letters(between(5, 9))}@${slowMail}` },
  }));

  const vpsPrefix = prefix24In(networks.get(pick(VPS_ASNS))!);
  campaign('vps-network', 8, (_member, base) => ({ ...base, signup: { ...base.signup, ip: addressIn(0, vpsPrefix) } }));

  // The impersonated company registers its own names through the month; the campaign borrows its identity.
  const impersonatedAccount = oldAccount(STREAM_START, between(5, 20));
  for (let name = 0; name < mix.impersonatedNames; name += 1) {
    const when = daytime((name + random()) * (STREAM_DAYS / mix.impersonatedNames));
    add(when, { kind: 'impersonated', fraud: false, group: 'impersonated', prefix: 'imp' }, {
      domain: { name: unique(() => `${impersonated.label}${name ? `-${pick(WORDS)}` : ''}.${pick(['co.jp', 'jp', 'com'])}`), nameservers: [...DEFAULT_NAMESERVERS[0]!], registrar: 'r1', reseller: null },
      registrant: { type: 'organization', name: nameOf(impersonated.staff), organization: impersonated.organization, email: `info@${impersonated.mailDomain}`, phone: impersonated.phone, address: impersonated.address },
      verification: sms(impersonated.staffMobile, when),
      signup: signup(impersonated.ip, when, impersonated.devices[0]!),
      payment: impersonated.card,
      account: { ...impersonatedAccount, domainCount: impersonatedAccount.domainCount + name },
    });
  }
  campaign('identity-reuse', 24 * 6, (_member, base) => ({
    ...base,
    registrant: { ...base.registrant, type: 'organization', organization: impersonated.organization, address: impersonated.address },
  }));

  return { events: events.sort((a, b) => a.at.getTime() - b.at.getTime()), truth };
}

/** The application without its `account` (for a contract that does not take one, or a run without accounts). */
export function withoutAccount(event: ReplayEvent): ReplayEvent {
  if (event.kind !== 'application' || !('account' in event.application)) return event;
  const { account: _account, ...application } = event.application as GeneratedApplication;
  return { ...event, application };
}
