import { type CanActivate, createParamDecorator, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { unstorableTextErrors } from '../../engine';
import { RULE_BUNDLE_LIMITS } from '../../screening/rule-bundle';
import { BacktestErrorCode, BacktestRequestError, type BundleUpload } from '../backtest/backtest-requests';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { AuditAction, AuditLog } from '../review/audit-log';
import { hasRole, type Reviewer, type ReviewerRole } from '../review/reviewers';
import { csrfMatches, SessionStore, tokensMatch, type ReviewSession } from '../review/sessions';

export const SESSION_COOKIE = 'shinsa_session';
export const LOGIN_CSRF_COOKIE = 'shinsa_login_csrf';

type Fields = Readonly<Record<string, string | string[] | undefined>>;

/** A posted form, read once by the guard (its CSRF token checked) and handed to the handler. */
export interface PostedForm {
  readonly fields: Fields;
  /** The rules bundle of a multipart upload; null for a urlencoded form or an upload without a file. */
  readonly upload: BundleUpload | null;
  readonly multipart: boolean;
  /** Why a multipart upload could not be read whole; the handler shows it on its page. */
  readonly refused: BacktestRequestError | null;
}

export type ReviewRequest = FastifyRequest & {
  cookies: Record<string, string | undefined>;
  reviewSession?: ReviewSession;
  postedForm?: PostedForm;
};

const PUBLIC = 'shinsa:review-public';
const ROLE = 'shinsa:review-role';
const UPLOAD = 'shinsa:review-upload';

/** A route anyone may open (the login page, the stylesheet); a post to it is checked against the login form's token. */
export const PublicReviewRoute = () => SetMetadata(PUBLIC, true);

/** The least role a route needs (a lead does what a reviewer does, an admin what a lead does). */
export const Roles = (role: ReviewerRole) => SetMetadata(ROLE, role);

/** A route that takes a multipart upload (the rules bundle); everywhere else a multipart body is refused. */
export const AcceptsUpload = () => SetMetadata(UPLOAD, true);

/** The signed-in reviewer (the guard has checked the session and the role). */
export const CurrentReviewer = createParamDecorator((_data: unknown, context: ExecutionContext): Reviewer => {
  const session = context.switchToHttp().getRequest<ReviewRequest>().reviewSession;
  if (!session) throw new Error('@CurrentReviewer() on a route without ReviewSessionGuard or on a public route');
  return session.reviewer;
});

/** The posted form whose CSRF token the guard has checked. */
export const Posted = createParamDecorator((_data: unknown, context: ExecutionContext): PostedForm => {
  const form = context.switchToHttp().getRequest<ReviewRequest>().postedForm;
  if (!form) throw new Error('@Posted() on a GET route or a route without ReviewSessionGuard');
  return form;
});

/** The first value of a form field, or ''. */
export function text(fields: Fields, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Every review route's checks, in one place so a new route cannot forget one: a live session
 * (unless the route is public), the route's role, and on every post the form's CSRF token — the
 * session's, or on the public login form the login cookie's. A mismatch is audited.
 */
@Injectable()
export class ReviewSessionGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(SessionStore) private readonly sessions: SessionStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ReviewRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC, targets) === true;
    const role = this.reflector.getAllAndOverride<ReviewerRole | undefined>(ROLE, targets);
    const session = isPublic ? null : await this.sessions.find(request.cookies[SESSION_COOKIE]);
    if (!isPublic) {
      if (!session) throw new ApiError(ApiErrorCode.Unauthenticated, 'sign in first');
      if (role && !hasRole(session.reviewer, role)) throw new ApiError(ApiErrorCode.Forbidden, `this page needs the ${role} role`);
      request.reviewSession = session;
    }
    if (SAFE_METHODS.has(request.method)) return true;

    const form = await this.formOf(request, this.reflector.getAllAndOverride<boolean | undefined>(UPLOAD, targets) === true);
    const expected = session ? session.csrfToken : request.cookies[LOGIN_CSRF_COOKIE];
    if (session ? !csrfMatches(session, form.fields._csrf) : !tokensMatch(expected, form.fields._csrf)) {
      const params = (request.params ?? {}) as Record<string, string | undefined>;
      const route = params.action ?? request.url.split('?')[0]!.split('/')[2] ?? '';
      await this.audit.write({ actor: session?.reviewer.login ?? 'anonymous', action: AuditAction.CsrfRejected, subjectType: 'session', detail: { route } });
      throw new ApiError(
        ApiErrorCode.Forbidden,
        session ? 'the form has expired or did not come from shinsa (CSRF check failed); reload the page and try again' : 'the login form has expired or did not come from shinsa; open the login page again',
      );
    }
    request.postedForm = form;
    return true;
  }

  private async formOf(request: ReviewRequest, acceptsUpload: boolean): Promise<PostedForm> {
    if (acceptsUpload && request.isMultipart()) return multipartForm(request);
    const body = request.body;
    if (!body || typeof body !== 'object' || Buffer.isBuffer(body)) throw new ApiError(ApiErrorCode.UnsupportedMediaType, 'send the form as application/x-www-form-urlencoded');
    return { fields: body as Fields, upload: null, multipart: false, refused: null };
  }
}

/** A multipart form's text fields and its one file (the rules bundle), within the limits registered in create-api.ts. */
async function multipartForm(request: ReviewRequest): Promise<PostedForm> {
  const fields: Record<string, string> = {};
  let upload: BundleUpload | null = null;
  let refused: BacktestRequestError | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') upload = { fileName: part.filename, bytes: await part.toBuffer() };
      else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') refused = new BacktestRequestError(BacktestErrorCode.InvalidField, [{ field: 'bundle', message: `refused: larger than ${RULE_BUNDLE_LIMITS.compressedBytes / 1024} KiB` }]);
    else if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw new ApiError(ApiErrorCode.BadRequest, 'the form has more parts than the upload form sends');
    else throw error;
  }
  // The global guard checks urlencoded forms; a multipart form's fields and file name are read only here.
  if (!refused) {
    const unstorable = unstorableTextErrors({ ...fields, ...(upload ? { bundle: upload.fileName } : {}) });
    if (unstorable.length > 0) refused = new BacktestRequestError(BacktestErrorCode.InvalidField, unstorable);
  }
  return { fields, upload, multipart: true, refused };
}
