import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runShinsa } from '../support/cli';
import { anApplication } from '../support/factories';

const root = path.resolve(__dirname, '../..');

/** The CLI with the shipped rules, whatever SHINSA_RULES_DIR the test run has. */
const shinsa = (args: string[], input?: string) => runShinsa(args, { input, env: { SHINSA_RULES_DIR: undefined } });

describe('shinsa screen', () => {
  it('writes one assessment per line, in order, and exits 0', () => {
    const input = [anApplication({ externalId: 'a-1' }), anApplication({ externalId: 'a-2', registrant: { phone: '050-3123-4567' } })]
      .map((application) => JSON.stringify(application))
      .join('\n');
    const sut = shinsa(['screen', '-'], `${input}\n`);
    expect(sut.stderr).toBe('');
    expect(sut.status).toBe(0);
    expect(sut.lines.map((line) => line.externalId)).toEqual(['a-1', 'a-2']);
    expect(sut.lines[0]).toMatchObject({ outcome: 'allow', rulesVersion: expect.stringMatching(/^sha256:/) });
    expect(sut.lines[1].hits.map((hit: { reason: string }) => hit.reason)).toContain('PHONE_VOIP');
  });

  it('reports bad lines by number and field, keeps screening the rest, and exits 2', () => {
    const input = [
      JSON.stringify(anApplication({ externalId: 'ok-1' })),
      '{"externalId": "broken", ',
      JSON.stringify({ ...anApplication({ externalId: 'bad-2' }), registrant: { phone: 5, nickname: 'x' } }),
      '',
      JSON.stringify(anApplication({ externalId: 'ok-2' })),
    ].join('\n');
    const sut = shinsa(['screen'], input);
    expect(sut.status).toBe(2);
    expect(sut.lines.map((line) => line.externalId ?? null)).toEqual(['ok-1', null, 'bad-2', 'ok-2']);
    expect(sut.lines[1]).toMatchObject({ line: 2, error: { code: 'INVALID_JSON' } });
    expect(sut.lines[2]).toMatchObject({
      line: 3,
      error: { code: 'INVALID_APPLICATION', fields: expect.arrayContaining([{ field: 'registrant.nickname', message: 'unknown field' }]) },
    });
    expect(sut.stderr).toMatch(/^line 2: not valid JSON/m);
    expect(sut.stderr).toMatch(/^line 3: registrant\.phone: /m);
    expect(sut.stderr).toMatch(/^line 3: registrant\.nickname: unknown field$/m);
  });

  it('refuses an application with nothing to screen, naming what is missing, and exits 2', () => {
    const sut = shinsa(['screen', '-'], '{"externalId":"x","product":"domain"}\n{"externalId":"h","product":"hosting","registrant":{}}\n');
    expect(sut.status).toBe(2);
    expect(sut.lines[0]).toMatchObject({ line: 1, externalId: 'x', error: { code: 'INVALID_APPLICATION', fields: [{ field: 'domain', message: expect.stringContaining('domain name') }] } });
    expect(sut.lines[1]).toMatchObject({ line: 2, error: { fields: [{ field: 'registrant', message: expect.stringContaining('registrant') }] } });
    expect(sut.stderr).toContain('line 1: domain: required');
  });

  it('refuses text PostgreSQL cannot store like the webhook does, naming the line and field', () => {
    const input = [
      JSON.stringify(anApplication({ externalId: 'nul-1', registrant: { name: { kanji: '佐藤\u0000花子' } } })),
      JSON.stringify(anApplication({ externalId: 'sur-2', domain: { nameservers: ['ns1.example.net', 'ns\ud800.example.net'] } })),
      JSON.stringify(anApplication({ externalId: 'ok-3' })),
    ].join('\n');
    const sut = shinsa(['screen'], input);
    expect(sut.status).toBe(2);
    expect(sut.stderr).toMatch(/^line 1: registrant\.name\.kanji: contains U\+0000 \(NUL\)/m);
    expect(sut.stderr).toMatch(/^line 2: domain\.nameservers\.1: contains a lone surrogate \(U\+D800\)/m);
    expect(sut.lines.map((line) => line.error?.code ?? line.outcome)).toEqual(['INVALID_APPLICATION', 'INVALID_APPLICATION', 'allow']);
  });

  it('reads a file, and exits 2 with a message for a file that does not exist', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'shinsa-cli-'));
    const file = path.join(directory, 'in.jsonl');
    writeFileSync(file, `${JSON.stringify(anApplication())}\n`);
    expect(shinsa(['screen', file]).lines).toHaveLength(1);
    const missing = shinsa(['screen', path.join(directory, 'nope.jsonl')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope\.jsonl/);
  });
});

describe('shinsa domains', () => {
  it('screens each name on what it shows, in order, and flags lookalikes but not the brands themselves', () => {
    const sut = shinsa(['domains', '-'], ['amazon.co.jp', '# a comment', 'smbc-card-login.jp', '', 'ＡＭＡＺＯＮ.co.jp', 'tokyo-ramen.com'].join('\n'));
    expect(sut.stderr).toBe('');
    expect(sut.status).toBe(0);
    expect(sut.lines.map((line) => [line.domain, line.registrableDomain])).toEqual([
      ['amazon.co.jp', 'amazon.co.jp'],
      ['smbc-card-login.jp', 'smbc-card-login.jp'],
      ['ＡＭＡＺＯＮ.co.jp', 'amazon.co.jp'],
      ['tokyo-ramen.com', 'tokyo-ramen.com'],
    ]);
    expect(sut.lines[0]).toMatchObject({ outcome: 'allow', score: 0, hits: [] });
    expect(sut.lines[1].outcome).not.toBe('allow');
    expect(sut.lines[3]).toMatchObject({ outcome: 'allow' });
  });

  it('notices names registered in series from one template', () => {
    const names = ['driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com', 'driect-sntpjpviewa02.com', 'driect-sntpjpviewa03.com', 'tokyo-ramen.com'];
    const sut = shinsa(['domains'], names.join('\n'));
    const reasons = sut.lines.map((line) => line.hits.map((hit: { reason: string }) => hit.reason));
    expect(reasons.slice(0, 4).every((list: string[]) => list.includes('DOMAIN_SERIES'))).toBe(true);
    expect(reasons[4]).not.toContain('DOMAIN_SERIES');
  });

  it('reports lines that are not host names by number, keeps going, and exits 2', () => {
    const sut = shinsa(['domains'], ['example.jp', 'bad_domain!.com', '203.0.113.5', 'com', 'example.com'].join('\n'));
    expect(sut.status).toBe(2);
    expect(sut.lines.map((line) => line.error?.code ?? line.registrableDomain)).toEqual(['example.jp', 'INVALID_DOMAIN', 'INVALID_DOMAIN', 'INVALID_DOMAIN', 'example.com']);
    expect(sut.lines[1]).toMatchObject({ line: 2, domain: 'bad_domain!.com' });
    expect(sut.stderr).toMatch(/^line 2: not a domain name: label "bad_domain!" is not a valid hostname label$/m);
    expect(sut.stderr).toMatch(/^line 3: not a domain name: an IP address/m);
    expect(sut.stderr).toMatch(/^line 4: not a domain name: no registrable domain/m);
  });
});

describe('shinsa rules', () => {
  it('checks the shipped rules', () => {
    const sut = shinsa(['rules', 'check']);
    expect(sut.status).toBe(0);
    expect(sut.stdout).toMatch(/^rules ok: sha256:[0-9a-f]{64}/);
  });

  it('dumps the effective rule set with the same version', () => {
    const check = shinsa(['rules', 'check']).stdout.split('\n')[0]!.replace('rules ok: ', '');
    const dump = JSON.parse(shinsa(['rules', 'dump']).stdout) as { version: string; thresholds: object; groups: Record<string, unknown> };
    expect(dump.version).toBe(check);
    expect(dump.thresholds).toEqual({ review: 25, hold: 50, deny: 80 });
    expect(Object.keys(dump.groups)).toEqual(expect.arrayContaining(['name', 'phone', 'address', 'email', 'organization', 'network']));
  });

  it.each([
    ['before the command', (directory: string) => ['--rules', directory, 'rules', 'check']],
    ['after the command', (directory: string) => ['rules', 'check', '--rules', directory]],
  ])('names the file and key of a broken rule and exits 2 (--rules %s)', (_where, args) => {
    const directory = mkdtempSync(path.join(tmpdir(), 'shinsa-rules-'));
    cpSync(path.join(root, 'rules'), directory, { recursive: true });
    const phone = path.join(directory, 'signals/phone.yaml');
    writeFileSync(phone, readFileSync(phone, 'utf8').replace('maxAttempts: 3', 'maxAttempts: -1'));
    const sut = shinsa(args(directory));
    expect(sut.status).toBe(2);
    expect(sut.stderr).toContain('signals/phone.yaml: signals.phone.sms_verification.params.maxAttempts:');
  });

  it('exits 2 on an unknown command', () => {
    expect(shinsa(['frobnicate']).status).toBe(2);
  });
});

describe('shinsa --version / --help', () => {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

  it.each([['--version'], ['-V']])('prints the package version for %s and exits 0', (flag) => {
    const sut = shinsa([flag]);
    expect(sut.status).toBe(0);
    expect(sut.stdout).toBe(`${version}\n`);
  });

  it('leaves a command its own --version (shinsa shadow --version V is a rules version)', () => {
    const sut = shinsa(['shadow', '--help']);
    expect(sut.stdout).toContain('--version <rulesVersion>');
    const unknown = shinsa(['screen', '--version']);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).not.toContain(version);
  });

  it('lists every command in --help and exits 0', () => {
    const sut = shinsa(['--help']);
    expect(sut.status).toBe(0);
    for (const command of ['screen', 'domains', 'rules', 'up', 'api', 'worker', 'migrate', 'clients', 'reviewers']) expect(sut.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(sut.stdout).toContain('-V, --version');
  });
});

describe('shinsa domains | head', () => {
  it('stops quietly when the reader closes the pipe early', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'domains'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.stdin.end(Array.from({ length: 50_000 }, (_, index) => `shop${index}.jp`).join('\n'));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).not.toContain('internal error');
    expect(code).toBe(0);
  });
});
