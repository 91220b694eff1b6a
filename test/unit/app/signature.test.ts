import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from '../../../src/app/crypto/signature';

const NOW = 1_795_000_000;
const body = Buffer.from('{"externalId":"a"}');

function check(overrides: Partial<Parameters<typeof verifySignature>[0]> = {}): boolean {
  return verifySignature({ timestamp: String(NOW), signature: signPayload('s1', NOW, body), body, secrets: ['s1'], nowSeconds: NOW, toleranceSeconds: 300, ...overrides });
}

describe(verifySignature.name, () => {
  it('signs HMAC-SHA256 over "<timestamp>.<raw body>" as DESIGN §3.3 says', () => {
    const expected = createHmac('sha256', 's1').update(`${NOW}.{"externalId":"a"}`).digest('hex');
    expect(signPayload('s1', NOW, body)).toBe(`v1=${expected}`);
  });

  it('accepts a good signature within the window, from either of two active secrets', () => {
    expect(check()).toBe(true);
    expect(check({ secrets: ['s0', 's1'] })).toBe(true);
    expect(check({ nowSeconds: NOW + 300 })).toBe(true);
  });

  it.each([
    ['another secret', { secrets: ['s2'] }],
    ['no secrets', { secrets: [] }],
    ['a changed body', { body: Buffer.from('{"externalId":"b"}') }],
    ['a stale timestamp', { nowSeconds: NOW + 301 }],
    ['a future timestamp', { nowSeconds: NOW - 301 }],
    ['a missing timestamp', { timestamp: undefined }],
    ['a non-numeric timestamp', { timestamp: `${NOW}.5` }],
    ['a missing signature', { signature: undefined }],
    ['an unversioned signature', { signature: signPayload('s1', NOW, body).slice(3) }],
    ['upper-case hex', { signature: signPayload('s1', NOW, body).toUpperCase().replace('V1', 'v1') }],
  ])('refuses %s', (_case, overrides) => {
    expect(check(overrides)).toBe(false);
  });
});
