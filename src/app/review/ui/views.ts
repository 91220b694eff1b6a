import { reasonFitsEkyc, type DecisionReason, type ReviewPolicy, type RuleSet } from '../../../engine';
import type { RescanChange, RescanFailure, RescanRun } from '../../rescan/rescan-runs';
import type { AbuseReportView } from '../abuse-reports';
import type { ApplicationReference, BulkResult, CaseDetail, CaseEvent, QueueCounts, QueueFilter, QueueRow, ReviewMetrics } from '../case-types';
import { CASE_STATES } from '../case-types';
import { UUID_IN_TEXT } from '../case-view';
import { COMPARED_FIELDS, likeness, type ComparedField } from '../linked-comparison';
import { hasRole, REVIEWER_ROLES, type Reviewer } from '../reviewers';
import { formatJst } from '../jst';
import { html, SafeHtml } from './html';
import { t, word, type Lang, type MessageKey } from './i18n';

/** What every page knows: the language, who is signed in, the session's CSRF token, the path. */
export interface PageContext {
  readonly lang: Lang;
  readonly reviewer: Reviewer | null;
  readonly csrfToken: string | null;
  /** The path and query of this page (for the language switch). */
  readonly url: string;
}

export const REVIEW_BASE = '/review';

/** ISO-style, unambiguous in both languages: `2026-12-08 00:12 JST` (Japan has no daylight saving). */
export function when(_lang: Lang, date: Date | string | null): string {
  if (date === null) return '—';
  const value = typeof date === 'string' ? new Date(date) : date;
  if (Number.isNaN(value.getTime())) return '—';
  return formatJst(value);
}

/** A duration as a reviewer reads it: minutes below an hour (`12 min`), hours with one decimal above. */
export function duration(lang: Lang, seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 3600) return `${Math.max(0, Math.round(seconds / 60))} ${t(lang, 'minutes')}`;
  return `${Math.round((seconds / 3600) * 10) / 10} ${t(lang, 'hours')}`;
}

export function csrfField(context: PageContext): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${context.csrfToken ?? ''}">`;
}

function withLang(url: string, lang: Lang): string {
  const parsed = new URL(url, 'http://shinsa.invalid');
  parsed.searchParams.set('lang', lang);
  return `${parsed.pathname}${parsed.search}`;
}

/** `refreshSeconds` reloads the page (a run in progress), without script. */
export function layout(context: PageContext, title: string, body: SafeHtml, options: { readonly refreshSeconds?: number } = {}): string {
  const { lang, reviewer } = context;
  const other: Lang = lang === 'ja' ? 'en' : 'ja';
  const nav = reviewer
    ? html`<nav>
        <a href="${REVIEW_BASE}">${t(lang, 'queue')}</a>
        <a href="${REVIEW_BASE}/abuse-reports">${t(lang, 'abuseReports')}</a>
        <a href="${REVIEW_BASE}/rescans">${t(lang, 'rescans')}</a>
        <a href="${REVIEW_BASE}/metrics">${t(lang, 'metrics')}</a>
        ${hasRole(reviewer, 'admin') ? html`<a href="${REVIEW_BASE}/feeds">${t(lang, 'feeds')}</a><a href="${REVIEW_BASE}/backtests">${t(lang, 'backtests')}</a><a href="${REVIEW_BASE}/accounts">${t(lang, 'accounts')}</a>` : ''}
        <span class="who">${t(lang, 'signedInAs')} <strong>${reviewer.displayName}</strong> (${word(lang, reviewer.role)})</span>
        <a href="${withLang(context.url, other)}" lang="${other}">${t(lang, 'language')}</a>
        <form method="post" action="${REVIEW_BASE}/logout" class="inline">${csrfField(context)}<button type="submit">${t(lang, 'logout')}</button></form>
      </nav>`
    : html`<nav><a href="${withLang(context.url, other)}" lang="${other}">${t(lang, 'language')}</a></nav>`;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<title>${title} · ${t(lang, 'title')}</title>
<link rel="icon" href="/favicon.ico" type="image/svg+xml">
<link rel="stylesheet" href="${REVIEW_BASE}/assets/review.css">
<script src="${REVIEW_BASE}/assets/review.js" defer></script>
</head>
<body>
<header><a class="brand" href="${REVIEW_BASE}">${t(lang, 'title')}</a>${nav}</header>
<main>
<h1>${title}</h1>
${body}
</main>
<footer class="sub">IP → AS: RouteViews, NRO and <a href="https://db-ip.com" rel="noopener noreferrer">IP Geolocation by DB-IP</a> (CC BY 4.0)</footer>
</body>
</html>`.value;
}

export function loginPage(context: PageContext, loginCsrf: string, failed: boolean, next: string): string {
  const { lang } = context;
  return layout(
    context,
    t(lang, 'login'),
    html`${failed ? html`<p class="error" role="alert">${t(lang, 'loginFailed')}</p>` : ''}
      <form method="post" action="${REVIEW_BASE}/login" class="login">
        <input type="hidden" name="_csrf" value="${loginCsrf}">
        <input type="hidden" name="next" value="${next}">
        <label>${t(lang, 'loginName')} <input name="login" autocomplete="username" required autofocus></label>
        <label>${t(lang, 'password')} <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">${t(lang, 'login')}</button>
      </form>`,
  );
}

export function badge(lang: Lang, value: string): SafeHtml {
  return html`<span class="badge ${value}">${word(lang, value)}</span>`;
}

export function queuePage(context: PageContext, filter: QueueFilter, result: { rows: readonly QueueRow[]; total: number }, counts: QueueCounts, registrars: readonly string[]): string {
  const { lang } = context;
  const option = (value: string, label: string, selected: boolean): SafeHtml => html`<option value="${value}"${selected ? new SafeHtml(' selected') : ''}>${label}</option>`;
  const state = filter.state ?? 'active';
  const form = html`<form method="get" action="${REVIEW_BASE}" class="filters">
      <label>${t(lang, 'state')} <select name="state">
        ${option('active', t(lang, 'active'), state === 'active')}
        ${CASE_STATES.map((value) => option(value, word(lang, value), state === value))}
        ${option('all', t(lang, 'all'), state === 'all')}
      </select></label>
      <label>${t(lang, 'outcome')} <select name="outcome">
        ${option('', t(lang, 'any'), !filter.outcome)}
        ${['review', 'hold', 'deny'].map((value) => option(value, word(lang, value), filter.outcome === value))}
      </select></label>
      <label>${t(lang, 'registrar')} <select name="registrar">
        ${option('', t(lang, 'any'), !filter.registrar)}
        ${registrars.map((name) => option(name, name, filter.registrar === name))}
      </select></label>
      <label>${t(lang, 'signal')} <input name="signal" value="${filter.signal ?? ''}" placeholder="SMS_VOIP"></label>
      <label class="check"><input type="checkbox" name="breached" value="1"${filter.breached ? new SafeHtml(' checked') : ''}> ${t(lang, 'breachedOnly')}</label>
      <button type="submit">${t(lang, 'filter')}</button>
    </form>`;
  const summary = html`<ul class="counts">
      ${CASE_STATES.filter((value) => value !== 'decided').map(
        (value) => html`<li><a href="${REVIEW_BASE}?state=${value}">${word(lang, value)} <strong data-count="${value}">${counts.byState[value]}</strong></a></li>`,
      )}
      <li class="breached"><a href="${REVIEW_BASE}?breached=1">${t(lang, 'breached')} <strong data-count="breached">${counts.breached}</strong></a></li>
    </ul>`;
  const rows = result.rows.map(
    (row, index) => html`<tr data-case-id="${row.id}" data-href="${REVIEW_BASE}/cases/${row.id}" class="${row.breached ? 'breached' : ''}${index === 0 ? ' selected' : ''}" tabindex="-1">
        <td class="due">${when(lang, row.dueAt)}${row.breached ? html` <span class="badge breached">${t(lang, 'breached')}</span>` : ''}</td>
        <td>${badge(lang, row.state)}${row.ekycState ? html` <span class="sub">eKYC: ${word(lang, row.ekycState)}</span>` : ''}</td>
        <td>${badge(lang, row.outcome)}</td>
        <td class="num">${row.score}</td>
        <td><a href="${REVIEW_BASE}/cases/${row.id}">${row.domainName ?? '—'}</a></td>
        <td>${row.registrar}</td>
        <td class="reasons">${row.reasons.slice(0, 4).join(', ')}${row.reasons.length > 4 ? ' …' : ''}</td>
        <td>${row.claimedBy ?? ''}</td>
        <td>${
          row.state === 'open' || row.state === 'ekyc_pending'
            ? html`<form method="post" action="${REVIEW_BASE}/cases/${row.id}/claim" class="inline claim">${csrfField(context)}<input type="hidden" name="next" value="${context.url}"><button type="submit">${t(lang, 'claim')}</button></form>`
            : ''
        }</td>
      </tr>`,
  );
  const table =
    result.rows.length === 0
      ? html`<p class="empty">${t(lang, 'noCases')}</p>`
      : html`<p class="sub">${t(lang, 'showing', { shown: result.rows.length, total: result.total })} · ${t(lang, 'shortcuts')}</p>
        <table class="queue" id="queue">
          <thead><tr><th>${t(lang, 'due')}</th><th>${t(lang, 'state')}</th><th>${t(lang, 'outcome')}</th><th>${t(lang, 'score')}</th><th>${t(lang, 'domain')}</th><th>${t(lang, 'registrar')}</th><th>${t(lang, 'reasons')}</th><th>${t(lang, 'claimedBy')}</th><th></th></tr></thead>
          <tbody>${rows}</tbody>
        </table>`;
  return layout(context, t(lang, 'queue'), html`${summary}${form}${table}`);
}

/** Every field of the application body as `path: value` rows (nested objects flattened). */
function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.length === 0 ? [] : value.every((item) => typeof item !== 'object') ? [[prefix, value.join(', ')]] : value.flatMap((item, index) => flatten(item, `${prefix}[${index}]`));
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
  return [[prefix, String(value)]];
}

/** The registrant first, then how they verified and signed up, then the rest, as a reviewer reads. */
const SECTION_ORDER = ['externalId', 'product', 'submittedAt', 'registrant', 'verification', 'domain', 'hosting', 'signup', 'payment'];
function ordered(body: Record<string, unknown>): Record<string, unknown> {
  const rank = (key: string): number => (SECTION_ORDER.includes(key) ? SECTION_ORDER.indexOf(key) : SECTION_ORDER.length);
  const sorted = Object.entries(body).sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(sorted.map(([key, value]) => [key, key === 'registrant' && value && typeof value === 'object' ? orderRegistrant(value as Record<string, unknown>) : value]));
}
function orderRegistrant(registrant: Record<string, unknown>): Record<string, unknown> {
  const order = ['type', 'name', 'organization', 'email', 'phone', 'address'];
  const rank = (key: string): number => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(Object.entries(registrant).sort(([a], [b]) => rank(a) - rank(b)));
}

function reasonOptions(lang: Lang, reasons: readonly DecisionReason[]): SafeHtml {
  // No reason is chosen for the reviewer: the empty first option makes `required` ask for one.
  return html`<option value="" selected disabled>${t(lang, 'chooseReason')}</option>${reasons.map((reason) => html`<option value="${reason.code}">${reason.code} — ${reason[lang]}</option>`)}`;
}

/** The reasons that fit this case: eKYC reasons only when its eKYC ended that way. */
export function fittingReasons(policy: ReviewPolicy, decision: 'approve' | 'reject', ekycState: string | null): DecisionReason[] {
  return policy.decisionReasons[decision].filter((reason) => reasonFitsEkyc(reason, ekycState));
}

function decisionForms(context: PageContext, detail: CaseDetail, policy: ReviewPolicy): SafeHtml {
  const { lang } = context;
  const form = (decision: 'approve' | 'reject'): SafeHtml => html`<form method="post" action="${REVIEW_BASE}/cases/${detail.id}/decide" class="decide ${decision}">
      ${csrfField(context)}<input type="hidden" name="decision" value="${decision}">
      <label>${t(lang, 'reason')} <select name="reasonCode" required>${reasonOptions(lang, fittingReasons(policy, decision, detail.ekycState))}</select></label>
      <label>${t(lang, 'note')} <textarea name="note" rows="2" required maxlength="2000"></textarea></label>
      <button type="submit" name="action" value="${decision}">${t(lang, decision)}</button>
    </form>`;
  const overrides = detail.outcome === 'hold' || detail.outcome === 'deny';
  return html`<div class="decision-forms">${form('reject')}${form('approve')}</div>${overrides ? html`<p class="sub">${t(lang, 'fourEyes')}</p>` : ''}`;
}

function actions(context: PageContext, detail: CaseDetail, policy: ReviewPolicy): SafeHtml {
  const { lang, reviewer } = context;
  if (!reviewer) return html``;
  const post = (action: string, label: string, extra: SafeHtml = html``): SafeHtml =>
    html`<form method="post" action="${REVIEW_BASE}/cases/${detail.id}/${action}" class="inline ${action}">${csrfField(context)}${extra}<button type="submit">${label}</button></form>`;
  const mine = detail.state === 'claimed' && detail.claimedBy === reviewer.login;
  const parts: SafeHtml[] = [];
  const reasonText = (decision: 'approve' | 'reject', code: string | null): string => {
    const reason = policy.decisionReasons[decision].find((entry) => entry.code === code);
    return reason ? `${code} — ${reason[lang]}` : (code ?? '');
  };
  if (detail.state === 'decided') {
    parts.push(html`<p>${t(lang, 'decided')}: ${badge(lang, detail.decision ?? '')} ${reasonText(detail.decision === 'approved' ? 'approve' : 'reject', detail.decisionReason)} — ${detail.decidedBy}, ${when(lang, detail.decidedAt)}</p>`);
  } else if (detail.state === 'escalated') {
    if (detail.proposal) {
      parts.push(html`<p class="proposal">${t(lang, 'proposal')}: ${t(lang, detail.proposal.decision)} (${reasonText(detail.proposal.decision, detail.proposal.reasonCode)}) — ${t(lang, 'proposedBy')} ${detail.proposal.by}: “${detail.proposal.note}”</p>`);
    }
    if (hasRole(reviewer, 'lead')) {
      parts.push(decisionForms(context, detail, policy));
      parts.push(post('return', t(lang, 'returnToQueue'), html`<input name="note" required placeholder="${t(lang, 'note')}">`));
    }
  } else if (mine) {
    parts.push(decisionForms(context, detail, policy));
    parts.push(html`<div class="row">
        ${
          !detail.ekycAvailable
            ? html`<p class="sub" data-ekyc-unavailable>${t(lang, 'ekycUnavailable')}</p>`
            : post('ekyc', t(lang, 'requestEkyc'), html`<select name="method">${policy.ekycMethods.map((method) => html`<option value="${method.code}">${method[lang]}</option>`)}</select>`)
        }
        ${post('escalate', t(lang, 'escalate'), html`<input name="note" required placeholder="${t(lang, 'note')}">`)}
        ${post('release', t(lang, 'release'))}
      </div>`);
  } else if (detail.state === 'open' || detail.state === 'ekyc_pending') {
    parts.push(post('claim', t(lang, 'claim')));
  } else {
    parts.push(html`<p>${t(lang, 'claimedBy')}: ${detail.claimedBy} (${t(lang, 'claimUntil')} ${when(lang, detail.leaseUntil)})</p>`);
  }
  return html`<section class="actions"><h2>${t(lang, 'decision')}</h2>${parts}</section>`;
}

const FIELD_KEYS: Readonly<Record<ComparedField, MessageKey>> = {
  name: 'fieldName',
  kana: 'fieldKana',
  organization: 'fieldOrganization',
  address: 'fieldAddress',
  phone: 'fieldPhone',
  email: 'fieldEmail',
  sms: 'fieldSms',
  ip: 'fieldIp',
  card: 'fieldCard',
  device: 'fieldDevice',
  nameservers: 'fieldNameservers',
};

/** Who applied, first: the details a reviewer checks before anything else. */
function identity(context: PageContext, detail: CaseDetail): SafeHtml {
  const { lang } = context;
  const shown = COMPARED_FIELDS.filter((field) => detail.details[field] !== null);
  return html`<section class="identity">
      <h2>${t(lang, 'identity')} <span class="sub">${detail.application.domainName ?? detail.application.externalId}</span></h2>
      <dl class="fields identity-fields">${shown.map((field) => html`<dt>${t(lang, FIELD_KEYS[field])}</dt><dd data-identity="${field}">${detail.details[field]}</dd>`)}</dl>
      <p class="sub">${t(lang, 'personalData')}</p>
    </section>`;
}

/** An application named by id in a hit: its domain and name, linked to its case. */
function referenceLink(reference: ApplicationReference | undefined, id: string): SafeHtml {
  if (!reference) return html`<code>${id}</code>`;
  const label = `${reference.domainName ?? id.slice(0, 8)}${reference.name ? ` (${reference.name})` : ''}`;
  return reference.caseId ? html`<a href="${REVIEW_BASE}/cases/${reference.caseId}" data-application="${id}">${label}</a>` : html`<span data-application="${id}">${label}</span>`;
}

/** A hit's detail with the application ids it quotes turned into links. */
function hitDetail(text: string | undefined, referenced: ReadonlyMap<string, ApplicationReference>): SafeHtml {
  if (!text) return html``;
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(UUID_IN_TEXT)) {
    parts.push(html`${text.slice(last, match.index)}`);
    parts.push(referenceLink(referenced.get(match[0].toLowerCase()), match[0]));
    last = match.index + match[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}

/** The linked applications' key details beside this one's; the same values highlighted, widely shared ones folded. */
function sideBySide(context: PageContext, detail: CaseDetail, rules: RuleSet): SafeHtml {
  const { lang } = context;
  const linked = detail.linked.slice(0, SIDE_BY_SIDE);
  if (linked.length === 0) return html``;
  const fields = COMPARED_FIELDS.filter((field) => detail.details[field] !== null || linked.some((row) => row.details[field] !== null));
  const cell = (field: ComparedField, value: string | null): SafeHtml => {
    const how = likeness(rules, field, detail.details[field], value);
    return html`<td class="${how}" data-likeness="${how}">${value ?? '—'}${how === 'same' ? html` <span class="same-mark">${t(lang, 'same')}</span>` : how === 'widely' ? html` <span class="sub">${t(lang, 'widelyShared')}</span>` : ''}</td>`;
  };
  return html`<div class="compare-wrap"><table class="compare">
      <thead><tr><th></th><th class="self">${t(lang, 'thisApplication')}<div class="sub">${detail.application.domainName ?? ''}</div></th>${linked.map(
        (row) => html`<th data-linked="${row.id}">${row.caseId ? html`<a href="${REVIEW_BASE}/cases/${row.caseId}">${row.domainName ?? row.id.slice(0, 8)}</a>` : (row.domainName ?? row.id.slice(0, 8))}
          <div class="sub">${row.label ? badge(lang, row.label) : ''} ${row.caseState ? word(lang, row.caseState) : ''} · ${when(lang, row.receivedAt)}</div></th>`,
      )}</tr></thead>
      <tbody>${fields.map((field) => html`<tr data-field="${field}"><th>${t(lang, FIELD_KEYS[field])}</th><td class="self">${detail.details[field] ?? '—'}</td>${linked.map((row) => cell(field, row.details[field]))}</tr>`)}</tbody>
    </table></div>
    ${detail.linked.length > SIDE_BY_SIDE ? html`<p class="sub">${t(lang, 'moreLinked', { count: detail.linked.length - SIDE_BY_SIDE })}</p>` : ''}`;
}

/** How many linked applications are compared column by column (the rest are listed below). */
const SIDE_BY_SIDE = 6;

function linkedSection(context: PageContext, detail: CaseDetail, policy: ReviewPolicy, rules: RuleSet, feedCampaign: SafeHtml): SafeHtml {
  const { lang, reviewer } = context;
  const widely = [...new Set(detail.linked.flatMap((row) => row.widelyShared))];
  const bulkForm = (campaign: CaseDetail['campaigns'][number], decision: 'approve' | 'reject'): SafeHtml => html`<form method="post" action="${REVIEW_BASE}/bulk" class="bulk ${decision}">
      ${csrfField(context)}<input type="hidden" name="kind" value="${campaign.kind}"><input type="hidden" name="valueHash" value="${campaign.valueHash}"><input type="hidden" name="from" value="${detail.id}"><input type="hidden" name="decision" value="${decision}">
      <select name="reasonCode" required>${reasonOptions(lang, policy.decisionReasons[decision].filter((reason) => !reason.ekyc))}</select>
      <input name="note" required placeholder="${t(lang, 'note')}">
      <button type="submit">${t(lang, decision === 'reject' ? 'bulkReject' : 'bulkApprove')}</button>
    </form>`;
  return html`<section class="linked">
      <h2>${t(lang, 'linked')}</h2>
      ${
        detail.linked.length === 0
          ? html`<p class="empty">${t(lang, 'noLinked')}</p>`
          : html`${sideBySide(context, detail, rules)}
            <table class="linked-list"><thead><tr><th>${t(lang, 'domain')}</th><th>${t(lang, 'fieldName')}</th><th>${t(lang, 'shares')}</th><th>${t(lang, 'label')}</th><th>${t(lang, 'case')}</th><th>${t(lang, 'registrar')}</th><th>${t(lang, 'received')}</th></tr></thead>
            <tbody>${detail.linked.map(
              (row) => html`<tr data-linked="${row.id}"><td>${row.caseId ? html`<a href="${REVIEW_BASE}/cases/${row.caseId}">${row.domainName ?? row.id}</a>` : (row.domainName ?? row.id)}</td><td>${row.details.name ?? '—'}</td><td>${row.shares.join(', ')}</td><td>${row.label ? badge(lang, row.label) : ''}</td><td>${row.caseState ? word(lang, row.caseState) : ''}</td><td>${row.registrar}</td><td>${when(lang, row.receivedAt)}</td></tr>`,
            )}</tbody></table>
            ${widely.length > 0 ? html`<details class="widely"><summary>${t(lang, 'widelySharedFolded', { count: widely.length })}</summary><p class="sub">${widely.join(', ')}</p></details>` : ''}`
      }
      ${
        reviewer && hasRole(reviewer, 'lead') && detail.campaigns.length > 0
          ? html`<h3>${t(lang, 'campaign')}</h3>
            ${detail.campaigns.map((campaign) => html`<div class="campaign" data-kind="${campaign.kind}"><strong>${campaign.kind}</strong> — ${campaign.undecidedCases} ${t(lang, 'openCases')}${bulkForm(campaign, 'reject')}${bulkForm(campaign, 'approve')}</div>`)}`
          : ''
      }
    </section>${feedCampaign}`;
}

/** Case events as sentences in the UI language (no raw JSON, times in JST). */
function eventSentence(lang: Lang, event: CaseEvent, policy: ReviewPolicy): SafeHtml {
  const data = event.data ?? {};
  const str = (key: string): string => (typeof data[key] === 'string' ? (data[key] as string) : '');
  const note = event.reason ? html` “${event.reason}”` : '';
  const reason = (decision: 'approve' | 'reject', code: string): string => policy.decisionReasons[decision].find((entry) => entry.code === code)?.[lang] ?? code;
  const who = html`<strong>${event.actor}</strong>`;
  switch (event.type) {
    case 'opened':
      return html`${t(lang, 'evOpened')}${event.reason ? html`: <span class="sub">${event.reason}</span>` : ''}`;
    case 'raised':
      return html`${str('outcome') ? t(lang, 'evRaised', { outcome: word(lang, str('outcome')) }) : t(lang, 'evChanged')}${event.reason ? html`: <span class="sub">${event.reason}</span>` : ''}`;
    case 'revised':
      return html`${t(lang, 'evRevised')}${event.reason ? html`: <span class="sub">${event.reason}</span>` : ''}`;
    case 'claimed':
    case 'claim_renewed':
      return html`${who} ${t(lang, event.type === 'claimed' ? 'evClaimed' : 'evClaimRenewed', { until: when(lang, str('leaseUntil') || null) })}${data.previousClaimant ? html` <span class="sub">${t(lang, 'evLeaseExpired', { previous: str('previousClaimant') })}</span>` : ''}`;
    case 'released':
      return html`${who} ${t(lang, 'evReleased')}`;
    case 'ekyc_requested':
      return html`${who} ${t(lang, 'evEkycRequested', { method: policy.ekycMethods.find((method) => method.code === str('method'))?.[lang] ?? str('method') })}`;
    case 'ekyc_result': {
      const failed = Array.isArray(data.failedChecks) ? (data.failedChecks as string[]) : [];
      return html`${t(lang, 'evEkycResult', { result: word(lang, event.reason ?? ''), vendor: str('vendorReference') })}${failed.length > 0 ? html` — ${t(lang, 'evFailedChecks')}: <span class="check ng">${failed.join(', ')}</span>` : ''}`;
    }
    case 'escalated':
      return html`${who} ${t(lang, 'evEscalated')}:${note}`;
    case 'returned':
      return html`${who} ${t(lang, 'evReturned')}:${note}`;
    case 'approval_proposed':
      return html`${who} ${t(lang, 'evProposed', { reason: reason('approve', str('reasonCode')) })}:${note}`;
    case 'decided': {
      const decision = str('decision') === 'approved' ? 'approve' : 'reject';
      return html`${who} ${t(lang, decision === 'approve' ? 'evApproved' : 'evRejected', { reason: reason(decision, str('reasonCode')) })}${data.proposedBy ? html` (${t(lang, 'proposedBy')} ${str('proposedBy')})` : ''}${data.bulk ? html` <span class="sub">${t(lang, 'evBulk')}</span>` : ''}:${note}`;
    }
    default:
      return html`${who} ${event.type}${event.reason ? html`: ${event.reason}` : ''}`;
  }
}

/** Events that changed the assessment after the case opened: shown above the decision. */
function assessmentChanges(context: PageContext, detail: CaseDetail): SafeHtml {
  const { lang } = context;
  const changes = detail.events.filter((event) => event.type === 'raised' || event.type === 'revised');
  if (changes.length === 0 || detail.state === 'decided') return html``;
  return html`<div class="changed" role="alert" data-assessment-changed>
      <strong>${t(lang, 'assessmentChanged')}</strong>
      <ul>${changes.map((event) => html`<li><time>${when(lang, event.at)}</time> ${event.reason ?? event.type}</li>`)}</ul>
    </div>`;
}

export function casePage(context: PageContext, detail: CaseDetail, policy: ReviewPolicy, bulk: BulkResult | null, reports: readonly AbuseReportView[] = [], feedCampaign: SafeHtml = html``, rules?: RuleSet): string {
  const { lang } = context;
  const application = detail.application;
  const header = html`<dl class="summary">
      <dt>${t(lang, 'state')}</dt><dd data-field="state">${badge(lang, detail.state)}${detail.ekycState ? html` <span class="sub">eKYC: ${word(lang, detail.ekycState)}</span>` : ''}</dd>
      <dt>${t(lang, 'outcome')}</dt><dd>${badge(lang, detail.outcome)} <span class="num">${detail.score}</span></dd>
      <dt>${t(lang, 'due')}</dt><dd class="${detail.breached ? 'breached' : ''}">${when(lang, detail.dueAt)}${detail.breached ? html` <span class="badge breached">${t(lang, 'breached')}</span>` : ''}</dd>
      <dt>${t(lang, 'registrar')}</dt><dd>${detail.registrar.name}</dd>
      <dt>${t(lang, 'claimedBy')}</dt><dd>${detail.claimedBy ?? '—'}</dd>
    </dl>`;
  const bulkNote = bulk
    ? html`<p class="notice" role="status">${t(lang, 'bulkDone', { decided: bulk.decided, awaiting: bulk.awaitingSecondApproval, skipped: bulk.skipped })}</p>`
    : '';
  const personal = html`<section class="application">
      <h2>${t(lang, 'application')}</h2>
      <p class="sub">${t(lang, 'personalData')}</p>
      <dl class="fields">
        <dt>id</dt><dd>${application.id}</dd>
        <dt>externalId</dt><dd>${application.externalId}</dd>
        <dt>${t(lang, 'received')}</dt><dd>${when(lang, application.receivedAt)}</dd>
        <dt>${t(lang, 'signupNetwork')}</dt><dd>${application.signupIp ?? '—'}${application.signupPort !== null ? html`:${application.signupPort}` : ''} · ${when(lang, application.signupAt)}</dd>
        ${flatten(ordered(application.body)).map(([key, value]) => html`<dt>${key}</dt><dd>${value}</dd>`)}
      </dl>
    </section>`;
  const assessment = detail.assessment
    ? html`<section class="assessment">
        <h2>${t(lang, 'assessment')}</h2>
        <p class="sub">${t(lang, 'rulesVersion')}: <code>${detail.assessment.rulesVersion.slice(0, 19)}</code> · ${detail.assessment.trigger} · ${when(lang, detail.assessment.createdAt)}</p>
        <table class="hits">
          <thead><tr><th>${t(lang, 'points')}</th><th>${t(lang, 'reason')}</th><th>${t(lang, 'detail')}</th><th>${t(lang, 'rule')}</th></tr></thead>
          <tbody>${detail.assessment.hits.map(
            (hit) => html`<tr><td class="num">${hit.points}</td><td><code>${hit.reason}</code><div class="sub">${hit.signal}</div></td><td class="detail">${hitDetail(lang === 'ja' ? (hit.detailJa ?? hit.detail) : hit.detail, detail.referenced)}</td><td class="rule">${(lang === 'ja' ? hit.ruleTextJa : undefined) ?? hit.ruleText ?? ''}</td></tr>`,
          )}</tbody>
        </table>
      </section>`
    : '';
  const ekyc = html`<section class="ekyc">
      <h2>${t(lang, 'ekyc')}</h2>
      ${
        detail.ekyc.length === 0
          ? html`<p class="empty">${t(lang, 'ekycNone')}</p>`
          : html`<table><thead><tr><th>${t(lang, 'ekycMethod')}</th><th>${t(lang, 'state')}</th><th>${t(lang, 'verificationLink')}</th><th>${t(lang, 'vendorReference')}</th><th>${t(lang, 'checks')}</th></tr></thead>
            <tbody>${detail.ekyc.map(
              (request) => html`<tr data-ekyc-state="${request.state}"><td>${policy.ekycMethods.find((method) => method.code === request.method)?.[lang] ?? request.method}</td><td>${badge(lang, request.state)}</td>
                <td><a href="${request.verificationUrl}" class="verification-link" rel="noopener noreferrer">${request.verificationUrl}</a></td><td>${request.vendorReference ?? '—'}</td>
                <td>${(request.checks ?? []).map((check) => html`<span class="check ${check.passed ? 'ok' : 'ng'}">${check.check}: ${t(lang, check.passed ? 'passed' : 'failed')}</span> `)}</td></tr>`,
            )}</tbody></table>`
      }
    </section>`;
  const abuse = reports.length > 0 ? html`<section class="abuse"><h2>${t(lang, 'abuseReports')}</h2>${abuseReportTable(context, reports, false)}</section>` : '';
  const timeline = html`<section class="timeline">
      <h2>${t(lang, 'timeline')}</h2>
      <ol>${detail.events.map((event) => html`<li data-event="${event.type}"><time>${when(lang, event.at)}</time> ${eventSentence(lang, event, policy)}</li>`)}</ol>
    </section>`;
  const linked = rules ? linkedSection(context, detail, policy, rules, feedCampaign) : html``;
  // Who and the decision first; then why shinsa flagged it; then the links and the campaign tools.
  return layout(
    context,
    `${t(lang, 'case')} ${application.domainName ?? application.externalId}`,
    html`${bulkNote}${header}${assessmentChanges(context, detail)}<div class="first">${identity(context, detail)}${actions(context, detail, policy)}</div>${assessment}${ekyc}${abuse}${linked}${personal}${timeline}`,
  );
}

function abuseReportTable(context: PageContext, reports: readonly AbuseReportView[], withCase: boolean): SafeHtml {
  const { lang } = context;
  if (reports.length === 0) return html`<p class="empty">${t(lang, 'noReports')}</p>`;
  return html`<table class="abuse-reports"><thead><tr><th>${t(lang, 'reportedAt')}</th><th>${t(lang, 'domain')}</th><th>${t(lang, 'category')}</th><th>URL</th><th>${t(lang, 'reporter')}</th><th>${t(lang, 'state')}</th><th></th></tr></thead>
    <tbody>${reports.map(
      (report) => html`<tr data-report-id="${report.id}">
        <td>${when(lang, report.reportedAt)}</td>
        <td>${report.domain}${withCase ? (report.caseId ? html`<div><a href="${REVIEW_BASE}/cases/${report.caseId}">${t(lang, 'case')}</a> · ${report.registrar}</div>` : html`<div class="sub">${report.applicationId ? report.registrar : t(lang, 'noApplication')}</div>`) : ''}</td>
        <td>${badge(lang, report.category)}</td>
        <td><code>${report.url ?? '—'}</code>${report.brand ? html`<div class="sub">${t(lang, 'brand')}: ${report.brand}</div>` : ''}</td>
        <td>${report.feed ? html`<div data-feed="${report.feed}"><span class="sub">${t(lang, 'feedName')}</span> ${report.feed}</div>` : ''}${Object.entries(report.reporter).map(([key, value]) => html`<div><span class="sub">${key}</span> ${value}</div>`)}</td>
        <td>${badge(lang, report.state)}${report.decidedBy ? html`<div class="sub">${report.decidedBy}: ${report.decisionNote}</div>` : ''}</td>
        <td>${
          report.state === 'pending'
            ? html`<form method="post" action="${REVIEW_BASE}/abuse-reports/${report.id}/confirm" class="report-decision">${csrfField(context)}<input type="hidden" name="next" value="${context.url}">
                <input name="note" required placeholder="${t(lang, 'note')}">
                <button type="submit" name="decision" value="confirm">${t(lang, 'confirm')}</button>
                <button type="submit" name="decision" value="dismiss" formaction="${REVIEW_BASE}/abuse-reports/${report.id}/dismiss" class="secondary">${t(lang, 'dismiss')}</button>
              </form>`
            : ''
        }</td>
      </tr>`,
    )}</tbody></table>`;
}

export function abuseReportsPage(context: PageContext, state: string, reports: readonly AbuseReportView[]): string {
  const { lang } = context;
  const option = (value: string): SafeHtml => html`<option value="${value}"${state === value ? new SafeHtml(' selected') : ''}>${word(lang, value)}</option>`;
  return layout(
    context,
    t(lang, 'abuseReports'),
    html`<form method="get" action="${REVIEW_BASE}/abuse-reports" class="filters"><label>${t(lang, 'state')} <select name="state">${['pending', 'confirmed', 'dismissed'].map(option)}</select></label><button type="submit">${t(lang, 'filter')}</button></form>
      <p class="sub">${t(lang, 'personalData')}</p>
      ${abuseReportTable(context, reports, true)}`,
  );
}

export function rescansPage(context: PageContext, runs: readonly RescanRun[]): string {
  const { lang } = context;
  return layout(
    context,
    t(lang, 'rescans'),
    runs.length === 0
      ? html`<p class="empty">${t(lang, 'noRuns')}</p>`
      : html`<table class="rescans"><thead><tr><th>${t(lang, 'started')}</th><th>${t(lang, 'trigger')}</th><th>${t(lang, 'state')}</th><th>${t(lang, 'chunks')}</th><th>${t(lang, 'domainsSeen')}</th><th>${t(lang, 'changedCount')}</th><th>${t(lang, 'newCases')}</th><th>${t(lang, 'failures')}</th><th>${t(lang, 'finished')}</th><th>${t(lang, 'rulesVersion')}</th></tr></thead>
        <tbody>${runs.map(
          (run) => html`<tr data-run-id="${run.id}"><td><a href="${REVIEW_BASE}/rescans/${run.id}">${when(lang, run.startedAt)}</a></td><td>${run.trigger}</td><td>${run.state}</td><td class="num">${run.chunksDone}/${run.chunksTotal}</td>
            <td class="num">${run.domainsSeen.toLocaleString('en')}</td><td class="num">${run.changed.toLocaleString('en')}</td><td class="num">${run.newCases.toLocaleString('en')}</td><td class="num">${run.failures.toLocaleString('en')}</td>
            <td>${when(lang, run.finishedAt)}</td><td><code>${run.rulesVersion.slice(0, 19)}</code></td></tr>`,
        )}</tbody></table>`,
  );
}

export function rescanRunPage(context: PageContext, run: RescanRun, changes: readonly RescanChange[], failures: readonly RescanFailure[]): string {
  const { lang } = context;
  return layout(
    context,
    `${t(lang, 'rescanRun')} ${when(lang, run.startedAt)}`,
    html`<dl class="summary">
        <dt>${t(lang, 'state')}</dt><dd>${run.state} (${run.chunksDone}/${run.chunksTotal})</dd>
        <dt>${t(lang, 'domainsSeen')}</dt><dd>${run.domainsSeen.toLocaleString('en')} / ${run.domainsTotal.toLocaleString('en')}</dd>
        <dt>${t(lang, 'changedCount')}</dt><dd>${run.changed.toLocaleString('en')}</dd>
        <dt>${t(lang, 'newCases')}</dt><dd>${run.newCases.toLocaleString('en')}</dd>
        <dt>${t(lang, 'failures')}</dt><dd>${run.failures.toLocaleString('en')}</dd>
        <dt>${t(lang, 'rulesVersion')}</dt><dd><code>${run.rulesVersion}</code></dd>
      </dl>
      <p><a href="${REVIEW_BASE}/rescans/${run.id}/changes.csv" download>${t(lang, 'downloadCsv')}</a></p>
      ${
        changes.length === 0
          ? html`<p class="empty">${t(lang, 'noChanges')}</p>`
          : html`<table class="changes"><thead><tr><th>${t(lang, 'domain')}</th><th>${t(lang, 'previous')}</th><th>${t(lang, 'outcome')}</th><th>${t(lang, 'score')}</th><th>${t(lang, 'reasons')}</th><th>${t(lang, 'case')}</th></tr></thead>
            <tbody>${changes.map(
              (change) => html`<tr class="${change.worsened ? 'breached' : ''}"><td>${change.domain}</td><td>${badge(lang, change.previousOutcome)} ${change.previousScore}</td><td>${badge(lang, change.outcome)} ${change.score}</td><td class="num">${change.score - change.previousScore > 0 ? '+' : ''}${change.score - change.previousScore}</td>
                <td class="reasons">${change.reasons.join(', ')}</td><td>${change.caseId ? html`<a href="${REVIEW_BASE}/cases/${change.caseId}">${t(lang, 'case')}</a>` : ''}</td></tr>`,
            )}</tbody></table>`
      }
      ${failures.length > 0 ? html`<h2>${t(lang, 'failures')}</h2><ul>${failures.map((failure) => html`<li><code>${failure.domain}</code>: ${failure.error}</li>`)}</ul>` : ''}`,
  );
}

export function metricsPage(context: PageContext, metrics: ReviewMetrics): string {
  const { lang } = context;
  return layout(
    context,
    t(lang, 'metrics'),
    html`<dl class="summary metrics">
        <dt>${t(lang, 'backlog')}</dt><dd data-metric="backlog">${metrics.backlog}</dd>
        <dt>${t(lang, 'breachedNow')}</dt><dd data-metric="breached">${metrics.breachedNow}</dd>
        ${CASE_STATES.filter((state) => state !== 'decided').map((state) => html`<dt>${word(lang, state)}</dt><dd>${metrics.byState[state]}</dd>`)}
        <dt>${t(lang, 'decidedLate')}</dt><dd>${metrics.decidedLate}</dd>
      </dl>
      <h2>${t(lang, 'timeToDecision')}</h2>
      <dl class="summary"><dt>n</dt><dd data-metric="decided">${metrics.timeToDecision.decided}</dd><dt>${t(lang, 'median')}</dt><dd data-metric="median">${duration(lang, metrics.timeToDecision.medianSeconds)}</dd><dt>${t(lang, 'p90')}</dt><dd data-metric="p90">${duration(lang, metrics.timeToDecision.p90Seconds)}</dd></dl>
      <h2>${t(lang, 'decisionsPerDay')}</h2>
      <table><thead><tr><th>${t(lang, 'day')}</th><th>${t(lang, 'approved')}</th><th>${t(lang, 'rejected')}</th></tr></thead>
        <tbody>${metrics.decisionsPerDay.map((row) => html`<tr><td>${row.day}</td><td class="num">${row.approved}</td><td class="num">${row.rejected}</td></tr>`)}</tbody></table>`,
  );
}

export function accountsPage(context: PageContext, reviewers: readonly Reviewer[], created: { login: string; password: string } | null): string {
  const { lang } = context;
  return layout(
    context,
    t(lang, 'accounts'),
    html`${created ? html`<p class="notice" role="status">${t(lang, 'newPassword', created)}</p>` : ''}
      <table><thead><tr><th>${t(lang, 'loginName')}</th><th>${t(lang, 'displayName')}</th><th>${t(lang, 'role')}</th><th></th></tr></thead>
        <tbody>${reviewers.map(
          (reviewer) => html`<tr><td>${reviewer.login}</td><td>${reviewer.displayName}</td><td>${word(lang, reviewer.role)}${reviewer.disabled ? html` <span class="badge">${t(lang, 'disabled')}</span>` : ''}</td>
            <td>${
              reviewer.id === context.reviewer?.id
                ? ''
                : html`<form method="post" action="${REVIEW_BASE}/accounts/${reviewer.id}/${reviewer.disabled ? 'enable' : 'disable'}" class="inline">${csrfField(context)}<button type="submit">${t(lang, reviewer.disabled ? 'enable' : 'disable')}</button></form>`
            }</td></tr>`,
        )}</tbody></table>
      <h2>${t(lang, 'addAccount')}</h2>
      <form method="post" action="${REVIEW_BASE}/accounts" class="add-account">
        ${csrfField(context)}
        <label>${t(lang, 'loginName')} <input name="login" required></label>
        <label>${t(lang, 'displayName')} <input name="displayName"></label>
        <label>${t(lang, 'role')} <select name="role">${REVIEWER_ROLES.map((role) => html`<option value="${role}">${word(lang, role)}</option>`)}</select></label>
        <button type="submit">${t(lang, 'addAccount')}</button>
      </form>`,
  );
}

export function errorPage(context: PageContext, status: number, message: string, fields: readonly { field: string; message: string }[] = []): string {
  const { lang } = context;
  return layout(
    context,
    `${status} · ${t(lang, 'error')}`,
    html`<p class="error" role="alert">${message}</p>
      ${fields.length > 0 ? html`<ul class="field-errors">${fields.map((error) => html`<li><code>${error.field}</code>: ${error.message}</li>`)}</ul>` : ''}
      <p><a href="${REVIEW_BASE}">${t(lang, 'back')}</a></p>`,
  );
}
