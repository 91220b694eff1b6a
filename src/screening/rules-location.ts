import path from 'node:path';

/*
 * Where the rules are, apart from how they are compiled: the configuration and the CLI's entry
 * need these without loading the compiler (YAML, zod, the signals).
 */

/** The rules directory shipped with shinsa, resolved from both `src/` and `dist/`. */
export const DEFAULT_RULES_DIR = path.resolve(__dirname, '..', '..', 'rules');

/** The rules directory named does not exist (or is not a directory). */
export class RulesDirectoryNotFoundError extends Error {
  constructor(readonly directory: string) {
    super(`rules directory not found: ${directory}`);
    this.name = 'RulesDirectoryNotFoundError';
  }
}
