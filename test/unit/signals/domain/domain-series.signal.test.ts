import { describe, expect, it } from 'vitest';
import type { DomainSeriesFacts } from '../../../../src/engine';
import { domainSeriesSignal } from '../../../../src/engine/signals/domain/domain-series.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(domainSeriesSignal.name, () => {
  const run = (name: string, domainSeries?: DomainSeriesFacts) => runSignal(domainSeriesSignal, anApplication({ domain: { name } }), domainSeries ? { domainSeries } : {});

  it('stays quiet on the default application, which belongs to no series', () => {
    expect(reasonsOf(runSignal(domainSeriesSignal, anApplication()))).toEqual([]);
  });

  it('reports a name made from a template, with the template and a few members', () => {
    const hits = run('driect-sntpjpviewa00.com', {
      template: 'driect-sntpjpviewa*.com',
      kind: 'counter',
      size: 4,
      members: ['driect-sntpjpviewa01.com', 'driect-sntpjpviewa02.com', 'driect-sntpjpviewa03.com'],
    });
    expect(reasonsOf(hits)).toEqual(['DOMAIN_SERIES']);
    expect(hits[0]?.detail).toBe(
      'one of 4 names made from the template driect-sntpjpviewa*.com (also driect-sntpjpviewa01.com, driect-sntpjpviewa02.com, driect-sntpjpviewa03.com)',
    );
  });

  it('shows that a large series has more members than the detail names', () => {
    const members = ['amazon-jp-b2.top', 'amazon-jp-c3.top', 'amazon-jp-d4.top', 'amazon-jp-e5.top'];
    const hits = run('amazon-jp-a1.top', { template: 'amazon-jp-*.top', kind: 'segment', size: 12, members });
    expect(hits[0]?.detail).toBe('one of 12 names made from the template amazon-jp-*.top (also amazon-jp-b2.top, amazon-jp-c3.top, amazon-jp-d4.top, …)');
  });

  it('counts members when the facts give no size', () => {
    const hits = run('wetot.top', { template: 'wetot.*', members: ['wetot.xyz', 'wetot.shop'] });
    expect(reasonsOf(hits)).toEqual(['DOMAIN_SERIES']);
    expect(hits[0]?.detail).toContain('one of 3 names');
  });

  it('reports the same label under several suffixes as the weaker cue', () => {
    const hits = run('maicacsrdca01.top', { template: 'maicacsrdca01.*', kind: 'tlds', size: 3, members: ['maicacsrdca01.xyz', 'maicacsrdca01.shop'] });
    expect(reasonsOf(hits)).toEqual(['DOMAIN_SERIES_ACROSS_TLDS']);
    expect(hits[0]?.detail).toBe('the same label is requested under 3 suffixes: maicacsrdca01.* (also maicacsrdca01.xyz, maicacsrdca01.shop)');
  });

  it('stays quiet on a protected brand’s own domain even inside a series', () => {
    expect(run('amazon.co.jp', { template: 'amazon.*', kind: 'tlds', size: 3, members: ['amazon.com', 'amazon.cn'] })).toEqual([]);
  });
});
