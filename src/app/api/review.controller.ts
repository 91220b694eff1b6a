import { type ArgumentsHost, Catch, Controller, type ExceptionFilter, Get, Inject, Injectable, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { isUuid } from '../database/uuid';
import { RescanRuns } from '../rescan/rescan-runs';
import { BacktestErrorCode, BacktestRequestError, BacktestRequests } from '../backtest/backtest-requests';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Logger } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { problemFor } from '../http/problem';
import { AbuseReportService } from '../review/abuse-reports';
import { CampaignSiblings, type CampaignCasesResult } from '../feeds/campaign-siblings';
import { FeedPulls } from '../feeds/feed-pulls';
import { FeedRequests } from '../feeds/feed-requests';
import { campaignSection, feedsPage } from '../review/ui/feed-views';
import { AuditAction, AuditLog } from '../review/audit-log';
import { LoginThrottle } from '../review/login-throttle';
import { CaseService } from '../review/case-service';
import type { BulkResult, QueueFilter } from '../review/case-types';
import { ReviewerDirectory, ReviewerError, type Reviewer } from '../review/reviewers';
import { SessionStore } from '../review/sessions';
import { REVIEW_CSS, REVIEW_JS } from '../review/ui/assets';
import { backtestRunPage, backtestsPage } from '../review/ui/backtest-views';
import { pickLang, type Lang } from '../review/ui/i18n';
import { abuseReportsPage, accountsPage, casePage, rescanRunPage, rescansPage, errorPage, loginPage, metricsPage, queuePage, REVIEW_BASE, type PageContext } from '../review/ui/views';
import { toApiError } from './problem.filter';
import { abuseReportsQuery, caseQuery, feedsQuery, loginQuery, queueQuery, ValidQuery } from './review-queries';
import { AcceptsUpload, CurrentReviewer, LOGIN_CSRF_COOKIE, Posted, PublicReviewRoute, Roles, ReviewSessionGuard, SESSION_COOKIE, text, type PostedForm, type ReviewRequest } from './review-session.guard';
import { LOGGER } from './tokens';

const LANG_COOKIE = 'shinsa_lang';

type Request = ReviewRequest;
type Reply = FastifyReply & {
  setCookie(name: string, value: string, options: Record<string, unknown>): FastifyReply;
  clearCookie(name: string, options: Record<string, unknown>): FastifyReply;
};

/** Pages carry personal data: never cached, never framed, scripts and styles only from shinsa. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
} as const;

function langOf(request: Request): Lang {
  const query = request.query as Record<string, unknown>;
  return pickLang(query.lang, request.cookies[LANG_COOKIE], request.headers['accept-language']);
}

/** Only paths inside the review UI are followed after a post (no open redirects). */
function safeNext(value: string, fallback: string): string {
  return /^\/review(?:[/?]|$)/.test(value) && !value.includes('//') && !value.includes('\\') ? value : fallback;
}

function page(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status).headers(PAGE_HEADERS).send(body);
}

/** Errors on review pages: a login redirect, or an HTML page saying what went wrong. */
@Injectable()
@Catch()
export class ReviewPageFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const reply = http.getResponse<FastifyReply>();
    const apiError = toApiError(error, this.logger, request);
    if (apiError.code === ApiErrorCode.Unauthenticated) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      void reply.status(303).header('location', `${REVIEW_BASE}/login${next}`).send();
      return;
    }
    const problem = problemFor(apiError, request);
    const context: PageContext = { lang: langOf(request), reviewer: null, csrfToken: null, url: request.url };
    if (apiError.details.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.ceil(apiError.details.retryAfterSeconds)));
    void page(reply, problem.status, errorPage(context, problem.status, problem.detail, problem.errors ?? []));
  }
}

/**
 * The reviewer UI at /review: server-rendered pages, forms posted with the session's CSRF token,
 * session cookies (HttpOnly, SameSite=Strict, Secure in production). ReviewSessionGuard checks the
 * session, the role (@Roles) and every post's CSRF token before a handler runs.
 */
@Controller('review')
@UseGuards(ReviewSessionGuard)
@UseFilters(ReviewPageFilter)
export class ReviewController {
  constructor(
    @Inject(CaseService) private readonly cases: CaseService,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(ReviewerDirectory) private readonly reviewers: ReviewerDirectory,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AbuseReportService) private readonly abuseReports: AbuseReportService,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
    @Inject(RescanRuns) private readonly rescanRuns: RescanRuns,
    @Inject(BacktestRequests) private readonly backtests: BacktestRequests,
    @Inject(CampaignSiblings) private readonly campaigns: CampaignSiblings,
    @Inject(FeedPulls) private readonly feedPulls: FeedPulls,
    @Inject(FeedRequests) private readonly feedRequests: FeedRequests,
  ) {}

  @Get('assets/review.css')
  @PublicReviewRoute()
  css(@Res() reply: FastifyReply): FastifyReply {
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(REVIEW_CSS);
  }

  @Get('assets/review.js')
  @PublicReviewRoute()
  script(@Res() reply: FastifyReply): FastifyReply {
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(REVIEW_JS);
  }

  @Get('login')
  @PublicReviewRoute()
  async loginForm(@ValidQuery(loginQuery) query: z.infer<typeof loginQuery>, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    if (await this.sessions.find(request.cookies[SESSION_COOKIE])) return this.redirect(reply, safeNext(query.next ?? '', REVIEW_BASE));
    const token = randomBytes(24).toString('base64url');
    reply.setCookie(LOGIN_CSRF_COOKIE, token, this.cookieOptions(15 * 60));
    this.rememberLang(request, reply);
    return page(reply, query.failed ? 401 : 200, loginPage(this.context(request), token, query.failed === '1', safeNext(query.next ?? '', REVIEW_BASE)));
  }

  /** The guard has matched the form's token with the login cookie's. */
  @Post('login')
  @PublicReviewRoute()
  async login(@Posted() { fields: form }: PostedForm, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    const login = text(form, 'login').trim().toLowerCase().slice(0, 64);
    const address = request.ip;
    const wait = await this.throttle.blockedFor(login, address);
    if (wait !== undefined) {
      await this.audit.write({ actor: 'anonymous', action: AuditAction.LoginThrottled, subjectType: 'reviewer', subjectId: login });
      throw new ApiError(ApiErrorCode.RateLimited, `too many failed logins; try again in ${Math.ceil(wait / 60)} minute(s)`, { retryAfterSeconds: wait });
    }
    const reviewer = await this.reviewers.authenticate(login, text(form, 'password'));
    const next = safeNext(text(form, 'next'), REVIEW_BASE);
    if (!reviewer) {
      await this.throttle.failed(login, address);
      await this.audit.write({ actor: 'anonymous', action: AuditAction.LoginFailed, subjectType: 'reviewer', subjectId: login });
      return this.redirect(reply, `${REVIEW_BASE}/login?failed=1&next=${encodeURIComponent(next)}`);
    }
    await this.throttle.succeeded(login);
    const session = await this.sessions.create(reviewer.id);
    await this.audit.write({ actor: reviewer.login, action: AuditAction.LoginSucceeded, subjectType: 'reviewer', subjectId: reviewer.id });
    reply.setCookie(SESSION_COOKIE, session.token, this.cookieOptions(this.config.reviewSessionHours * 3600));
    reply.clearCookie(LOGIN_CSRF_COOKIE, { path: REVIEW_BASE });
    return this.redirect(reply, next);
  }

  @Post('logout')
  async logout(@CurrentReviewer() reviewer: Reviewer, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    await this.sessions.destroy(request.cookies[SESSION_COOKIE]);
    await this.audit.write({ actor: reviewer.login, action: AuditAction.Logout, subjectType: 'reviewer', subjectId: reviewer.id });
    reply.clearCookie(SESSION_COOKIE, { path: REVIEW_BASE });
    return this.redirect(reply, `${REVIEW_BASE}/login`);
  }

  @Get()
  async queue(@ValidQuery(queueQuery) query: z.infer<typeof queueQuery>, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    const filter: QueueFilter = {
      state: query.state ?? 'active',
      outcome: query.outcome,
      breached: query.breached === '1',
      signal: query.signal?.trim().slice(0, 100) || undefined,
      registrar: query.registrar?.trim().slice(0, 200) || undefined,
    };
    const [result, counts, registrars] = await Promise.all([this.cases.queue(filter), this.cases.counts(), this.cases.registrars()]);
    return page(reply, 200, queuePage(this.context(request), filter, result, counts, registrars));
  }

  @Get('metrics')
  async metrics(@Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    return page(reply, 200, metricsPage(this.context(request), await this.cases.metrics()));
  }

  @Get('cases/:id')
  async view(@Param('id') id: string, @ValidQuery(caseQuery) query: z.infer<typeof caseQuery>, @CurrentReviewer() reviewer: Reviewer, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    const route = request.url.split('?')[0]!;
    const detail = await this.cases.view(id, reviewer, route);
    const reports = await this.abuseReports.list(reviewer, { applicationId: detail.application.id }, route);
    const bulkResult: BulkResult | null = query.bulk ? { matched: query.bulk[0], decided: query.bulk[1], awaitingSecondApproval: query.bulk[2], skipped: query.bulk[3] } : null;
    const matches = await this.campaigns.matchesOf(detail.application.id);
    const siblings = matches.length > 0 ? await this.campaigns.of(detail.application.id) : [];
    const campaignResult: CampaignCasesResult | null = query.campaign ? { siblings: query.campaign[0], opened: query.campaign[1], raised: query.campaign[2], skipped: query.campaign[3] } : null;
    const context = this.context(request);
    return page(reply, 200, casePage(context, detail, this.cases.policy, bulkResult, reports, campaignSection(context, detail.id, matches, siblings, campaignResult), this.cases.rules));
  }

  @Post('cases/:id/:action')
  async act(@Param('id') id: string, @Param('action') action: string, @Posted() { fields: form }: PostedForm, @CurrentReviewer() actor: Reviewer, @Res() reply: Reply): Promise<FastifyReply> {
    const casePath = `${REVIEW_BASE}/cases/${encodeURIComponent(id)}`;
    switch (action) {
      case 'claim':
        await this.cases.claim(id, actor);
        return this.redirect(reply, safeNext(text(form, 'next'), casePath));
      case 'release':
        await this.cases.release(id, actor);
        break;
      case 'ekyc':
        await this.cases.requestEkyc(id, actor, text(form, 'method'));
        break;
      case 'escalate':
        await this.cases.escalate(id, actor, text(form, 'note'));
        break;
      case 'return':
        await this.cases.returnToQueue(id, actor, text(form, 'note'));
        break;
      case 'campaign': {
        const result = await this.campaigns.openCases(actor, id);
        return this.redirect(reply, `${casePath}?campaign=${result.siblings}.${result.opened}.${result.raised}.${result.skipped}`);
      }
      case 'decide': {
        const decision = text(form, 'decision');
        await this.cases.decide(id, actor, { decision: decision as 'approve' | 'reject', reasonCode: text(form, 'reasonCode'), note: text(form, 'note') });
        break;
      }
      default:
        throw new ApiError(ApiErrorCode.NotFound, `no case action ${action}`);
    }
    return this.redirect(reply, casePath);
  }

  @Post('bulk')
  async bulk(@Posted() { fields: form }: PostedForm, @CurrentReviewer() actor: Reviewer, @Res() reply: Reply): Promise<FastifyReply> {
    const result = await this.cases.bulkDecide(
      actor,
      { kind: text(form, 'kind'), valueHash: text(form, 'valueHash') },
      { decision: text(form, 'decision') as 'approve' | 'reject', reasonCode: text(form, 'reasonCode'), note: text(form, 'note') },
    );
    const from = text(form, 'from');
    const summary = `${result.matched}.${result.decided}.${result.awaitingSecondApproval}.${result.skipped}`;
    return this.redirect(reply, isUuid(from) ? `${REVIEW_BASE}/cases/${from}?bulk=${summary}` : REVIEW_BASE);
  }

  @Get('abuse-reports')
  async abuseReportList(@ValidQuery(abuseReportsQuery) query: z.infer<typeof abuseReportsQuery>, @CurrentReviewer() reviewer: Reviewer, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    const state = query.state ?? 'pending';
    const reports = await this.abuseReports.list(reviewer, { state }, request.url.split('?')[0]!);
    return page(reply, 200, abuseReportsPage(this.context(request), state, reports));
  }

  @Post('abuse-reports/:id/:decision')
  async decideAbuseReport(@Param('id') id: string, @Param('decision') decision: string, @Posted() { fields: form }: PostedForm, @CurrentReviewer() reviewer: Reviewer, @Res() reply: Reply): Promise<FastifyReply> {
    if (decision !== 'confirm' && decision !== 'dismiss') throw new ApiError(ApiErrorCode.NotFound, `no abuse-report action ${decision}`);
    await this.abuseReports.decide(reviewer, id, decision, text(form, 'note'));
    return this.redirect(reply, safeNext(text(form, 'next'), `${REVIEW_BASE}/abuse-reports`));
  }

  @Get('rescans')
  async rescans(@Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    return page(reply, 200, rescansPage(this.context(request), await this.rescanRuns.recent(30)));
  }

  @Get('rescans/:id')
  async rescanRun(@Param('id') id: string, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    const run = await this.rescanRuns.find(id);
    if (!run) throw new ApiError(ApiErrorCode.NotFound, 'no rescan run with this id');
    const [changes, failures] = await Promise.all([this.rescanRuns.changes(run.id, 500), this.rescanRuns.failures(run.id, 100)]);
    return page(reply, 200, rescanRunPage(this.context(request), run, changes, failures));
  }

  @Get('rescans/:id/changes.csv')
  async rescanCsv(@Param('id') id: string, @Res() reply: Reply): Promise<FastifyReply> {
    const run = await this.rescanRuns.find(id);
    if (!run) throw new ApiError(ApiErrorCode.NotFound, 'no rescan run with this id');
    return reply
      .status(200)
      .headers({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="rescan-${run.id}.csv"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      .send(Readable.from(this.rescanRuns.changesCsv(run.id)));
  }

  @Get('backtests')
  @Roles('admin')
  async backtestList(@CurrentReviewer() reviewer: Reviewer, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    const [options, runs] = await Promise.all([this.backtests.options(), this.backtests.recent(reviewer, request.url.split('?')[0]!)]);
    return page(reply, 200, backtestsPage(this.context(request), options, runs));
  }

  /** Queues a backtest of a rules directory or an uploaded bundle, or a shadow comparison; a refusal is shown on the page. */
  @Post('backtests/:source')
  @Roles('admin')
  @AcceptsUpload()
  async requestBacktest(@Param('source') source: string, @Posted() form: PostedForm, @CurrentReviewer() actor: Reviewer, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    try {
      let runId: string;
      if (source === 'bundle') {
        if (!form.multipart) throw new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the form as multipart/form-data');
        if (form.refused) throw form.refused;
        runId = (await this.backtests.requestBundle(actor, form.upload, { since: text(form.fields, 'since'), until: text(form.fields, 'until') })).id;
      } else if (source === 'directory' || source === 'shadow') {
        if (form.multipart) throw new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the form as application/x-www-form-urlencoded');
        const window = { since: text(form.fields, 'since'), until: text(form.fields, 'until') };
        const run = source === 'directory' ? await this.backtests.requestDirectory(actor, { ...window, rules: text(form.fields, 'rules') }) : await this.backtests.requestShadow(actor, { ...window, version: text(form.fields, 'version') });
        runId = run.id;
      } else {
        throw new ApiError(ApiErrorCode.NotFound, `no backtest source ${source}`);
      }
      return this.redirect(reply, `${REVIEW_BASE}/backtests/${runId}`);
    } catch (error) {
      if (!(error instanceof BacktestRequestError)) throw error;
      if (error.code === BacktestErrorCode.QueueUnavailable) throw new ApiError(ApiErrorCode.Unavailable, error.message, { errors: error.errors, retryAfterSeconds: 5 });
      const [options, runs] = await Promise.all([this.backtests.options(), this.backtests.recent(actor, `${REVIEW_BASE}/backtests`)]);
      return page(reply, 422, backtestsPage(this.context(request), options, runs, error.errors));
    }
  }

  @Get('backtests/:id')
  @Roles('admin')
  async backtestRun(@Param('id') id: string, @CurrentReviewer() reviewer: Reviewer, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    const view = await this.backtests.view(reviewer, id, request.url.split('?')[0]!);
    if (!view) throw new ApiError(ApiErrorCode.NotFound, 'no backtest run with this id');
    return page(reply, 200, backtestRunPage(this.context(request), view));
  }

  @Get('feeds')
  @Roles('admin')
  async feeds(@ValidQuery(feedsQuery) query: z.infer<typeof feedsQuery>, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    const [pulls, matches] = await Promise.all([this.feedPulls.recent(100), this.feedPulls.recentMatches(100)]);
    const known = this.feedRequests.feeds.find((feed) => feed.name === query.queued)?.name ?? null;
    return page(reply, 200, feedsPage(this.context(request), this.feedRequests.feeds, pulls, matches, known));
  }

  @Post('feeds/:name/pull')
  @Roles('admin')
  async pullFeed(@Param('name') name: string, @CurrentReviewer() reviewer: Reviewer, @Res() reply: Reply): Promise<FastifyReply> {
    await this.feedRequests.requestPull(reviewer, name);
    return this.redirect(reply, `${REVIEW_BASE}/feeds?queued=${encodeURIComponent(name)}`);
  }

  @Get('accounts')
  @Roles('admin')
  async accounts(@Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    this.rememberLang(request, reply);
    return page(reply, 200, accountsPage(this.context(request), await this.reviewers.list(), null));
  }

  @Post('accounts')
  @Roles('admin')
  async addAccount(@Posted() { fields: form }: PostedForm, @CurrentReviewer() actor: Reviewer, @Req() request: Request, @Res() reply: Reply): Promise<FastifyReply> {
    try {
      const { reviewer, password } = await this.reviewers.add({ login: text(form, 'login'), role: text(form, 'role'), displayName: text(form, 'displayName') || undefined }, actor.login);
      // The generated password is shown on this response only (never in a URL or a log).
      return page(reply, 201, accountsPage(this.context(request), await this.reviewers.list(), { login: reviewer.login, password }));
    } catch (error) {
      if (error instanceof ReviewerError) throw new ApiError(ApiErrorCode.InvalidApplication, error.message, { errors: [{ field: error.field, message: error.message }] });
      throw error;
    }
  }

  @Post('accounts/:id/:toggle')
  @Roles('admin')
  async toggleAccount(@Param('id') id: string, @Param('toggle') toggle: string, @CurrentReviewer() actor: Reviewer, @Res() reply: Reply): Promise<FastifyReply> {
    if (toggle !== 'disable' && toggle !== 'enable') throw new ApiError(ApiErrorCode.NotFound, `no account action ${toggle}`);
    if (!isUuid(id) || id === actor.id) throw new ApiError(ApiErrorCode.BadRequest, 'you cannot change your own account here');
    if (!(await this.reviewers.setDisabled(id, toggle === 'disable', actor.login))) throw new ApiError(ApiErrorCode.NotFound, 'no such reviewer');
    return this.redirect(reply, `${REVIEW_BASE}/accounts`);
  }

  /** The page's language, reviewer and CSRF token (the guard put the session on the request). */
  private context(request: Request): PageContext {
    const session = request.reviewSession;
    return { lang: langOf(request), reviewer: session?.reviewer ?? null, csrfToken: session?.csrfToken ?? null, url: request.url };
  }

  private rememberLang(request: Request, reply: Reply): void {
    const asked = (request.query as Record<string, unknown>).lang;
    if (asked === 'ja' || asked === 'en') reply.setCookie(LANG_COOKIE, asked, { path: REVIEW_BASE, sameSite: 'lax', maxAge: 365 * 86_400, secure: this.config.reviewSecureCookie });
  }

  private cookieOptions(maxAgeSeconds: number): Record<string, unknown> {
    return { path: REVIEW_BASE, httpOnly: true, sameSite: 'strict', secure: this.config.reviewSecureCookie, maxAge: maxAgeSeconds };
  }

  private redirect(reply: FastifyReply, location: string): FastifyReply {
    return reply.status(303).header('location', location).header('cache-control', 'no-store').send();
  }
}
