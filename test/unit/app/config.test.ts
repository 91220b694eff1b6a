import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, LOCAL_DATABASE_URL, LOCAL_REDIS_URL, loadConfig } from '../../../src/app/config/config';

const KEY = 'ab'.repeat(32);

describe(loadConfig.name, () => {
  it('defaults the URLs to the local PostgreSQL and Redis', () => {
    const sut = loadConfig({ SHINSA_MASTER_KEY: KEY });
    expect(sut).toMatchObject({ databaseUrl: LOCAL_DATABASE_URL, redisUrl: LOCAL_REDIS_URL, port: 3000, env: 'production', migrateOnStart: true });
    expect(sut.masterKey).toHaveLength(32);
  });

  it('has no default for the master key', () => {
    expect(() => loadConfig({})).toThrow(/SHINSA_MASTER_KEY: is required/);
  });

  it('lists every bad key at once, naming keys and never echoing values', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ SHINSA_MASTER_KEY: 'too-short-secret', DATABASE_URL: 'mysql://x', PORT: 'eighty', SHINSA_ENV: 'staging', SHINSA_MIGRATE_ON_START: 'maybe' });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'PORT', 'SHINSA_ENV', 'SHINSA_MASTER_KEY', 'SHINSA_MIGRATE_ON_START']);
    expect(error!.message).not.toContain('too-short-secret');
  });

  it('accepts a base64 master key and treats empty variables as unset', () => {
    const sut = loadConfig({ SHINSA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'), PORT: '', SHINSA_MIGRATE_ON_START: 'false' });
    expect(sut.masterKey.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(sut.port).toBe(3000);
    expect(sut.migrateOnStart).toBe(false);
  });

  it('takes five-field cron patterns for the nightly jobs, with their defaults', () => {
    expect(loadConfig({ SHINSA_MASTER_KEY: KEY })).toMatchObject({ rescan: { cron: '0 3 * * *' }, retention: { cron: '30 4 * * *' } });
    expect(loadConfig({ SHINSA_MASTER_KEY: KEY, SHINSA_RESCAN_CRON: '15 2 * * 1-5', SHINSA_PURGE_CRON: '0 5 1 * *' })).toMatchObject({ rescan: { cron: '15 2 * * 1-5' }, retention: { cron: '0 5 1 * *' } });
    let error: ConfigError | undefined;
    try {
      loadConfig({ SHINSA_MASTER_KEY: KEY, SHINSA_RESCAN_CRON: 'nightly', SHINSA_PURGE_CRON: '0 5 * *' });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error!.problems.filter((problem) => problem.endsWith('must be a cron pattern of five fields (minute hour day month weekday)')).map((problem) => problem.split(':')[0]).sort()).toEqual(['SHINSA_PURGE_CRON', 'SHINSA_RESCAN_CRON']);
  });

  it('takes a candidate rules directory only if it is one', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'shinsa-candidates-'));
    try {
      expect(loadConfig({ SHINSA_MASTER_KEY: KEY }).rulesCandidatesDir).toBeNull();
      expect(loadConfig({ SHINSA_MASTER_KEY: KEY, SHINSA_RULES_CANDIDATES_DIR: directory }).rulesCandidatesDir).toBe(directory);
      writeFileSync(path.join(directory, 'file'), '');
      for (const bad of [path.join(directory, 'missing'), path.join(directory, 'file')]) {
        expect(() => loadConfig({ SHINSA_MASTER_KEY: KEY, SHINSA_RULES_CANDIDATES_DIR: bad })).toThrow(/SHINSA_RULES_CANDIDATES_DIR: must be an existing directory/);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
