<?php
// shinsa client helpers for PHP (7.4+, no extension beyond json and hash; HTTP through PHP's own
// stream wrapper, so no curl needed): sign requests to shinsa (v2), verify such requests, and
// verify shinsa's callbacks (Standard Webhooks). Copy what you need.

/** The signing headers of one request to shinsa (v2). `$body` is the exact string you send ('' for a GET). */
function shinsa_headers(string $keyId, string $secret, string $method, string $path, string $body = '', ?string $idempotencyKey = null): array
{
    $timestamp = (string) time();
    $signed = $timestamp . "\n" . strtoupper($method) . "\n" . $path . "\n" . ($idempotencyKey ?? '') . "\n" . $body;
    $headers = [
        'X-Shinsa-Key-Id' => $keyId,
        'X-Shinsa-Timestamp' => $timestamp,
        'X-Shinsa-Signature' => 'v2=' . hash_hmac('sha256', $signed, $secret),
    ];
    if ($idempotencyKey !== null && $idempotencyKey !== '') {
        $headers['Idempotency-Key'] = $idempotencyKey;
    }
    return $headers;
}

/** What shinsa checks, for a gateway or a test double of your own: true when the request is genuine. */
function verify_shinsa_request(array $headers, string $method, string $path, string $body, array $secrets, int $toleranceSeconds = 300): bool
{
    $headers = array_change_key_case($headers, CASE_LOWER);
    $timestamp = $headers['x-shinsa-timestamp'] ?? '';
    if (!preg_match('/^\d{1,12}$/', $timestamp) || abs(time() - (int) $timestamp) > $toleranceSeconds) {
        return false;
    }
    if (!preg_match('/^v2=[0-9a-f]{64}$/', $headers['x-shinsa-signature'] ?? '')) {
        return false;
    }
    $signed = $timestamp . "\n" . strtoupper($method) . "\n" . $path . "\n" . ($headers['idempotency-key'] ?? '') . "\n" . $body;
    $genuine = false;
    foreach ($secrets as $secret) {
        $genuine = hash_equals('v2=' . hash_hmac('sha256', $signed, $secret), $headers['x-shinsa-signature']) || $genuine;
    }
    return $genuine;
}

/** Sends one signed request; returns [HTTP status, decoded JSON body]. A problem (4xx, 5xx) is returned, not thrown. */
function shinsa_request(string $baseUrl, string $keyId, string $secret, string $method, string $path, $payload = null, ?string $idempotencyKey = null): array
{
    $body = $payload === null ? '' : json_encode($payload, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR);
    $headers = shinsa_headers($keyId, $secret, $method, $path, $body, $idempotencyKey);
    if ($payload !== null) {
        $headers['Content-Type'] = 'application/json';
    }
    $lines = [];
    foreach ($headers as $name => $value) {
        $lines[] = $name . ': ' . $value;
    }
    $context = stream_context_create(['http' => ['method' => strtoupper($method), 'header' => implode("\r\n", $lines), 'content' => $body, 'ignore_errors' => true, 'timeout' => 10]]);
    $answer = @file_get_contents($baseUrl . $path, false, $context);
    if ($answer === false) {
        throw new RuntimeException('shinsa did not answer');
    }
    $status = preg_match('{^HTTP/\S+ (\d{3})}', $http_response_header[0] ?? '', $match) ? (int) $match[1] : 0;
    return [$status, json_decode($answer, true)];
}

/** POST /v1/screenings. Keep the Idempotency-Key to retry the same application after a timeout or a 503. */
function shinsa_screen(string $baseUrl, string $keyId, string $secret, array $application, ?string $idempotencyKey = null): array
{
    return shinsa_request($baseUrl, $keyId, $secret, 'POST', '/v1/screenings', $application, $idempotencyKey ?? bin2hex(random_bytes(16)));
}

/** GET /v1/screenings/{id}: the latest assessment, with the newest label as `verdict`. */
function shinsa_latest(string $baseUrl, string $keyId, string $secret, string $applicationId): array
{
    return shinsa_request($baseUrl, $keyId, $secret, 'GET', '/v1/screenings/' . rawurlencode($applicationId));
}

/**
 * Verifies a callback from shinsa as the Standard Webhooks libraries do and returns its body
 * (['type', 'timestamp', 'data']); throws when it is not genuine or more than 5 minutes old.
 * In a handler: verify_shinsa_callback(file_get_contents('php://input'), getallheaders(), $secret).
 */
function verify_shinsa_callback(string $rawBody, array $headers, string $secret, int $toleranceSeconds = 300): array
{
    $headers = array_change_key_case($headers, CASE_LOWER);
    $id = $headers['webhook-id'] ?? '';
    $timestamp = $headers['webhook-timestamp'] ?? '';
    if ($id === '' || !ctype_digit($timestamp) || abs(time() - (int) $timestamp) > $toleranceSeconds) {
        throw new RuntimeException('stale or malformed callback');
    }
    $key = base64_decode(preg_replace('/^whsec_/', '', $secret), true);
    $expected = base64_encode(hash_hmac('sha256', $id . '.' . $timestamp . '.' . $rawBody, $key, true));
    foreach (explode(' ', $headers['webhook-signature'] ?? '') as $entry) {
        [$version, $signature] = array_pad(explode(',', $entry, 2), 2, '');
        if ($version === 'v1' && hash_equals($expected, $signature)) {
            return json_decode($rawBody, true, 512, JSON_THROW_ON_ERROR);
        }
    }
    throw new RuntimeException('callback signature does not match');
}
