import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedHeaders } from '../../src/app/crypto/signature';
import { anUnlinkedApplication } from '../support/factories';
import { startDeliveringService, type DeliveringService } from '../support/delivering-service';
import type { ReceivedCallback } from '../support/faults';
import { addClient, waitFor, type TestClient } from '../support/service';

const CLIENTS = path.resolve(__dirname, '..', '..', 'docs', 'clients');
const run = promisify(execFile);

interface Answer {
  readonly status: number;
  readonly body: { id?: string; revision?: number; code?: string };
}

/** What each language's snippet is asked to do; every call runs the snippet file as a reader would use it. */
interface Snippet {
  screen(baseUrl: string, client: TestClient, application: unknown): Promise<Answer>;
  latest(baseUrl: string, client: TestClient, id: string): Promise<Answer>;
  /** The parsed callback, or `{ error }` with the verifier's message. */
  verifyCallback(body: string, headers: Record<string, string>, secret: string): Promise<unknown>;
  verifyRequest(request: { headers: Record<string, string>; method: string; path: string; body: string; secrets: string[] }): Promise<boolean>;
}

/** Runs `code` (which reads its arguments from `args`) with the snippet loaded, and parses the JSON it prints. */
async function python(code: string, args: unknown): Promise<unknown> {
  const script = `import json, sys\nsys.path.insert(0, ${JSON.stringify(CLIENTS)})\nfrom shinsa import *\nargs = json.loads(sys.argv[1])\n${code}`;
  return JSON.parse((await run('python3', ['-c', script, JSON.stringify(args)])).stdout);
}

async function php(code: string, args: unknown): Promise<unknown> {
  const script = `require ${JSON.stringify(path.join(CLIENTS, 'shinsa.php'))};\n$args = json_decode($argv[1], true);\n${code}`;
  return JSON.parse((await run('php', ['-r', script, JSON.stringify(args)])).stdout);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const node = require(path.join(CLIENTS, 'shinsa.js')) as {
  screen: (baseUrl: string, keyId: string, secret: string, application: unknown) => Promise<Answer>;
  latest: (baseUrl: string, keyId: string, secret: string, id: string) => Promise<Answer>;
  verifyShinsaCallback: (raw: string, headers: Record<string, string>, secret: string) => unknown;
  verifyShinsaRequest: (request: Record<string, unknown>) => boolean;
};

const SNIPPETS: Record<'node' | 'python' | 'php', Snippet> = {
  node: {
    screen: (baseUrl, client, application) => node.screen(baseUrl, client.keyId, client.secret, application),
    latest: (baseUrl, client, id) => node.latest(baseUrl, client.keyId, client.secret, id),
    verifyCallback: async (body, headers, secret) => {
      try {
        return node.verifyShinsaCallback(body, headers, secret);
      } catch (error) {
        return { error: (error as Error).message };
      }
    },
    verifyRequest: async (request) => node.verifyShinsaRequest(request),
  },
  python: {
    screen: async (baseUrl, client, application) => {
      const [status, body] = (await python('print(json.dumps(screen(args["baseUrl"], args["keyId"], args["secret"], args["application"])))', { baseUrl, ...client, application })) as [number, Answer['body']];
      return { status, body };
    },
    latest: async (baseUrl, client, id) => {
      const [status, body] = (await python('print(json.dumps(latest(args["baseUrl"], args["keyId"], args["secret"], args["id"])))', { baseUrl, ...client, id })) as [number, Answer['body']];
      return { status, body };
    },
    verifyCallback: (body, headers, secret) =>
      python(
        'try:\n    print(json.dumps(verify_shinsa_callback(args["body"].encode("utf-8"), args["headers"], args["secret"])))\nexcept ValueError as error:\n    print(json.dumps({"error": str(error)}))',
        { body, headers, secret },
      ),
    verifyRequest: async (request) => (await python('print(json.dumps(verify_shinsa_request(args["headers"], args["method"], args["path"], args["body"].encode("utf-8"), args["secrets"])))', request)) as boolean,
  },
  php: {
    screen: async (baseUrl, client, application) => {
      const [status, body] = (await php('echo json_encode(shinsa_screen($args["baseUrl"], $args["keyId"], $args["secret"], $args["application"]));', { baseUrl, ...client, application })) as [number, Answer['body']];
      return { status, body };
    },
    latest: async (baseUrl, client, id) => {
      const [status, body] = (await php('echo json_encode(shinsa_latest($args["baseUrl"], $args["keyId"], $args["secret"], $args["id"]));', { baseUrl, ...client, id })) as [number, Answer['body']];
      return { status, body };
    },
    verifyCallback: (body, headers, secret) =>
      php('try { echo json_encode(verify_shinsa_callback($args["body"], $args["headers"], $args["secret"])); } catch (RuntimeException $error) { echo json_encode(["error" => $error->getMessage()]); }', { body, headers, secret }),
    verifyRequest: async (request) =>
      (await php('echo json_encode(verify_shinsa_request($args["headers"], $args["method"], $args["path"], $args["body"], $args["secrets"]));', request)) as boolean,
  },
};

// Real parts: the api on a port, PostgreSQL, Redis, a `shinsa worker` process delivering callbacks
// to an HTTP receiver, python3 and php running docs/clients/ exactly as a registrar would copy them.
describe('the client snippets in docs/clients', () => {
  let service: DeliveringService;
  let client: TestClient;
  let serial = 0;

  beforeAll(async () => {
    service = await startDeliveringService();
    client = await addClient(service.db, service.config, service.receiver.url);
  });

  afterAll(async () => service?.stop());

  describe.each(Object.entries(SNIPPETS))('%s', (_language, snippet) => {
    it('signs a POST and a GET the api accepts; a wrong secret is refused', async () => {
      serial += 1;
      const application = anUnlinkedApplication('snippet', serial, { registrant: { name: { kanji: '山田 太郎' } } });
      const screened = await snippet.screen(service.api.baseUrl, client, application);
      expect(screened).toMatchObject({ status: 200, body: { id: expect.any(String), revision: 1 } });
      expect(await snippet.latest(service.api.baseUrl, client, screened.body.id!)).toMatchObject({ status: 200, body: { id: screened.body.id } });
      expect(await snippet.screen(service.api.baseUrl, { ...client, secret: `${client.secret}x` }, application)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    });

    it('verifies a real callback, and refuses it altered or under another secret', async () => {
      serial += 1;
      const { body } = await snippet.screen(service.api.baseUrl, client, anUnlinkedApplication('snippet', serial));
      const delivered: ReceivedCallback = await waitFor(
        async () => [...service.receiver.accepted.values()].find((callback) => (JSON.parse(callback.body) as { data: { applicationId: string } }).data.applicationId === body.id),
        'the screening.assessed callback',
      );
      const headers = delivered.headers as Record<string, string>;
      expect(await snippet.verifyCallback(delivered.body, headers, client.callbackSecret!)).toMatchObject({ type: 'screening.assessed', data: { applicationId: body.id } });
      expect(await snippet.verifyCallback(delivered.body.replace(body.id!, randomUUID()), headers, client.callbackSecret!)).toEqual({ error: 'callback signature does not match' });
      expect(await snippet.verifyCallback(delivered.body, headers, 'whsec_' + Buffer.alloc(32, 7).toString('base64'))).toEqual({ error: 'callback signature does not match' });
      expect(await snippet.verifyCallback(delivered.body, { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 600) }, client.callbackSecret!)).toEqual({ error: 'stale or malformed callback' });
    });

    it('verifies a request signed as shinsa signs, and nothing else', async () => {
      const body = '{"verdict":"fraud","note":"日本語"}';
      const headers = signedHeaders('key-1', 'the-secret', { method: 'POST', path: '/v1/labels?x=1', idempotencyKey: 'key-a', body });
      const request = { headers, method: 'POST', path: '/v1/labels?x=1', body, secrets: ['old-secret', 'the-secret'] };
      expect(await snippet.verifyRequest(request)).toBe(true);
      expect(await snippet.verifyRequest({ ...request, path: '/v1/labels' })).toBe(false);
      expect(await snippet.verifyRequest({ ...request, body: body.replace('fraud', 'legitimate') })).toBe(false);
      expect(await snippet.verifyRequest({ ...request, headers: { ...headers, 'idempotency-key': 'key-b' } })).toBe(false);
      expect(await snippet.verifyRequest({ ...request, secrets: ['old-secret'] })).toBe(false);
    });
  });
});
