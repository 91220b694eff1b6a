import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_EXAMPLES, README_FILE, exampleBlocks, renderExample } from '../../src/docs/readme-examples';

/** Each example of the CLI's output in README.md is what the CLI prints now. */
describe('README examples', () => {
  const blocks = exampleBlocks(readFileSync(README_FILE, 'utf8'));

  it('has each example exactly once and no others', () => {
    expect([...blocks.keys()].sort()).toEqual(README_EXAMPLES.map((example) => example.name).sort());
    for (const [name, copies] of blocks) expect(copies, name).toHaveLength(1);
  });

  it.each(README_EXAMPLES.map((example) => [example.name, example] as const))('%s is the CLI’s output (if not, run `npm run docs:examples`)', (_name, example) => {
    expect(blocks.get(example.name)?.[0]).toBe(renderExample(example));
  });
});
