import ipaddr from 'ipaddr.js';
import { defaultSignalRegistry, ScreeningEngine, type Application, type Assessment, type NetworkFacts, type ScreeningFacts } from '../engine';
import { loadKnowledge } from '../knowledge';
import { createNetworkEnricher } from '../knowledge/asn';
import { DEFAULT_RULES_DIR, loadRuleSet } from './rules-directory';

export interface ScreenerOptions {
  /** Directory of rule files; defaults to the shipped `rules/`. */
  readonly rulesDir?: string;
}

/**
 * The engine plus the facts shinsa can establish from the application itself and the bundled
 * data (IP→ASN, datacenter ranges). Used by `shinsa screen`; the service adds stored history.
 */
export class Screener {
  readonly engine: ScreeningEngine;
  private network: { factsFor(ip: string): NetworkFacts } | undefined;

  constructor(options: ScreenerOptions = {}) {
    this.engine = new ScreeningEngine(loadRuleSet(options.rulesDir ?? DEFAULT_RULES_DIR, defaultSignalRegistry()), loadKnowledge());
  }

  factsFor(application: Application): ScreeningFacts {
    const ip = application.signup?.ip?.trim();
    if (!ip || !ipaddr.isValid(ip)) return {};
    // The IP→ASN index is large: load it on the first application that carries an IP.
    this.network ??= createNetworkEnricher();
    return { network: this.network.factsFor(ip) };
  }

  screen(application: Application): Assessment {
    return this.engine.screen(application, this.factsFor(application));
  }
}
