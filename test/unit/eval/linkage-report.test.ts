import { describe, expect, it } from 'vitest';
import type { ReplayAssessment, ReplayedApplication, ReplayResult } from '../../../src/app/replay/replay';
import { figuresOf, reportLines } from '../../../src/eval/linkage/report';
import type { Truth } from '../../../src/eval/linkage/stream';

const assessed = (outcome: ReplayAssessment['outcome'], hits: [string, number][]): ReplayAssessment => ({ outcome, score: hits.reduce((sum, [, points]) => sum + points, 0), hits: hits.map(([reason, points]) => ({ reason, points })) });
const allow = assessed('allow', []);

function application(externalId: string, at: string, first: ReplayAssessment, latest = first): ReplayedApplication {
  return { externalId, id: externalId, receivedAt: new Date(at), first, alone: allow, latest, labels: [] };
}

describe('the linkage report figures', () => {
  const result: ReplayResult = {
    rulesVersion: 'test',
    casesOpened: 3,
    applications: [
      // A legitimate company: SMS_NUMBER_DIFFERS (10) alone carries 30 over 25; LINKED_DETAILS_REUSED (3) does not.
      application('c1', '2026-10-01T00:00:00Z', assessed('review', [['SMS_NUMBER_DIFFERS', 10], ['ORG_X', 17], ['LINKED_DETAILS_REUSED', 3]])),
      application('c2', '2026-10-02T00:00:00Z', allow, assessed('review', [['LINKED_TO_FRAUD', 45]])),
      application('i1', '2026-10-02T00:00:00Z', allow),
      application('i2', '2026-10-03T00:00:00Z', allow),
      // A campaign: two members before its label (one caught), one after it (caught by the label).
      application('m1', '2026-10-05T00:00:00Z', assessed('review', [['LINKED_CONSECUTIVE_PHONES', 25]])),
      application('m2', '2026-10-05T01:00:00Z', allow, assessed('deny', [['LINKED_TO_FRAUD', 45], ['LINKED_CONSECUTIVE_PHONES', 25], ['X', 10]])),
      application('m3', '2026-10-06T00:00:00Z', assessed('hold', [['LINKED_TO_FRAUD', 45], ['LINKED_CONSECUTIVE_PHONES', 25]])),
    ],
    labels: [{ event: { kind: 'label', at: new Date('2026-10-05T06:00:00Z'), target: { externalId: 'm1' }, verdict: 'fraud', source: 'abuse-desk' }, applicationIds: ['m1'], propagation: { linked: 2, changed: 0, worsened: 1 } }],
  };
  const truth = new Map<string, Truth>([
    ['c1', { kind: 'company', fraud: false, group: 'company-1' }],
    ['c2', { kind: 'company', fraud: false, group: 'company-1' }],
    ['i1', { kind: 'individual', fraud: false, group: 'individual-1' }],
    ['i2', { kind: 'individual', fraud: false, group: 'individual-2' }],
    ['m1', { kind: 'phone-block', fraud: true, group: 'phone-block' }],
    ['m2', { kind: 'phone-block', fraud: true, group: 'phone-block' }],
    ['m3', { kind: 'phone-block', fraud: true, group: 'phone-block' }],
  ]);
  const figures = figuresOf(result, truth, 25);

  it('counts legitimate applications flagged at the first answer and at the end, and campaign members before and after the label', () => {
    expect(figures.legitimateFirst).toEqual({ part: 1, whole: 4 });
    expect(figures.legitimateEnd).toEqual({ part: 2, whole: 4 });
    expect(figures.campaignsBeforeLabel).toEqual({ part: 1, whole: 2 });
    expect(figures.campaignsAfterLabel).toEqual({ part: 1, whole: 1 });
    expect(figures.kinds.find((row) => row.kind === 'company')).toMatchObject({ first: { part: 1, whole: 2 }, end: { part: 2, whole: 2 } });
    expect(figures.shapes.find((row) => row.kind === 'phone-block')).toMatchObject({ members: 3, reflagged: { part: 1, whole: 1 }, propagation: { linked: 2, worsened: 1 } });
  });

  it('attributes an application to a reason only when that reason alone carries it over the threshold', () => {
    const row = (reason: string) => figures.attribution.find((entry) => entry.reason === reason);
    expect(row('SMS_NUMBER_DIFFERS')).toMatchObject({ legitimateFirst: 1, legitimateEnd: 1, campaignsFirst: 0 });
    expect(row('LINKED_DETAILS_REUSED')).toBeUndefined();
    expect(row('LINKED_TO_FRAUD')).toMatchObject({ legitimateFirst: 0, legitimateEnd: 1, campaignsFirst: 0 });
    expect(row('LINKED_CONSECUTIVE_PHONES')).toMatchObject({ campaignsFirst: 1, campaignsBeforeLabel: 1 });
    expect(figures.reasonsEnd.get('LINKED_TO_FRAUD')).toBe(1);
  });

  it('prints the targets beside the figures', () => {
    const text = reportLines(figures).join('\n');
    expect(text).toMatch(/legitimate applications flagged \(outcome ≠ allow\), first answer\s+25\.0% \(1\/4\)\s+≤ 1%\s+MISSED/);
    expect(text).toMatch(/campaign members flagged after the first label\s+100\.0% \(1\/1\)\s+≥ 90%\s+met/);
  });
});
