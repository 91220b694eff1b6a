/**
 * `npm run bench:domains`: screens generated domain names through the same path as
 * `shinsa domains` (read lines → parse → series over the batch → engine → JSON serialise) with the
 * full shipped rule set on one core, beside a naive lookalike checker in the same run: the edit
 * distance of each registrable label to every brand spelling (tokens and abbreviations) of
 * rules/brands.yaml. Prints domains/s,
 * start-up (rules, knowledge) apart, and peak RSS.
 */
import { PassThrough, Readable } from 'node:stream';
import { NullSink, seededRandom } from './bench-support';
import { screenDomainLines, screenDomainName } from '../cli/domains-command';
import { parseDomainName } from '../engine';
import { findDomainSeries } from '../engine/domain-series';
import { Screener } from '../screening/screener';

const COUNT = Number(process.argv[2] ?? 200_000);
const TARGET_PER_SECOND = 50_000;
const WARMUP = 10_000;

/** Ordinary words of Japanese small-business and personal sites (no city names: `kyoto.jp` is a public suffix). */
const WORDS = [
  'sakura', 'tanaka', 'suzuki', 'yamada', 'hikari', 'midori', 'kaze', 'umi', 'yama', 'coffee', 'studio', 'design',
  'clinic', 'dental', 'garden', 'bakery', 'travel', 'photo', 'office', 'shop', 'works', 'lab', 'home', 'farm', 'onsen',
  'ramen', 'sushi', 'kimono', 'bike', 'books', 'music', 'piano', 'school', 'juku', 'hoiku', 'kaigo', 'fudosan', 'kensetsu',
  'denki', 'auto', 'care', 'salon', 'hair', 'nail', 'yoga', 'fitness', 'golf', 'tennis', 'soccer', 'craft', 'wood', 'glass',
  'tea', 'wine', 'sake', 'brewery', 'hotel', 'ryokan', 'camp', 'fishing', 'flower', 'green', 'blue', 'sun', 'moon', 'star',
  'smile', 'happy', 'kids', 'family', 'life', 'style', 'net', 'web', 'info', 'tech', 'soft', 'system', 'data', 'cloud',
];
const BENIGN_SUFFIXES = ['com', 'jp', 'co.jp', 'net', 'org', 'ne.jp', 'or.jp', 'tokyo', 'shop', 'info', 'biz', 'site'];
/** Brand spellings as phishing labels use them (a fixed list, so the names do not move when rules change). */
const BRANDS = [
  'amazon', 'rakuten', 'smbc', 'vpass', 'mufg', 'nicos', 'aeon', 'mercari', 'eki-net', 'apple', 'appleid', 'docomo',
  'softbank', 'jcb', 'saison', 'epos', 'yamato', 'kuroneko', 'sagawa', 'japanpost', 'yucho', 'nta', 'etax', 'tepco',
  'au', 'aupay', 'sbi', 'biglobe', 'monex', 'mizuho', 'resona', 'paypay', 'paypal', 'netflix', 'microsoft', 'line',
];
const AFFIXES = ['login', 'secure', 'verify', 'account', 'card', 'support', 'update', 'jp', 'co-jp', 'info', 'center', 'security', 'member', 'mypage', 'auth'];
const RISKY_SUFFIXES = ['com', 'top', 'xyz', 'cn', 'shop', 'net', 'icu', 'cfd', 'buzz', 'vip', 'net.cn', 'com.cn', 'online', 'site'];
const IDN_LABELS = ['アマゾン', '楽天カード', 'メルカリ', 'えきねっと', '三井住友カード', '国税庁', 'さくら珈琲', 'たなか歯科', '京都旅館', 'ラーメン横丁'];
const HOMOGLYPHS: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', i: 'і', y: 'у', x: 'х' };
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const CONSONANTS = 'bcdfghjklmnpqrstvwxz';

/** Names a registrar sees: mostly ordinary, a share of combosquats, typos, random labels, IDNs and series. */
function generate(count: number): { lines: string[]; mix: Record<string, number> } {
  const next = seededRandom(20261127);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  const letters = (n: number, alphabet = LETTERS) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  const mix: Record<string, number> = {};
  const lines: string[] = [];
  const seriesStems = Array.from({ length: 200 }, () => `${pick(['driect', 'account', 'secure', 'info', 'mypage'])}-${letters(8)}`);
  for (let index = 0; index < count; index += 1) {
    const roll = next();
    let kind: string;
    let name: string;
    if (roll < 0.5) {
      kind = 'ordinary';
      const label = next() < 0.5 ? `${pick(WORDS)}${next() < 0.3 ? '-' : ''}${pick(WORDS)}` : `${pick(WORDS)}${next() < 0.4 ? digits(2) : ''}`;
      name = `${next() < 0.2 ? 'www.' : ''}${label}.${pick(BENIGN_SUFFIXES)}`;
    } else if (roll < 0.65) {
      kind = 'combosquat';
      const brand = pick(BRANDS);
      const form = Math.floor(next() * 4);
      const label =
        form === 0 ? `${brand}-${pick(AFFIXES)}` : form === 1 ? `${pick(AFFIXES)}-${brand}-${pick(AFFIXES)}` : form === 2 ? `${brand}${pick(AFFIXES)}` : `${brand}-co-jp`;
      name = `${next() < 0.3 ? `${pick(AFFIXES)}.` : ''}${label}.${pick(RISKY_SUFFIXES)}`;
    } else if (roll < 0.7) {
      kind = 'typo';
      const brand = pick(BRANDS.filter((candidate) => candidate.length >= 5));
      const at = Math.floor(next() * brand.length);
      const edit = Math.floor(next() * 3);
      const typo =
        edit === 0
          ? brand.slice(0, at) + letters(1) + brand.slice(at + 1)
          : edit === 1
            ? brand.slice(0, at) + letters(1) + brand.slice(at)
            : brand.slice(0, at) + brand.slice(at + 1);
      name = `${typo.replace(/^-|-$/g, '') || brand}.${pick(RISKY_SUFFIXES)}`;
    } else if (roll < 0.9) {
      kind = 'random';
      const shape = Math.floor(next() * 3);
      const label = shape === 0 ? letters(5 + Math.floor(next() * 8)) : shape === 1 ? `${letters(4, CONSONANTS)}${digits(3)}${letters(2)}` : `${letters(3)}-${letters(6)}`;
      name = `${label}.${pick(RISKY_SUFFIXES)}`;
    } else if (roll < 0.95) {
      kind = 'idn';
      if (next() < 0.5) name = `${pick(IDN_LABELS)}.${pick(['jp', 'com', 'net'])}`;
      else {
        const brand = pick(BRANDS.filter((candidate) => /[aeopciyx]/.test(candidate)));
        const position = brand.search(/[aeopciyx]/);
        name = `${brand.slice(0, position)}${HOMOGLYPHS[brand[position]!]}${brand.slice(position + 1)}.${pick(['com', 'jp', 'net'])}`;
      }
    } else {
      kind = 'series';
      name = `${pick(seriesStems)}${digits(2)}.${pick(['com', 'top', 'cn'])}`;
    }
    mix[kind] = (mix[kind] ?? 0) + 1;
    lines.push(name);
  }
  return { lines, mix };
}

function seconds(startedAt: bigint): number {
  return Number(process.hrtime.bigint() - startedAt) / 1e9;
}

/** Levenshtein distance over two preallocated rows: what a simple lookalike checker computes. */
function editDistance(a: string, b: string, rows: [Uint16Array, Uint16Array]): number {
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1]! + (code === b.charCodeAt(j - 1) ? 0 : 1);
      const deletion = previous[j]! + 1;
      const insertion = current[j - 1]! + 1;
      current[j] = substitution < deletion ? (substitution < insertion ? substitution : insertion) : deletion < insertion ? deletion : insertion;
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

async function main(): Promise<void> {
  process.stdout.write(`generating ${COUNT.toLocaleString('en-US')} domain names…\n`);
  const { lines, mix } = generate(COUNT);
  const input = `${lines.join('\n')}\n`;

  // Start-up, reported apart: rules (with brands and lists) and the bundled knowledge.
  let started = process.hrtime.bigint();
  const screener = new Screener();
  const first = parseDomainName(lines[0]!);
  if (first.ok) screenDomainName(screener.engine, first.name);
  const startupSeconds = seconds(started);
  const brandTokens = [...new Set(screener.engine.rules.brands.brands.flatMap((brand) => [...brand.tokens, ...brand.abbreviations]))];

  // Naive baseline, same names: parse, then the edit distance of the label to every brand token.
  started = process.hrtime.bigint();
  const rows: [Uint16Array, Uint16Array] = [new Uint16Array(256), new Uint16Array(256)];
  let naiveHits = 0;
  for (const line of lines) {
    const parsed = parseDomainName(line);
    if (!parsed.ok) continue;
    const label = parsed.name.label;
    for (const token of brandTokens) if (editDistance(label, token, rows) <= 1) naiveHits += 1;
  }
  const naiveSeconds = seconds(started);

  // The `shinsa domains` path: a cold pass over the first lines, then the whole input.
  const errors = new PassThrough();
  const badLineMessages: string[] = [];
  errors.on('data', (chunk: Buffer) => {
    if (badLineMessages.length < 3) badLineMessages.push(chunk.toString().trim());
  });
  const warmupInput = `${lines.slice(0, Math.min(WARMUP, lines.length)).join('\n')}\n`;
  started = process.hrtime.bigint();
  const warmup = await screenDomainLines(screener.engine, Readable.from([warmupInput]), new NullSink(), errors);
  const coldSeconds = seconds(started);
  started = process.hrtime.bigint();
  const sink = new NullSink();
  const result = await screenDomainLines(screener.engine, Readable.from([input]), sink, errors);
  const pathSeconds = seconds(started);

  // Its parts: series detection over the batch, and the engine alone on parsed names.
  const parsedNames = lines.map((line) => parseDomainName(line)).flatMap((parsed) => (parsed.ok ? [parsed.name] : []));
  started = process.hrtime.bigint();
  const series = findDomainSeries(parsedNames);
  const seriesSeconds = seconds(started);
  const outcomes: Record<string, number> = {};
  started = process.hrtime.bigint();
  for (const name of parsedNames) {
    const domainSeries = series.get(name.registrableDomain);
    const assessment = screenDomainName(screener.engine, name, domainSeries ? { domainSeries } : {});
    outcomes[assessment.outcome] = (outcomes[assessment.outcome] ?? 0) + 1;
  }
  const engineSeconds = seconds(started);

  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
  const row = (label: string, count: number, time: number) => `${label.padEnd(60)} ${fmt(count / time).padStart(10)} /s  (${time.toFixed(2)} s)`;
  const pathRate = result.screened / pathSeconds;
  process.stdout.write(
    [
      `names: ${fmt(COUNT)} ${JSON.stringify(mix)}; screened ${fmt(result.screened)}, bad lines ${result.badLines}${badLineMessages.length ? ` (${badLineMessages.join('; ')})` : ''}, ${fmt(series.size)} in a series`,
      `outcomes ${JSON.stringify(outcomes)}`,
      `rule set ${screener.engine.rules.version}: ${screener.engine.rules.signals.length} signals, ${screener.engine.rules.brands.brands.length} brands, ${brandTokens.length} brand spellings`,
      `${row('naive baseline: parse + edit distance to every brand spelling', lines.length, naiveSeconds)}; ${fmt(naiveHits)} (name, spelling) pairs within distance 1`,
      row(`shinsa domains path, first ${fmt(warmup.screened)} lines (cold)`, warmup.screened, coldSeconds),
      `${row('shinsa domains path (parse → series → engine → serialise)', result.screened, pathSeconds)}; ${(sink.bytes / 1024 / 1024).toFixed(0)} MiB out`,
      row('  series detection over the batch alone', parsedNames.length, seriesSeconds),
      row('  engine (screenDomainName) alone', parsedNames.length, engineSeconds),
      `start-up (rules, brands, knowledge): ${startupSeconds.toFixed(2)} s`,
      `peak RSS: ${peakRssMiB.toFixed(0)} MiB`,
      `target: ≥ ${fmt(TARGET_PER_SECOND)} domains/s on one core (README, Benchmarks): ${pathRate >= TARGET_PER_SECOND ? 'met' : 'NOT met'}`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
