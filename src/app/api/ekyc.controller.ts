import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { EkycProviders } from '../ekyc/provider';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { CaseService } from '../review/case-service';

/** Signed result callbacks from eKYC vendors; each provider authenticates its own. */
@Controller('v1/ekyc/callbacks')
export class EkycController {
  constructor(
    @Inject(EkycProviders) private readonly providers: EkycProviders,
    @Inject(CaseService) private readonly cases: CaseService,
  ) {}

  @Post(':provider')
  @HttpCode(200)
  async callback(@Param('provider') name: string, @Req() request: FastifyRequest): Promise<{ caseId: string; recorded: boolean }> {
    const provider = this.providers.get(name);
    if (!provider) throw new ApiError(ApiErrorCode.NotFound, `no eKYC provider named ${name} is configured`);
    if (!Buffer.isBuffer(request.body)) throw new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the body as application/json');
    const result = provider.parseCallback({ method: request.method, path: request.url, headers: request.headers, body: request.body }, new Date());
    const applied = await this.cases.applyEkycResult(provider.name, result);
    return { caseId: applied.caseId, recorded: applied.changed };
  }
}
