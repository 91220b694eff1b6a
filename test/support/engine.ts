import { ApplicationView } from '../../src/engine/application-view';
import { defaultSignalRegistry, ScreeningEngine, type AnySignal, type Application, type ScreeningFacts, type SignalHit } from '../../src/engine';
import type { SignalContext } from '../../src/engine/signal';
import { loadKnowledge } from '../../src/knowledge';
import { DEFAULT_RULES_DIR, loadRuleSet } from '../../src/screening/rules-directory';

let engine: ScreeningEngine | undefined;

/** The engine with the shipped rules and the real bundled knowledge. */
export function shippedEngine(): ScreeningEngine {
  engine ??= new ScreeningEngine(loadRuleSet(DEFAULT_RULES_DIR, defaultSignalRegistry()), loadKnowledge());
  return engine;
}

/** Runs one signal alone with its parameters and lists from the shipped rules. */
export function runSignal(signal: AnySignal, application: Application, facts: ScreeningFacts = {}): readonly SignalHit[] {
  const rules = shippedEngine().rules;
  const compiled = rules.signals.find((entry) => entry.signal.name === signal.name);
  if (!compiled) throw new Error(`signal ${signal.name} is not in the shipped rules`);
  const context: SignalContext<unknown> = {
    application,
    view: new ApplicationView(application),
    facts,
    knowledge: loadKnowledge(),
    params: compiled.params,
    list: (name) => {
      const list = rules.lists.get(name);
      if (!list) throw new Error(`list ${name} is not in the shipped rules`);
      return list;
    },
    fitted: (name) => {
      const table = rules.fitted.get(name);
      if (table === undefined) throw new Error(`fitted table ${name} is not in the shipped rules`);
      return table;
    },
    brands: rules.brands,
  };
  return signal.evaluate(context);
}

/** Reason codes of a signal's hits, for compact assertions. */
export function reasonsOf(hits: readonly SignalHit[]): string[] {
  return hits.map((hit) => hit.reason);
}
