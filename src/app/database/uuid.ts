/** A UUID as PostgreSQL's `uuid` type reads it (any version; either case). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an id from a URL or a form can be looked up at all: anything else is "not found", never a database error. */
export function isUuid(text: string): boolean {
  return UUID_PATTERN.test(text);
}
