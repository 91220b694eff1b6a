import { defaultSignalRegistry } from '../engine/signals';
import { loadRuleSet } from '../screening/rules-directory';

/** `shinsa rules check`: validates the rules directory and prints its version and size. (@public: loaded through the CLI's lazy require) */
export function checkRules(rulesDir: string): void {
  const ruleSet = loadRuleSet(rulesDir, defaultSignalRegistry());
  process.stdout.write(
    `rules ok: ${ruleSet.version}\n  ${ruleSet.signals.length} signals, ${ruleSet.reasons.size} reason codes, ${ruleSet.composites.length} composites, ${ruleSet.lists.size} lists\n`,
  );
}

/** `shinsa rules dump`: the effective rule set as JSON. (@public: loaded through the CLI's lazy require) */
export function dumpRules(rulesDir: string): void {
  process.stdout.write(`${JSON.stringify(loadRuleSet(rulesDir, defaultSignalRegistry()).dump(), null, 2)}\n`);
}
