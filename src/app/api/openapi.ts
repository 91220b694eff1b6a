import { z } from 'zod';
import { applicationSchema } from '../../engine';
import { CALLBACK_SCHEMAS, CALLBACK_TYPES } from '../contract/callbacks';
import { abuseReportResultSchema, assessmentSchema, screeningSchema, ekycCallbackResultSchema, labelResultSchema, livenessSchema, problemSchema, readinessSchema, RESPONSE_SCHEMAS } from '../contract/responses';
import { genericCallbackSchema } from '../ekyc/generic-hmac';
import { abuseReportSchema, labelSchema } from '../labels/label-input';

/**
 * The OpenAPI 3.1 document served at /docs (and /docs/openapi.json) and rendered into docs/API.md.
 * Every schema in it is generated from the zod schemas the api validates requests with and types
 * its answers and callbacks by (src/app/contract/), so the document cannot say something the code
 * does not do; test/integration/openapi-contract.test.ts validates real answers and callbacks of
 * every route against it.
 */

/** The request-signing scheme, as src/app/crypto/signature.ts implements it. */
export const SIGNING_SCHEME =
  'v2=<hex HMAC-SHA256(secret, "<timestamp>\\n<METHOD>\\n<path with query>\\n<Idempotency-Key or empty>\\n<raw body>")>';

const JSON_TYPE = 'application/json';
const PROBLEM_TYPE = 'application/problem+json';

/** Bodies shinsa reads (validated as input); everything else is an answer or a callback (output). */
const REQUEST_SCHEMAS = [applicationSchema, labelSchema, abuseReportSchema, genericCallbackSchema];

function idOf(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('a published schema needs an id (.meta({ id }))');
  return id;
}

const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${idOf(schema)}` });

/** The JSON Schemas of every published schema, by id: requests as input, answers and callbacks as output. */
function componentSchemas(): Record<string, Record<string, unknown>> {
  const generate = (io: 'input' | 'output') =>
    z.toJSONSchema(z.globalRegistry, { target: 'draft-2020-12', io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }).schemas as Record<string, Record<string, unknown>>;
  const asInput = generate('input');
  const asOutput = generate('output');
  const requestIds = new Set(REQUEST_SCHEMAS.map(idOf));
  const published = [...REQUEST_SCHEMAS, ...RESPONSE_SCHEMAS, ...Object.values(CALLBACK_SCHEMAS)].map(idOf);
  const components: Record<string, Record<string, unknown>> = {};
  // The published schemas and whatever they refer to, nothing else the registry may hold.
  const pending = [...published];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (components[id]) continue;
    const generated = (requestIds.has(id) ? asInput : asOutput)[id];
    if (!generated) throw new Error(`no JSON Schema was generated for ${id}`);
    const { $id: _id, $schema: _schema, ...schema } = generated;
    components[id] = schema;
    for (const match of JSON.stringify(schema).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) pending.push(match[1]!);
  }
  return Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
}

const header = (description: string, required = true, schema: Record<string, unknown> = { type: 'string' }) => ({ description, required, schema });

const REQUEST_ID = { 'x-request-id': header('The request id: the `X-Request-Id` you sent (1–100 of `A-Za-z0-9._-`) or one shinsa made; quote it to the operator') };

function problem(description: string, options: { retryAfter?: boolean } = {}) {
  return {
    description,
    headers: { ...REQUEST_ID, ...(options.retryAfter ? { 'retry-after': header('Seconds to wait before retrying', true, { type: 'string', pattern: '^[0-9]+$' }) } : {}) },
    content: { [PROBLEM_TYPE]: { schema: ref(problemSchema) } },
  };
}

function answer(description: string, schema: z.ZodType, options: { replayable?: boolean } = {}) {
  return {
    description,
    headers: { ...REQUEST_ID, ...(options.replayable ? { 'idempotent-replayed': header('`true` when this is the stored answer to an earlier request with the same Idempotency-Key', false, { type: 'string', enum: ['true'] }) } : {}) },
    content: { [JSON_TYPE]: { schema: ref(schema) } },
  };
}

const SIGNED_HEADERS = [
  { name: 'X-Shinsa-Key-Id', in: 'header', required: true, schema: { type: 'string' }, description: 'Your key id, as `shinsa clients add` printed it' },
  { name: 'X-Shinsa-Timestamp', in: 'header', required: true, schema: { type: 'string', pattern: '^[0-9]{1,12}$' }, description: 'Unix seconds; at most 5 minutes off shinsa’s clock' },
  {
    name: 'X-Shinsa-Signature',
    in: 'header',
    required: true,
    schema: { type: 'string', pattern: '^v2=[0-9a-f]{64}$' },
    description: `\`${SIGNING_SCHEME}\`: the timestamp header's value, the method in upper case, the path exactly as sent (with its query), the Idempotency-Key header's value (empty for a GET), a line feed between each, then the body's exact bytes (nothing for a GET). See "Signing requests"`,
  },
];

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  description: 'A new key (a UUID) per request, kept for its retries; signed with the request. The same key and request again get the stored answer (`Idempotent-Replayed: true`); another request under it a 409',
};

const json = (schema: z.ZodType) => ({ required: true, content: { [JSON_TYPE]: { schema: ref(schema) } } });

/** The answers every signed route can give besides its own. */
const SIGNED_PROBLEMS = {
  '401': problem('The signature could not be verified (the same answer whatever was wrong)'),
  '429': problem('Over the rate limit, or too many failed authentications from this address', { retryAfter: true }),
  '503': problem('The database is unavailable; nothing was stored', { retryAfter: true }),
};

/** The answers every route that reads a JSON body can give. */
const BODY_PROBLEMS = {
  '413': problem('The body is larger than the limit'),
  '415': problem('The body is not application/json'),
  '422': problem('The body breaks the contract; `errors` names each bad field'),
};

const WRITE_PROBLEMS = {
  '400': problem('The body is not UTF-8 or not JSON, the Idempotency-Key is missing or malformed, or the query has text that cannot be stored'),
  '409': problem('The Idempotency-Key was used for another request'),
};

const WEBHOOK_HEADERS = [
  { name: 'webhook-id', in: 'header', required: true, schema: { type: 'string' }, description: '`msg_<event id>`: the same on every attempt of one event; deduplicate on it' },
  { name: 'webhook-timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'Unix seconds of this attempt; refuse a callback more than 5 minutes off' },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    schema: { type: 'string' },
    description: '`v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`, the key being the base64-decoded part of your `whsec_` callback secret; during a rotation one per secret, separated by spaces. See "Verifying callbacks"',
  },
];

function webhooks(): Record<string, unknown> {
  return Object.fromEntries(
    CALLBACK_TYPES.map((type) => [
      type,
      {
        post: {
          summary: `\`${type}\` callback`,
          description: z.globalRegistry.get(CALLBACK_SCHEMAS[type].shape.data)?.description,
          parameters: WEBHOOK_HEADERS,
          requestBody: json(CALLBACK_SCHEMAS[type]),
          responses: {
            '2XX': { description: 'Received: any 2xx ends the delivery' },
            default: { description: 'Anything else, or no answer within 10 s (SHINSA_CALLBACK_TIMEOUT_MS), is retried with exponential backoff (12 attempts unless configured otherwise)' },
          },
        },
      },
    ]),
  );
}

/** The OpenAPI 3.1 document served at /docs/openapi.json. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'shinsa',
      version: '0.1.0',
      description:
        'Fraud screening for Japanese domain registrations and hosting signups. Requests are signed (X-Shinsa-Signature v2, binding method, path, Idempotency-Key and body). Callbacks to the client follow Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 over "<id>.<timestamp>.<body>"> with the endpoint\'s whsec_ secret); their body is {"type", "timestamp", "data"}. A client sees, labels and learns of only its own applications. The reviewer UI under /review is for people, not part of this API.',
    },
    paths: {
      '/v1/screenings': {
        post: {
          operationId: 'screen',
          summary: 'Screen one application',
          description:
            'Answers at once with the assessment. A second submission of an externalId (with a new Idempotency-Key) is the next revision of the same application: the same `id`, the next `revision`, its open case updated. Something to screen is required besides externalId and product: a domain application needs domain.name; a hosting signup without a domain needs a registrant with at least one detail (name, organisation, e-mail, phone or address). Otherwise 422 names the missing field (`domain` or `registrant`).',
          parameters: [...SIGNED_HEADERS, IDEMPOTENCY_KEY],
          requestBody: json(applicationSchema),
          responses: {
            '200': answer('The assessment (the stored one for a repeated Idempotency-Key)', assessmentSchema, { replayable: true }),
            ...WRITE_PROBLEMS,
            ...BODY_PROBLEMS,
            ...SIGNED_PROBLEMS,
          },
        },
      },
      '/v1/screenings/{id}': {
        get: {
          operationId: 'latestScreening',
          summary: "The latest assessment of the latest revision of one of this client's applications",
          description:
            'Signed with an empty body and no Idempotency-Key. The assessment may be newer than the webhook’s answer (a label, a rescan); hits name only this client’s applications. `verdict` is the newest label on the application (yours, or a reviewer’s or feed’s on your case), null when none: a label does not re-screen the labelled application itself, so a fraud label shows here beside an assessment that may still say `allow`.',
          parameters: [...SIGNED_HEADERS, { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The `id` of the webhook’s answer' }],
          responses: {
            '200': answer('The latest assessment, and the newest label beside it', screeningSchema),
            '400': problem('The path has text that cannot be stored (NUL, lone surrogates) or percent-encoding that is not UTF-8'),
            '404': problem("No such screening for this client (another client's is answered the same way)"),
            ...SIGNED_PROBLEMS,
          },
        },
      },
      '/v1/labels': {
        post: {
          operationId: 'label',
          summary: "Label one of this client's applications (or its recent applications of a domain) fraud or legitimate",
          description:
            "Only the client's own applications: another client's is answered exactly as an unknown one. A fraud label re-screens the applications of the last 30 days that share its strong details (a `screening.reassessed` callback to their holders), without naming them to anyone. The latest verdict on an application wins.",
          parameters: [...SIGNED_HEADERS, IDEMPOTENCY_KEY],
          requestBody: json(labelSchema),
          responses: {
            '201': answer('The labels stored; the re-screening of linked applications is queued', labelResultSchema, { replayable: true }),
            '404': problem('No such application for this client, or this client has no application for the domain'),
            ...WRITE_PROBLEMS,
            ...BODY_PROBLEMS,
            ...SIGNED_PROBLEMS,
          },
        },
      },
      '/v1/abuse-reports': {
        post: {
          operationId: 'reportAbuse',
          summary: 'Report abuse of a domain; stored until a reviewer confirms it',
          description:
            "The report is linked to the domain's recent application. `applicationId` in the answer is the reporting client's own application for the domain, else null — also when another client holds it: that client is told (an `abuse.reported` callback), the reporter is not. A reviewer's confirmation makes it a fraud label and an `abuse.confirmed` callback to the holder.",
          parameters: [...SIGNED_HEADERS, IDEMPOTENCY_KEY],
          requestBody: json(abuseReportSchema),
          responses: {
            '201': answer('The report, pending a reviewer', abuseReportResultSchema, { replayable: true }),
            ...WRITE_PROBLEMS,
            ...BODY_PROBLEMS,
            ...SIGNED_PROBLEMS,
          },
        },
      },
      '/v1/ekyc/callbacks/{provider}': {
        post: {
          operationId: 'ekycResult',
          summary: "An eKYC vendor's result",
          description: `For eKYC vendors, not registrars. The generic adapter (provider \`generic\`) signs as clients sign requests, under its own header names: \`x-ekyc-timestamp\` and \`x-ekyc-signature: ${SIGNING_SCHEME}\` with the shared secret SHINSA_EKYC_GENERIC_SECRET (no key id; the Idempotency-Key is empty unless sent).`,
          parameters: [
            { name: 'provider', in: 'path', required: true, schema: { type: 'string', examples: ['generic'] }, description: 'The configured provider’s name' },
            { name: 'x-ekyc-timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'Unix seconds; at most 5 minutes off' },
            { name: 'x-ekyc-signature', in: 'header', required: true, schema: { type: 'string', pattern: '^v2=[0-9a-f]{64}$' }, description: `\`${SIGNING_SCHEME}\`` },
          ],
          requestBody: json(genericCallbackSchema),
          responses: {
            '200': answer('Recorded (or a repeat of the same result)', ekycCallbackResultSchema),
            '400': problem('The body is not UTF-8 or not JSON'),
            '401': problem('The signature could not be verified'),
            '404': problem('No such provider is configured, or no such eKYC request'),
            '409': problem('The eKYC request already has another result'),
            ...BODY_PROBLEMS,
            '503': SIGNED_PROBLEMS['503'],
          },
        },
      },
      '/healthz': { get: { operationId: 'liveness', summary: 'Liveness: the process is up', responses: { '200': answer('Up', livenessSchema) } } },
      '/readyz': {
        get: {
          operationId: 'readiness',
          summary: 'Readiness: PostgreSQL and Redis answer',
          responses: { '200': answer('Ready', readinessSchema), '503': answer('Not ready: `checks` says which dependency is down', readinessSchema) },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'Prometheus metrics',
          responses: { '200': { description: 'The Prometheus text exposition format', headers: REQUEST_ID, content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
    },
    webhooks: webhooks(),
    components: { schemas: componentSchemas() },
  };
}
