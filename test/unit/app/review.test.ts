import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config/config';
import { signRequest } from '../../../src/app/crypto/signature';
import { EkycHeader, GenericHmacEkycProvider } from '../../../src/app/ekyc/generic-hmac';
import { ApiError, ApiErrorCode } from '../../../src/app/http/api-error';
import { caseDueAt } from '../../../src/app/review/case-policy';
import { hashPassword, verifyPassword } from '../../../src/app/review/passwords';
import { hasRole } from '../../../src/app/review/reviewers';
import { html, SafeHtml } from '../../../src/app/review/ui/html';
import { pickLang, t, word } from '../../../src/app/review/ui/i18n';
import { compileRuleSet, defaultSignalRegistry, RuleSetError } from '../../../src/engine';
import { DEFAULT_RULES_DIR, readRuleFiles } from '../../../src/screening/rules-directory';

const shipped = () => readRuleFiles(DEFAULT_RULES_DIR);

function reviewIssues(content: string): string[] {
  try {
    compileRuleSet([...shipped().filter((file) => file.path !== 'review.yaml'), { path: 'review.yaml', content }], defaultSignalRegistry());
  } catch (error) {
    if (error instanceof RuleSetError) return error.issues.map((issue) => `${issue.file}: ${issue.key}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected review.yaml to be rejected');
}

describe('rules/review.yaml', () => {
  it('ships SLA hours, a 60-minute lease, decision reasons in both languages and IC-chip / JPKI eKYC methods only', () => {
    const review = compileRuleSet(shipped(), defaultSignalRegistry()).review!;
    expect(review.slaHours).toEqual({ review: 72, hold: 24, deny: 24 });
    expect(review.claimLeaseMinutes).toBe(60);
    expect(review.decisionReasons.approve.map((reason) => reason.code)).toContain('EKYC_VERIFIED');
    expect(review.decisionReasons.reject.map((reason) => reason.code)).toContain('CAMPAIGN_MEMBER');
    for (const reason of [...review.decisionReasons.approve, ...review.decisionReasons.reject, ...review.ekycMethods]) {
      expect(reason.en.length).toBeGreaterThan(5);
      expect(reason.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
    expect(review.ekycMethods.map((method) => method.code)).toEqual(['mynumber_card_ic', 'drivers_license_ic', 'jpki']);
  });

  it('names each bad key: unknown keys, a missing outcome, lower-case reason codes, an empty list', () => {
    const issues = reviewIssues(
      [
        'slaHours: { review: 72, hold: 24 }',
        'claimLeaseMinutes: 60',
        'leaseMinutes: 5',
        'decisionReasons:',
        '  approve: { ok_fine: { en: fine, ja: 良い } }',
        '  reject: {}',
        'ekycMethods: { jpki: { en: JPKI, ja: 公的個人認証 } }',
      ].join('\n'),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'review.yaml: slaHours.deny: Invalid input: expected number, received undefined',
        'review.yaml: leaseMinutes: unknown key',
        expect.stringMatching(/^review\.yaml: decisionReasons\.approve\.ok_fine: .*UPPER_SNAKE_CASE/),
        'review.yaml: decisionReasons.reject: at least one reason',
      ]),
    );
  });

  it('dates a case by the hours of its outcome', () => {
    const review = compileRuleSet(shipped(), defaultSignalRegistry()).review!;
    const from = new Date('2026-11-27T00:00:00Z');
    expect(caseDueAt(review, 'hold', from).toISOString()).toBe('2026-11-28T00:00:00.000Z');
    expect(caseDueAt(review, 'review', from).toISOString()).toBe('2026-11-30T00:00:00.000Z');
  });
});

describe('passwords', () => {
  it('hashes with scrypt and a salt of its own, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });

  it('orders roles: an admin does what a lead does, a lead what a reviewer does', () => {
    expect(hasRole({ role: 'admin' }, 'lead')).toBe(true);
    expect(hasRole({ role: 'lead' }, 'reviewer')).toBe(true);
    expect(hasRole({ role: 'reviewer' }, 'lead')).toBe(false);
    expect(hasRole({ role: 'lead' }, 'admin')).toBe(false);
  });
});

describe('html', () => {
  it('escapes every interpolated value unless it is already safe markup', () => {
    const name = '<script>alert("x")</script>&\'';
    const fragment = html`<b>${name}</b>`;
    expect(fragment.value).toBe('<b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</b>');
    expect(html`<p>${fragment}${[1, 2]}${null}${false}${undefined}</p>`.value).toBe(`<p>${fragment.value}12</p>`);
    expect(html`${new SafeHtml('<i>ok</i>')}`.value).toBe('<i>ok</i>');
  });
});

describe('UI language', () => {
  it('takes ?lang=, then the cookie, then Accept-Language, else English', () => {
    expect(pickLang('ja', 'en', 'en-US')).toBe('ja');
    expect(pickLang(undefined, 'ja', 'en-US')).toBe('ja');
    expect(pickLang('xx', undefined, 'ja,en;q=0.8')).toBe('ja');
    expect(pickLang(undefined, undefined, 'en-GB')).toBe('en');
    expect(pickLang(undefined, undefined, undefined)).toBe('en');
    expect(t('ja', 'showing', { shown: 3, total: 10 })).toBe('10 件中 3 件を表示');
    expect(word('ja', 'ekyc_pending')).toBe('eKYC 待ち');
    expect(word('en', 'unlisted')).toBe('unlisted');
  });
});

describe('generic eKYC adapter', () => {
  const provider = new GenericHmacEkycProvider({ secret: 's'.repeat(32), verifyUrl: 'https://v.example/{request}?m={method}' });
  const now = new Date('2026-11-27T01:00:00Z');
  const seconds = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({ requestId: '6F1C2A3B-1111-4222-8333-444455556666', vendorReference: 'R-1', result: 'failed', checks: [{ check: 'address', passed: false }], completedAt: '2026-11-27T10:00:00+09:00' });
  const path = '/v1/ekyc/callbacks/generic';
  const signed = (raw: string, secret = 's'.repeat(32), timestamp = seconds) => ({
    method: 'POST',
    path,
    headers: { [EkycHeader.Timestamp]: String(timestamp), [EkycHeader.Signature]: signRequest(secret, timestamp, { method: 'POST', path, body: raw }) },
    body: Buffer.from(raw),
  });
  const failure = (run: () => unknown): ApiError => {
    try {
      run();
    } catch (error) {
      return error as ApiError;
    }
    throw new Error('expected a failure');
  };

  it('fills the verification link template', () => {
    expect(provider.verificationUrl({ id: 'abc', method: 'jpki' })).toBe('https://v.example/abc?m=jpki');
  });

  it('accepts a signed body and returns the result with the request id in lower case', () => {
    expect(provider.parseCallback(signed(body), now)).toEqual({
      requestId: '6f1c2a3b-1111-4222-8333-444455556666',
      vendorReference: 'R-1',
      result: 'failed',
      checks: [{ check: 'address', passed: false }],
      completedAt: new Date('2026-11-27T01:00:00Z'),
    });
  });

  it('refuses another secret, a stale timestamp, a changed body, another path and unknown fields', () => {
    expect(failure(() => provider.parseCallback(signed(body, 'x'.repeat(32)), now)).code).toBe(ApiErrorCode.Unauthenticated);
    expect(failure(() => provider.parseCallback(signed(body, undefined, seconds - 301), now)).code).toBe(ApiErrorCode.Unauthenticated);
    const tampered = { ...signed(body), body: Buffer.from(body.replace('failed', 'passed')) };
    expect(failure(() => provider.parseCallback(tampered, now)).code).toBe(ApiErrorCode.Unauthenticated);
    expect(failure(() => provider.parseCallback({ ...signed(body), path: '/v1/ekyc/callbacks/other' }, now)).code).toBe(ApiErrorCode.Unauthenticated);
    const withSelfie = JSON.stringify({ ...JSON.parse(body), selfie: 'base64…' });
    const error = failure(() => provider.parseCallback(signed(withSelfie), now));
    expect(error.code).toBe(ApiErrorCode.InvalidApplication);
    expect(error.details.errors).toEqual([{ field: 'selfie', message: 'unknown field' }]);
  });
});

describe('review configuration', () => {
  const KEY = 'ab'.repeat(32);
  it('in development without eKYC settings, points the generic adapter at the simulated vendor page; never in production', () => {
    const base = { SHINSA_MASTER_KEY: 'a'.repeat(64), PORT: '3999', HOST: '127.0.0.1' };
    const development = loadConfig({ ...base, SHINSA_ENV: 'development' });
    expect(development.ekycSimulator).toBe(true);
    expect(development.ekycGeneric?.verifyUrl).toBe('http://127.0.0.1:3999/dev/ekyc/{request}?method={method}');
    expect(development.ekycGeneric?.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({ ...base, SHINSA_ENV: 'development' }).ekycGeneric?.secret).toBe(development.ekycGeneric?.secret);
    const production = loadConfig(base);
    expect(production.ekycSimulator).toBe(false);
    expect(production.ekycGeneric).toBeNull();
    // A real vendor in development is used as configured.
    const vendor = loadConfig({ ...base, SHINSA_ENV: 'development', SHINSA_EKYC_GENERIC_SECRET: 's'.repeat(40), SHINSA_EKYC_GENERIC_VERIFY_URL: 'https://vendor.example/{request}' });
    expect(vendor).toMatchObject({ ekycSimulator: false, ekycGeneric: { verifyUrl: 'https://vendor.example/{request}' } });
  });

  it('needs both eKYC settings or neither, and a {request} in the link template', () => {
    expect(loadConfig({ SHINSA_MASTER_KEY: KEY }).ekycGeneric).toBeNull();
    expect(() => loadConfig({ SHINSA_MASTER_KEY: KEY, SHINSA_EKYC_GENERIC_SECRET: 'z'.repeat(32) })).toThrow(/SHINSA_EKYC_GENERIC_VERIFY_URL: is required/);
    expect(() => loadConfig({ SHINSA_MASTER_KEY: KEY, SHINSA_EKYC_GENERIC_SECRET: 'z'.repeat(32), SHINSA_EKYC_GENERIC_VERIFY_URL: 'https://v.example/' })).toThrow(/must contain \{request\}/);
    expect(() => loadConfig({ SHINSA_MASTER_KEY: KEY, SHINSA_EKYC_GENERIC_SECRET: 'short', SHINSA_EKYC_GENERIC_VERIFY_URL: 'https://v.example/{request}' })).toThrow(/at least 32/);
  });

  it('sets Secure on session cookies in production and not in development, unless told', () => {
    expect(loadConfig({ SHINSA_MASTER_KEY: KEY }).reviewSecureCookie).toBe(true);
    expect(loadConfig({ SHINSA_MASTER_KEY: KEY, SHINSA_ENV: 'development' }).reviewSecureCookie).toBe(false);
    expect(loadConfig({ SHINSA_MASTER_KEY: KEY, SHINSA_REVIEW_SECURE_COOKIE: 'false' }).reviewSecureCookie).toBe(false);
  });
});
