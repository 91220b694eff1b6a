import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { unstorableTextErrors } from '../../engine';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { undecodableParameters } from '../http/url-encoding';

/**
 * Refuses text PostgreSQL cannot store (NUL, lone surrogates, non-characters) in every route's path
 * parameters and query string (400) and in posted forms (422), each bad one named, before any
 * handler or query sees it. JSON bodies are checked where they are parsed (`parseJsonBody`, with
 * the same rule), since signed routes must verify the raw bytes first.
 */
@Injectable()
export class StorableInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const inUrl = [...unstorableTextErrors(request.params ?? {}), ...unstorableTextErrors(request.query ?? {}), ...(request.url.includes('?') ? undecodableParameters(request.url.slice(request.url.indexOf('?') + 1)) : [])];
    if (inUrl.length > 0) {
      throw new ApiError(ApiErrorCode.BadRequest, `the URL has text that cannot be stored: ${inUrl.map((error) => error.field).join(', ')}`, { errors: inUrl });
    }
    const body = request.body;
    if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) {
      const inForm = unstorableTextErrors(body);
      if (inForm.length > 0) throw new ApiError(ApiErrorCode.InvalidApplication, `${inForm.length} invalid field(s): ${inForm.map((error) => error.field).join(', ')}`, { errors: inForm });
    }
    return true;
  }
}

