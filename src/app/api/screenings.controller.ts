import { Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { IntakeService } from '../intake/intake.service';
import type { StoredScreeningResponse } from '../contract/responses';
import type { ScreeningResponse } from '../intake/screening-response';
import { ClientAuthGuard, type AuthenticatedRequest } from './client-auth.guard';

function clientOf(request: AuthenticatedRequest): string {
  if (!request.client) throw new ApiError(ApiErrorCode.Unauthenticated, 'the request signature could not be verified');
  return request.client.id;
}

@Controller('v1/screenings')
@UseGuards(ClientAuthGuard)
export class ScreeningsController {
  constructor(@Inject(IntakeService) private readonly intake: IntakeService) {}

  @Post()
  @HttpCode(200)
  async screen(@Req() request: AuthenticatedRequest, @Headers('idempotency-key') idempotencyKey: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<ScreeningResponse> {
    if (!Buffer.isBuffer(request.body)) throw new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the application as an application/json body');
    const result = await this.intake.screen(clientOf(request), idempotencyKey, request.body);
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return result.body;
  }

  @Get(':id')
  async find(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<StoredScreeningResponse> {
    return this.intake.find(clientOf(request), id);
  }
}
