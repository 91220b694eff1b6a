import { genericCallbackSchema } from '../ekyc/generic-hmac';
import { abuseReportSchema, labelSchema } from '../labels/label-input';
import { z } from 'zod';
import { applicationSchema } from '../../engine';

const problem = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each bad field',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

const assessment = {
  type: 'object',
  required: ['id', 'externalId', 'revision', 'outcome', 'score', 'rulesVersion', 'caseId', 'receivedAt', 'hits'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'The application: the same for every revision (every submission of one externalId by one client)' },
    externalId: { type: 'string' },
    revision: { type: 'integer', minimum: 1, description: '1 for the first submission of the externalId, then 2, 3… for each later one (a revision of the same application)' },
    outcome: { type: 'string', enum: ['allow', 'review', 'hold', 'deny'] },
    score: { type: 'integer' },
    rulesVersion: { type: 'string' },
    caseId: { type: ['string', 'null'], format: 'uuid', description: "The application's open review case: while there is one, wait for the case.decided callback whatever the outcome" },
    receivedAt: { type: 'string', format: 'date-time' },
    hits: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          signal: { type: 'string' },
          points: { type: 'integer' },
          reason: { type: 'string' },
          detail: { type: 'string', description: "Names only this client's own applications and domains; linked ones of other clients are counted, never named" },
        },
      },
    },
  },
};

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/** The request-signing scheme (DESIGN §3.3), as the README's verifier and signer implement it. */
const SIGNING =
  'v2=<hex HMAC-SHA256(secret, "<timestamp>\\n<METHOD>\\n<path with query>\\n<Idempotency-Key or empty>\\n<raw body>")>: the timestamp is X-Shinsa-Timestamp, METHOD upper case, the path as sent (e.g. /v1/screenings/0192…); a GET signs an empty body. Any failure is the same 401 (v1, over timestamp and body only, is refused)';

const signedHeaders = [
  { name: 'X-Shinsa-Key-Id', in: 'header', required: true, schema: { type: 'string' } },
  { name: 'X-Shinsa-Timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'unix seconds; at most 5 minutes off' },
  { name: 'X-Shinsa-Signature', in: 'header', required: true, schema: { type: 'string', pattern: '^v2=[0-9a-f]{64}$' }, description: SIGNING },
];

const idempotencyKey = { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 255 }, description: 'signed with the request: the same key and request again get the stored answer (Idempotent-Replayed: true), another request under it 409' };

/** The OpenAPI 3.1 document served at /docs; the application schema comes from the zod contract. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'shinsa',
      version: '0.1.0',
      description:
        'Fraud screening for Japanese domain registrations and hosting signups. Requests are signed (X-Shinsa-Signature v2, binding method, path, Idempotency-Key and body). Callbacks to the client follow Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>"> with the endpoint\'s whsec_ secret); their body is {"type", "timestamp", "data"}. A client sees, labels and learns of only its own applications.',
    },
    paths: {
      '/v1/screenings': {
        post: {
          summary: 'Screen one application (a second submission of its externalId is the next revision of the same application)',
          description:
            'Something to screen is required besides externalId and product: a domain application needs domain.name; a hosting signup without a domain needs a registrant with at least one detail (name, organisation, e-mail, phone or address). Otherwise 422 names the missing field (domain or registrant).',
          parameters: [...signedHeaders, idempotencyKey],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Application' } } } },
          responses: {
            '200': { description: 'The assessment (a replay of the stored one for a repeated Idempotency-Key)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Assessment' } } } },
            '400': problemResponse('Malformed JSON or missing Idempotency-Key'),
            '401': problemResponse('Signature could not be verified'),
            '409': problemResponse('Idempotency-Key reused with another body'),
            '413': problemResponse('Body too large'),
            '415': problemResponse('Not application/json'),
            '422': problemResponse('Invalid application, or nothing to screen; errors lists each field (text with NUL, lone surrogates or non-characters included)'),
            '429': problemResponse('Rate limit exceeded; see Retry-After'),
            '503': problemResponse('Database unavailable; nothing stored; see Retry-After'),
          },
        },
      },
      '/v1/screenings/{id}': {
        get: {
          summary: "The latest assessment of the latest revision of one of this client's applications",
          parameters: [...signedHeaders, { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': { description: 'The latest assessment', content: { 'application/json': { schema: { $ref: '#/components/schemas/Assessment' } } } },
            '401': problemResponse('Signature could not be verified'),
            '404': problemResponse("No such screening for this client (another client's is answered the same way)"),
          },
        },
      },
      '/v1/labels': {
        post: {
          summary: "Label one of this client's applications (or its recent applications of a domain) fraud or legitimate",
          description: "Only the client's own applications: another client's is answered exactly as an unknown one. A fraud label still counts against other clients' applications that share its narrow details (linkage), without naming them to anyone.",
          parameters: [...signedHeaders, idempotencyKey],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Label' } } } },
          responses: {
            '201': { description: 'The labels stored; propagation to linked applications is queued' },
            '401': problemResponse('Signature could not be verified'),
            '404': problemResponse('No such application for this client / this client has no application for the domain'),
            '422': problemResponse('Invalid label; errors lists each field'),
          },
        },
      },
      '/v1/abuse-reports': {
        post: {
          summary: 'Report abuse of a domain; stored until a reviewer confirms it',
          description: "applicationId is the reporting client's own application for the domain, else null — also when another client holds it: that client is told (abuse.reported callback), the reporter is not.",
          parameters: [...signedHeaders, idempotencyKey],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AbuseReport' } } } },
          responses: {
            '201': { description: '{id, applicationId, state: "pending"}' },
            '401': problemResponse('Signature could not be verified'),
            '409': problemResponse('Idempotency-Key reused with another request'),
            '422': problemResponse('Invalid report'),
          },
        },
      },
      '/v1/ekyc/callbacks/{provider}': {
        post: {
          summary: "An eKYC vendor's result (generic adapter: x-ekyc-timestamp and x-ekyc-signature, signed as clients sign requests: v2 over timestamp, method, path, Idempotency-Key (empty) and raw body)",
          parameters: [
            { name: 'provider', in: 'path', required: true, schema: { type: 'string', examples: ['generic'] } },
            { name: 'x-ekyc-timestamp', in: 'header', required: true, schema: { type: 'string' } },
            { name: 'x-ekyc-signature', in: 'header', required: true, schema: { type: 'string' } },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/GenericEkycCallback' } } } },
          responses: {
            '200': { description: '{caseId, recorded}: recorded is false for a repeat of the same result' },
            '401': problemResponse('Signature could not be verified'),
            '404': problemResponse('No such provider, or no such eKYC request'),
            '409': problemResponse('The request already has another result'),
            '422': problemResponse('Invalid body (unknown fields such as images are refused)'),
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'up' } } } },
      '/readyz': { get: { summary: 'Readiness: PostgreSQL and Redis answer', responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text exposition format' } } } },
    },
    components: {
      schemas: {
        Application: z.toJSONSchema(applicationSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
        Assessment: assessment,
        Label: z.toJSONSchema(labelSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
        AbuseReport: z.toJSONSchema(abuseReportSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
        GenericEkycCallback: z.toJSONSchema(genericCallbackSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
        Problem: problem,
      },
    },
  };
}
