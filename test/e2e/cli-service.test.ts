import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShinsa, timeoutForProcesses } from '../support/cli';
import { TEST_MASTER_KEY, TEST_SERVER_URL, createTestDatabase } from '../support/service-env';

/** The real CLI in a child process, against the machine's PostgreSQL, logging nothing. */
const shinsa = (args: string[], env: Record<string, string | undefined>, input?: string) => runShinsa(args, { env: { SHINSA_LOG_LEVEL: 'silent', ...env }, input });

describe('shinsa clients / migrate', () => {
  let database: { url: string; drop: () => Promise<void> };
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url, SHINSA_MASTER_KEY: TEST_MASTER_KEY };
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('clients add prints the key id and secret once, as one JSON line, and stores the secret sealed', { timeout: timeoutForProcesses(5) }, async () => {
    const added = shinsa(['clients', 'add', 'Example Registrar', '--callback-url', 'https://registrar.example/hooks/shinsa'], env);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const credentials = JSON.parse(added.stdout);
    // The callback endpoint gets a Standard Webhooks secret of its own: whsec_ and 32 bytes in base64.
    expect(credentials).toEqual({ keyId: expect.stringMatching(/^key_[0-9a-f]{24}$/), secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), callbackSecret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/) });

    const listed = shinsa(['clients', 'list'], env);
    expect(listed.stdout).toContain(credentials.keyId);
    expect(listed.stdout).not.toContain(credentials.secret);
    expect(listed.stdout).not.toContain(credentials.callbackSecret.slice(6));
    expect(JSON.parse(listed.stdout)).toMatchObject({ activeSecrets: 1, callbackSecrets: 1 });
    const callbackRotated = shinsa(['clients', 'rotate', credentials.keyId, '--callback'], env);
    expect(JSON.parse(callbackRotated.stdout)).toEqual({ keyId: credentials.keyId, callbackSecret: expect.stringMatching(/^whsec_/) });
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT secret_sealed, purpose FROM api_client_secrets ORDER BY created_at');
      expect(rows.map((row: { purpose: string }) => row.purpose).sort()).toEqual(['callback', 'callback', 'request']);
      for (const row of rows) {
        expect(row.secret_sealed.toString('latin1')).not.toContain(credentials.secret);
        expect(row.secret_sealed.toString('latin1')).not.toContain(credentials.callbackSecret.slice(6, 30));
      }
    } finally {
      await db.end();
    }

    const duplicate = shinsa(['clients', 'add', 'Example Registrar'], env);
    expect(duplicate.status).toBe(2);
    expect(duplicate.stderr).toContain('a client named "Example Registrar" already exists');

    const rotated = shinsa(['clients', 'rotate', credentials.keyId], env);
    expect(rotated.status).toBe(0);
    expect(JSON.parse(rotated.stdout).secret).not.toBe(credentials.secret);
    const third = shinsa(['clients', 'rotate', credentials.keyId], env);
    expect(third.status).toBe(2);
    expect(third.stderr).toContain('--retire-oldest');
  });

  it('reviewers add prints a generated password once, stores only its scrypt hash, and refuses bad input with exit 2', { timeout: timeoutForProcesses(4) }, async () => {
    const added = shinsa(['reviewers', 'add', 'Sato.Lead', '--role', 'lead', '--name', '佐藤'], env);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    const created = JSON.parse(added.stdout);
    expect(created).toEqual({ login: 'sato.lead', role: 'lead', password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
    const piped = shinsa(['reviewers', 'add', 'kato', '--role', 'reviewer', '--password-stdin'], env, 'a long enough password\n');
    expect(piped.status).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual({ login: 'kato', role: 'reviewer' });

    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT login, display_name, role, password_hash FROM reviewers ORDER BY login');
      expect(rows.map((row) => [row.login, row.display_name, row.role])).toEqual([
        ['kato', 'kato', 'reviewer'],
        ['sato.lead', '佐藤', 'lead'],
      ]);
      for (const row of rows) expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(rows[1].password_hash).not.toContain(created.password);
      const { rows: audit } = await db.query(`SELECT actor, action FROM audit_log WHERE action = 'reviewer.added'`);
      expect(audit).toHaveLength(2);
    } finally {
      await db.end();
    }

    const duplicate = shinsa(['reviewers', 'add', 'sato.lead', '--role', 'reviewer'], env);
    expect(duplicate.status).toBe(2);
    expect(duplicate.stderr).toContain('login: a reviewer with login sato.lead already exists');
    const badRole = shinsa(['reviewers', 'add', 'ito', '--role', 'boss'], env);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toContain('role must be one of reviewer, lead, admin');
  });

  it('refuses a bad callback URL with exit code 2', () => {
    const result = shinsa(['clients', 'add', 'Bad URL', '--callback-url', 'ftp://x'], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('callback URL must be http or https');
  });

  it('migrate --create-database creates a missing database and reports an up-to-date schema on a second run', async () => {
    const url = `${TEST_SERVER_URL}/shinsa_t_migrate_${process.pid}`;
    try {
      const first = shinsa(['migrate', '--create-database'], { ...env, DATABASE_URL: url });
      expect(first.status).toBe(0);
      expect(first.stdout).toContain('database created');
      expect(first.stdout).toContain('applied: InitialServiceSchema1764230400000, LinkageAndLabels1764240000000, AttributeLookupCoversApplication1764250000000');
      const second = shinsa(['migrate'], { ...env, DATABASE_URL: url });
      expect(second.stdout).toBe('schema up to date\n');
    } finally {
      const admin = new Client({ connectionString: `${TEST_SERVER_URL}/postgres` });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "shinsa_t_migrate_${process.pid}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it('exits with the error when its start fails half-way (queues connected, the database refused) instead of staying up on what opened', () => {
    // runShinsa fails the test if the process is still running after its patience.
    const result = shinsa(['rescan', '--now'], { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/shinsa' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ECONNREFUSED 127.0.0.1:1');
  });

  it('names every bad configuration key and exits 2 without starting', () => {
    const result = shinsa(['api'], { DATABASE_URL: 'mysql://nope', SHINSA_MASTER_KEY: undefined, PORT: 'x' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL: must be a postgres://… or postgresql://… URL');
    expect(result.stderr).toContain('SHINSA_MASTER_KEY: is required');
    expect(result.stderr).toContain('PORT: must be a port number');
  });
});
