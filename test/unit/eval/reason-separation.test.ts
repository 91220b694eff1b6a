import { describe, expect, it } from 'vitest';
import type { ReplayResult } from '../../../src/app/replay/replay';
import { reasonSeparation, reasonSeparationLines } from '../../../src/eval/linkage/reason-separation';
import type { Truth } from '../../../src/eval/linkage/stream';

describe(reasonSeparation.name, () => {
  const at = (hour: number) => new Date(Date.UTC(2026, 9, 1, hour));
  const assessment = (score: number, hits: [string, number][]) => ({ outcome: score >= 25 ? ('review' as const) : ('allow' as const), score, hits: hits.map(([reason, points]) => ({ reason, points })) });
  const application = (externalId: string, hour: number, first: ReturnType<typeof assessment>) => ({ externalId, id: externalId, receivedAt: at(hour), first, alone: first, latest: first, labels: [] });
  const truth = new Map<string, Truth>([
    ['shop-1', { kind: 'shop', fraud: false, group: 'shop-1' }],
    ['company-1', { kind: 'company', fraud: false, group: 'company-1' }],
    ['company-2', { kind: 'company', fraud: false, group: 'company-1' }],
    ['cmp-1', { kind: 'address', fraud: true, group: 'address' }],
    ['cmp-2', { kind: 'address', fraud: true, group: 'address' }],
  ] as [string, Truth][]);
  const result = {
    rulesVersion: 'test',
    applications: [
      application('shop-1', 1, assessment(26, [['DOMAIN_TLD_OVERREPRESENTED', 6], ['SMS_NUMBER_DIFFERS', 12], ['OTHER', 8]])),
      application('company-1', 2, assessment(12, [['SMS_NUMBER_DIFFERS', 12]])),
      application('company-2', 3, assessment(0, [])),
      application('cmp-1', 4, assessment(30, [['DOMAIN_TLD_OVERREPRESENTED', 6], ['OTHER', 24]])),
      application('cmp-2', 9, assessment(40, [['DOMAIN_TLD_OVERREPRESENTED', 6], ['OTHER', 34]])),
    ],
    labels: [{ event: { kind: 'label', at: at(6), target: { externalId: 'cmp-1' }, verdict: 'fraud', source: 'desk' }, applicationIds: ['cmp-1'], propagation: {} }],
    casesOpened: 0,
  } as unknown as ReplayResult;

  it('counts legitimate hits per kind, flagged and tipped, beside campaign hits before their first label', () => {
    const [tld, sms] = reasonSeparation(result, truth, ['DOMAIN_TLD_OVERREPRESENTED', 'SMS_NUMBER_DIFFERS'], 25);
    expect(tld).toMatchObject({ legitimate: 1, legitimateFlagged: 1, legitimateTipped: 1, campaigns: 2, campaignsBeforeLabel: 1, campaignsTipped: 1 });
    expect([...tld!.legitimateByKind]).toEqual([['shop', 1]]);
    expect(sms).toMatchObject({ legitimate: 2, legitimateFlagged: 1, legitimateTipped: 1, campaigns: 0 });
    expect([...sms!.legitimateByKind].sort()).toEqual([['company', 1], ['shop', 1]]);
  });

  it('prints one row per reason with the kinds as columns', () => {
    const lines = reasonSeparationLines(reasonSeparation(result, truth, ['SMS_NUMBER_DIFFERS'], 25), truth);
    const header = lines.find((line) => line.startsWith('reason'))!;
    expect(header).toContain('company');
    expect(lines.at(-1)).toMatch(/^SMS_NUMBER_DIFFERS\s+0\s+1\s+0\s+0\s+1\s+/);
  });
});
