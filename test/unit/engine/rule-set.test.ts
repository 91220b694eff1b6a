import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileRuleSet, defineSignal, RuleSetError, SignalRegistry, type RuleFile } from '../../../src/engine';
import { defaultSignalRegistry } from '../../../src/engine';
import { DEFAULT_RULES_DIR, readRuleFiles } from '../../../src/screening/rules-directory';

const alpha = defineSignal({ name: 'test.alpha', reasons: ['ALPHA_ONE', 'ALPHA_TWO'], evaluate: () => [] });
const beta = defineSignal({
  name: 'test.beta',
  reasons: ['BETA'],
  lists: ['words'],
  params: z.strictObject({ limit: z.number().int().default(3) }),
  evaluate: () => [],
});
const registry = () => new SignalRegistry([alpha, beta]);

const validFiles = (): Record<string, string> => ({
  'outcomes.yaml': 'thresholds: { review: 10, hold: 20, deny: 30 }\nceilings:\n  - { id: ONLY_TEST, whenOnlyGroups: [test], maxOutcome: review }\n',
  'composites.yaml': 'composites:\n  ALPHA_AND_NOT_BETA: { when: "ALPHA_ONE and not BETA", points: 5 }\n',
  'signals/test.yaml': [
    'cap: 25',
    'signals:',
    '  test.alpha:',
    '    reasons: { ALPHA_ONE: 5, ALPHA_TWO: { points: 7, description: second } }',
    '  test.beta:',
    '    params: { limit: 4 }',
    '    reasons: { BETA: 9 }',
  ].join('\n'),
  'lists/words.yaml': 'entries: [Foo, bar, 42]\n',
});

function files(overrides: Record<string, string | undefined> = {}): RuleFile[] {
  const merged: Record<string, string | undefined> = { ...validFiles(), ...overrides };
  return Object.entries(merged)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([path, content]) => ({ path, content }));
}

function issuesOf(ruleFiles: RuleFile[]): string[] {
  try {
    compileRuleSet(ruleFiles, registry());
  } catch (error) {
    if (error instanceof RuleSetError) return error.issues.map((issue) => `${issue.file}: ${issue.key}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected the rule set to be rejected');
}

describe(compileRuleSet.name, () => {
  it('compiles a valid rule set with points, params, lists, composites and ceilings', () => {
    const sut = compileRuleSet(files(), registry());
    expect(sut.reasons.get('ALPHA_TWO')).toMatchObject({ points: 7, group: 'test', description: 'second' });
    expect(sut.signals.find((entry) => entry.signal.name === 'test.beta')?.params).toEqual({ limit: 4 });
    expect(sut.lists.get('words')?.entries).toEqual(['foo', 'bar', '42']);
    expect(sut.composites.map((composite) => composite.reason)).toEqual(['ALPHA_AND_NOT_BETA']);
    expect(sut.thresholds).toEqual({ review: 10, hold: 20, deny: 30 });
    expect(sut.groupCaps.get('test')).toBe(25);
    expect(sut.version).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads feeds.yaml: shared platforms checked as registrable domains, statuses folded, case outcomes', () => {
    const feeds = (domains: string, outcome = 'deny'): string =>
      `sharedPlatforms:\n  source: counted\n  licence: facts\n  domains: { ${domains} }\nsuspendedStatuses: [Suspended, clientHold]\nconfirmedCaseOutcome: ${outcome}\nsiblingCaseOutcome: hold\n`;
    const sut = compileRuleSet(files({ 'feeds.yaml': feeds('bit.ly: shortener') }), registry()).feeds;
    expect(sut).toEqual({ sharedPlatforms: new Map([['bit.ly', 'shortener']]), suspendedStatuses: ['suspended', 'clienthold'], confirmedCaseOutcome: 'deny', siblingCaseOutcome: 'hold' });
    expect(issuesOf(files({ 'feeds.yaml': feeds('sites.google.com: not registrable, Bit.ly: upper case', 'allow') }))).toEqual([
      'feeds.yaml: confirmedCaseOutcome: Invalid option: expected one of "review"|"hold"|"deny"',
    ]);
    expect(issuesOf(files({ 'feeds.yaml': feeds('sites.google.com: not registrable, Bit.ly: upper case') }))).toEqual([
      'feeds.yaml: sharedPlatforms.domains.sites.google.com: not a lower-case registrable domain (ICANN section of the Public Suffix List)',
      'feeds.yaml: sharedPlatforms.domains.Bit.ly: not a lower-case registrable domain (ICANN section of the Public Suffix List)',
    ]);
  });

  it('versions the rule set by content, independent of file order', () => {
    const forward = compileRuleSet(files(), registry()).version;
    const backward = compileRuleSet(files().reverse(), registry()).version;
    const changed = compileRuleSet(files({ 'lists/words.yaml': 'entries: [foo]\n' }), registry()).version;
    expect(backward).toBe(forward);
    expect(changed).not.toBe(forward);
  });

  it('rejects a weight without a signal and a signal without a weight', () => {
    const issues = issuesOf(files({ 'signals/test.yaml': 'signals:\n  test.alpha:\n    reasons: { ALPHA_ONE: 5, ALPHA_TWO: 1 }\n  test.gamma:\n    reasons: { GAMMA: 1 }\n' }));
    expect(issues).toContain('signals/test.yaml: signals.test.gamma: no such signal (a weight without a signal)');
    expect(issues).toContain('signals/: test.beta: signal has no weights (a signal without a weight)');
  });

  it('rejects a reason the signal does not have, and a reason without points', () => {
    const issues = issuesOf(files({ 'signals/test.yaml': 'signals:\n  test.alpha:\n    reasons: { ALPHA_ONE: 5, ALPHA_THREE: 1 }\n  test.beta:\n    reasons: { BETA: 1 }\n' }));
    expect(issues).toContain('signals/test.yaml: signals.test.alpha.reasons.ALPHA_THREE: signal test.alpha has no reason ALPHA_THREE');
    expect(issues).toContain('signals/test.yaml: signals.test.alpha.reasons: reason ALPHA_TWO has no points');
  });

  it('rejects unknown keys, naming file and key', () => {
    const issues = issuesOf(files({ 'outcomes.yaml': 'thresholds: { review: 10, hold: 20, deny: 30, panic: 40 }\nceiling: []\n' }));
    expect(issues).toContain('outcomes.yaml: thresholds.panic: unknown key');
    expect(issues).toContain('outcomes.yaml: ceiling: unknown key');
  });

  it('rejects thresholds out of order', () => {
    const issues = issuesOf(files({ 'outcomes.yaml': 'thresholds: { review: 30, hold: 20, deny: 40 }\n' }));
    expect(issues).toEqual(['outcomes.yaml: thresholds: must ascend: review (30) < hold (20) < deny (40)']);
  });

  it('rejects bad parameters with the parameter key', () => {
    const issues = issuesOf(files({ 'signals/test.yaml': validFiles()['signals/test.yaml']!.replace('limit: 4', 'limit: many') }));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^signals\/test\.yaml: signals\.test\.beta\.params\.limit: /);
  });

  it('rejects composites with unknown reasons, bad syntax or nothing positive', () => {
    const issues = issuesOf(
      files({
        'composites.yaml': 'composites:\n  A: { when: "ALPHA_ONE and NOPE", points: 1 }\n  B: { when: "ALPHA_ONE and (BETA", points: 1 }\n  C: { when: "not BETA", points: 1 }\n',
      }),
    );
    expect(issues).toEqual([
      'composites.yaml: composites.A.when: unknown reason code NOPE',
      'composites.yaml: composites.B.when: missing ")"',
      'composites.yaml: composites.C.when: a composite must require at least one reason (not only "not …")',
    ]);
  });

  it('rejects a missing list, an unused list, an unknown group in a ceiling and a stray file', () => {
    const issues = issuesOf(
      files({
        'lists/words.yaml': undefined,
        'lists/unused.yaml': 'entries: [x]\n',
        'outcomes.yaml': 'thresholds: { review: 10, hold: 20, deny: 30 }\nceilings:\n  - { id: X, whenOnlyGroups: [nope], maxOutcome: review }\n',
        'weights.yaml': 'a: 1\n',
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'signals/test.yaml: signals.test.beta: signal test.beta needs list lists/words.yaml, which is missing',
        'lists/unused.yaml: : no signal reads list unused',
        'outcomes.yaml: ceilings.0.whenOnlyGroups: no such group nope',
        expect.stringMatching(/^weights\.yaml: : unexpected file/),
      ]),
    );
  });

  it('names the line of a YAML syntax error', () => {
    const issues = issuesOf(files({ 'lists/words.yaml': 'entries: [foo\n  bar: {\n' }));
    expect(issues[0]).toMatch(/^lists\/words\.yaml: line \d+: not valid YAML/);
  });

  const brandSignal = defineSignal({ name: 'test.brand', reasons: ['BRANDED'], usesBrands: true, evaluate: () => [] });
  /** A rule set of one brand-reading signal and the given brands.yaml. */
  const withBrands = (brands: string) =>
    compileRuleSet(
      [
        { path: 'outcomes.yaml', content: 'thresholds: { review: 10, hold: 20, deny: 30 }\n' },
        { path: 'signals/test.yaml', content: 'signals:\n  test.brand:\n    reasons: { BRANDED: 5 }\n' },
        { path: 'brands.yaml', content: brands },
      ],
      new SignalRegistry([brandSignal]),
    );

  it('rejects an owned brand domain that is not a registrable domain, or owned twice', () => {
    expect(withBrands('brands:\n  acme: { display: Acme, tokens: [acme], owned: [acme.co.jp] }\n').brands.ownerOf('acme.co.jp')?.id).toBe('acme');
    expect(() => withBrands('brands:\n  acme: { display: Acme, tokens: [acme], owned: [www.acme.co.jp, acme.com.be] }\n')).toThrow(
      /brands\.yaml: brands\.acme\.owned: www\.acme\.co\.jp is not a registrable domain[\s\S]*acme\.com\.be is not a registrable domain/,
    );
    expect(() => withBrands('brands:\n  a: { display: A, tokens: [a], owned: [a.jp] }\n  b: { display: B, tokens: [b], owned: [a.jp] }\n')).toThrow(/a\.jp is already owned by a/);
    expect(() => compileRuleSet([{ path: 'outcomes.yaml', content: 'thresholds: { review: 10, hold: 20, deny: 30 }\n' }, { path: 'signals/test.yaml', content: 'signals:\n  test.brand:\n    reasons: { BRANDED: 5 }\n' }], new SignalRegistry([brandSignal]))).toThrow(
      /brands\.yaml: \(file\): missing: test\.brand need the protected brands/,
    );
  });

  it('reads brand owners and rejects a corporate number that no organisation can have', () => {
    const owner = (fields: string) => `brands:\n  acme:\n    display: Acme\n    tokens: [acme]\n    owned: [acme.co.jp]\n    owners:\n      - { name: 株式会社アクメ, ${fields} }\n    organizationWords: [アクメ]\n`;
    const [acme] = withBrands(owner('kana: アクメ, en: "Acme Co., Ltd.", corporateNumber: "１１８０-３０１０-１８７７１"')).brands.brands;
    expect(acme?.owners).toEqual([{ name: '株式会社アクメ', kana: 'アクメ', en: 'Acme Co., Ltd.', corporateNumber: '1180301018771' }]);
    expect(acme?.organizationWords).toEqual(['アクメ']);
    expect(() => withBrands(owner('corporateNumber: "2180301018771"'))).toThrow(/brands\.acme\.owners\.0\.corporateNumber: fails the corporate number check digit/);
    expect(() => withBrands(owner('corporateNumber: "118030101877"'))).toThrow(/brands\.acme\.owners\.0\.corporateNumber: a corporate number is 13 digits/);
    expect(() => withBrands(owner('kana: acme'))).toThrow(/brands\.acme\.owners\.0\.kana: katakana only/);
    expect(() => withBrands(owner('website: acme.co.jp'))).toThrow(/brands\.acme\.owners\.0\.website: unknown key/);
  });

  it('requires outcomes.yaml', () => {
    expect(issuesOf(files({ 'outcomes.yaml': undefined }))).toContain('outcomes.yaml: : missing: the rule set needs thresholds');
  });

  describe('fitted tables and points per nat', () => {
    const table = z.looseObject({ factor: z.number() }).transform((file) => ({ double: (value: number) => value * file.factor }));
    const fitted = defineSignal({ name: 'fit.gamma', reasons: ['GAMMA', 'DELTA'], evidenceReasons: ['GAMMA'], fitted: { scales: table }, evaluate: () => [] });
    const fittedFiles = (overrides: Record<string, string | undefined> = {}) =>
      files({
        'signals/fit.yaml': 'signals:\n  fit.gamma:\n    reasons: { GAMMA: { pointsPerNat: 4, maxPoints: 20, description: weighed }, DELTA: 3 }\n',
        'fitted/scales.yaml': 'description: a test table\nsource: made up\nlicence: none needed\nfactor: 2\n',
        ...overrides,
      });
    const compileFitted = (ruleFiles: RuleFile[]) => compileRuleSet(ruleFiles, new SignalRegistry([alpha, beta, fitted]));
    const fittedIssues = (ruleFiles: RuleFile[]) => {
      try {
        compileFitted(ruleFiles);
      } catch (error) {
        if (error instanceof RuleSetError) return error.issues.map((issue) => `${issue.file}: ${issue.key}: ${issue.message}`);
        throw error;
      }
      throw new Error('expected the rule set to be rejected');
    };

    it('compiles a fitted table once with the schema of the signal that reads it, and a reason weighed per nat', () => {
      const sut = compileFitted(fittedFiles());
      expect((sut.fitted.get('scales') as { double(value: number): number }).double(3)).toBe(6);
      expect(sut.reasons.get('GAMMA')).toMatchObject({ points: 20, pointsPerNat: 4, description: 'weighed' });
      expect(sut.reasons.get('DELTA')).toMatchObject({ points: 3, pointsPerNat: undefined });
      expect(sut.dump()).toMatchObject({ fitted: ['fitted/scales.yaml'] });
    });

    it('versions the rule set by the fitted tables too', () => {
      expect(compileFitted(fittedFiles()).version).not.toBe(compileFitted(fittedFiles({ 'fitted/scales.yaml': 'source: made up\nlicence: none needed\nfactor: 3\n' })).version);
    });

    it('rejects a missing table, a table no signal reads, a table without its source, and bad numbers, naming file and key', () => {
      expect(fittedIssues(fittedFiles({ 'fitted/scales.yaml': undefined }))).toContain('signals/fit.yaml: signals.fit.gamma: signal fit.gamma needs fitted table fitted/scales.yaml, which is missing');
      expect(fittedIssues(fittedFiles({ 'fitted/other.yaml': 'source: x\nlicence: y\n' }))).toContain('fitted/other.yaml: : no signal reads fitted table other');
      expect(fittedIssues(fittedFiles({ 'fitted/scales.yaml': 'factor: 2\n' }))).toEqual(['fitted/scales.yaml: source: Invalid input: expected string, received undefined', 'fitted/scales.yaml: licence: Invalid input: expected string, received undefined']);
      expect(fittedIssues(fittedFiles({ 'fitted/scales.yaml': 'source: x\nlicence: y\nfactor: two\n' }))).toEqual(['fitted/scales.yaml: factor: Invalid input: expected number, received string']);
    });

    it('rejects points per nat for a reason whose signal gives no evidence', () => {
      expect(fittedIssues(fittedFiles({ 'signals/fit.yaml': 'signals:\n  fit.gamma:\n    reasons: { GAMMA: 4, DELTA: { pointsPerNat: 2, maxPoints: 10 } }\n' }))).toEqual([
        'signals/fit.yaml: signals.fit.gamma.reasons.DELTA: fit.gamma gives DELTA no evidence to weigh: give it fixed points',
      ]);
    });
  });

  it('accepts the shipped rules directory', () => {
    const sut = compileRuleSet(readRuleFiles(DEFAULT_RULES_DIR), defaultSignalRegistry());
    expect(sut.signals.length).toBe(defaultSignalRegistry().signals.length);
  });
});

describe(SignalRegistry.name, () => {
  it('rejects a duplicate signal name or reason code', () => {
    expect(() => new SignalRegistry([alpha, alpha])).toThrow(/test\.alpha is registered twice/);
    const copy = defineSignal({ name: 'test.copy', reasons: ['BETA'], evaluate: () => [] });
    expect(() => new SignalRegistry([beta, copy])).toThrow(/reason BETA is declared by both test\.beta and test\.copy/);
  });
});
