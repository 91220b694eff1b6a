import type { FieldError } from '../../engine';

/**
 * Parameters of a query string or urlencoded form whose percent-encoding is not UTF-8
 * (`%ED%A0%80`, a surrogate; `%FF`): parsers leave them undecoded or replace them, so they would be
 * read as other text than was sent. Named by the parameter (or `(query)` when its name is the problem).
 */
export function undecodableParameters(encoded: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const pair of encoded.split('&')) {
    const [name = '', value = ''] = pair.split('=', 2);
    for (const part of [name, value]) {
      try {
        decodeURIComponent(part.replaceAll('+', ' '));
      } catch {
        errors.push({ field: /^[\w.-]{1,100}$/.test(name) ? name : '(parameter)', message: 'is not percent-encoded UTF-8' });
        break;
      }
    }
  }
  return errors;
}

/** An urlencoded form that must be UTF-8: a field that is not is a 400 naming it; repeated fields become arrays. */
export function parseUrlencodedForm(body: string): Record<string, string | string[]> {
  const undecodable = undecodableParameters(body);
  if (undecodable.length > 0) {
    throw Object.assign(new Error(`form field(s) not UTF-8: ${undecodable.map((error) => error.field).join(', ')}`), { statusCode: 400 });
  }
  const form: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    const earlier = form[name];
    form[name] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return form;
}
