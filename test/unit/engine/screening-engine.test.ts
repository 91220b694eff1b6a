import { describe, expect, it } from 'vitest';
import { compileRuleSet, defineSignal, ScreeningEngine, SignalRegistry, type SignalHit } from '../../../src/engine';
import { loadKnowledge } from '../../../src/knowledge';
import { anApplication } from '../../support/factories';

/** Test signals that fire what the application's externalId asks for, e.g. "NAME_A PHONE_B". */
const fires = (reasons: readonly string[]) => (externalId: string): SignalHit[] =>
  externalId.split(' ').filter((reason) => reasons.includes(reason)).map((reason) => ({ reason, detail: `fired ${reason}` }));
const nameSignal = defineSignal({ name: 'name.test', reasons: ['NAME_A', 'NAME_B', 'NAME_C'], evaluate: ({ application }) => fires(['NAME_A', 'NAME_B', 'NAME_C'])(application.externalId) });
const phoneSignal = defineSignal({ name: 'phone.test', reasons: ['PHONE_A', 'PHONE_B'], evaluate: ({ application }) => fires(['PHONE_A', 'PHONE_B'])(application.externalId) });

const rules = compileRuleSet(
  [
    {
      path: 'outcomes.yaml',
      content: 'thresholds: { review: 20, hold: 40, deny: 60 }\nceilings:\n  - { id: NAME_ALONE, whenOnlyGroups: [name], maxOutcome: review }\n',
    },
    { path: 'signals/name.yaml', content: 'cap: 45\nsignals:\n  name.test:\n    reasons: { NAME_A: 25, NAME_B: 15, NAME_C: 15 }\n' },
    { path: 'signals/phone.yaml', content: 'signals:\n  phone.test:\n    reasons: { PHONE_A: 10, PHONE_B: 0 }\n' },
    { path: 'composites.yaml', content: 'composites:\n  BOTH_NAMES: { when: "NAME_A and NAME_B", points: 10 }\n  PHONE_NOT_NAME: { when: "PHONE_A and not NAME_A", points: 15 }\n' },
  ],
  new SignalRegistry([nameSignal, phoneSignal]),
);

describe(ScreeningEngine.name, () => {
  const sut = new ScreeningEngine(rules, loadKnowledge());
  const screen = (externalId: string) => sut.screen(anApplication({ externalId }));

  it('evaluates composites of composites in order, and composites that hold with none of their reasons fired', () => {
    const engineWith = (composites: string) =>
      new ScreeningEngine(
        compileRuleSet(
          [
            { path: 'outcomes.yaml', content: 'thresholds: { review: 20, hold: 40, deny: 60 }\n' },
            { path: 'signals/name.yaml', content: 'signals:\n  name.test:\n    reasons: { NAME_A: 5, NAME_B: 5, NAME_C: 5 }\n' },
            { path: 'signals/phone.yaml', content: 'signals:\n  phone.test:\n    reasons: { PHONE_A: 5, PHONE_B: 0 }\n' },
            { path: 'composites.yaml', content: `composites:\n${composites}` },
          ],
          new SignalRegistry([nameSignal, phoneSignal]),
        ),
        loadKnowledge(),
      );
    const compositesOf = (engine: ScreeningEngine, externalId: string) =>
      engine.screen(anApplication({ externalId })).hits.filter((hit) => hit.signal === 'composite').map((hit) => hit.reason);

    const chained = engineWith(
      '  NAME_AND_PHONE: { when: "NAME_B and (PHONE_A or PHONE_B)", points: 2 }\n' +
        '  CHAINED: { when: "NAME_AND_PHONE or NAME_C", points: 3 }\n' +
        '  LATER: { when: "CHAINED and not PHONE_A", points: 5 }\n',
    );
    expect(compositesOf(chained, 'clean')).toEqual([]);
    expect(compositesOf(chained, 'NAME_A NAME_B PHONE_B')).toEqual(['NAME_AND_PHONE', 'CHAINED', 'LATER']);
    expect(compositesOf(chained, 'NAME_A NAME_C PHONE_A')).toEqual(['CHAINED']);

    const orNot = engineWith('  PHONE_OR_NO_NAME: { when: "PHONE_A or not NAME_C", points: 1 }\n  THEN: { when: "PHONE_OR_NO_NAME and NAME_A", points: 1 }\n');
    expect(compositesOf(orNot, 'clean')).toEqual(['PHONE_OR_NO_NAME']);
    expect(compositesOf(orNot, 'NAME_A')).toEqual(['PHONE_OR_NO_NAME', 'THEN']);
    expect(compositesOf(orNot, 'NAME_C')).toEqual([]);
  });

  it('allows an application with no hits, stamping the rules version', () => {
    expect(screen('clean')).toEqual({ externalId: 'clean', outcome: 'allow', score: 0, rulesVersion: rules.version, hits: [] });
  });

  it('lists every hit with the points from the rules, including zero-point hits', () => {
    const assessment = screen('PHONE_A PHONE_B');
    expect(assessment.hits).toEqual([
      { signal: 'phone.test', points: 10, reason: 'PHONE_A', detail: 'fired PHONE_A' },
      { signal: 'phone.test', points: 0, reason: 'PHONE_B', detail: 'fired PHONE_B' },
      { signal: 'composite', points: 15, reason: 'PHONE_NOT_NAME', detail: 'together: PHONE_A' },
    ]);
    expect(assessment.score).toBe(25);
    expect(assessment.outcome).toBe('review');
  });

  it('does not fire an "and not" composite when the negated reason is present', () => {
    expect(screen('PHONE_A NAME_A').hits.map((hit) => hit.reason)).toEqual(['NAME_A', 'PHONE_A']);
  });

  it('caps a group and explains the cut as a hit, so the points still add up to the score', () => {
    const assessment = screen('NAME_A NAME_B NAME_C');
    expect(assessment.hits.map((hit) => [hit.reason, hit.points]).slice(0, 5)).toEqual([
      ['NAME_A', 25],
      ['NAME_B', 15],
      ['NAME_C', 15],
      ['BOTH_NAMES', 10],
      ['GROUP_CAP', -20],
    ]);
    expect(assessment.score).toBe(45);
    expect(assessment.hits.reduce((sum, hit) => sum + hit.points, 0)).toBe(assessment.score);
  });

  it('keeps name evidence alone at review even when its score reaches hold, and says so', () => {
    const assessment = screen('NAME_A NAME_B NAME_C');
    expect(assessment.outcome).toBe('review');
    expect(assessment.hits.at(-1)).toMatchObject({ signal: 'ceiling', reason: 'NAME_ALONE', points: 0 });
  });

  it('lifts the ceiling as soon as other evidence contributes', () => {
    const assessment = screen('NAME_A NAME_B NAME_C PHONE_A');
    expect(assessment.score).toBe(55);
    expect(assessment.outcome).toBe('hold');
    expect(assessment.hits.some((hit) => hit.signal === 'ceiling')).toBe(false);
  });
});

describe('points that follow a hit’s evidence', () => {
  /** Fires EVIDENCE with the evidence (nats) written after it in the externalId: "EVIDENCE 1.5". */
  const weighed = defineSignal({
    name: 'weighed.test',
    reasons: ['EVIDENCE', 'FIXED'],
    evidenceReasons: ['EVIDENCE', 'FIXED'],
    evaluate: ({ application }) => {
      const [reason, value] = application.externalId.split(' ');
      return reason === 'EVIDENCE' || reason === 'FIXED' ? [{ reason, detail: `fired ${reason}`, ...(value === undefined ? {} : { evidence: Number(value) }) }] : [];
    },
  });
  const engine = new ScreeningEngine(
    compileRuleSet(
      [
        { path: 'outcomes.yaml', content: 'thresholds: { review: 20, hold: 40, deny: 60 }\n' },
        { path: 'signals/weighed.yaml', content: 'signals:\n  weighed.test:\n    reasons: { EVIDENCE: { pointsPerNat: 4, maxPoints: 30 }, FIXED: 7 }\n' },
      ],
      new SignalRegistry([weighed]),
    ),
    loadKnowledge(),
  );
  const pointsOf = (externalId: string) => engine.screen(anApplication({ externalId })).hits.map((hit) => hit.points);

  it('gives points per nat of evidence, rounded, between 0 and the most the rule allows', () => {
    expect(pointsOf('EVIDENCE 1.5')).toEqual([6]);
    expect(pointsOf('EVIDENCE 2.4')).toEqual([10]);
    expect(pointsOf('EVIDENCE -3')).toEqual([0]);
    expect(pointsOf('EVIDENCE 50')).toEqual([30]);
  });

  it('keeps fixed points fixed whatever evidence the hit carries', () => {
    expect(pointsOf('FIXED 9')).toEqual([7]);
  });

  it('refuses a hit of a weighed reason without evidence (a signal bug, not a zero)', () => {
    expect(() => pointsOf('EVIDENCE')).toThrow('reason EVIDENCE is weighed by its evidence, but weighed.test gave none');
  });
});
