import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../app/config/config';
import { withClients } from './clients-command';
import { withService } from './service-context';

/*
 * What `shinsa up` sets up in development: a master key, a demo client with a curl example, and a
 * demo admin of the review UI, kept beside the checkout.
 */

/** Where the development launcher keeps its generated master key and demo credentials. */
const DEV_STATE_DIR = '.shinsa';

function devMasterKey(): string {
  const file = path.join(DEV_STATE_DIR, 'dev-master-key');
  if (!existsSync(file)) {
    mkdirSync(DEV_STATE_DIR, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** `shinsa up` in development creates its own master key once, kept beside the checkout. */
export function launcherEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.SHINSA_ENV === 'development' && !env.SHINSA_MASTER_KEY) env.SHINSA_MASTER_KEY = devMasterKey();
  return env;
}

interface DemoCredentials {
  readonly keyId: string;
  readonly secret: string;
}

export async function demoClient(config: AppConfig): Promise<DemoCredentials> {
  const file = path.join(DEV_STATE_DIR, 'demo-client.json');
  return withClients(config, async (clients) => {
    const existing = await clients.findByName('demo');
    if (existing && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
      if (saved.keyId === existing.keyId) return saved;
    }
    // Without the saved secret (or after a new master key) the demo client gets a fresh one.
    const { keyId, secret } = existing ? await clients.reissue(existing.keyId) : await clients.add('demo', null);
    const credentials = { keyId, secret };
    mkdirSync(DEV_STATE_DIR, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
    chmodSync(file, 0o600);
    return credentials;
  });
}

/** In development, an admin account for the review UI, created once and kept beside the checkout. */
export async function demoReviewer(config: AppConfig): Promise<{ login: string; password: string }> {
  const file = path.join(DEV_STATE_DIR, 'demo-reviewer.json');
  const { ReviewerDirectory } = require('../app/review/reviewers') as typeof import('../app/review/reviewers');
  return withService(config, { name: 'shinsa-cli', poolSize: 1 }, async (app) => {
    const directory = app.get(ReviewerDirectory);
    // The saved account, if this database has it (another DATABASE_URL gets one of its own).
    if (existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { login: string; password: string };
      if (await directory.authenticate(saved.login, saved.password)) return saved;
    }
    const login = (await directory.list()).some((reviewer) => reviewer.login === 'demo-admin') ? `demo-admin-${randomBytes(3).toString('hex')}` : 'demo-admin';
    const { password } = await directory.add({ login, role: 'admin', displayName: 'Demo admin' }, 'shinsa up');
    mkdirSync(DEV_STATE_DIR, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ login, password }), { mode: 0o600 });
    return { login, password };
  });
}

const DEMO_APPLICATION = {
  externalId: 'demo-0001',
  product: 'domain',
  domain: { name: 'smbc-card-login.jp' },
  registrant: {
    type: 'individual',
    name: { kanji: '山田 太郎', kana: 'ヤマダ タロウ', romaji: 'Taro Yamada' },
    email: 'x7kq9z@mailinator.com',
    phone: '050-1234-5678',
    address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1', country: 'JP' },
  },
  signup: { ip: '203.0.113.5', port: 51234 },
};

/**
 * A signed request with curl and openssl (DESIGN §3.3, v2): the signed string is
 * "<timestamp>\n<METHOD>\n<path with query>\n<Idempotency-Key or empty>\n<raw body>". The body is
 * signed from the file curl sends, byte for byte.
 */
export function curlExample(baseUrl: string, credentials: DemoCredentials, bodyFile: string): string {
  return [
    `KEY_ID=${credentials.keyId}`,
    `SECRET=${credentials.secret}`,
    `BODY_FILE=${bodyFile}; TS=$(date +%s); KEY=demo-$TS`,
    `SIG=$( { printf '%s\\nPOST\\n/v1/screenings\\n%s\\n' "$TS" "$KEY"; cat "$BODY_FILE"; } | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')`,
    `curl -sS ${baseUrl}/v1/screenings -H 'content-type: application/json' -H "x-shinsa-key-id: $KEY_ID" -H "x-shinsa-timestamp: $TS" \\`,
    `  -H "x-shinsa-signature: v2=$SIG" -H "idempotency-key: $KEY" --data-binary @"$BODY_FILE"`,
  ].join('\n');
}

export function demoApplicationFile(): string {
  const bodyFile = path.resolve(DEV_STATE_DIR, 'demo-application.json');
  writeFileSync(bodyFile, JSON.stringify(DEMO_APPLICATION));
  return bodyFile;
}
