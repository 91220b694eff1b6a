import type { FieldError } from './application';

/**
 * Characters no honest input carries and PostgreSQL cannot keep: NUL (refused by text and jsonb),
 * lone surrogates (refused by jsonb, silently replaced in text) and the 66 Unicode non-characters
 * (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane).
 */
const UNSTORABLE = /[\0\p{Cs}\p{Noncharacter_Code_Point}]/u;

function describe(character: string): string {
  const code = character.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0) return `${hex} (NUL)`;
  if (code >= 0xd800 && code <= 0xdfff) return `a lone surrogate (${hex})`;
  return `the non-character ${hex}`;
}

/** Why `text` cannot be stored, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  return found ? `contains ${describe(found[0])}; text must be Unicode without NUL, lone surrogates or non-characters` : undefined;
}

/** A field path that can be printed: its own unstorable characters escaped. */
function printable(path: string): string {
  return path.replace(new RegExp(UNSTORABLE.source, 'gu'), (character) => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/**
 * Every string (and object key) in an untrusted value that cannot be stored, named by its dotted
 * path as `fieldErrorsOf` names fields: the one rule every input path applies (webhook bodies,
 * labels, abuse reports, eKYC callbacks, forms and query strings, `shinsa screen`, imports).
 * Iterative, so a body nested thousands deep is walked without exhausting the stack.
 */
export function unstorableTextErrors(value: unknown, path = ''): FieldError[] {
  if (!holdsUnstorableText(value)) return [];
  const errors: FieldError[] = [];
  /** Values still to look at, and object keys already found bad (reported in their place). */
  const pending: { value: unknown; at: string; badKey?: string }[] = [{ value, at: path }];
  while (pending.length > 0) {
    const { value: current, at, badKey } = pending.pop()!;
    if (badKey !== undefined) {
      errors.push({ field: printable(at), message: `the name ${badKey}` });
      continue;
    }
    if (typeof current === 'string') {
      const problem = unstorableText(current);
      if (problem) errors.push({ field: printable(at) || '(root)', message: problem });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    const entries: [string, unknown][] = Array.isArray(current) ? current.map((item, index) => [String(index), item]) : Object.entries(current);
    // Pushed in reverse, so fields are reported in the order they appear.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index]!;
      const keyProblem = unstorableText(key);
      pending.push({ value: item, at: at ? `${at}.${key}` : key, ...(keyProblem ? { badKey: keyProblem } : {}) });
    }
  }
  return errors;
}

/** Whether any string or key in the value cannot be stored: the cheap pass every valid input takes (no paths built). */
function holdsUnstorableText(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return true;
    } else if (Array.isArray(current)) {
      for (const item of current) pending.push(item);
    } else if (current !== null && typeof current === 'object') {
      for (const key of Object.keys(current)) {
        if (UNSTORABLE.test(key)) return true;
        pending.push((current as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}
