import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const supported = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;

/**
 * The Node versions shinsa claims (package.json "engines") are the ones its dependency tree runs
 * on: CI runs Node 20 and the Docker image the current LTS, so neither may fall outside.
 */
describe('supported Node versions', () => {
  it('are admitted by every locked package that names the Node versions it needs', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => typeof entry.engines === 'object' && !Array.isArray(entry.engines) && typeof entry.engines.node === 'string')
      .filter(([, entry]) => !semver.subset(supported, (entry.engines as { node: string }).node))
      .map(([name, entry]) => `${name.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${(entry.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('include Node 20 (CI) and the Docker image’s Node line', () => {
    expect(semver.intersects(supported, '20.x')).toBe(true);
    const image = /^ARG NODE_IMAGE=node:(\d+)-/m.exec(read('Dockerfile'));
    expect(image).not.toBeNull();
    expect(semver.subset(`${image![1]}.x`, supported)).toBe(true);
  });

  it('are the ones the README states', () => {
    expect(read('README.md')).toContain(`Node.js \`${supported}\``);
  });
});
