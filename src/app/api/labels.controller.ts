import { Controller, Headers, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { LabelsService, type AbuseReportResult, type LabelResult } from '../labels/labels.service';
import type { IdempotentResult } from '../http/idempotency';
import { ClientAuthGuard, type AuthenticatedRequest } from './client-auth.guard';

function signedBody(request: AuthenticatedRequest): { clientId: string; body: Buffer } {
  if (!request.client) throw new ApiError(ApiErrorCode.Unauthenticated, 'the request signature could not be verified');
  if (!Buffer.isBuffer(request.body)) throw new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the body as application/json');
  return { clientId: request.client.id, body: request.body };
}

@Controller('v1')
@UseGuards(ClientAuthGuard)
export class LabelsController {
  constructor(@Inject(LabelsService) private readonly labels: LabelsService) {}

  @Post('labels')
  @HttpCode(201)
  async label(@Req() request: AuthenticatedRequest, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<LabelResult> {
    const { clientId, body } = signedBody(request);
    return answer(reply, await this.labels.label(clientId, key, body));
  }

  @Post('abuse-reports')
  @HttpCode(201)
  async report(@Req() request: AuthenticatedRequest, @Headers('idempotency-key') key: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<AbuseReportResult> {
    const { clientId, body } = signedBody(request);
    return answer(reply, await this.labels.report(clientId, key, body));
  }
}

function answer<T>(reply: FastifyReply, result: IdempotentResult<T>): T {
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return result.body;
}
