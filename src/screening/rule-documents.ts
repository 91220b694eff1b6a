import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseRuleDocument } from '../engine/rules/rule-set';
import type { RuleFile } from '../engine/rules/rule-set-types';

/**
 * The shipped rule files parsed once, by `npm run build`, and kept as JSON keyed by the SHA-256 of
 * each file's text. Parsing the 220 KB of YAML in rules/ was 0.15–0.2 s of every cold start of the
 * CLI; reading the parsed documents takes milliseconds. A file whose text is not in the memo (an
 * edited rule, another rules directory, a run from src/ without a build) is parsed as before, so
 * the memo can only make a start slower, never change what is loaded. Validation is unchanged.
 */
const RULE_DOCUMENTS_FILE = path.join(__dirname, 'rule-documents.json');

const MEMO_FORMAT = 1;

interface RuleDocumentsMemo {
  readonly format: typeof MEMO_FORMAT;
  /** Parsed document by the SHA-256 (hex) of the file's text. */
  readonly documents: Record<string, unknown>;
}

function contentKey(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The files, each with its parsed document where the memo has its text. */
export function withMemoizedDocuments(files: readonly RuleFile[], memoFile: string = RULE_DOCUMENTS_FILE): RuleFile[] {
  const documents = readMemo(memoFile);
  if (!documents) return [...files];
  return files.map((file) => {
    const key = contentKey(file.content);
    return Object.hasOwn(documents, key) ? { ...file, document: documents[key] } : file;
  });
}

function readMemo(memoFile: string): Record<string, unknown> | undefined {
  let memo: Partial<RuleDocumentsMemo>;
  try {
    memo = JSON.parse(readFileSync(memoFile, 'utf8')) as Partial<RuleDocumentsMemo>;
  } catch {
    // No memo (run from src/, or not built yet) or an unreadable one: the YAML is parsed.
    return undefined;
  }
  const usable = memo.format === MEMO_FORMAT && typeof memo.documents === 'object' && memo.documents !== null;
  return usable ? memo.documents : undefined;
}

/**
 * Parses the files and writes the memo. A file that is not valid YAML is left out (compiling it
 * reports the error), and so is a document JSON cannot carry unchanged (a date, an infinity).
 */
export function writeRuleDocuments(files: readonly RuleFile[], memoFile: string = RULE_DOCUMENTS_FILE): number {
  const documents: Record<string, unknown> = {};
  for (const file of files) {
    let document: unknown;
    try {
      document = parseRuleDocument(file.content);
    } catch {
      continue;
    }
    if (isDeepStrictEqual(JSON.parse(JSON.stringify(document) ?? 'null'), document)) documents[contentKey(file.content)] = document;
  }
  writeFileSync(memoFile, JSON.stringify({ format: MEMO_FORMAT, documents } satisfies RuleDocumentsMemo));
  return Object.keys(documents).length;
}
