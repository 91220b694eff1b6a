import type { INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Webhook } from 'standardwebhooks';
import { expect } from 'vitest';

 
type Json = any;

interface DocumentedResponse {
  readonly headers?: Record<string, { readonly required?: boolean; readonly schema?: object }>;
  readonly content?: Record<string, { readonly schema: object }>;
}

/** A JSON Pointer into the document, as a URI fragment (RFC 6901 §6). */
function pointer(...segments: string[]): string {
  return segments.map((segment) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');
}

/**
 * Checks real answers and callbacks against a published OpenAPI document, with ajv (JSON Schema
 * 2020-12, formats checked): the status must be documented for the route, the content type must be
 * the documented one, the body must validate against the documented schema and every required
 * header must be there. It remembers what it checked, so a test can prove it saw every documented
 * answer and callback.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly checkedResponses = new Set<string>();
  readonly checkedCallbacks = new Set<string>();

  constructor(readonly document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'openapi.json');
  }

  /** `METHOD /path/{param} STATUS` for every response the document lists. */
  documentedResponses(): string[] {
    return Object.entries(this.document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) => Object.keys(operation.responses).map((status) => `${method.toUpperCase()} ${path} ${status}`)),
    );
  }

  documentedCallbacks(): string[] {
    return Object.keys(this.document.webhooks ?? {});
  }

  private validate(fragment: string, value: unknown, what: string): void {
    let validator = this.validators.get(fragment);
    if (!validator) {
      validator = this.ajv.compile({ $ref: `openapi.json#/${fragment}` });
      this.validators.set(fragment, validator);
    }
    const valid = validator(value);
    expect(validator.errors ?? [], `${what} does not match the published document: ${JSON.stringify(value).slice(0, 500)}`).toEqual([]);
    expect(valid).toBe(true);
  }

  /** Validates one real answer against the documented one and returns its body (parsed JSON, or text). */
  async response(response: Response, method: string, path: string): Promise<Json> {
    const status = String(response.status);
    const what = `${method} ${path} ${status}`;
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    expect(operation, `${method} ${path} is not in the document`).toBeDefined();
    const documented: DocumentedResponse | undefined = operation.responses[status];
    expect(documented, `${what} is not documented`).toBeDefined();
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    expect(Object.keys(documented!.content ?? {}), `${what}: content type`).toContain(mediaType);
    for (const [name, header] of Object.entries(documented!.headers ?? {})) {
      const value = response.headers.get(name);
      if (header.required) expect(value, `${what}: header ${name}`).not.toBeNull();
      if (value !== null) this.validate(pointer('paths', path, method.toLowerCase(), 'responses', status, 'headers', name, 'schema'), value, `${what} header ${name}`);
    }
    const text = await response.text();
    const body = mediaType.endsWith('json') ? JSON.parse(text) : text;
    this.validate(pointer('paths', path, method.toLowerCase(), 'responses', status, 'content', mediaType, 'schema'), body, what);
    this.checkedResponses.add(what);
    return body;
  }

  /** Validates a request body against the documented one of the route (the same JSON Schema a client generates from). */
  request(body: unknown, method: string, path: string): void {
    this.validate(pointer('paths', path, method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema'), body, `${method} ${path} request`);
  }

  /** Verifies a delivered callback's Standard Webhooks signature and validates its body against the documented webhook. */
  callback(delivered: { readonly headers: Record<string, unknown>; readonly body: string }, secret: string): Json {
    const message = new Webhook(secret).verify(delivered.body, delivered.headers as Record<string, string>) as { type: string };
    const webhook = this.document.webhooks?.[message.type];
    expect(webhook, `callback type ${message.type} is not documented`).toBeDefined();
    for (const parameter of webhook.post.parameters as { name: string; required?: boolean }[]) {
      if (parameter.required) expect(delivered.headers[parameter.name], `${message.type}: header ${parameter.name}`).toEqual(expect.any(String));
    }
    this.validate(pointer('webhooks', message.type, 'post', 'requestBody', 'content', 'application/json', 'schema'), message, `callback ${message.type}`);
    this.checkedCallbacks.add(message.type);
    return message;
  }
}

/**
 * `METHOD /path/{param}` of every route the Nest application mounts, read from its controllers'
 * metadata (whatever module declares them).
 */
export function mountedRoutes(app: INestApplicationContext): string[] {
  const routes: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined].flat();
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        for (const prefix of base) {
          for (const path of [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat()) {
            const joined = `/${[prefix, path].filter((part) => part && part !== '/').join('/')}`.replace(/\/+/g, '/').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
            routes.push(`${RequestMethod[method]} ${joined}`);
          }
        }
      }
    }
  }
  return routes.sort();
}
