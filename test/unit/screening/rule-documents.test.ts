import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileRuleSet, defaultSignalRegistry, RuleSetError, type RuleFile } from '../../../src/engine';
import { withMemoizedDocuments, writeRuleDocuments } from '../../../src/screening/rule-documents';
import { DEFAULT_RULES_DIR, readRuleFiles } from '../../../src/screening/rules-directory';

describe(withMemoizedDocuments.name, () => {
  const shipped = readRuleFiles(DEFAULT_RULES_DIR);
  let memoFile: string;

  beforeAll(() => {
    memoFile = path.join(mkdtempSync(path.join(tmpdir(), 'shinsa-rule-documents-')), 'rule-documents.json');
    expect(writeRuleDocuments(shipped, memoFile)).toBe(shipped.length);
  });

  it('gives every shipped file its parsed document, and the rule set compiled from them is the one compiled from the YAML', () => {
    const sut = withMemoizedDocuments(shipped, memoFile);
    expect(sut.every((file) => 'document' in file)).toBe(true);
    const fromMemo = compileRuleSet(sut, defaultSignalRegistry());
    const fromYaml = compileRuleSet(shipped, defaultSignalRegistry());
    expect(fromMemo.version).toBe(fromYaml.version);
    expect(fromMemo.dump()).toEqual(fromYaml.dump());
  });

  it('finds a document by the text of the file, so an edited file is parsed again and its change is seen', () => {
    const edited = shipped.map((file) => (file.path === 'outcomes.yaml' ? { ...file, content: file.content.replace(/^(\s*deny:\s*)(\d+)/m, '$1999') } : file));
    const sut = withMemoizedDocuments(edited, memoFile);
    const outcomes = sut.find((file) => file.path === 'outcomes.yaml')!;
    expect('document' in outcomes).toBe(false);
    expect(compileRuleSet(sut, defaultSignalRegistry()).dump()).toMatchObject({ thresholds: { deny: 999 } });
  });

  it('leaves the files to be parsed when there is no memo or it is not one', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'shinsa-rule-documents-'));
    const garbage = path.join(directory, 'garbage.json');
    writeFileSync(garbage, '{"format": 99, "documents": {}}');
    for (const file of [path.join(directory, 'missing.json'), garbage]) {
      expect(withMemoizedDocuments(shipped, file).some((ruleFile) => 'document' in ruleFile)).toBe(false);
    }
  });

  it('keeps a file that is not YAML out of the memo, so compiling still names it', () => {
    const broken: RuleFile[] = [...shipped.filter((file) => file.path !== 'composites.yaml'), { path: 'composites.yaml', content: 'composites: [unclosed\n' }];
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'shinsa-rule-documents-')), 'rule-documents.json');
    expect(writeRuleDocuments(broken, file)).toBe(broken.length - 1);
    const error = (() => {
      try {
        compileRuleSet(withMemoizedDocuments(broken, file), defaultSignalRegistry());
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(RuleSetError);
    expect((error as RuleSetError).issues).toContainEqual(expect.objectContaining({ file: 'composites.yaml', message: expect.stringContaining('not valid YAML') }));
  });
});
