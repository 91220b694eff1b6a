import { outcomeRank, type Outcome } from '../../engine';
import type { ReplayAssessment, ReplayedApplication, ReplayResult } from '../../app/replay/replay';
import { CAMPAIGN_SHAPES, LEGITIMATE_KINDS, type Truth } from './stream';

/*
 * The linkage evaluation's figures, from one replay of a generated stream: the table
 * (legitimate applications flagged, campaign members caught before and after the first label),
 * the same per kind and per campaign shape, brand owners, the reasons on flagged legitimate
 * applications, and which reason alone tipped which applications over the review threshold.
 */

const TARGETS = {
  legitimateFirst: 1,
  legitimateEnd: 1,
  perKind: 3,
  brandOwners: 0,
  campaignsBeforeLabel: 70,
  campaignsAfterLabel: 90,
} as const;

export const flagged = (outcome: Outcome): boolean => outcomeRank(outcome) >= outcomeRank('review');

export interface Rate {
  readonly part: number;
  readonly whole: number;
}
export const percent = ({ part, whole }: Rate): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);
const rateOf = <T>(items: readonly T[], test: (item: T) => boolean): Rate => ({ part: items.filter(test).length, whole: items.length });
const share = (rate: Rate): number => (rate.whole === 0 ? 0 : (100 * rate.part) / rate.whole);

interface Scored {
  readonly application: ReplayedApplication;
  readonly truth: Truth;
  /** When its campaign's first label was given (campaign members only). */
  readonly labelAt: Date | null;
}

export interface LinkageFigures {
  readonly legitimateFirst: Rate;
  readonly legitimateEnd: Rate;
  readonly legitimateAlone: Rate;
  readonly campaignsBeforeLabel: Rate;
  readonly campaignsAfterLabel: Rate;
  readonly campaignsAlone: Rate;
  readonly kinds: readonly { kind: string; first: Rate; end: Rate; alone: Rate }[];
  readonly shapes: readonly { kind: string; members: number; before: Rate; after: Rate; reflagged: Rate; alone: Rate; propagation: { linked: number; changed: number; worsened: number } | null }[];
  readonly brandOwners: Rate;
  readonly brandOwnersWithBrandReason: number;
  readonly reasonsFirst: ReadonlyMap<string, number>;
  readonly reasonsEnd: ReadonlyMap<string, number>;
  readonly attribution: readonly { reason: string; legitimateFirst: number; legitimateEnd: number; campaignsFirst: number; campaignsBeforeLabel: number }[];
  readonly casesOpened: number;
  readonly labels: number;
}

/** Whether this reason's points alone carry the assessment over the review threshold. */
function tippedBy(assessment: ReplayAssessment, reason: string, threshold: number): boolean {
  if (!flagged(assessment.outcome)) return false;
  const points = assessment.hits.filter((hit) => hit.reason === reason).reduce((sum, hit) => sum + hit.points, 0);
  return points > 0 && assessment.score - points < threshold;
}

export function figuresOf(result: ReplayResult, truth: ReadonlyMap<string, Truth>, reviewThreshold: number): LinkageFigures {
  const labelAt = new Map<string, Date>();
  for (const label of result.labels) {
    if (!('externalId' in label.event.target)) continue;
    const group = truth.get(label.event.target.externalId)?.group;
    if (group && !labelAt.has(group)) labelAt.set(group, label.event.at);
  }
  const scored: Scored[] = result.applications.map((application) => {
    const found = truth.get(application.externalId);
    if (!found) throw new Error(`no truth for ${application.externalId}`);
    return { application, truth: found, labelAt: found.fraud ? (labelAt.get(found.group) ?? null) : null };
  });
  const legitimate = scored.filter((entry) => !entry.truth.fraud);
  const members = scored.filter((entry) => entry.truth.fraud);
  const beforeLabel = (entry: Scored): boolean => entry.labelAt === null || entry.application.receivedAt < entry.labelAt;
  const first = (entry: Scored): boolean => flagged(entry.application.first.outcome);
  const end = (entry: Scored): boolean => flagged(entry.application.latest.outcome);
  const alone = (entry: Scored): boolean => flagged(entry.application.alone.outcome);

  const count = (entries: readonly Scored[], which: (entry: Scored) => ReplayAssessment): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const entry of entries) {
      const assessment = which(entry);
      if (!flagged(assessment.outcome)) continue;
      for (const reason of new Set(assessment.hits.filter((hit) => hit.points > 0).map((hit) => hit.reason))) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    return new Map([...counts].sort((a, b) => b[1] - a[1]));
  };

  const reasons = new Set(scored.flatMap((entry) => [...entry.application.first.hits, ...entry.application.latest.hits].map((hit) => hit.reason)));
  const attribution = [...reasons]
    .map((reason) => ({
      reason,
      legitimateFirst: legitimate.filter((entry) => tippedBy(entry.application.first, reason, reviewThreshold)).length,
      legitimateEnd: legitimate.filter((entry) => tippedBy(entry.application.latest, reason, reviewThreshold)).length,
      campaignsFirst: members.filter((entry) => tippedBy(entry.application.first, reason, reviewThreshold)).length,
      campaignsBeforeLabel: members.filter((entry) => beforeLabel(entry) && tippedBy(entry.application.first, reason, reviewThreshold)).length,
    }))
    .filter((row) => row.legitimateFirst + row.legitimateEnd + row.campaignsFirst > 0)
    .sort((a, b) => b.campaignsFirst + b.legitimateFirst - (a.campaignsFirst + a.legitimateFirst) || a.reason.localeCompare(b.reason));

  const brandOwners = legitimate.filter((entry) => entry.truth.kind === 'brand-owner');
  return {
    legitimateFirst: rateOf(legitimate, first),
    legitimateEnd: rateOf(legitimate, end),
    legitimateAlone: rateOf(legitimate, alone),
    campaignsBeforeLabel: rateOf(members.filter(beforeLabel), first),
    campaignsAfterLabel: rateOf(members.filter((entry) => !beforeLabel(entry)), first),
    campaignsAlone: rateOf(members, alone),
    kinds: LEGITIMATE_KINDS.map(({ kind }) => {
      const ofKind = legitimate.filter((entry) => entry.truth.kind === kind);
      return { kind, first: rateOf(ofKind, first), end: rateOf(ofKind, end), alone: rateOf(ofKind, alone) };
    }),
    shapes: CAMPAIGN_SHAPES.map(({ kind }) => {
      const ofShape = members.filter((entry) => entry.truth.kind === kind);
      const before = ofShape.filter(beforeLabel);
      const missed = before.filter((entry) => !first(entry));
      const label = result.labels.find((entry) => 'externalId' in entry.event.target && truth.get(entry.event.target.externalId)?.kind === kind);
      return {
        kind,
        members: ofShape.length,
        before: rateOf(before, first),
        after: rateOf(ofShape.filter((entry) => !beforeLabel(entry)), first),
        reflagged: rateOf(missed, end),
        alone: rateOf(ofShape, alone),
        propagation: label?.propagation ?? null,
      };
    }),
    brandOwners: rateOf(brandOwners, (entry) => first(entry) || end(entry)),
    brandOwnersWithBrandReason: brandOwners.filter((entry) => [...entry.application.first.hits, ...entry.application.latest.hits].some((hit) => hit.reason.startsWith('BRAND_'))).length,
    reasonsFirst: count(legitimate, (entry) => entry.application.first),
    reasonsEnd: count(legitimate, (entry) => entry.application.latest),
    attribution,
    casesOpened: result.casesOpened,
    labels: result.labels.length,
  };
}

const mark = (value: number, target: number, atMost: boolean): string => ((atMost ? value <= target : value >= target) ? 'met' : 'MISSED');

/** A table with padded columns (the first left-aligned, the others right-aligned). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
}

const rateCell = (rate: Rate): string => `${percent(rate)} (${rate.part}/${rate.whole})`;

/** The table and the breakdowns, for one run. */
export function reportLines(figures: LinkageFigures): string[] {
  const lines: string[] = [];
  lines.push(
    ...table(
      ['', 'measured', 'target', ''],
      [
        ['legitimate applications flagged (outcome ≠ allow), first answer', rateCell(figures.legitimateFirst), `≤ ${TARGETS.legitimateFirst}%`, mark(share(figures.legitimateFirst), TARGETS.legitimateFirst, true)],
        ['… after re-screenings caused by labels', rateCell(figures.legitimateEnd), `≤ ${TARGETS.legitimateEnd}%`, mark(share(figures.legitimateEnd), TARGETS.legitimateEnd, true)],
        ['… on the application alone (no history, as `shinsa screen`)', rateCell(figures.legitimateAlone), '—', ''],
        ['campaign members flagged before any label', rateCell(figures.campaignsBeforeLabel), `≥ ${TARGETS.campaignsBeforeLabel}%`, mark(share(figures.campaignsBeforeLabel), TARGETS.campaignsBeforeLabel, false)],
        ['campaign members flagged after the first label', rateCell(figures.campaignsAfterLabel), `≥ ${TARGETS.campaignsAfterLabel}%`, mark(share(figures.campaignsAfterLabel), TARGETS.campaignsAfterLabel, false)],
        ['campaign members flagged on the application alone', rateCell(figures.campaignsAlone), '—', ''],
        ['brand owners flagged (their own brand)', `${figures.brandOwners.part} of ${figures.brandOwners.whole}`, `${TARGETS.brandOwners}`, mark(figures.brandOwners.part, TARGETS.brandOwners, true)],
      ],
    ),
  );
  lines.push(`(${figures.brandOwnersWithBrandReason} brand-owner applications got a BRAND_* reason; ${figures.labels} labels; ${figures.casesOpened} review cases opened)`);
  lines.push('');
  lines.push(`Legitimate applicants per kind (target ≤ ${TARGETS.perKind}% each):`);
  lines.push(
    ...table(
      ['kind', 'first answer', 'at end', 'alone', ''],
      figures.kinds.map((row) => [row.kind, rateCell(row.first), rateCell(row.end), rateCell(row.alone), Math.max(share(row.first), share(row.end)) <= TARGETS.perKind ? 'met' : 'MISSED']),
    ),
  );
  lines.push('');
  lines.push('Campaigns per shape (flagged at their first answer; "re-flagged" = members missed before the label and flagged by its re-screening):');
  lines.push(
    ...table(
      ['shape', 'members', 'before label', 'after label', 're-flagged', 'alone', 'label: linked / re-assessed / worse'],
      figures.shapes.map((row) => [
        row.kind,
        String(row.members),
        rateCell(row.before),
        rateCell(row.after),
        `${row.reflagged.part}/${row.reflagged.whole}`,
        rateCell(row.alone),
        row.propagation ? `${row.propagation.linked} / ${row.propagation.changed + row.propagation.worsened} / ${row.propagation.worsened}` : '—',
      ]),
    ),
  );
  lines.push('');
  const reasons = [...new Set([...figures.reasonsFirst.keys(), ...figures.reasonsEnd.keys()])].slice(0, 15);
  lines.push('Top reasons on flagged legitimate applications (applications with the reason):');
  lines.push(...(reasons.length === 0 ? ['(none flagged)'] : table(['reason', 'first answer', 'at end'], reasons.map((reason) => [reason, String(figures.reasonsFirst.get(reason) ?? 0), String(figures.reasonsEnd.get(reason) ?? 0)]))));
  lines.push('');
  lines.push('Attribution: applications this reason alone carried over the review threshold (without its points they would be allowed):');
  lines.push(
    ...table(
      ['reason', 'legit first', 'legit at end', 'campaign members', 'of them before label'],
      figures.attribution.map((row) => [row.reason, String(row.legitimateFirst), String(row.legitimateEnd), String(row.campaignsFirst), String(row.campaignsBeforeLabel)]),
    ),
  );
  return lines;
}

/** The headline figures of several runs side by side. */
export function summaryLines(runs: readonly { name: string; figures: LinkageFigures }[]): string[] {
  const row = (label: string, cell: (figures: LinkageFigures) => string) => [label, ...runs.map((run) => cell(run.figures))];
  return table(
    ['', ...runs.map((run) => run.name)],
    [
      row(`legitimate flagged, first answer (≤ ${TARGETS.legitimateFirst}%)`, (figures) => percent(figures.legitimateFirst)),
      row(`… after re-screenings (≤ ${TARGETS.legitimateEnd}%)`, (figures) => percent(figures.legitimateEnd)),
      row('… application alone', (figures) => percent(figures.legitimateAlone)),
      row(`worst legitimate kind (≤ ${TARGETS.perKind}%)`, (figures) => {
        const worst = [...figures.kinds].sort((a, b) => Math.max(share(b.first), share(b.end)) - Math.max(share(a.first), share(a.end)))[0]!;
        return `${worst.kind} ${Math.max(share(worst.first), share(worst.end)).toFixed(1)}%`;
      }),
      row(`campaigns before label (≥ ${TARGETS.campaignsBeforeLabel}%)`, (figures) => percent(figures.campaignsBeforeLabel)),
      row(`campaigns after first label (≥ ${TARGETS.campaignsAfterLabel}%)`, (figures) => percent(figures.campaignsAfterLabel)),
      row('brand owners flagged (0)', (figures) => String(figures.brandOwners.part)),
    ],
  );
}
