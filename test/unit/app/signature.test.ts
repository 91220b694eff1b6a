import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRequest, verifySignature, type SignedRequest } from '../../../src/app/crypto/signature';

const NOW = 1_795_000_000;
const request: SignedRequest = { method: 'POST', path: '/v1/screenings', idempotencyKey: 'key-1', body: Buffer.from('{"externalId":"a"}') };

function check(overrides: Partial<Parameters<typeof verifySignature>[0]> = {}): boolean {
  return verifySignature({ timestamp: String(NOW), signature: signRequest('s1', NOW, request), request, secrets: ['s1'], nowSeconds: NOW, toleranceSeconds: 300, ...overrides });
}

describe(verifySignature.name, () => {
  it('signs HMAC-SHA256 over "<timestamp>\\n<METHOD>\\n<path with query>\\n<Idempotency-Key or empty>\\n<raw body>" as DESIGN §3.3 says', () => {
    const expected = createHmac('sha256', 's1').update(`${NOW}\nPOST\n/v1/screenings\nkey-1\n{"externalId":"a"}`).digest('hex');
    expect(signRequest('s1', NOW, request)).toBe(`v2=${expected}`);
    const get = createHmac('sha256', 's1').update(`${NOW}\nGET\n/v1/screenings/abc?x=1\n\n`).digest('hex');
    expect(signRequest('s1', NOW, { method: 'get', path: '/v1/screenings/abc?x=1', body: '' })).toBe(`v2=${get}`);
  });

  it('accepts a good signature within the window, from either of two active secrets', () => {
    expect(check()).toBe(true);
    expect(check({ secrets: ['s0', 's1'] })).toBe(true);
    expect(check({ nowSeconds: NOW + 300 })).toBe(true);
  });

  it.each([
    ['another secret', { secrets: ['s2'] }],
    ['no secrets', { secrets: [] }],
    ['a changed body', { request: { ...request, body: Buffer.from('{"externalId":"b"}') } }],
    ['another path', { request: { ...request, path: '/v1/labels' } }],
    ['another id in the path', { request: { ...request, path: '/v1/screenings/other' } }],
    ['an added query', { request: { ...request, path: '/v1/screenings?x=1' } }],
    ['another method', { request: { ...request, method: 'PUT' } }],
    ['another Idempotency-Key', { request: { ...request, idempotencyKey: 'key-2' } }],
    ['no Idempotency-Key', { request: { ...request, idempotencyKey: undefined } }],
    ['a stale timestamp', { nowSeconds: NOW + 301 }],
    ['a future timestamp', { nowSeconds: NOW - 301 }],
    ['a missing timestamp', { timestamp: undefined }],
    ['a non-numeric timestamp', { timestamp: `${NOW}.5` }],
    ['a missing signature', { signature: undefined }],
    ['an unversioned signature', { signature: signRequest('s1', NOW, request).slice(3) }],
    ['the retired v1 scheme', { signature: `v1=${createHmac('sha256', 's1').update(`${NOW}.{"externalId":"a"}`).digest('hex')}` }],
    ['upper-case hex', { signature: signRequest('s1', NOW, request).toUpperCase().replace('V2', 'v2') }],
  ])('refuses %s', (_case, overrides) => {
    expect(check(overrides as Partial<Parameters<typeof verifySignature>[0]>)).toBe(false);
  });
});
