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
 */
export function unstorableTextErrors(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    return problem ? [{ field: printable(path) || '(root)', message: problem }] : [];
  }
  if (typeof value !== 'object' || value === null) return [];
  const errors: FieldError[] = [];
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
  for (const [key, item] of entries) {
    const field = path ? `${path}.${key}` : key;
    const keyProblem = unstorableText(key);
    if (keyProblem) errors.push({ field: printable(field), message: `the name ${keyProblem}` });
    else errors.push(...unstorableTextErrors(item, field));
  }
  return errors;
}
