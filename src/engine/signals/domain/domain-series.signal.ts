import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { screenedDomainName } from './screened-name';

/**
 * The name belongs to a series made from one template in the same batch or recent history
 * (`facts.domainSeries`, from `findDomainSeries`): campaigns register many names at once
 * (`driect-sntpjpviewa00.com` … `03.com`). The same label on several suffixes is weaker: brands
 * and ordinary owners register their name under many TLDs to protect it.
 */
export const domainSeriesSignal = defineSignal({
  name: 'domain.series',
  reasons: ['DOMAIN_SERIES', 'DOMAIN_SERIES_ACROSS_TLDS'],
  usesBrands: true,
  params: z.strictObject({
    /** Members named in the detail. */
    membersShown: z.number().int().min(0).default(3),
  }),
  evaluate(context): SignalHit[] {
    const series = context.facts.domainSeries;
    if (!series || !screenedDomainName(context)) return [];
    const size = series.size ?? series.members.length + 1;
    const shown = Math.min(series.members.length, context.params.membersShown);
    let examples = '';
    if (shown > 0) {
      // Built in a loop (no slice and join): a batch may put most of its names in a series.
      examples = ` (also ${series.members[0]!}`;
      for (let i = 1; i < shown; i++) examples += `, ${series.members[i]!}`;
      examples += `${size - 1 > shown ? ', …' : ''})`;
    }
    if (series.kind === 'tlds') {
      return [{ reason: 'DOMAIN_SERIES_ACROSS_TLDS', detail: `the same label is requested under ${size} suffixes: ${series.template}${examples}` }];
    }
    return [{ reason: 'DOMAIN_SERIES', detail: `one of ${size} names made from the template ${series.template}${examples}` }];
  },
});
