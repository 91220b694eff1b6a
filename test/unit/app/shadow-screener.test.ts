import { describe, expect, it } from 'vitest';
import { ShadowScreener } from '../../../src/app/intake/shadow-screener';
import { loadConfig } from '../../../src/app/config/config';
import { ScreeningEngine, type Application, type ScreeningFacts } from '../../../src/engine';
import { loadKnowledge } from '../../../src/knowledge';
import { Screener } from '../../../src/screening/screener';
import { anApplication } from '../../support/factories';

/** The shipped engine, except that its screening throws (a shadow rule set with a bug). */
class FailingEngine extends ScreeningEngine {
  override screen(_application: Application, _facts?: ScreeningFacts): never {
    throw new TypeError('cannot read properties of undefined');
  }
}

describe('ShadowScreener', () => {
  const engine = new Screener().engine;
  const application = anApplication({ domain: { name: 'smbc-card-login.jp' } }) as Application;

  it('scores with the facts given, and counts a stored result as agreeing with the decision or not', () => {
    const seen: [string, boolean][] = [];
    const shadow = new ShadowScreener(engine, { screened: (outcome, agrees) => seen.push([outcome, agrees]), failed: () => expect.unreachable() });
    const decided = engine.screen(application, {});
    const result = shadow.screen(application, {});
    expect(result).toEqual({ rulesVersion: engine.rules.version, outcome: decided.outcome, score: decided.score, hits: decided.hits });
    expect(seen).toEqual([]);
    shadow.stored(result!, decided.outcome);
    shadow.stored(result!, 'deny');
    expect(seen).toEqual([
      [decided.outcome, true],
      [decided.outcome, false],
    ]);
  });

  it('a failing shadow rule set costs the screening only its shadow result', () => {
    const failures: unknown[] = [];
    const shadow = new ShadowScreener(new FailingEngine(engine.rules, loadKnowledge()), {
      screened: () => expect.unreachable(),
      failed: (error) => failures.push(error),
    });
    expect(shadow.screen(application, {})).toBeNull();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(TypeError);
  });

  it('SHINSA_SHADOW_RULES_DIR is optional and read as given', () => {
    const key = { SHINSA_MASTER_KEY: 'a'.repeat(64) };
    expect(loadConfig(key).shadowRulesDir).toBeNull();
    expect(loadConfig({ ...key, SHINSA_SHADOW_RULES_DIR: '/etc/shinsa/rules-next' }).shadowRulesDir).toBe('/etc/shinsa/rules-next');
  });
});
