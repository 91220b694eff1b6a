import { describe, expect, it } from 'vitest';
import { ALL_SIGNALS } from '../../../src/engine/signals';
import type { Application, ScreeningFacts, SignalInput } from '../../../src/engine';
import { anApplication } from '../../support/factories';
import { reasonsOf, runSignal, shippedEngine } from '../../support/engine';

/** The application and facts with the part a signal requires taken away. */
function without(part: SignalInput, application: Application, facts: ScreeningFacts): [Application, ScreeningFacts] {
  switch (part) {
    case 'registrant':
    case 'verification':
    case 'signup':
    case 'account': {
      const { [part]: _removed, ...rest } = application;
      return [rest as Application, facts];
    }
    case 'networkFacts':
      return [application, { ...facts, network: undefined }];
    case 'linkageFacts':
      return [application, { ...facts, linkage: undefined }];
  }
}

describe('Signal.requires', () => {
  const required = ALL_SIGNALS.filter((signal) => signal.requires !== undefined);
  const facts: ScreeningFacts = {
    network: { asn: 9371, asOrganization: 'SAKURA Internet Inc.', inDatacenterRange: true },
    linkage: {
      attributes: [{ kind: 'phone', earlier: { hour: 9, day: 30, month: 60 }, linked: ['a1', 'a2'], fraudLabels: [{ applicationId: 'a1', ageHours: 1 }] }],
      consecutivePhones: { nearby: 12, span: 5, windowHours: 24, linked: ['a3'] },
    },
  };
  const applications: Application[] = [
    anApplication(),
    anApplication({ domain: { name: 'amazon-co-jp.top' }, registrant: { type: 'organization', phone: '+81 50-1234-5678', email: 'x@mailinator.com' } }),
    anApplication({ account: { id: 'acct-1', openedAt: '2019-01-01T00:00:00Z', domainCount: 4, reseller: true } }),
    anApplication({ submittedAt: '2026-11-20T10:00:00+09:00', account: { id: 'acct-2', openedAt: '2026-11-20T09:00:00+09:00', domainCount: 6, reseller: false } }),
    { externalId: 'name-only', product: 'domain', domain: { name: 'smbc-card-login.jp' } },
  ];

  it('is declared by the identity, network and linkage signals (a name alone runs only the brand and domain signals)', () => {
    const groups = new Set(required.map((signal) => signal.name.split('.')[0]));
    expect([...groups].sort()).toEqual(['account', 'address', 'email', 'linkage', 'name', 'network', 'organization', 'phone']);
  });

  it.each(required.map((signal) => [signal.name, signal] as const))('%s reports nothing when the application lacks what it requires', (_name, signal) => {
    for (const application of applications) {
      const [lacking, lackingFacts] = without(signal.requires!, application, facts);
      expect(reasonsOf(runSignal(signal, lacking, lackingFacts))).toEqual([]);
    }
  });

  it('skipping them changes no assessment: the engine gives the same hits as running every signal', () => {
    const engine = shippedEngine();
    for (const application of applications) {
      for (const part of ['registrant', 'verification', 'signup', 'account'] as const) {
        const [lacking] = without(part, application, {});
        const all = engine.rules.signals.flatMap(({ signal }) => reasonsOf(runSignal(signal, lacking, {})));
        const screened = engine.screen(lacking).hits.filter((hit) => !['composite', 'cap', 'ceiling'].includes(hit.signal));
        expect(reasonsOf(screened)).toEqual(all);
      }
    }
  });
});
