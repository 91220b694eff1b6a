// shinsa client helpers for Node.js (≥ 18, no dependencies): sign requests to shinsa (v2), verify
// such requests, and verify shinsa's callbacks (Standard Webhooks). Copy what you need.
const { createHmac, randomUUID, timingSafeEqual } = require('node:crypto');

/** The signing headers of one request to shinsa (v2). `body` is the exact string or Buffer you send ('' for a GET). */
function shinsaHeaders({ keyId, secret, method, path, body = '', idempotencyKey }) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret)
    .update(`${timestamp}\n${method.toUpperCase()}\n${path}\n${idempotencyKey ?? ''}\n`)
    .update(body)
    .digest('hex');
  return {
    'x-shinsa-key-id': keyId,
    'x-shinsa-timestamp': timestamp,
    'x-shinsa-signature': `v2=${signature}`,
    ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
  };
}

/** What shinsa checks, for a gateway or a test double of your own: true when the request is genuine. Header names in lower case. */
function verifyShinsaRequest({ headers, method, path, body = '', secrets, toleranceSeconds = 300 }) {
  const timestamp = headers['x-shinsa-timestamp'] ?? '';
  const given = /^v2=([0-9a-f]{64})$/.exec(headers['x-shinsa-signature'] ?? '');
  if (!given || !/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  return secrets.some((secret) => {
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}\n${method.toUpperCase()}\n${path}\n${headers['idempotency-key'] ?? ''}\n`)
      .update(body)
      .digest();
    return timingSafeEqual(expected, Buffer.from(given[1], 'hex'));
  });
}

/** POST /v1/screenings: `{ status, body }` (a problem is returned, not thrown). Keep the key to retry the same application after a timeout or a 503. */
async function screen(baseUrl, keyId, secret, application, idempotencyKey = randomUUID()) {
  const body = JSON.stringify(application);
  const headers = shinsaHeaders({ keyId, secret, method: 'POST', path: '/v1/screenings', body, idempotencyKey });
  const response = await fetch(`${baseUrl}/v1/screenings`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: await response.json() };
}

/** GET /v1/screenings/{id}: the latest assessment, with the newest label as `verdict`. */
async function latest(baseUrl, keyId, secret, id) {
  const path = `/v1/screenings/${encodeURIComponent(id)}`;
  const response = await fetch(`${baseUrl}${path}`, { headers: shinsaHeaders({ keyId, secret, method: 'GET', path }) });
  return { status: response.status, body: await response.json() };
}

/**
 * Verifies a callback from shinsa as the Standard Webhooks libraries do and returns its body
 * ({type, timestamp, data}); throws when it is not genuine or more than 5 minutes old. `rawBody`
 * is the body exactly as received (before any JSON parsing); header names in lower case.
 */
function verifyShinsaCallback(rawBody, headers, secret, toleranceSeconds = 300) {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  if (!id || !/^\d+$/.test(timestamp ?? '') || Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) throw new Error('stale or malformed callback');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest();
  const genuine = (headers['webhook-signature'] ?? '').split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!genuine) throw new Error('callback signature does not match');
  return JSON.parse(rawBody.toString());
}

module.exports = { shinsaHeaders, verifyShinsaRequest, screen, latest, verifyShinsaCallback };
