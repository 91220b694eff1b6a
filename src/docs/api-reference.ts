/**
 * docs/API.md, the registrar's reference, is generated: the contracts' tables from the OpenAPI
 * document (itself generated from the zod schemas the api validates and types with), the error
 * codes from the problem table, the decision reasons and eKYC methods from the shipped rules, the
 * example assessment by screening the example application with the engine, and the client code
 * from docs/clients/ (which test/integration/client-snippets.test.ts runs against the real api).
 * `npm run docs:api` rewrites it; test/unit/docs/api-reference.test.ts fails while the committed
 * file differs. Re-run it after changing a schema, a route, an error code, the rules or a client file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument, SIGNING_SCHEME } from '../app/api/openapi';
import { assessmentSchema, type ScreeningResponse } from '../app/contract/responses';
import { problemCodes } from '../app/contract/problems';
import { CALLBACK_SCHEMAS, CALLBACK_TYPES, type CallbackType } from '../app/contract/callbacks';
import { curlExample } from '../cli/demo-setup';
import { applicationSchema, type Outcome, type RuleSet } from '../engine';
import { Screener } from '../screening/screener';

const root = path.resolve(__dirname, '..', '..');
export const API_REFERENCE_FILE = path.join(root, 'docs', 'API.md');

/** The fixture the reference shows as its example application. */
const EXAMPLE_FIXTURE = 'fx-fraud-sms-050-from-sakura-vps';
const CLIENT_FILES = [
  { language: 'Node.js', fence: 'js', file: 'docs/clients/shinsa.js' },
  { language: 'Python', fence: 'python', file: 'docs/clients/shinsa.py' },
  { language: 'PHP', fence: 'php', file: 'docs/clients/shinsa.php' },
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

function fence(language: string, text: string): string {
  return `\`\`\`${language}\n${text.replace(/\n$/, '')}\n\`\`\``;
}

/** A description as a sentence: with one full stop at the end. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replaceAll(' ', '-');
}

function refName(schema: Schema): string | undefined {
  return typeof schema.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : undefined;
}

/** A schema without its `null` alternative, and whether it had one. */
function withoutNull(schema: Schema): { schema: Schema; nullable: boolean } {
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const types = schema.type.filter((type: string) => type !== 'null');
    return { schema: { ...schema, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  const alternatives: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (!alternatives) return { schema, nullable: false };
  const others = alternatives.filter((alternative) => alternative.type !== 'null');
  if (others.length === 1 && others.length < alternatives.length) return { schema: { ...others[0], description: schema.description ?? others[0]!.description }, nullable: true };
  return { schema, nullable: false };
}

function typeOf(schema: Schema): string {
  const named = refName(schema);
  if (named) return `[${named}](#${anchor(named)})`;
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value: unknown) => `\`${JSON.stringify(value)}\``).join(' | ');
  if (schema.type === 'array') return `array of ${typeOf(schema.items ?? {})}`;
  if (schema.format) return `${schema.type} (${schema.format})`;
  if (schema.type === 'integer' || schema.type === 'number' || schema.type === 'string' || schema.type === 'boolean' || schema.type === 'object') return schema.type;
  const alternatives: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(typeOf).join(' or ');
  return 'any';
}

function limitsOf(schema: Schema): string {
  const limits: string[] = [];
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    limits.push(schema.minLength ? `${schema.minLength}–${schema.maxLength ?? '…'} characters` : `≤ ${schema.maxLength} characters`);
  }
  const minimum = schema.minimum !== undefined && schema.minimum > -SAFE_INTEGER ? schema.minimum : undefined;
  const maximum = schema.maximum !== undefined && schema.maximum < SAFE_INTEGER ? schema.maximum : undefined;
  if (minimum !== undefined && maximum !== undefined) limits.push(`${minimum}–${maximum}`);
  else if (minimum !== undefined) limits.push(`≥ ${minimum}`);
  else if (maximum !== undefined) limits.push(`≤ ${maximum}`);
  if (schema.minItems !== undefined) limits.push(`≥ ${schema.minItems} items`);
  if (schema.maxItems !== undefined) limits.push(`≤ ${schema.maxItems} items`);
  // Formats say it better than the regular expressions zod writes for them.
  if (schema.pattern && !schema.format) limits.push(`matches \`${schema.pattern}\``);
  if (schema.default !== undefined) limits.push(`default \`${JSON.stringify(schema.default)}\``);
  return limits.join('; ');
}

interface FieldRow {
  readonly field: string;
  readonly type: string;
  readonly presence: string;
  readonly limits: string;
  readonly meaning: string;
}

/**
 * One row per field of an object schema, nested objects flattened into dotted paths (`a.b`,
 * `list[].c`); fields of another named schema are that schema's table. A field without a
 * description is an error: every published field says what it means.
 */
function fieldRows(schema: Schema, owner: string, prefix = ''): FieldRow[] {
  const required = new Set<string>(schema.required ?? []);
  return Object.entries((schema.properties ?? {}) as Record<string, Schema>).flatMap(([name, property]) => {
    const field = `${prefix}${name}`;
    const { schema: inner, nullable } = withoutNull(property);
    const meaning = property.description ?? inner.description;
    if (!meaning && !refName(inner)) throw new Error(`${owner}: the field ${field} has no description (add .describe() to its zod schema)`);
    const presence = required.has(name) ? (nullable ? 'required, may be null' : 'required') : nullable ? 'optional, may be null' : 'optional';
    const row: FieldRow = { field: `\`${field}\``, type: typeOf(inner), presence, limits: limitsOf(inner), meaning: meaning ?? '' };
    if (inner.type === 'object' && inner.properties) return [row, ...fieldRows(inner, owner, `${field}.`)];
    if (inner.type === 'array' && inner.items?.type === 'object' && inner.items.properties) return [row, ...fieldRows(inner.items, owner, `${field}[].`)];
    return [row];
  });
}

export function fieldTable(schema: Schema, owner: string): string {
  const rows = fieldRows(schema, owner);
  return ['| Field | Type | Presence | Limits | Meaning |', '|---|---|---|---|---|', ...rows.map((row) => `| ${row.field} | ${cell(row.type)} | ${row.presence} | ${cell(row.limits)} | ${cell(row.meaning)} |`)].join('\n');
}

/** A named schema's section: its description and its table (or its values, for an enum). */
function schemaSection(name: string, schema: Schema, level = '###'): string {
  if (!schema.description) throw new Error(`the schema ${name} has no description`);
  const body = schema.properties ? fieldTable(schema, name) : `${typeOf(schema)}`;
  return `${level} ${name}\n\n${sentence(schema.description)}\n\n${body}`;
}

type Operation = { summary: string; description?: string; parameters?: Schema[]; requestBody?: Schema; responses: Record<string, Schema> };

function operationSection(method: string, route: string, operation: Operation): string {
  const lines = [`### ${method.toUpperCase()} ${route}`, '', sentence(operation.summary)];
  if (operation.description) lines.push('', operation.description);
  const parameters = operation.parameters ?? [];
  if (parameters.length > 0) {
    lines.push('', '| Parameter | In | Required | Meaning |', '|---|---|---|---|', ...parameters.map((parameter) => `| \`${parameter.name}\` | ${parameter.in} | ${parameter.required ? 'yes' : 'no'} | ${cell(parameter.description ?? '')} |`));
  }
  const body = operation.requestBody?.content?.['application/json']?.schema;
  if (body) lines.push('', `Body (\`application/json\`): ${typeOf(body)}.`);
  lines.push('', '| Status | Meaning | Body |', '|---|---|---|');
  for (const [status, response] of Object.entries(operation.responses)) {
    const [mediaType, content] = Object.entries((response.content ?? {}) as Record<string, Schema>)[0] ?? [];
    const headers = Object.keys(response.headers ?? {}).filter((header) => header !== 'x-request-id');
    const extra = headers.length > 0 ? ` (headers: ${headers.map((header) => `\`${header}\``).join(', ')})` : '';
    lines.push(`| ${status} | ${cell(response.description)}${extra} | ${content ? `${typeOf(content.schema)} \`${mediaType}\`` : ''} |`);
  }
  return lines.join('\n');
}

const EXAMPLE_IDS = {
  application: '01938f2e-5c1a-7b3d-9e4f-0a1b2c3d4e5f',
  case: '01938f2e-5c1b-7000-8000-000000000001',
  label: '01938f31-0d2e-4a6b-8c1f-3e5d7a9b1c2d',
  ekycRequest: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  abuseReport: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
} as const;

function exampleApplication(): Record<string, unknown> {
  const line = readFileSync(path.join(root, 'fixtures/applications/applications.jsonl'), 'utf8')
    .split('\n')
    .find((candidate) => candidate.includes(`"externalId":"${EXAMPLE_FIXTURE}"`));
  if (!line) throw new Error(`the example fixture ${EXAMPLE_FIXTURE} is missing`);
  return applicationSchema.parse(JSON.parse(line)) as Record<string, unknown>;
}

/** The webhook's answer to the example: the engine's assessment with the ids the service adds (fixed here), checked against the contract. */
function exampleAnswer(screener: Screener, application: Record<string, unknown>): ScreeningResponse {
  const assessment = screener.screen(applicationSchema.parse(application));
  const answer = assessmentSchema.parse({
    id: EXAMPLE_IDS.application,
    externalId: assessment.externalId,
    revision: 1,
    outcome: assessment.outcome,
    score: assessment.score,
    rulesVersion: assessment.rulesVersion,
    caseId: assessment.outcome === 'review' || assessment.outcome === 'hold' ? EXAMPLE_IDS.case : null,
    receivedAt: '2026-11-27T01:15:00.123Z',
    hits: assessment.hits,
  });
  return answer;
}


/**
 * One example body per callback type, about the example application; each is parsed with its
 * callback schema (and its reason codes looked up in the rules), so an example cannot drift from
 * the contract.
 */
function exampleCallbacks(rules: RuleSet, answer: ScreeningResponse): Record<CallbackType, unknown> {
  const review = rules.review!;
  const at = '2026-11-27T01:15:00.123Z';
  const later = '2026-11-27T03:40:12.456Z';
  const about = { applicationId: answer.id, externalId: answer.externalId };
  // The same application after a fraud label on one that shares its details.
  const relinked = answer.score + (rules.reasons.get('LINKED_TO_FRAUD')?.points ?? 0);
  const examples: Record<CallbackType, Record<string, unknown>> = {
    'screening.assessed': { ...about, revision: answer.revision, outcome: answer.outcome, score: answer.score, rulesVersion: answer.rulesVersion, caseId: answer.caseId, reasons: answer.hits.map((hit) => hit.reason) },
    'screening.reassessed': {
      ...about,
      trigger: `label:${EXAMPLE_IDS.label}`,
      outcome: outcomeOf(rules, relinked),
      previousOutcome: answer.outcome,
      score: relinked,
      rulesVersion: answer.rulesVersion,
      caseId: null,
      reasons: [...answer.hits.map((hit) => hit.reason), 'LINKED_TO_FRAUD'],
    },
    'ekyc.requested': {
      caseId: EXAMPLE_IDS.case,
      ...about,
      domain: 'smbc-card-kakunin.jp',
      ekycRequestId: EXAMPLE_IDS.ekycRequest,
      method: review.ekycMethods[0]!.code,
      verificationUrl: `https://ekyc.example/verify/${EXAMPLE_IDS.ekycRequest}?method=${review.ekycMethods[0]!.code}`,
    },
    'case.decided': { caseId: EXAMPLE_IDS.case, ...about, domain: 'smbc-card-kakunin.jp', decision: 'rejected', reasonCode: review.decisionReasons.reject[0]!.code, reason: review.decisionReasons.reject[0]!.en, decidedAt: later },
    'abuse.reported': { abuseReportId: EXAMPLE_IDS.abuseReport, ...about, domain: 'smbc-card-kakunin.jp', category: 'phishing', url: 'https://smbc-card-kakunin.jp/login', reportedAt: at },
    'abuse.confirmed': { abuseReportId: EXAMPLE_IDS.abuseReport, ...about, domain: 'smbc-card-kakunin.jp', category: 'phishing', url: 'https://smbc-card-kakunin.jp/login', confirmedAt: later },
  };
  return Object.fromEntries(
    CALLBACK_TYPES.map((type) => {
      const data = examples[type];
      for (const reason of (data.reasons as string[] | undefined) ?? []) {
        if (!rules.reasons.has(reason) && !rules.composites.some((composite) => composite.reason === reason)) throw new Error(`the ${type} example names ${reason}, which the rules do not have`);
      }
      return [type, CALLBACK_SCHEMAS[type].parse({ type, timestamp: type === 'screening.assessed' ? at : later, data })];
    }),
  ) as Record<CallbackType, unknown>;
}

/** The outcome a score reaches by the rules' thresholds alone. */
function outcomeOf(rules: RuleSet, score: number): Outcome {
  return (['deny', 'hold', 'review'] as const).find((outcome) => score >= rules.thresholds[outcome]) ?? 'allow';
}

interface RuleTables {
  readonly decisionReasons: string;
  readonly ekycMethods: string;
  readonly reasonCodes: string;
}

/** The shipped rules' decision reasons, eKYC methods and reason codes, as tables. */
function ruleTables(rules: RuleSet): RuleTables {
  const review = rules.review;
  if (!review) throw new Error('the shipped rules have no review.yaml');
  const rows = (entries: readonly { code: string; en: string; ja: string }[], kind: string) => entries.map((entry) => `| \`${entry.code}\` | ${kind} | ${cell(entry.en)} | ${cell(entry.ja)} |`);
  const reasons = [
    ...[...rules.reasons.values()].map((reason) => ({ code: reason.reason, from: `\`${reason.signal}\``, meaning: reason.description ?? '' })),
    ...rules.composites.map((composite) => ({ code: composite.reason, from: `composite: ${composite.when}`, meaning: composite.description ?? '' })),
    ...rules.ceilings.map((ceiling) => ({ code: ceiling.id, from: `ceiling: at most \`${ceiling.maxOutcome}\``, meaning: ceiling.description ?? '' })),
    { code: 'GROUP_CAP', from: 'cap', meaning: 'The points of one group of signals above its cap, taken off again (negative points)' },
  ].sort((a, b) => a.code.localeCompare(b.code));
  return {
    decisionReasons: ['| reasonCode | Decision | Meaning | 意味 |', '|---|---|---|---|', ...rows(review.decisionReasons.approve, 'approved'), ...rows(review.decisionReasons.reject, 'rejected')].join('\n'),
    ekycMethods: ['| method | | Meaning | 意味 |', '|---|---|---|---|', ...rows(review.ekycMethods, 'eKYC')].join('\n'),
    reasonCodes: ['| reason | From | Meaning |', '|---|---|---|', ...reasons.map((reason) => `| \`${reason.code}\` | ${cell(reason.from)} | ${cell(reason.meaning.trim())} |`)].join('\n'),
  };
}

/** The whole of docs/API.md. */
export function renderApiReference(): string {
  const document = openApiDocument() as { paths: Record<string, Record<string, Operation>>; webhooks: Record<string, { post: Operation }>; components: { schemas: Record<string, Schema> } };
  const schemas = document.components.schemas;
  const section = (name: string) => schemaSection(name, schemas[name]!);
  const screener = new Screener();
  const application = exampleApplication();
  const rules = ruleTables(screener.engine.rules);
  const answer = exampleAnswer(screener, application);
  const callbackExamples = exampleCallbacks(screener.engine.rules, answer);
  const operations = Object.entries(document.paths).flatMap(([route, item]) => Object.entries(item).map(([method, operation]) => operationSection(method, route, operation)));
  const callbackSections = CALLBACK_TYPES.map((type) => {
    const body = schemas[document.webhooks[type]!.post.requestBody!.content['application/json'].schema.$ref.replace('#/components/schemas/', '')]!;
    const dataName = refName(body.properties.data)!;
    return `### ${type}\n\n${sentence(schemas[dataName]!.description)}\n\n${fence('json', JSON.stringify(callbackExamples[type], null, 2))}\n\n\`data\` (\`${dataName}\` in the OpenAPI document):\n\n${fieldTable(schemas[dataName]!, dataName)}`;
  });
  const problems = problemCodes();

  return `<!-- Generated by \`npm run docs:api\` (src/docs/api-reference.ts) from the zod schemas, the rules and docs/clients/. Do not edit: change the source and re-run. -->

# shinsa API reference

Everything a registrar's (or a hosting provider's) back end needs to talk to shinsa: what to
send, what comes back, the callbacks shinsa sends, how both directions are signed, and every error.
The same contract is served by a running api as OpenAPI 3.1 at \`/docs/openapi.json\` (Swagger UI at
\`/docs\`). Both are generated from the code that validates and answers requests, and a test
validates real answers and callbacks of every route against the published document.

- [Overview](#overview)
- [Signing requests](#signing-requests)
- [Endpoints](#endpoints)
- [The application](#the-application)
- [Answers](#answers)
- [Callbacks](#callbacks)
- [Verifying callbacks](#verifying-callbacks)
- [Client code: Node.js, Python, PHP](#client-code-nodejs-python-php)
- [Error codes](#error-codes)
- [Decision reasons and eKYC methods](#decision-reasons-and-ekyc-methods)
- [Reason codes](#reason-codes)

## Overview

- **Credentials.** The operator runs \`shinsa clients add NAME --callback-url URL\`, which prints
  \`{"keyId", "secret", "callbackSecret"}\` once: \`keyId\` and \`secret\` sign your requests,
  \`callbackSecret\` (\`whsec_…\`) verifies shinsa's callbacks to \`URL\`. \`shinsa clients rotate
  KEY_ID\` adds a second secret (both are accepted until \`--retire-oldest\`); with \`--callback\`
  it does the same for the callback secret (callbacks are signed with both meanwhile).
- **Screening.** \`POST /v1/screenings\` with an [application](#the-application) answers at once with
  its [assessment](#assessment): \`allow\`, \`review\`, \`hold\` or \`deny\`, the score and every reason.
  When the answer has a \`caseId\`, a person reviews the application (usually after an eKYC check):
  do not activate before the \`case.decided\` callback.
- **Revisions.** A second submission of the same \`externalId\` (a new \`Idempotency-Key\`) is a
  revision of the same application: the same \`id\`, the next \`revision\`, its open case updated.
- **Idempotency.** Every write takes an \`Idempotency-Key\` (a UUID per request), signed with it.
  After a timeout or a 503, send the same request with the same key: you get the stored answer
  (\`Idempotent-Replayed: true\`), never a second application.
- **Your own data only.** A client sees, labels and hears of only its own applications; another
  client's are answered exactly as unknown ones.
- **Errors** are \`application/problem+json\` (RFC 9457) with a stable \`code\` and, for bad input,
  \`errors\` naming each field: see [Error codes](#error-codes).
- **Callbacks** are Standard Webhooks messages \`{"type", "timestamp", "data"}\`, delivered at least
  once: deduplicate on \`webhook-id\`.

## Signing requests

Every \`/v1\` request a client sends carries three headers:

| Header | Value |
|---|---|
| \`X-Shinsa-Key-Id\` | your key id |
| \`X-Shinsa-Timestamp\` | the current time in unix seconds (at most 5 minutes off shinsa's clock) |
| \`X-Shinsa-Signature\` | \`${SIGNING_SCHEME}\` |

The signed text is, with a line feed (\`\\n\`) after each of the first four parts:

1. the \`X-Shinsa-Timestamp\` value,
2. the method in upper case (\`POST\`, \`GET\`),
3. the path exactly as sent, with its query if any (\`/v1/screenings/0192…\`),
4. the \`Idempotency-Key\` header's value (empty for a GET),
5. the body's exact bytes (nothing for a GET).

The key is your secret's text as printed (its UTF-8 bytes; unlike the callback secret it is not
base64-decoded). The signature is the lower-case hex HMAC-SHA256 after \`v2=\`. Sign the bytes you
send: serialise the JSON once and send that string. A captured signature is good for nothing but
the same request within the window (not another path, method, key or body). Every failure gets the
same \`401\`; past 30 failures a minute from one address (\`SHINSA_AUTH_FAILURES_PER_MINUTE\`),
\`429\`. The same with \`curl\` and
\`openssl\` (what \`shinsa up\` prints for its demo client):

${fence('sh', curlExample('http://localhost:3000', { keyId: 'YOUR_KEY_ID', secret: 'YOUR_SECRET' }, 'application.json'))}

Code for Node.js, Python and PHP: [Client code](#client-code-nodejs-python-php).

**eKYC vendors** (the generic adapter) sign their result callbacks the same way, under their own
header names: \`x-ekyc-timestamp\` and \`x-ekyc-signature\`, with the shared secret
\`SHINSA_EKYC_GENERIC_SECRET\` and no key id.

## Endpoints

${operations.join('\n\n')}

## The application

${section('Application')}

Example (the fixture \`${EXAMPLE_FIXTURE}\` of \`fixtures/applications/applications.jsonl\`):

${fence('json', JSON.stringify(application, null, 2))}

The webhook's answer to it (the ids and time are the service's; the rest is what the shipped rules
give this application, without history):

${fence('json', JSON.stringify(answer, null, 2))}

### Labels and abuse reports

${schemaSection('Label', schemas.Label!, '####')}

${schemaSection('AbuseReport', schemas.AbuseReport!, '####')}

### eKYC vendor results

${schemaSection('GenericEkycCallback', schemas.GenericEkycCallback!, '####')}

## Answers

${['Assessment', 'Screening', 'LabelVerdict', 'Hit', 'Outcome', 'LabelResult', 'AbuseReportResult', 'EkycCallbackResult', 'Readiness', 'Liveness', 'Problem', 'FieldError'].map(section).join('\n\n')}

## Callbacks

For each event below, shinsa POSTs a JSON body \`{"type", "timestamp", "data"}\` to the client's
callback URL, signed as [Verifying callbacks](#verifying-callbacks) says. Answer any 2xx once you
have stored it; anything else (or no answer within 10 s) is retried with exponential backoff, 12
attempts by default. Delivery is at least once and the order is not guaranteed: deduplicate on
\`webhook-id\` (the same on every attempt of one event) and order by \`timestamp\`. Every event is
written in the same transaction as the change it reports, so none is lost.

| type | when |
|---|---|
${CALLBACK_TYPES.map((type) => `| [\`${type}\`](#${anchor(type)}) | ${cell(schemas[refName(schemas[document.webhooks[type]!.post.requestBody!.content['application/json'].schema.$ref.replace('#/components/schemas/', '')]!.properties.data)!]!.description)} |`).join('\n')}

${callbackSections.join('\n\n')}

## Verifying callbacks

Callbacks follow [Standard Webhooks](https://www.standardwebhooks.com/):

| Header | Value |
|---|---|
| \`webhook-id\` | \`msg_<event id>\`: the same on every attempt of one event |
| \`webhook-timestamp\` | unix seconds of this attempt: refuse one more than 5 minutes off |
| \`webhook-signature\` | \`v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>\`; during a rotation one per secret, separated by spaces: accept if any matches |

The key is the **base64-decoded** part of the callback secret after \`whsec_\`. Verify the raw body
as received, before parsing it. With the Standard Webhooks library of your language:

${fence('js', `// npm install standardwebhooks
const { Webhook } = require('standardwebhooks');
const event = new Webhook(process.env.SHINSA_CALLBACK_SECRET).verify(rawBody, request.headers); // throws if not genuine or stale`)}

${fence('python', `# pip install standardwebhooks
from standardwebhooks.webhooks import Webhook
event = Webhook(os.environ["SHINSA_CALLBACK_SECRET"]).verify(raw_body, headers)  # raises WebhookVerificationError`)}

${fence('php', `// composer require standard-webhooks/standard-webhooks
$event = (new \\StandardWebhooks\\Webhook(getenv('SHINSA_CALLBACK_SECRET')))
    ->verify(file_get_contents('php://input'), array_change_key_case(getallheaders(), CASE_LOWER)); // throws WebhookVerificationException`)}

Without a library: \`verifyShinsaCallback\` / \`verify_shinsa_callback\` in the [client
code](#client-code-nodejs-python-php) below do the same in a few lines.

## Client code: Node.js, Python, PHP

Each file signs requests (\`shinsaHeaders\` / \`shinsa_headers\`), sends the two webhook calls,
verifies a request as shinsa does (for a gateway or a test double of your own) and verifies
callbacks, with nothing but the language's standard library. They are in the repository as
[\`docs/clients/\`](clients/), and a test runs each of them against a real shinsa: it screens and
reads back an application, and verifies a real callback.

${CLIENT_FILES.map(({ language, fence: code, file }) => `### ${language} (\`${file}\`)\n\n${fence(code, readFileSync(path.join(root, file), 'utf8'))}`).join('\n\n')}

## Error codes

Every error is \`application/problem+json\` ([Problem](#problem)). Branch on \`code\`; \`detail\`
is for people.

| code | HTTP status | Title | Meaning |
|---|---|---|---|
${problems.map((problem) => `| \`${problem.code}\` | ${problem.status} | ${cell(problem.title)} | ${cell(problem.meaning)} |`).join('\n')}

## Decision reasons and eKYC methods

The \`reasonCode\` of a \`case.decided\` callback is one of the decision reasons, and the \`method\`
of an \`ekyc.requested\` callback one of the eKYC methods, of the rules in force (\`rules/review.yaml\`;
these are the shipped ones).

${rules.decisionReasons}

${rules.ekycMethods}

## Reason codes

The \`reason\` of a [hit](#hit) and the codes in a callback's \`reasons\`, in the shipped rules
(\`rules/\`; the points each gives are in the rules and in every hit). Branch on the code, not on a
hit's \`detail\`.

${rules.reasonCodes}
`;
}

if (require.main === module) {
  const current = (() => {
    try {
      return readFileSync(API_REFERENCE_FILE, 'utf8');
    } catch {
      return '';
    }
  })();
  const rendered = renderApiReference();
  if (rendered === current) {
    process.stdout.write('docs/API.md is up to date\n');
  } else {
    writeFileSync(API_REFERENCE_FILE, rendered);
    process.stdout.write('docs/API.md rewritten\n');
  }
}
