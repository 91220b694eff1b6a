import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { DEFAULT_RULES_DIR } from '../../src/screening/rules-directory';
import { anUnlinkedApplication } from './factories';
import { json, postScreening, type TestClient } from './service';

/** What the backtest and shadow tests screen: two combosquats at review (30 points), two ordinary names, and one combosquat already held. */
const BACKTEST_DOMAINS: readonly string[] = ['smbc-card-login.jp', 'rakuten-card-secure.com', 'sato-hanako.jp', 'kyoto-ramen.jp', 'amazon-co-jp-login.com'];

/**
 * Screens one signup per domain through the api, each with details of its own (so linkage adds
 * nothing; external ids `${tag}-1`…); returns the answers by domain.
 */
export async function screenSignups(baseUrl: string, client: Pick<TestClient, 'keyId' | 'secret'>, tag: string, domains: readonly string[] = BACKTEST_DOMAINS): Promise<Record<string, any>> {
  const answers: Record<string, any> = {};
  for (const [index, domain] of domains.entries()) {
    const application = anUnlinkedApplication(tag, index + 1, { domain: { name: domain } });
    const response = await postScreening(baseUrl, client, JSON.stringify(application));
    if (response.status !== 200) throw new Error(`screening ${domain}: HTTP ${response.status}`);
    answers[domain] = await json(response);
  }
  return answers;
}

/** Writes a copy of the shipped rules to `directory` with combosquats weighed twice (60 points: hold), and optionally another review threshold. */
export function heavierCombosquatRules(directory: string, options: { readonly reviewAt?: number } = {}): string {
  cpSync(DEFAULT_RULES_DIR, directory, { recursive: true });
  const edit = (file: string, from: RegExp, to: string): void => {
    const target = path.join(directory, file);
    const before = readFileSync(target, 'utf8');
    const after = before.replace(from, to);
    if (after === before) throw new Error(`${file}: ${from} no longer matches the shipped rules`);
    writeFileSync(target, after);
  };
  edit(path.join('signals', 'brand.yaml'), /BRAND_COMBOSQUAT:\n(\s+)pointsPerNat: 7\n\s+maxPoints: 30\n/, 'BRAND_COMBOSQUAT:\n$1points: 60\n');
  if (options.reviewAt !== undefined) edit('outcomes.yaml', /review: 25/, `review: ${options.reviewAt}`);
  return directory;
}

/** Labels applications directly in the database (what `POST /v1/labels` stores, without its propagation). */
export async function labelApplications(db: DataSource, verdicts: readonly (readonly [applicationId: string, verdict: 'fraud' | 'legitimate'])[]): Promise<void> {
  await db.query(`INSERT INTO labels (id, application_id, verdict, source, created_at) SELECT gen_random_uuid(), id, verdict, 'test', now() FROM unnest($1::uuid[], $2::text[]) AS given(id, verdict)`, [
    verdicts.map(([id]) => id),
    verdicts.map(([, verdict]) => verdict),
  ]);
}
