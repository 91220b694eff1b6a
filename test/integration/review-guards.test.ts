import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewSessionGuard } from '../../src/app/api/review-session.guard';
import type { AppConfig } from '../../src/app/config/config';
import { ReviewerDirectory, type ReviewerRole } from '../../src/app/review/reviewers';
import { createTestDatabase, testConfig } from '../support/service-env';
import { deleteQueueKeys, openDatabase, startApi, submitReviewLogin, type RunningApi } from '../support/service';

interface Route {
  readonly method: string;
  readonly path: string;
}

/**
 * Every route of the running app's Fastify router, read from its printed tree (`printRoutes`
 * without a common prefix: each line is a path segment under its parent, indented four columns a
 * level, with the methods it answers).
 */
function routerRoutes(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([\s│├└─]*?)(\/\S*|\*)(?: \(([A-Z, ]+)\))?$/.exec(line.replace(/\s+$/, ''));
    if (!match) continue;
    const depth = match[1]!.length / 4 - 1;
    stack.length = depth;
    // Two routes with a parameter at the same place share the node, printed `:source|:id`.
    const segment = match[2]!.replace(/(:\w+)(?:\|:\w+)+/g, '$1');
    const path = `${stack.join('')}${segment}`;
    stack.push(segment);
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, path });
  }
  return routes;
}

/** A URL for a route: path parameters filled (an id as a UUID), since the guard runs before any handler reads them. */
const urlOf = (route: Route): string => route.path.replace(/:id\b/g, randomUUID()).replace(/:[A-Za-z]+/g, 'x');

const label = (route: Route): string => `${route.method} ${route.path}`;

const SAFE = new Set(['GET', 'HEAD']);

const PASSWORD = 'a long enough password';

/** What anyone may open: the login form, its post (checked against the login cookie's token) and the static assets. */
const PUBLIC = new Set(['GET /review/login', 'HEAD /review/login', 'POST /review/login', 'GET /review/assets/review.css', 'HEAD /review/assets/review.css', 'GET /review/assets/review.js', 'HEAD /review/assets/review.js']);

/** Pages and actions only an admin may use; everything else under /review needs any signed-in reviewer. */
const ADMIN_ONLY = /^\/review\/(backtests|feeds|accounts)(\/|$)/;

// Real parts: the api on a port, PostgreSQL (this file's own database), Redis.
describe(ReviewSessionGuard.name, () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let routes: Route[];
  const sessions: Partial<Record<ReviewerRole, { cookie: string; csrf: string }>> = {};

  /** Signs in the role's account (guard-<role>) and reads the session's CSRF token from the queue page. */
  const signIn = async (role: ReviewerRole): Promise<{ cookie: string; csrf: string }> => {
    const response = await submitReviewLogin(api.baseUrl, `guard-${role}`, PASSWORD);
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('shinsa_session='))!.split(';')[0]!;
    const queue = await fetch(`${api.baseUrl}/review`, { headers: { cookie } });
    return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(await queue.text())![1]! };
  };

  const send = (route: Route, options: { cookie?: string; form?: Record<string, string>; multipart?: FormData } = {}): Promise<Response> =>
    fetch(`${api.baseUrl}${urlOf(route)}`, {
      method: route.method,
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: options.multipart ?? (options.form ? new URLSearchParams(options.form).toString() : SAFE.has(route.method) ? undefined : ''),
      redirect: 'manual',
    });

  const csrfRejections = async (): Promise<number> => Number((await db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'csrf.rejected'`))[0].n);

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url);
    api = await startApi(config);
    db = await openDatabase(config);
    routes = routerRoutes(api.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false })).filter((route) => route.path === '/review' || route.path.startsWith('/review/'));
    for (const role of ['reviewer', 'lead', 'admin'] as const) {
      await new ReviewerDirectory(db).add({ login: `guard-${role}`, role, password: PASSWORD }, 'test');
      sessions[role] = await signIn(role);
    }
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    if (config) await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('reads the review routes from the router: pages, posts and the public ones', () => {
    const labels = routes.map(label);
    // Enough to show the tree was read whole, not a hand list: a nested parameter route and both methods.
    expect(labels).toEqual(expect.arrayContaining(['GET /review', 'POST /review/cases/:id/:action', 'GET /review/rescans/:id/changes.csv', 'POST /review/backtests/:source', 'POST /review/accounts/:id/:toggle']));
    expect(routes.length).toBeGreaterThan(30);
    for (const name of PUBLIC) expect(labels, `${name} is in the router`).toContain(name);
    expect(routes.filter((route) => ADMIN_ONLY.test(route.path) && !SAFE.has(route.method)).length).toBeGreaterThan(2);
  });

  it('every route but the login form and the assets sends a caller without a session to the login page', async () => {
    for (const route of routes) {
      const response = await send(route, SAFE.has(route.method) ? {} : { form: {} });
      if (PUBLIC.has(label(route))) {
        // Open to anyone; only the login post checks a token (the login form's, which this caller has not).
        expect(response.status, label(route)).toBe(SAFE.has(route.method) ? 200 : 403);
        continue;
      }
      expect(response.status, label(route)).toBe(303);
      expect(response.headers.get('location'), label(route)).toMatch(/^\/review\/login(\?|$)/);
    }
  });

  it('a forged or expired session cookie is no session', async () => {
    for (const route of routes.filter((candidate) => !PUBLIC.has(label(candidate)))) {
      const response = await send(route, { cookie: `shinsa_session=${'x'.repeat(43)}`, form: SAFE.has(route.method) ? undefined : { _csrf: sessions.admin!.csrf } });
      expect(response.status, label(route)).toBe(303);
    }
  });

  it('every admin route refuses a lead (403), even with a valid CSRF token', async () => {
    const lead = sessions.lead!;
    const adminRoutes = routes.filter((route) => ADMIN_ONLY.test(route.path));
    for (const route of adminRoutes) {
      const response = await send(route, { cookie: lead.cookie, form: SAFE.has(route.method) ? undefined : { _csrf: lead.csrf } });
      expect(response.status, label(route)).toBe(403);
      if (route.method !== 'HEAD') expect(await response.text(), label(route)).toContain('admin');
    }
  });

  it('every post refuses a form without the CSRF token, or with another, and audits each refusal', async () => {
    const posts = routes.filter((route) => !SAFE.has(route.method));
    expect(posts.length).toBeGreaterThan(8);
    const before = await csrfRejections();
    for (const route of posts) {
      // The login form's token comes from its own cookie; a signed-in admin's session passes every role check.
      const cookie = route.path === '/review/login' ? 'shinsa_login_csrf=expected-login-token' : sessions.admin!.cookie;
      const forms: Record<string, string>[] = [{ note: 'no token' }, { _csrf: 'forged-token', note: 'another token' }];
      for (const form of forms) {
        const response = await send(route, { cookie, form });
        expect(response.status, `${label(route)} ${form.note}`).toBe(403);
      }
    }
    // The upload route reads a multipart form: the same check on its fields.
    const upload = new FormData();
    upload.set('since', '');
    upload.set('bundle', new Blob([Buffer.from([0x1f, 0x8b])]), 'rules.tar.gz');
    expect((await send({ method: 'POST', path: '/review/backtests/bundle' }, { cookie: sessions.admin!.cookie, multipart: upload })).status).toBe(403);
    expect(await csrfRejections()).toBe(before + posts.length * 2 + 1);
  });

  it('the same post with the session’s token passes the guard', async () => {
    const reviewer = sessions.reviewer!;
    const response = await send({ method: 'POST', path: '/review/logout' }, { cookie: reviewer.cookie, form: { _csrf: reviewer.csrf } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/review/login');
    expect(response.headers.getSetCookie().some((value) => value.startsWith('shinsa_session=;'))).toBe(true);
    expect((await fetch(`${api.baseUrl}/review`, { headers: { cookie: reviewer.cookie }, redirect: 'manual' })).status).toBe(303);
    sessions.reviewer = await signIn('reviewer');
  });

  it('a bad query parameter is a 400 page naming it, not a 500', async () => {
    const { cookie } = sessions.admin!;
    const cases: [string, string][] = [
      ['/review?state=nonsense', 'state'],
      ['/review?outcome=allow', 'outcome'],
      ['/review?signal=a&signal=b', 'signal'],
      ['/review?registrar=a&registrar=b', 'registrar'],
      [`/review/cases/${randomUUID()}?bulk=1.2.3`, 'bulk'],
      [`/review/cases/${randomUUID()}?campaign=x`, 'campaign'],
      ['/review/abuse-reports?state=open', 'state'],
      ['/review/feeds?queued=a&queued=b', 'queued'],
      ['/review/login?next=/review&next=/review', 'next'],
    ];
    for (const [url, parameter] of cases) {
      const response = await fetch(`${api.baseUrl}${url}`, { headers: { cookie }, redirect: 'manual' });
      expect(response.status, url).toBe(400);
      expect(await response.text(), url).toContain(parameter);
    }
    // The choices the pages offer still work, an empty one meaning "any".
    for (const url of ['/review?state=all&outcome=&breached=1&signal=SMS_VOIP', '/review?state=escalated&outcome=hold', '/review/abuse-reports?state=dismissed', '/review/feeds?queued=nothing']) {
      expect((await fetch(`${api.baseUrl}${url}`, { headers: { cookie }, redirect: 'manual' })).status, url).toBe(200);
    }
  });
});
