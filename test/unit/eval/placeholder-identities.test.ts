import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseApplication, type Application } from '../../../src/engine';
import { TUNING_MIX, generateStream, withoutAccount } from '../../../src/eval/linkage/stream';
import { shippedEngine } from '../../support/engine';

const PLACEHOLDER_REASONS = ['ADDRESS_PLACEHOLDER', 'PHONE_PLACEHOLDER'];
const placeholderHits = (application: Application) =>
  shippedEngine()
    .screen(application)
    .hits.filter((hit) => PLACEHOLDER_REASONS.includes(hit.reason))
    .map((hit) => `${application.externalId}: ${hit.detail}`);

describe('placeholder addresses and numbers on honest applicants', () => {
  it('hit none of the generated legitimate applicants of eval:linkage', () => {
    const { events, truth } = generateStream({ ...TUNING_MIX, seed: 19 }, shippedEngine().rules.brands);
    const legitimate = events.map(withoutAccount).flatMap((event) => (event.kind === 'application' && !truth.get(event.application.externalId)!.fraud ? [event.application] : []));
    expect(legitimate.length).toBeGreaterThan(2500);
    expect(legitimate.flatMap(placeholderHits)).toEqual([]);
  });

  it('hit none of the honest golden fixtures and the sample identities of the fraudulent ones', () => {
    const fixtures = readFileSync(path.resolve(__dirname, '../../../fixtures/applications/applications.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const parsed = parseApplication(JSON.parse(line));
        if (!parsed.ok) throw new Error(line);
        return parsed.application;
      });
    const honest = fixtures.filter((application) => !application.externalId.startsWith('fx-fraud-'));
    expect(honest.flatMap(placeholderHits)).toEqual([]);
    const hit = fixtures.filter((application) => placeholderHits(application).length > 0).map((application) => application.externalId);
    expect(hit.sort()).toEqual(['fx-fraud-go-jp-applied', 'fx-fraud-placeholder-yamada-mailinator', 'fx-fraud-sample-identity-form-example', 'fx-fraud-sms-toll-free']);
  });
});
