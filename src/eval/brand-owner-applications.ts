import type { Application, Brand, BrandCatalogue, BrandOwner } from '../engine';

type Organization = NonNullable<NonNullable<Application['registrant']>['organization']>;

/*
 * Generated applications of brand owners registering their own brands, for `npm run
 * eval:brand-owners` and its test: every organisation listed under a brand's `owners` in
 * rules/brands.yaml, its name spelled the ways registrants type it, registering the brand's names
 * under several suffixes. None of them may get a brand hit.
 */

/** Suffixes a brand owner registers its names under, defensively or for a campaign. */
const SUFFIXES = ['jp', 'co.jp', 'com', 'net', 'shop', 'online', 'info'];

/** The ways one organisation's name reaches a registrar's form. */
export function ownerSpellings(owner: BrandOwner): Organization[] {
  const spellings: { name?: string; nameEn?: string; corporateNumber?: string }[] = [];
  const name = owner.name;
  spellings.push({ name, nameEn: owner.en });
  if (name.startsWith('株式会社')) spellings.push({ name: `${name.slice(4)}株式会社` }, { name: `株式会社 ${name.slice(4)}` });
  if (name.endsWith('株式会社')) spellings.push({ name: `株式会社${name.slice(0, -4)}` }, { name: `${name.slice(0, -4)}（株）` }, { name: `${name.slice(0, -4)}㈱` });
  if (/[A-Za-z]/.test(name)) spellings.push({ name: toFullWidth(name) });
  if (owner.kana) spellings.push({ name: `${owner.kana}カブシキガイシャ` }, { name: toHalfWidthKana(owner.kana) });
  if (owner.en) {
    spellings.push({ nameEn: owner.en.toUpperCase().replace(/[.,]/g, '') });
    spellings.push({ nameEn: owner.en.replace(/,?\s*(Inc\.|Co\., Ltd\.|Corporation|Limited|K\.K\.|G\.K\.|LLC)$/i, ' Co., Ltd.') });
  }
  if (owner.corporateNumber) spellings.push({ name, corporateNumber: owner.corporateNumber }, { corporateNumber: owner.corporateNumber });
  return spellings.map((spelling) => ({ name: spelling.name ?? null, nameEn: spelling.nameEn ?? null, corporateNumber: spelling.corporateNumber ?? null }));
}

/** The registrable labels a brand's owner registers: its names, alone and with a word, and its Japanese names. */
export function ownerLabels(brand: Brand): string[] {
  const labels = new Set<string>();
  for (const word of [...brand.tokens, ...brand.abbreviations]) {
    labels.add(word);
    labels.add(`${word}-campaign`);
    labels.add(`${word}-card`);
  }
  for (const japanese of brand.japanese) labels.add(japanese);
  return [...labels];
}

export interface OwnerApplication {
  readonly brand: Brand;
  readonly owner: BrandOwner;
  readonly application: Application;
}

/**
 * Every owner of every brand, each spelling, registering a label of its brand under each suffix (one
 * spelling per name, in turn), with a mailbox on the brand's first domain that is not a shared mail service.
 */
export function brandOwnerApplications(catalogue: BrandCatalogue, sharedMailDomains: ReadonlySet<string>): OwnerApplication[] {
  const applications: OwnerApplication[] = [];
  for (const brand of catalogue.brands) {
    // Staff mail is on a corporate domain, not on the brand's consumer mail service (docomo.ne.jp, gmail.com).
    const mailDomain = brand.owned.find((domain) => !sharedMailDomains.has(domain)) ?? brand.owned[0]!;
    const labels = ownerLabels(brand);
    for (const owner of brand.owners) {
      const spellings = ownerSpellings(owner);
      let turn = 0;
      for (const label of labels) {
        for (const suffix of SUFFIXES) {
          const organization = spellings[turn++ % spellings.length]!;
          const externalId = `owner-${brand.id}-${applications.length}`;
          applications.push({
            brand,
            owner,
            application: {
              externalId,
              product: 'domain',
              domain: { name: `${label}.${suffix}`, nameservers: [`ns1.${mailDomain}`, `ns2.${mailDomain}`] },
              registrant: {
                type: 'organization',
                name: { kanji: '高橋 誠', kana: 'タカハシ マコト', romaji: 'Makoto Takahashi' },
                organization,
                email: `domain-admin@${mailDomain}`,
                phone: '03-6625-7200',
                address: { postalCode: '1000005', prefecture: '東京都', city: '千代田区', line1: '丸の内2-4-1', line2: '丸の内ビルディング', country: 'JP' },
              },
            },
          });
        }
      }
    }
  }
  return applications;
}

function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

const HALF_WIDTH: Readonly<Record<string, string>> = Object.fromEntries(
  [...'ァアィイゥウェエォオカキクケコサシスセソタチッツテトナニヌネノハヒフヘホマミムメモャヤュユョヨラリルレロワヲンー'].map((character, index) => [
    character,
    'ｧｱｨｲｩｳｪｴｫｵｶｷｸｹｺｻｼｽｾｿﾀﾁｯﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓｬﾔｭﾕｮﾖﾗﾘﾙﾚﾛﾜｦﾝｰ'[index]!,
  ]),
);

/** Katakana in half-width form, as older systems send it (ﾗｸﾃﾝｸﾞﾙｰﾌﾟ). */
function toHalfWidthKana(kana: string): string {
  let result = '';
  for (const character of kana.normalize('NFD')) {
    if (character === '\u3099') result += 'ﾞ';
    else if (character === '\u309a') result += 'ﾟ';
    else result += HALF_WIDTH[character] ?? character;
  }
  return result;
}
