/**
 * `npm run bench:engine`: screens generated applications through the same path as
 * `shinsa screen` (JSON parse → validate → facts → engine → JSON serialise) on one core, beside a
 * baseline that only parses and serialises the same lines. Prints throughput and peak RSS.
 */
import { PassThrough, Readable } from 'node:stream';
import { NullSink, seededRandom } from './bench-support';
import { parseApplication } from '../engine';
import { screenJsonLines } from '../cli/screen-command';
import { Screener } from '../screening/screener';

const COUNT = Number(process.argv[2] ?? 100_000);
const TARGET_PER_SECOND = 5_000;
const WARMUP = 10_000;

/** Legitimate registrants: consistent names, real addresses, mobile numbers, residential networks. */
const LEGITIMATE = [
  { name: ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'], address: ['100-0001', '東京都', '千代田区', '千代田1-1'] },
  { name: ['鈴木 一郎', 'スズキ イチロウ', 'Ichiro Suzuki'], address: ['530-0001', '大阪府', '大阪市北区', '梅田1-1-3'] },
  { name: ['高橋 健', 'タカハシ ケン', 'Ken Takahashi'], address: ['060-0001', '北海道', '札幌市中央区', '北一条西2-1'] },
  { name: ['田中 美咲', 'タナカ ミサキ', 'Misaki Tanaka'], address: ['810-0001', '福岡県', '福岡市中央区', '天神2-1-1'] },
  { name: ['伊藤 翔太', 'イトウ ショウタ', 'Shota Ito'], address: ['220-0012', '神奈川県', '横浜市西区', 'みなとみらい2-2-1'] },
  { name: ['王 伟', 'ワン ウェイ', 'Wang Wei'], address: ['169-0073', '東京都', '新宿区', '百人町2-1-1'] },
  { name: [null, 'ジョン スミス', 'John Smith'], address: ['106-0032', '東京都', '港区', '六本木6-10-1'] },
] as const;
/** Registrants with the cues of DESIGN §1: throw-away numbers, mismatched addresses, odd names. */
const SUSPICIOUS_NAMES = [
  ['山田 太郎', 'ヤマダ タロウ', 'Taro Yamada'],
  ['田中 伟杰', 'タナカ ウェイジェ', 'Weijie Tanaka'],
  ['伊藤 翔太', 'イトウ ショウタ', 'Lee Shota'],
  ['佐藤 花子', 'タナカ イチロウ', 'Hanako Sato'],
] as const;
const SUSPICIOUS_ADDRESSES = [
  ['150-0002', '東京都', '千代田区', '渋谷2-1'],
  ['999-9999', '沖縄県', '那覇市', '1-1'],
  ['100-0001', '大阪府', '大阪市北区', '梅田1-1'],
] as const;
const SUSPICIOUS_PHONES = ['050-{n}', '020-{n}', '03-{n}', '+86 138 0013 8000'];
const LEGITIMATE_EMAIL_DOMAINS = ['example.ne.jp', 'gmail.com', 'yahoo.co.jp', 'nifty.com', 'docomo.ne.jp'];
const SUSPICIOUS_EMAIL_DOMAINS = ['mailinator.com', 'gmail.com', 'yopmail.com'];
const INDIVIDUAL_DOMAINS = ['{l}.jp', '{l}.com', '{l}-shop.net'];
const ORGANIZATION_DOMAINS = ['{l}.co.jp', '{l}.com'];
/** Residential ranges (SoftBank, KDDI, OCN) and hosting ranges (SAKURA, ConoHa, AWS Tokyo). */
const RESIDENTIAL_PREFIXES = ['126.', '106.', '153.'];
const HOSTING_PREFIXES = ['153.126.', '160.251.', '13.112.'];

/** Share of generated applications that carry fraud cues; registrars' real traffic is mostly clean. */
const SUSPICIOUS_SHARE = 0.25;

function generate(count: number): string[] {
  const next = seededRandom(20261127);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  const octet = () => Math.floor(next() * 256);
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const suspicious = next() < SUSPICIOUS_SHARE;
    const legitimate = pick(LEGITIMATE);
    const [kanji, kana, romaji] = suspicious ? pick(SUSPICIOUS_NAMES) : legitimate.name;
    const [postalCode, prefecture, city, line1] = suspicious && next() < 0.5 ? pick(SUSPICIOUS_ADDRESSES) : legitimate.address;
    const phone = (suspicious ? pick(SUSPICIOUS_PHONES) : pick(['090-{n}', '080-{n}', '+81 70-{n}'])).replace('{n}', `${digits(4)}-${digits(4)}`);
    const organization = next() < 0.15;
    const surname = romaji.split(' ').at(-1)!.toLowerCase();
    const label = `${surname}${digits(3)}`;
    const localPart = suspicious && next() < 0.4 ? `x${digits(6)}qz` : `${romaji.split(' ')[0]!.toLowerCase()}.${surname}`;
    const ipPrefix = suspicious && next() < 0.6 ? pick(HOSTING_PREFIXES) : pick(RESIDENTIAL_PREFIXES);
    const ip = `${ipPrefix}${Array.from({ length: 4 - ipPrefix.split('.').length + 1 }, octet).join('.')}`;
    lines.push(
      JSON.stringify({
        externalId: `bench-${index}`,
        product: next() < 0.8 ? 'domain' : 'hosting',
        submittedAt: '2026-11-27T10:15:00+09:00',
        domain: { name: pick(organization ? ORGANIZATION_DOMAINS : INDIVIDUAL_DOMAINS).replace('{l}', label), nameservers: ['ns1.example.net'], registrar: 'r1' },
        registrant: {
          type: organization ? 'organization' : 'individual',
          name: { kanji, kana, romaji },
          ...(organization
            ? { organization: { name: '株式会社サンプル商事', nameEn: 'Sample Shoji K.K.', corporateNumber: suspicious ? '1180301018772' : '1180301018771' } }
            : {}),
          email: `${localPart}@${pick(suspicious ? SUSPICIOUS_EMAIL_DOMAINS : LEGITIMATE_EMAIL_DOMAINS)}`,
          phone,
          address: { postalCode, prefecture, city, line1, country: suspicious && next() < 0.2 ? 'CN' : 'JP' },
        },
        verification: { sms: { number: suspicious && next() < 0.5 ? `+8190${digits(8)}` : phone, attempts: suspicious ? 1 + Math.floor(next() * 6) : 1 } },
        signup: { ip, port: 1024 + Math.floor(next() * 60000), at: '2026-11-27T10:14:30+09:00' },
      }),
    );
  }
  return lines;
}

function rate(count: number, startedAt: bigint): { perSecond: number; seconds: number } {
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  return { perSecond: count / seconds, seconds };
}

async function main(): Promise<void> {
  process.stdout.write(`generating ${COUNT} applications…\n`);
  const lines = generate(COUNT);
  const input = `${lines.join('\n')}\n`;

  // Baseline: parse and serialise the same lines, nothing else.
  let started = process.hrtime.bigint();
  let sink = 0;
  for (const line of lines) sink += JSON.stringify(JSON.parse(line)).length;
  const baseline = rate(lines.length, started);

  // Load rules, knowledge and the IP→ASN index before timing (a long-running process pays this once).
  started = process.hrtime.bigint();
  const screener = new Screener();
  const first = parseApplication(JSON.parse(lines[0]!));
  if (first.ok) screener.screen(first.application);
  const loadSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  // The `shinsa screen` path: first a cold pass over the first lines (JIT and caches warming up,
  // as at the start of every run), then the whole input.
  const errors = new PassThrough();
  errors.resume();
  const warmupLines = lines.slice(0, Math.min(WARMUP, lines.length));
  started = process.hrtime.bigint();
  const warmup = await screenJsonLines(screener, Readable.from([`${warmupLines.join('\n')}\n`]), new NullSink(), errors);
  const cold = rate(warmup.screened, started);
  started = process.hrtime.bigint();
  const result = await screenJsonLines(screener, Readable.from([input]), new NullSink(), errors);
  const screen = rate(result.screened, started);

  // The engine alone on pre-validated applications (no JSON, no I/O).
  const applications = lines.map((line) => parseApplication(JSON.parse(line))).flatMap((parsed) => (parsed.ok ? [parsed.application] : []));
  const facts = applications.map((application) => screener.factsFor(application));
  started = process.hrtime.bigint();
  const outcomes: Record<string, number> = {};
  for (let index = 0; index < applications.length; index += 1) {
    const assessment = screener.engine.screen(applications[index]!, facts[index]);
    outcomes[assessment.outcome] = (outcomes[assessment.outcome] ?? 0) + 1;
  }
  const engine = rate(applications.length, started);

  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  const fmt = (value: number) => Math.round(value).toLocaleString('en-US');
  process.stdout.write(
    [
      `applications: ${fmt(COUNT)}, ${SUSPICIOUS_SHARE * 100}% with fraud cues (screened ${fmt(result.screened)}, bad lines ${result.badLines}); outcomes ${JSON.stringify(outcomes)}`,
      `baseline  JSON parse + serialise          ${fmt(baseline.perSecond).padStart(10)} /s  (${baseline.seconds.toFixed(2)} s; ${sink} chars)`,
      `shinsa screen path, first ${fmt(warmup.screened)} lines (cold) ${fmt(cold.perSecond).padStart(10)} /s  (${cold.seconds.toFixed(2)} s)`,
      `shinsa screen path (parse→validate→facts→engine→serialise) ${fmt(screen.perSecond).padStart(10)} /s  (${screen.seconds.toFixed(2)} s)`,
      `engine.screen() alone                      ${fmt(engine.perSecond).padStart(10)} /s  (${engine.seconds.toFixed(2)} s)`,
      `start-up (rules, knowledge, IP→ASN index): ${loadSeconds.toFixed(2)} s`,
      `peak RSS: ${peakRssMiB.toFixed(0)} MiB`,
      `target: ≥ ${fmt(TARGET_PER_SECOND)} applications/s on one core (README, Benchmarks): ${screen.perSecond >= TARGET_PER_SECOND ? 'met' : 'NOT met'}`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
