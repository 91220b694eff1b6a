import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../../src/knowledge';
import { shippedEngine } from '../../../support/engine';

describe('free-mail and carrier-mail lists', () => {
  const lists = () => shippedEngine().rules.lists;
  const entries = (name: string) => lists().get(name)?.entries ?? [];

  it('hold plain lower-case domains', () => {
    for (const domain of [...entries('free-mail-domains'), ...entries('carrier-mail-domains')]) {
      expect(domain).toMatch(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/);
    }
  });

  it('do not overlap each other or the disposable lists', () => {
    const carrier = new Set(entries('carrier-mail-domains'));
    const disposable = loadKnowledge().disposableEmail;
    for (const domain of entries('free-mail-domains')) {
      expect(carrier.has(domain), domain).toBe(false);
      expect(disposable.listsContaining(domain), domain).toEqual([]);
    }
    for (const domain of carrier) expect(disposable.listsContaining(domain), domain).toEqual([]);
  });

  it('leave ISP mail out of the free-mail list', () => {
    for (const isp of ['nifty.com', 'biglobe.ne.jp', 'so-net.ne.jp', 'ocn.ne.jp', 'plala.or.jp']) {
      expect(lists().get('free-mail-domains')?.has(isp), isp).toBe(false);
    }
  });
});
