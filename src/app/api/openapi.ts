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
  required: ['id', 'externalId', 'outcome', 'score', 'rulesVersion', 'caseId', 'receivedAt', 'hits'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    externalId: { type: 'string' },
    outcome: { type: 'string', enum: ['allow', 'review', 'hold', 'deny'] },
    score: { type: 'integer' },
    rulesVersion: { type: 'string' },
    caseId: { type: ['string', 'null'], format: 'uuid' },
    receivedAt: { type: 'string', format: 'date-time' },
    hits: {
      type: 'array',
      items: {
        type: 'object',
        properties: { signal: { type: 'string' }, points: { type: 'integer' }, reason: { type: 'string' }, detail: { type: 'string' } },
      },
    },
  },
};

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

const signedHeaders = [
  { name: 'X-Shinsa-Key-Id', in: 'header', required: true, schema: { type: 'string' } },
  { name: 'X-Shinsa-Timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'unix seconds; at most 5 minutes off' },
  {
    name: 'X-Shinsa-Signature',
    in: 'header',
    required: true,
    schema: { type: 'string' },
    description: 'v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>; the body of a GET is empty',
  },
];

/** The OpenAPI 3.1 document served at /docs; the application schema comes from the zod contract. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'shinsa', version: '0.1.0', description: 'Fraud screening for Japanese domain registrations and hosting signups' },
    paths: {
      '/v1/screenings': {
        post: {
          summary: 'Screen one application',
          description:
            'Something to screen is required besides externalId and product: a domain application needs domain.name; a hosting signup without a domain needs a registrant with at least one detail (name, organisation, e-mail, phone or address). Otherwise 422 names the missing field (domain or registrant).',
          parameters: [...signedHeaders, { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 255 } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Application' } } } },
          responses: {
            '200': { description: 'The assessment (a replay of the stored one for a repeated Idempotency-Key)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Assessment' } } } },
            '400': problemResponse('Malformed JSON or missing Idempotency-Key'),
            '401': problemResponse('Signature could not be verified'),
            '409': problemResponse('Idempotency-Key reused with another body'),
            '413': problemResponse('Body too large'),
            '415': problemResponse('Not application/json'),
            '422': problemResponse('Invalid application, or nothing to screen; errors lists each field'),
            '429': problemResponse('Rate limit exceeded; see Retry-After'),
            '503': problemResponse('Database unavailable; nothing stored; see Retry-After'),
          },
        },
      },
      '/v1/screenings/{id}': {
        get: {
          summary: 'The stored assessment of a screening this client sent',
          parameters: [...signedHeaders, { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': { description: 'The latest assessment', content: { 'application/json': { schema: { $ref: '#/components/schemas/Assessment' } } } },
            '401': problemResponse('Signature could not be verified'),
            '404': problemResponse('No such screening for this client'),
          },
        },
      },
      '/v1/labels': {
        post: {
          summary: 'Label an application (or every recent application of a domain) fraud or legitimate',
          parameters: signedHeaders,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Label' } } } },
          responses: {
            '201': { description: 'The labels stored; propagation to linked applications is queued' },
            '401': problemResponse('Signature could not be verified'),
            '404': problemResponse('No such application for this client / no application for the domain'),
            '422': problemResponse('Invalid label; errors lists each field'),
          },
        },
      },
      '/v1/abuse-reports': {
        post: {
          summary: 'Report abuse of a domain; stored until a reviewer confirms it',
          parameters: signedHeaders,
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/AbuseReport' } } } },
          responses: { '201': { description: 'Stored, linked to the application when shinsa has it' }, '401': problemResponse('Signature could not be verified'), '422': problemResponse('Invalid report') },
        },
      },
      '/v1/ekyc/callbacks/{provider}': {
        post: {
          summary: "An eKYC vendor's result (generic adapter: x-ekyc-timestamp and x-ekyc-signature, HMAC-SHA256 over \"<timestamp>.<raw body>\")",
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
