import { describe, expect, it } from 'vitest';
import { applicationClockErrors, parseApplication } from '../../../src/engine';
import { CAMPAIGN_SHAPES, CHECK_MIX, LEGITIMATE_KINDS, TUNING_MIX, generateStream, withoutAccount } from '../../../src/eval/linkage/stream';
import { shippedEngine } from '../../support/engine';

const HOUR = 3_600_000;

describe('the generated months of eval:linkage', () => {
  const streams = [TUNING_MIX, CHECK_MIX].map((mix) => ({ mix, ...generateStream(mix, shippedEngine().rules.brands) }));

  it('are valid applications with accounts opened before they arrive, in time order', () => {
    for (const { events } of streams) {
      const problems: string[] = [];
      let previous = 0;
      for (const event of events) {
        expect(event.at.getTime()).toBeGreaterThanOrEqual(previous);
        previous = event.at.getTime();
        if (event.kind !== 'application') continue;
        const parsed = parseApplication(event.application);
        if (!parsed.ok) problems.push(`${event.application.externalId}: ${JSON.stringify(parsed.errors)}`);
        else problems.push(...applicationClockErrors(parsed.application, event.at).map((error) => `${event.application.externalId}: ${error.field}`));
        expect(event.application.account).toBeDefined();
        expect(withoutAccount(event)).not.toHaveProperty('application.account');
      }
      expect(problems).toEqual([]);
    }
  });

  it('hold every legitimate kind and campaign shape, about 3,000 applications, each campaign labelled 2–6 h after its third member', () => {
    for (const { events, truth } of streams) {
      const applications = events.filter((event) => event.kind === 'application');
      expect(applications.length).toBeGreaterThan(2800);
      expect(applications.length).toBeLessThan(3300);
      const kinds = new Set([...truth.values()].map((entry) => entry.kind));
      for (const { kind } of [...LEGITIMATE_KINDS, ...CAMPAIGN_SHAPES]) expect(kinds).toContain(kind);
      const legitimate = [...truth.values()].filter((entry) => !entry.fraud).length;
      expect(legitimate / applications.length).toBeGreaterThan(0.85);
      const labels = events.filter((event) => event.kind === 'label');
      expect(labels).toHaveLength(CAMPAIGN_SHAPES.length);
      for (const label of labels) {
        const labelled = truth.get((label.target as { externalId: string }).externalId)!;
        expect(labelled.fraud).toBe(true);
        const members = applications.filter((event) => truth.get(event.application.externalId)!.group === labelled.group);
        const third = members[2]!;
        expect(third.application.externalId).toBe((label.target as { externalId: string }).externalId);
        expect(label.at.getTime() - third.at.getTime()).toBeGreaterThanOrEqual(2 * HOUR);
        expect(label.at.getTime() - third.at.getTime()).toBeLessThanOrEqual(6 * HOUR);
      }
    }
  });

  it('differ between the tuning and the check stream', () => {
    const [tuning, check] = streams;
    const names = (stream: typeof tuning) => new Set(stream!.events.flatMap((event) => (event.kind === 'application' ? [event.application.domain!.name] : [])));
    const [tuningNames, checkNames] = [names(tuning), names(check)];
    const shared = [...tuningNames].filter((name) => checkNames.has(name));
    expect(shared.length / tuningNames.size).toBeLessThan(0.2);
    expect(tuning!.mix.seed).not.toBe(check!.mix.seed);
  });
});
