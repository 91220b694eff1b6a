import { describe, expect, it } from 'vitest';
import { DomainAssessmentSerializer, type DomainAssessment } from '../../../src/cli/domains-command';

describe(DomainAssessmentSerializer.name, () => {
  const assessment = (hits: DomainAssessment['hits']): DomainAssessment => ({ domain: 'Login.Amazon-CO-JP.top', registrableDomain: 'amazon-co-jp.top', score: 65, outcome: 'hold', hits });

  it('writes the same text as JSON.stringify, escapes and non-ASCII included', () => {
    const sut = new DomainAssessmentSerializer();
    const samples = [
      assessment([]),
      assessment([
        { signal: 'brand.combosquat', points: 30, reason: 'BRAND_COMBOSQUAT', detail: 'joins Amazon (アマゾン)\'s name with "login" \\ …' },
        { signal: 'cap', points: -5, reason: 'GROUP_CAP', detail: 'brand signals total 55, capped at 50' },
        { signal: 'ceiling', points: 0, reason: 'DOMAIN_NAME_ALONE', detail: 'line\nbreak\u2028' },
      ]),
      // Controls, a lone surrogate of each kind and a pair: escaped or kept exactly as JSON.stringify does.
      assessment([{ signal: 'x', points: 1, reason: 'X', detail: 'tab\tbell\u0007nul\u0000 \ud800 lone \udc00 pair \ud83d\ude00 \u001f' }]),
      { ...assessment([]), domain: 'xn--eckwd4c7c.xn--zckzah', registrableDomain: '"quoted"\\' },
    ];
    for (const sample of samples) expect(sut.toJson(sample)).toBe(JSON.stringify(sample));
  });

  it('does not reuse a hit prefix when the same reason comes with other points', () => {
    const sut = new DomainAssessmentSerializer();
    for (const points of [-5, -12, -5]) {
      const sample = assessment([{ signal: 'cap', points, reason: 'GROUP_CAP', detail: 'capped' }]);
      expect(sut.toJson(sample)).toBe(JSON.stringify(sample));
    }
  });
});
