import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultSignalRegistry, RuleSetError } from '../../../src/engine';
import { loadRuleBundle, readRuleBundle, RULE_BUNDLE_LIMITS, RuleBundleError } from '../../../src/screening/rule-bundle';
import { DEFAULT_RULES_DIR, loadRuleSet } from '../../../src/screening/rules-directory';
import { bundleOf, rulesDirectoryEntries, tarGz } from '../../support/rule-bundles';

const outcomes = readFileSync(path.join(DEFAULT_RULES_DIR, 'outcomes.yaml'));

async function refusal(bytes: Buffer): Promise<RuleBundleError> {
  const error = await readRuleBundle(bytes).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RuleBundleError);
  return error as RuleBundleError;
}

describe(readRuleBundle.name, () => {
  const deployed = loadRuleSet(DEFAULT_RULES_DIR, defaultSignalRegistry());

  it('reads a bundle of the deployed rules as the same rule set, whether packed as rules/ or as its contents', async () => {
    for (const prefix of ['rules/', './', '']) {
      const sut = await loadRuleBundle(await bundleOf(DEFAULT_RULES_DIR, prefix), defaultSignalRegistry());
      expect(sut.version, prefix).toBe(deployed.version);
    }
  });

  it('ignores files that are not YAML, as a rules directory does', async () => {
    const sut = await readRuleBundle(await tarGz([...rulesDirectoryEntries(DEFAULT_RULES_DIR), { header: { name: 'rules/README.md' }, content: '# notes' }]));
    expect(sut.map((file) => file.path)).not.toContain('README.md');
    expect(sut.map((file) => file.path)).toContain('signals/brand.yaml');
  });

  it('compiles a broken bundle to a RuleSetError naming the file and key', async () => {
    const error = await loadRuleBundle(await tarGz([{ header: { name: 'outcomes.yaml' }, content: 'thresholds: { review: 25, hold: 50 }\n' }]), defaultSignalRegistry()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RuleSetError);
    expect((error as RuleSetError).issues).toContainEqual(expect.objectContaining({ file: 'outcomes.yaml', key: 'thresholds.deny' }));
  });

  it.each([
    ['a path with ..', { name: '../outcomes.yaml' }, /\.\.\/outcomes\.yaml: refused: a path that leaves the rules directory/],
    ['a path with .. inside', { name: 'rules/signals/../../x.yaml' }, /leaves the rules directory/],
    ['an absolute path', { name: '/etc/shinsa/outcomes.yaml' }, /\/etc\/shinsa\/outcomes\.yaml: refused: an absolute path/],
    ['a backslash path', { name: '..\\outcomes.yaml' }, /refused: a backslash/],
    ['a symbolic link', { name: 'rules/outcomes.yaml', type: 'symlink', linkname: '/etc/passwd' }, /rules\/outcomes\.yaml: refused: a symbolic link/],
    ['a hard link', { name: 'rules/lists/x.yaml', type: 'link', linkname: 'rules/outcomes.yaml' }, /refused: a hard link/],
    ['a device', { name: 'rules/zero', type: 'character-device', devmajor: 1, devminor: 5 }, /rules\/zero: refused: a device file/],
    ['a FIFO', { name: 'rules/pipe', type: 'fifo' }, /refused: a FIFO/],
  ] as const)('refuses the whole bundle for %s', async (_what, header, message) => {
    const error = await refusal(await tarGz([{ header: { name: 'rules/outcomes.yaml' }, content: outcomes }, { header: { ...header } }]));
    expect(error.message).toMatch(message);
  });

  it('refuses a file listed twice, a bundle without rule files, and what is not a .tar.gz', async () => {
    expect((await refusal(await tarGz([{ header: { name: 'outcomes.yaml' }, content: outcomes }, { header: { name: './outcomes.yaml' }, content: outcomes }]))).message).toMatch(/twice/);
    expect((await refusal(await tarGz([{ header: { name: 'README.md' }, content: 'x' }]))).message).toMatch(/holds no \.yaml rule files/);
    expect((await refusal(Buffer.from('thresholds: {}\n'))).message).toMatch(/not a gzip file/);
    expect((await refusal(gzipSync(Buffer.from('this is not a tar archive, only text that is long enough to be read as a header block'.repeat(8))))).message).toMatch(/not a valid tar archive/);
    expect((await refusal(Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('garbage')]))).message).toMatch(/not a valid gzip stream/);
  });

  it('refuses a bundle over the size limits, packed or unpacked', async () => {
    expect((await refusal(Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(RULE_BUNDLE_LIMITS.compressedBytes)]))).message).toMatch(/larger than 1024 KiB/);
    // Zeros compress a thousandfold: a small upload that would unpack past the limit.
    const bomb = gzipSync(Buffer.alloc(RULE_BUNDLE_LIMITS.unpackedBytes + 1024));
    expect(bomb.length).toBeLessThan(RULE_BUNDLE_LIMITS.compressedBytes);
    expect((await refusal(bomb)).message).toMatch(/unpacks to more than 16 MiB/);
  });

  it('refuses text that is not UTF-8', async () => {
    expect((await refusal(await tarGz([{ header: { name: 'outcomes.yaml' }, content: Buffer.from([0xff, 0xfe, 0x00, 0x41]) }]))).message).toMatch(/outcomes\.yaml: not UTF-8 text/);
  });
});
