import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOutcome, parseApplication, type Application } from '../../src/engine';
import { Screener } from '../../src/screening/screener';

/**
 * Golden fixtures: every application in fixtures/applications/applications.jsonl is screened the
 * way `shinsa screen` does it and compared with fixtures/applications/expected/<externalId>.json:
 * the outcome exactly, reason codes that must appear, reason codes that must not (those three are
 * written by people), and the score and every reason's points exactly (written by
 * `npm run docs:golden` from the rules, so a change of points is a reviewed diff of the fixtures).
 */
interface Expected {
  readonly description: string;
  readonly outcome: string;
  readonly reasons: readonly string[];
  readonly absent?: readonly string[];
  readonly score: number;
  readonly points: Readonly<Record<string, number>>;
}

const directory = path.resolve(__dirname, '../../fixtures/applications');
const applications: Application[] = readFileSync(path.join(directory, 'applications.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, index) => {
    const parsed = parseApplication(JSON.parse(line));
    if (!parsed.ok) throw new Error(`applications.jsonl line ${index + 1}: ${JSON.stringify(parsed.errors)}`);
    return parsed.application;
  });
const expectedFiles = readdirSync(path.join(directory, 'expected')).filter((file) => file.endsWith('.json'));
const expectedFor = (externalId: string): Expected =>
  JSON.parse(readFileSync(path.join(directory, 'expected', `${externalId}.json`), 'utf8')) as Expected;

describe('golden applications', () => {
  const sut = new Screener();

  it('has at least 40 applications, each with exactly one expected file', () => {
    expect(applications.length).toBeGreaterThanOrEqual(40);
    const ids = applications.map((application) => application.externalId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(expectedFiles.map((file) => file.replace(/\.json$/, '')).sort()).toEqual([...ids].sort());
  });

  it.each(applications.map((application) => [application.externalId, application] as const))('%s', (externalId, application) => {
    const expected = expectedFor(externalId);
    expect(isOutcome(expected.outcome), `${externalId}: expected outcome ${expected.outcome}`).toBe(true);
    const assessment = sut.screen(application);
    const reasons = assessment.hits.map((hit) => hit.reason);
    const explain = `${externalId} (${expected.description}) scored ${assessment.score}: ${assessment.hits.map((hit) => `${hit.reason}=${hit.points}`).join(', ')}`;
    expect(assessment.outcome, explain).toBe(expected.outcome);
    expect(reasons, explain).toEqual(expect.arrayContaining([...expected.reasons]));
    for (const absent of expected.absent ?? []) expect(reasons, `${explain}: ${absent} must not fire`).not.toContain(absent);
    expect(new Set(reasons).size, `${explain}: one hit per reason`).toBe(reasons.length);
    const points = Object.fromEntries(assessment.hits.map((hit) => [hit.reason, hit.points]));
    expect({ score: assessment.score, points }, `${explain} (npm run docs:golden rewrites these after a deliberate rule change)`).toEqual({ score: expected.score, points: expected.points });
  });
});
