/**
 * `npm run docs:golden`: writes each golden application's score and the points of every reason it
 * raises into fixtures/applications/expected/<externalId>.json, from the rules as they are now.
 *
 * The human-written parts (description, outcome, reasons that must and must not appear) are never
 * changed: a rule change that moves an application's outcome, or drops a reason someone said must
 * fire, is refused here and must be decided by editing the file by hand. What it rewrites is the
 * exact arithmetic, so a change in points shows up as a reviewed diff of the fixtures instead of
 * passing unnoticed (test/golden/applications.test.ts compares it exactly).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseApplication } from '../engine';
import { Screener } from '../screening/screener';

interface ExpectedFile {
  description: string;
  outcome: string;
  reasons: string[];
  absent?: string[];
  score?: number;
  points?: Record<string, number>;
}

const directory = path.resolve(__dirname, '../../fixtures/applications');
const screener = new Screener();
const lines = readFileSync(path.join(directory, 'applications.jsonl'), 'utf8').split('\n');
const problems: string[] = [];
let changed = 0;
lines.forEach((line, index) => {
  if (line.trim() === '') return;
  const parsed = parseApplication(JSON.parse(line));
  if (!parsed.ok) {
    problems.push(`applications.jsonl:${index + 1}: ${JSON.stringify(parsed.errors)}`);
    return;
  }
  const file = path.join(directory, 'expected', `${parsed.application.externalId}.json`);
  const expected = JSON.parse(readFileSync(file, 'utf8')) as ExpectedFile;
  const assessment = screener.screen(parsed.application);
  const reasons = new Set(assessment.hits.map((hit) => hit.reason));
  if (assessment.outcome !== expected.outcome) problems.push(`${path.basename(file)}: outcome is now ${assessment.outcome}, the file expects ${expected.outcome}`);
  for (const reason of expected.reasons) if (!reasons.has(reason)) problems.push(`${path.basename(file)}: ${reason} no longer fires`);
  for (const reason of expected.absent ?? []) if (reasons.has(reason)) problems.push(`${path.basename(file)}: ${reason} now fires and the file says it must not`);
  const points = Object.fromEntries([...assessment.hits].sort((a, b) => a.reason.localeCompare(b.reason)).map((hit) => [hit.reason, hit.points]));
  const next: ExpectedFile = { description: expected.description, outcome: expected.outcome, reasons: expected.reasons, ...(expected.absent ? { absent: expected.absent } : {}), score: assessment.score, points };
  const text = `${JSON.stringify(next, null, 2)}\n`;
  if (text !== readFileSync(file, 'utf8')) {
    writeFileSync(file, text);
    changed += 1;
  }
});
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\nThese are decisions, not arithmetic: edit the expected files by hand.\n`);
  process.exitCode = 1;
}
process.stdout.write(`${changed} expected file(s) rewritten\n`);
