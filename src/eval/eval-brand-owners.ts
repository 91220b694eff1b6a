/**
 * `npm run eval:brand-owners`: brand owners registering their own brands. Every organisation listed
 * under a brand's `owners` in rules/brands.yaml, its name spelled the ways registrants type it
 * (株式会社 before or after, (株), ㈱, full-width, half-width kana, English in capitals or with
 * another corporate form, the corporate number alone), registers the brand's names under several
 * suffixes; each is screened as `shinsa screen` does (no history). Target: no brand hit at all.
 *
 *   npm run eval:brand-owners              print the report
 *   npm run eval:brand-owners -- --write   also write fixtures/eval/brand-owners-report.txt
 *
 * The report has no timings or dates, so the same rules give the same file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Screener } from '../screening/screener';
import { brandOwnerApplications } from './brand-owner-applications';
import { REPO_ROOT } from './domain-datasets';

const REPORT_FILE = path.join(REPO_ROOT, 'fixtures', 'eval', 'brand-owners-report.txt');

function main(argv: readonly string[]): void {
  const screener = new Screener();
  const { rules } = screener.engine;
  const sharedMail = new Set(['free-mail-domains', 'carrier-mail-domains'].flatMap((name) => rules.lists.get(name)?.entries ?? []));
  const generated = brandOwnerApplications(rules.brands, sharedMail);
  const ownHits = new Map<string, number>();
  const otherHits = new Map<string, number>();
  const flaggedReasons = new Map<string, number>();
  let withOwnHit = 0;
  let withOtherHit = 0;
  let flagged = 0;
  const ownExamples: string[] = [];
  const otherExamples = new Map<string, string>();
  for (const { application, brand } of generated) {
    const assessment = screener.screen(application);
    const brandHits = assessment.hits.filter((hit) => hit.signal.startsWith('brand.'));
    // A hit naming the owner's own brand is the failure measured; one naming another brand is a dictionary artefact, listed apart.
    const own = brandHits.filter((hit) => hit.detail.includes(brand.display));
    const other = brandHits.filter((hit) => !hit.detail.includes(brand.display));
    if (own.length > 0) {
      withOwnHit++;
      for (const hit of own) ownHits.set(hit.reason, (ownHits.get(hit.reason) ?? 0) + 1);
      if (ownExamples.length < 20) ownExamples.push(`  ${application.domain!.name} by ${JSON.stringify(application.registrant!.organization)}: ${own.map((hit) => hit.detail).join('; ')}`);
    }
    if (other.length > 0) {
      withOtherHit++;
      for (const hit of other) {
        otherHits.set(hit.reason, (otherHits.get(hit.reason) ?? 0) + 1);
        const label = application.domain!.name.split('.')[0]!;
        if (!otherExamples.has(label) && otherExamples.size < 20) otherExamples.set(label, `  ${application.domain!.name}: ${hit.detail}`);
      }
    }
    if (assessment.outcome !== 'allow') {
      flagged++;
      for (const hit of assessment.hits) if (hit.points > 0) flaggedReasons.set(hit.reason, (flaggedReasons.get(hit.reason) ?? 0) + 1);
    }
  }
  const owners = new Set(generated.map((item) => item.owner)).size;
  const brands = new Set(generated.map((item) => item.brand)).size;
  const percent = (count: number) => `${((count / generated.length) * 100).toFixed(2)}%`;
  const sorted = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `  ${reason} ${count}`);
  const lines = [
    `brand owners registering their own brands (rules ${screener.engine.rules.version})`,
    `${generated.length} applications: ${owners} owner organisations of ${brands} brands, varied spellings, their names under 7 suffixes`,
    `with a hit naming their own brand: ${withOwnHit} (${percent(withOwnHit)})`,
    ...sorted(ownHits),
    ...ownExamples,
    `with a hit naming another brand (the name reads as another brand's, e.g. mitsui-card holds "suica"): ${withOtherHit} (${percent(withOtherHit)})`,
    ...sorted(otherHits),
    ...otherExamples.values(),
    `flagged (outcome other than allow), any reason: ${flagged} (${percent(flagged)}); reasons with points on the flagged ones:`,
    ...sorted(flaggedReasons),
  ];
  const report = `${lines.join('\n')}\n`;
  process.stdout.write(report);
  if (argv.includes('--write')) {
    mkdirSync(path.dirname(REPORT_FILE), { recursive: true });
    writeFileSync(REPORT_FILE, report);
  }
}

main(process.argv.slice(2));
