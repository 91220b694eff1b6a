import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { API_REFERENCE_FILE, fieldTable, renderApiReference } from '../../../src/docs/api-reference';

/** docs/API.md is what its generator makes from the schemas, the rules and docs/clients/ now. */
describe('docs/API.md', () => {
  it('is the generator’s output (if not, run `npm run docs:api` and commit)', () => {
    expect(readFileSync(API_REFERENCE_FILE, 'utf8')).toBe(renderApiReference());
  });

  it('links only to headings it has', () => {
    const reference = renderApiReference();
    const headings = new Set([...reference.matchAll(/^#+ (.+)$/gm)].map((match) => match[1]!.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replaceAll(' ', '-')));
    const links = [...reference.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(20);
    expect(links.filter((link) => !headings.has(link))).toEqual([]);
  });

  it('refuses a published field that does not say what it means', () => {
    const undocumented = z.toJSONSchema(z.object({ described: z.string().describe('Says what it is'), nested: z.object({ bare: z.int() }).describe('A part') }));
    expect(() => fieldTable(undocumented, 'Example')).toThrow('Example: the field nested.bare has no description (add .describe() to its zod schema)');
    expect(fieldTable(z.toJSONSchema(z.object({ limit: z.int().min(1).max(9).describe('How many') })), 'Example')).toContain('| `limit` | integer | required | 1–9 | How many |');
  });
});
