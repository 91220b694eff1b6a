import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, EKYC_SIMULATOR_PATH, type AppConfig } from '../config/config';
import { signRequest } from '../crypto/signature';
import { isUuid } from '../database/uuid';
import { EkycHeader } from '../ekyc/generic-hmac';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { html, type SafeHtml } from '../review/ui/html';
import { pickLang, type Lang } from '../review/ui/i18n';

const CALLBACK_PATH = '/v1/ekyc/callbacks/generic';

/** What the simulated vendor reports for each button: the checks a real IC-chip reading returns. */
const OUTCOMES = {
  passed: [
    { check: 'chip_signature', passed: true },
    { check: 'name', passed: true },
    { check: 'date_of_birth', passed: true },
    { check: 'address', passed: true },
  ],
  failed: [
    { check: 'chip_signature', passed: true },
    { check: 'name', passed: true },
    { check: 'date_of_birth', passed: false },
    { check: 'address', passed: false },
  ],
  cancelled: [],
} as const;
type SimulatedResult = keyof typeof OUTCOMES;

const TEXT = {
  title: { en: 'Simulated eKYC vendor', ja: 'eKYC ベンダー（シミュレーション）' },
  intro: {
    en: 'Development only: this page stands in for the vendor the applicant would be sent to. Each button sends the vendor’s signed result to shinsa’s real callback, as a vendor would.',
    ja: '開発環境専用：申込者が案内されるベンダーの代わりのページです。各ボタンは、ベンダーと同じように署名した結果を shinsa の本物のコールバックに送ります。',
  },
  request: { en: 'eKYC request', ja: 'eKYC 依頼' },
  method: { en: 'Method', ja: '方式' },
  passed: { en: 'Pass (all checks pass)', ja: '合格（すべての確認項目が合格）' },
  failed: { en: 'Fail (date of birth and address do not match)', ja: '不合格（生年月日と住所が不一致）' },
  cancelled: { en: 'Cancel (the applicant gave up)', ja: '取消（申込者が中断）' },
  sent: { en: 'Result sent to shinsa: {result} (callback answered {status}). The case is back in the reviewers’ queue.', ja: 'shinsa に結果を送信しました：{result}（コールバックの応答 {status}）。案件は審査キューに戻りました。' },
  refused: { en: 'shinsa refused the result (callback answered {status}): {detail}', ja: 'shinsa が結果を受け付けませんでした（コールバックの応答 {status}）：{detail}' },
} as const;

function say(lang: Lang, key: keyof typeof TEXT, params: Record<string, string | number> = {}): string {
  let text: string = TEXT[key][lang];
  for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

function page(lang: Lang, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${say(lang, 'title')}</title><link rel="icon" href="/favicon.ico" type="image/svg+xml"><link rel="stylesheet" href="/review/assets/review.css"></head>
<body><header><span class="brand">${say(lang, 'title')}</span></header><main class="ekyc-simulator"><h1>${say(lang, 'title')}</h1>${body}</main></body></html>`.value;
}

/**
 * The vendor page `shinsa up` points the generic eKYC adapter at in development (mounted only
 * there): pass, fail and cancel buttons that sign a result with the adapter's secret and post it
 * to the real callback, so request → applicant link → vendor result → case back in the queue can
 * be walked in a browser.
 */
@Controller(EKYC_SIMULATOR_PATH.slice(1))
export class EkycSimulatorController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get(':request')
  show(@Param('request') requestId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    const lang = this.langOf(request);
    if (!isUuid(requestId)) throw new ApiError(ApiErrorCode.NotFound, 'no eKYC request with this id');
    const query = request.query as Record<string, string | undefined>;
    const sent = query.sent && query.status ? html`<p class="${query.status === '200' ? 'notice' : 'error'}" role="status" data-sent="${query.sent}">${query.status === '200' ? say(lang, 'sent', { result: query.sent, status: query.status }) : say(lang, 'refused', { status: query.status, detail: query.detail ?? '' })}</p>` : html``;
    const button = (result: SimulatedResult): SafeHtml => html`<button type="submit" name="result" value="${result}" class="${result === 'passed' ? '' : 'secondary'}" data-result="${result}">${say(lang, result)}</button>`;
    return this.send(
      reply,
      page(
        lang,
        html`<p>${say(lang, 'intro')}</p>
          <dl class="summary"><dt>${say(lang, 'request')}</dt><dd><code>${requestId}</code></dd><dt>${say(lang, 'method')}</dt><dd>${query.method ?? '—'}</dd></dl>
          ${sent}
          <form method="post" action="${EKYC_SIMULATOR_PATH}/${requestId}?lang=${lang}" class="row">${button('passed')}${button('failed')}${button('cancelled')}</form>`,
      ),
    );
  }

  @Post(':request')
  async result(@Param('request') requestId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    if (!isUuid(requestId)) throw new ApiError(ApiErrorCode.NotFound, 'no eKYC request with this id');
    const form = (request.body ?? {}) as Record<string, unknown>;
    const result = form.result;
    if (result !== 'passed' && result !== 'failed' && result !== 'cancelled') {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'choose a result', { errors: [{ field: 'result', message: 'must be passed, failed or cancelled' }] });
    }
    const secret = this.config.ekycGeneric!.secret;
    const body = JSON.stringify({ requestId, vendorReference: `SIM-${randomBytes(4).toString('hex').toUpperCase()}`, result, checks: OUTCOMES[result], completedAt: new Date().toISOString() });
    const timestamp = Math.floor(Date.now() / 1000);
    // The api calling itself, over HTTP, at the address this request came in on: the real callback route, signature and all.
    const address = request.socket.localAddress ?? '127.0.0.1';
    const own = `http://${address.includes(':') ? `[${address}]` : address}:${request.socket.localPort}`;
    const answer = await fetch(`${own}${CALLBACK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [EkycHeader.Timestamp]: String(timestamp), [EkycHeader.Signature]: signRequest(secret, timestamp, { method: 'POST', path: CALLBACK_PATH, body }) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const detail = answer.ok ? '' : String(((await answer.json().catch(() => ({}))) as { detail?: unknown }).detail ?? '');
    const lang = this.langOf(request);
    const next = `${EKYC_SIMULATOR_PATH}/${requestId}?lang=${lang}&sent=${result}&status=${answer.status}${detail ? `&detail=${encodeURIComponent(detail.slice(0, 200))}` : ''}`;
    return reply.status(303).header('location', next).header('cache-control', 'no-store').send();
  }

  private langOf(request: FastifyRequest): Lang {
    return pickLang((request.query as Record<string, unknown>).lang, undefined, request.headers['accept-language']);
  }

  private send(reply: FastifyReply, body: string): FastifyReply {
    return reply.status(200).headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'self'; form-action 'self'; frame-ancestors 'none'" }).send(body);
  }
}
