import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ruleSetVersion, type RuleSet } from '../../engine';
import type { SignalRegistry } from '../../engine/registry';
import { loadRuleSet, readRuleFiles, RulesDirectoryNotFoundError } from '../../screening/rules-directory';

/** The value that names the deployed rules in a form (no directory name can start with `@`). */
export const DEPLOYED_RULES = '@deployed';

const DIRECTORY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A rules directory an admin may choose: the deployed rules, or one of the candidates. */
export interface RuleSourceOption {
  /** What the form posts: DEPLOYED_RULES or the directory's name. */
  readonly value: string;
  readonly source: 'deployed' | 'directory';
  readonly name: string;
  /** Its content hash now, or null if its files cannot be read. */
  readonly version: string | null;
  readonly problem: string | null;
}

/** A rules directory a form's value named, resolved. */
export interface RuleDirectory {
  readonly source: 'deployed' | 'directory';
  readonly name: string;
  readonly directory: string;
}

/** A rules directory that is not (or no longer) there, or has changed since it was chosen. */
export class RuleSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleSourceError';
  }
}

/**
 * The rules directories a backtest can use: the deployed rules (SHINSA_RULES_DIR) and every
 * subdirectory of SHINSA_RULES_CANDIDATES_DIR. A name from a form is only ever looked up in this
 * list, never joined onto a path as given.
 */
export class RuleSources {
  constructor(
    private readonly rulesDir: string,
    private readonly candidatesDir: string | null,
  ) {}

  list(): RuleSourceOption[] {
    const option = (value: string, source: 'deployed' | 'directory', name: string, directory: string): RuleSourceOption => {
      try {
        return { value, source, name, version: ruleSetVersion(readRuleFiles(directory)), problem: null };
      } catch (error) {
        return { value, source, name, version: null, problem: (error as Error).message };
      }
    };
    const options = [option(DEPLOYED_RULES, 'deployed', 'deployed', this.rulesDir)];
    for (const name of this.candidateNames()) options.push(option(name, 'directory', name, path.join(this.candidatesDir!, name)));
    return options;
  }

  /** The directory a form's value names; a RuleSourceError if there is none by that name. */
  directoryOf(value: string): RuleDirectory {
    if (value === DEPLOYED_RULES) return { source: 'deployed', name: 'deployed', directory: this.rulesDir };
    if (!this.candidatesDir) throw new RuleSourceError('no candidate rules directory is configured (SHINSA_RULES_CANDIDATES_DIR)');
    if (!this.candidateNames().includes(value)) throw new RuleSourceError(`no candidate rules directory named ${JSON.stringify(value.slice(0, 100))} in SHINSA_RULES_CANDIDATES_DIR`);
    return { source: 'directory', name: value, directory: path.join(this.candidatesDir, value) };
  }

  /** Compiles a directory's rules (RuleSetError names the file and key; a vanished directory is a RuleSourceError). */
  load(chosen: RuleDirectory, registry: SignalRegistry): RuleSet {
    try {
      return loadRuleSet(chosen.directory, registry);
    } catch (error) {
      if (error instanceof RulesDirectoryNotFoundError) throw new RuleSourceError(error.message);
      throw error;
    }
  }

  private candidateNames(): string[] {
    if (!this.candidatesDir) return [];
    let entries;
    try {
      entries = readdirSync(this.candidatesDir, { withFileTypes: true });
    } catch {
      return [];
    }
    return entries
      .filter((entry) => entry.isDirectory() && DIRECTORY_NAME.test(entry.name))
      .map((entry) => entry.name)
      .sort((a, b) => a.localeCompare(b));
  }
}
