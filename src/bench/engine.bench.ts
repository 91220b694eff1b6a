/**
 * `npm run bench:engine`: screens generated applications through the same path as
 * `shinsa screen` (JSON parse → validate → facts → engine → JSON serialise) on one core, beside a
 * baseline that only parses and serialises the same lines. Prints throughput and peak RSS.
 */
import { PassThrough, Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { parseApplication } from '../engine';
import { screenJsonLines } from '../cli/screen-command';
import { Screener } from '../screening/screener';

const COUNT = Number(process.argv[2] ?? 100_000);
const TARGET_PER_SECOND = 5_000;

/** Deterministic PRNG (mulberry32) so every run screens the same applications. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'],
  ['鈴木 一郎', 'スズキ イチロウ', 'Ichiro Suzuki'],
  ['高橋 健', 'タカハシ ケン', 'Ken Takahashi'],
  ['田中 美咲', 'タナカ ミサキ', 'Misaki Tanaka'],
  ['山田 太郎', 'ヤマダ タロウ', 'Taro Yamada'],
  ['田中 伟杰', 'タナカ ウェイジェ', 'Weijie Tanaka'],
  [null, 'ジョン スミス', 'John Smith'],
  ['伊藤 翔太', 'イトウ ショウタ', 'Lee Shota'],
] as const;
const ADDRESSES = [
  ['100-0001', '東京都', '千代田区', '千代田1-1'],
  ['530-0001', '大阪府', '大阪市北区', '梅田1-1-3'],
  ['060-0001', '北海道', '札幌市中央区', '北一条西2-1'],
  ['150-0002', '東京都', '千代田区', '渋谷2-1'],
  ['999-9999', '沖縄県', '那覇市', '1-1'],
] as const;
const PHONES = ['+81 90-{n}', '080-{n}', '050-{n}', '020-{n}', '03-{n}', '+86 138 0013 8000'];
const EMAIL_DOMAINS = ['example.ne.jp', 'gmail.com', 'yahoo.co.jp', 'mailinator.com', 'docomo.ne.jp'];
const DOMAINS = ['{l}.jp', '{l}.co.jp', '{l}.com', '{l}-shop.net'];

function generate(count: number): string[] {
  const next = random(20261127);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join('');
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const [kanji, kana, romaji] = pick(NAMES);
    const [postalCode, prefecture, city, line1] = pick(ADDRESSES);
    const phone = pick(PHONES).replace('{n}', `${digits(4)}-${digits(4)}`);
    const organization = next() < 0.2;
    const label = `${romaji.split(' ')[0]!.toLowerCase()}${digits(3)}`;
    lines.push(
      JSON.stringify({
        externalId: `bench-${index}`,
        product: next() < 0.8 ? 'domain' : 'hosting',
        submittedAt: '2026-11-27T10:15:00+09:00',
        domain: { name: pick(DOMAINS).replace('{l}', label), nameservers: ['ns1.example.net'], registrar: 'r1' },
        registrant: {
          type: organization ? 'organization' : 'individual',
          name: { kanji, kana, romaji },
          ...(organization ? { organization: { name: '株式会社サンプル商事', nameEn: 'Sample Shoji K.K.', corporateNumber: next() < 0.5 ? '1180301018771' : '1180301018772' } } : {}),
          email: `${next() < 0.2 ? `x${digits(6)}qz` : label}@${pick(EMAIL_DOMAINS)}`,
          phone,
          address: { postalCode, prefecture, city, line1, country: next() < 0.95 ? 'JP' : 'CN' },
        },
        verification: { sms: { number: next() < 0.8 ? phone : `+8190${digits(8)}`, attempts: 1 + Math.floor(next() * 6) } },
        signup: { ip: `${1 + Math.floor(next() * 222)}.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${1 + Math.floor(next() * 254)}`, port: 1024 + Math.floor(next() * 60000), at: '2026-11-27T10:14:30+09:00' },
      }),
    );
  }
  return lines;
}

class NullSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    callback();
  }
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

  // The `shinsa screen` path over the same lines.
  const output = new NullSink();
  const errors = new PassThrough();
  errors.resume();
  started = process.hrtime.bigint();
  const result = await screenJsonLines(screener, Readable.from([input]), output, errors);
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
      `applications: ${fmt(COUNT)} (screened ${fmt(result.screened)}, bad lines ${result.badLines}); outcomes ${JSON.stringify(outcomes)}`,
      `baseline  JSON parse + serialise          ${fmt(baseline.perSecond).padStart(10)} /s  (${baseline.seconds.toFixed(2)} s; ${sink} chars)`,
      `shinsa screen path (parse→validate→facts→engine→serialise) ${fmt(screen.perSecond).padStart(10)} /s  (${screen.seconds.toFixed(2)} s)`,
      `engine.screen() alone                      ${fmt(engine.perSecond).padStart(10)} /s  (${engine.seconds.toFixed(2)} s)`,
      `start-up (rules, knowledge, IP→ASN index): ${loadSeconds.toFixed(2)} s`,
      `peak RSS: ${peakRssMiB.toFixed(0)} MiB`,
      `target: ≥ ${fmt(TARGET_PER_SECOND)} applications/s on one core (DESIGN §7): ${screen.perSecond >= TARGET_PER_SECOND ? 'met' : 'NOT met'}`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
