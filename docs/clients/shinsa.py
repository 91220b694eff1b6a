"""shinsa client helpers for Python (3.8+, standard library only): sign requests to shinsa (v2),
verify such requests, and verify shinsa's callbacks (Standard Webhooks). Copy what you need."""
import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid


def shinsa_headers(key_id, secret, method, path, body=b"", idempotency_key=None):
    """The signing headers of one request to shinsa (v2). `body` is the exact bytes you send (b"" for a GET)."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    timestamp = str(int(time.time()))
    signed = f"{timestamp}\n{method.upper()}\n{path}\n{idempotency_key or ''}\n".encode("utf-8") + body
    headers = {
        "X-Shinsa-Key-Id": key_id,
        "X-Shinsa-Timestamp": timestamp,
        "X-Shinsa-Signature": "v2=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest(),
    }
    if idempotency_key:
        headers["Idempotency-Key"] = idempotency_key
    return headers


def verify_shinsa_request(headers, method, path, body, secrets, tolerance_seconds=300):
    """What shinsa checks, for a gateway or a test double of your own: True when the request is genuine."""
    headers = {name.lower(): value for name, value in headers.items()}
    if isinstance(body, str):
        body = body.encode("utf-8")
    timestamp = headers.get("x-shinsa-timestamp", "")
    signature = headers.get("x-shinsa-signature", "")
    if not (timestamp.isdigit() and len(timestamp) <= 12) or abs(time.time() - int(timestamp)) > tolerance_seconds:
        return False
    if not (signature.startswith("v2=") and len(signature) == 67):
        return False
    signed = f"{timestamp}\n{method.upper()}\n{path}\n{headers.get('idempotency-key', '')}\n".encode("utf-8") + body
    expected = ["v2=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest() for secret in secrets]
    return any(hmac.compare_digest(candidate, signature) for candidate in expected)


def shinsa_request(base_url, key_id, secret, method, path, payload=None, idempotency_key=None):
    """Sends one signed request; returns (HTTP status, parsed JSON body). A problem (4xx, 5xx) is returned, not raised."""
    body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = shinsa_headers(key_id, secret, method, path, body, idempotency_key)
    if payload is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base_url + path, data=body if payload is not None else None, headers=headers, method=method.upper())
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as problem:
        return problem.code, json.loads(problem.read() or b"null")


def screen(base_url, key_id, secret, application, idempotency_key=None):
    """POST /v1/screenings. Keep the Idempotency-Key to retry the same application after a timeout or a 503."""
    return shinsa_request(base_url, key_id, secret, "POST", "/v1/screenings", application, idempotency_key or str(uuid.uuid4()))


def latest(base_url, key_id, secret, application_id):
    """GET /v1/screenings/{id}: the latest assessment, with the newest label as `verdict`."""
    return shinsa_request(base_url, key_id, secret, "GET", "/v1/screenings/" + urllib.request.quote(application_id, safe=""))


def verify_shinsa_callback(raw_body, headers, secret, tolerance_seconds=300):
    """Verifies a callback from shinsa as the Standard Webhooks libraries do and returns its body
    ({type, timestamp, data}); raises ValueError when it is not genuine or more than 5 minutes old.
    `raw_body` is the body exactly as received (bytes, before any JSON parsing)."""
    headers = {name.lower(): value for name, value in headers.items()}
    if isinstance(raw_body, str):
        raw_body = raw_body.encode("utf-8")
    msg_id = headers.get("webhook-id", "")
    timestamp = headers.get("webhook-timestamp", "")
    if not msg_id or not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance_seconds:
        raise ValueError("stale or malformed callback")
    key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
    expected = hmac.new(key, f"{msg_id}.{timestamp}.".encode("utf-8") + raw_body, hashlib.sha256).digest()
    for entry in headers.get("webhook-signature", "").split(" "):
        version, _, signature = entry.partition(",")
        try:
            given = base64.b64decode(signature, validate=True)
        except ValueError:
            continue
        if version == "v1" and hmac.compare_digest(given, expected):
            return json.loads(raw_body)
    raise ValueError("callback signature does not match")
