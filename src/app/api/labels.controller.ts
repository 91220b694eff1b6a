import { Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { LabelsService, type AbuseReportResult, type LabelResult } from '../labels/labels.service';
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
  async label(@Req() request: AuthenticatedRequest): Promise<LabelResult> {
    const { clientId, body } = signedBody(request);
    return this.labels.label(clientId, body);
  }

  @Post('abuse-reports')
  @HttpCode(201)
  async report(@Req() request: AuthenticatedRequest): Promise<AbuseReportResult> {
    const { clientId, body } = signedBody(request);
    return this.labels.report(clientId, body);
  }
}
