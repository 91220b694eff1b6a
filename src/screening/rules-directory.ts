import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compileRuleSet } from '../engine/rules/rule-set';
import type { RuleFile, RuleSet } from '../engine/rules/rule-set-types';
import type { SignalRegistry } from '../engine/registry';
import { withMemoizedDocuments } from './rule-documents';
import { RulesDirectoryNotFoundError } from './rules-location';

export { DEFAULT_RULES_DIR, RulesDirectoryNotFoundError } from './rules-location';

/** Reads every YAML file under a rules directory, paths relative to it with `/` separators. */
export function readRuleFiles(directory: string): RuleFile[] {
  const files: RuleFile[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(directory, relative), { withFileTypes: true })) {
      const entryPath = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(entryPath);
      else if (/\.ya?ml$/.test(entry.name)) files.push({ path: entryPath, content: readFileSync(path.join(directory, entryPath), 'utf8') });
    }
  };
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    throw new RulesDirectoryNotFoundError(directory);
  }
  walk('');
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export function loadRuleSet(directory: string, registry: SignalRegistry): RuleSet {
  return compileRuleSet(withMemoizedDocuments(readRuleFiles(directory)), registry);
}
