import { OUTCOMES, type FieldError } from '../../../engine';
import type { BacktestReport, VersionFigures } from '../../backtest/backtest';
import type { BacktestOptions, BacktestRunView } from '../../backtest/backtest-requests';
import type { BacktestRun } from '../../backtest/backtest-runs';
import { RULE_BUNDLE_LIMITS } from '../../../screening/rule-bundle';
import { html, SafeHtml } from './html';
import { t, word, type Lang } from './i18n';
import { badge, csrfField, layout, REVIEW_BASE, when, type PageContext } from './views';

const shortVersion = (version: string): string => (version.startsWith('sha256:') ? `${version.slice(0, 19)}…` : version.slice(0, 40));
const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);
const count = (value: number): string => value.toLocaleString('en');

function runState(lang: Lang, run: Pick<BacktestRun, 'state'>): SafeHtml {
  return html`<span class="badge ${run.state}">${run.state === 'failed' ? t(lang, 'stateFailed') : word(lang, run.state)}</span>`;
}

function sourceLabel(lang: Lang, run: BacktestRun, full = false): SafeHtml {
  switch (run.source) {
    case 'deployed':
      return html`${t(lang, 'deployedRules')}`;
    case 'directory':
      return html`<code>${run.sourceName}</code>`;
    case 'bundle':
      return html`<code>${run.sourceName}</code> <span class="sub">sha256 ${full ? run.bundleSha256 : `${run.bundleSha256?.slice(0, 12)}…`}</span>`;
    case 'shadow':
      return html`${word(lang, 'shadow')} <code>${full ? run.sourceName : shortVersion(run.sourceName)}</code>`;
  }
}

function windowLabel(lang: Lang, since: Date | string | null, until: Date | string | null): string {
  if (since === null && until === null) return t(lang, 'wholeHistory');
  return `${since === null ? '…' : when(lang, since)} → ${until === null ? '…' : when(lang, until)}`;
}

function windowFields(lang: Lang): SafeHtml {
  return html`<label>${t(lang, 'since')} <input type="date" name="since"></label>
    <label>${t(lang, 'until')} <input type="date" name="until"></label>`;
}

function problems(errors: readonly FieldError[]): SafeHtml | '' {
  if (errors.length === 0) return '';
  return html`<div class="error" role="alert"><ul class="field-errors">${errors.map((error) => html`<li><code>${error.field}</code>: ${error.message}</li>`)}</ul></div>`;
}

/** The admin's backtest page: the three request forms and the recent runs. */
export function backtestsPage(context: PageContext, options: BacktestOptions, runs: readonly BacktestRun[], errors: readonly FieldError[] = []): string {
  const { lang } = context;
  const candidates = options.rules.filter((option) => option.source === 'directory');
  const directoryForm = html`<section class="backtest-form">
      <h2>${t(lang, 'backtestDirectory')}</h2>
      <form method="post" action="${REVIEW_BASE}/backtests/directory" class="filters backtest-directory">
        ${csrfField(context)}
        <label>${t(lang, 'rulesDirectory')} <select name="rules" required>${options.rules.map(
          (option) =>
            html`<option value="${option.value}">${option.source === 'deployed' ? t(lang, 'deployedRules') : option.name} — ${option.version ? shortVersion(option.version) : `${t(lang, 'unreadable')}: ${option.problem ?? ''}`}</option>`,
        )}</select></label>
        ${windowFields(lang)}
        <button type="submit">${t(lang, 'start')}</button>
      </form>
      ${candidates.length === 0 ? html`<p class="sub">${t(lang, 'noCandidates')}</p>` : ''}
    </section>`;
  // The CSRF token goes first: the server reads the fields before the file.
  const bundleForm = html`<section class="backtest-form">
      <h2>${t(lang, 'uploadBundle')}</h2>
      <form method="post" action="${REVIEW_BASE}/backtests/bundle" enctype="multipart/form-data" class="filters backtest-bundle">
        ${csrfField(context)}
        <label>${t(lang, 'bundleFile')} <input type="file" name="bundle" accept=".tar.gz,.tgz,application/gzip" required></label>
        ${windowFields(lang)}
        <button type="submit">${t(lang, 'start')}</button>
      </form>
      <p class="sub">${t(lang, 'bundleHelp', { kib: RULE_BUNDLE_LIMITS.compressedBytes / 1024 })}</p>
    </section>`;
  const shadowForm = html`<section class="backtest-form">
      <h2>${t(lang, 'compareShadow')}</h2>
      ${
        options.shadowVersions.length === 0
          ? html`<p class="empty">${t(lang, 'noShadowResults')}</p>`
          : html`<form method="post" action="${REVIEW_BASE}/backtests/shadow" class="filters backtest-shadow">
              ${csrfField(context)}
              <label>${t(lang, 'shadowVersion')} <select name="version">${options.shadowVersions.map(
                (entry) => html`<option value="${entry.version}">${shortVersion(entry.version)} — ${count(entry.count)} ${t(lang, 'assessments')}, ${when(lang, entry.first)} → ${when(lang, entry.last)}</option>`,
              )}</select></label>
              ${windowFields(lang)}
              <button type="submit">${t(lang, 'start')}</button>
            </form>`
      }
    </section>`;
  const table =
    runs.length === 0
      ? html`<p class="empty">${t(lang, 'noBacktests')}</p>`
      : html`<table class="backtests"><thead><tr><th>${t(lang, 'requested')}</th><th>${t(lang, 'kind')}</th><th>${t(lang, 'source')}</th><th>${t(lang, 'candidateVersion')}</th><th>${t(lang, 'window')}</th><th>${t(lang, 'state')}</th><th>${t(lang, 'progress')}</th><th>${t(lang, 'requestedBy')}</th></tr></thead>
        <tbody>${runs.map(
          (run) => html`<tr data-run-id="${run.id}"><td><a href="${REVIEW_BASE}/backtests/${run.id}">${when(lang, run.requestedAt)}</a></td><td>${word(lang, run.kind)}</td><td>${sourceLabel(lang, run)}</td><td><code>${shortVersion(run.candidateVersion)}</code></td>
            <td>${windowLabel(lang, run.since, run.until)}</td><td>${runState(lang, run)}</td><td class="num">${count(run.progress)}${run.total !== null ? html` / ${count(run.total)}` : ''}</td><td>${run.requestedBy}</td></tr>`,
        )}</tbody></table>`;
  return layout(
    context,
    t(lang, 'backtests'),
    html`<p class="sub">${t(lang, 'backtestIntro')}</p>
      ${problems(errors)}
      <div class="backtest-forms">${directoryForm}${bundleForm}${shadowForm}</div>
      <h2>${t(lang, 'recentRuns')}</h2>
      ${table}`,
  );
}

function figuresRow(lang: Lang, which: 'actual' | 'candidate', figures: VersionFigures): SafeHtml {
  return html`<tr data-version="${which}"><th>${t(lang, which === 'actual' ? 'deciding' : 'candidate')}</th><td>${figures.rulesVersions.map((version) => html`<code>${shortVersion(version)}</code> `)}</td>
    <td class="num" data-figure="fraudCaught">${count(figures.fraudCaught)}</td><td class="num" data-figure="legitimateFlagged">${count(figures.legitimateFlagged)}</td>
    <td class="num" data-figure="precision">${percent(figures.precision)}</td><td class="num" data-figure="recall">${percent(figures.recall)}</td>
    ${OUTCOMES.map((outcome) => html`<td class="num" data-figure="${outcome}">${count(figures.outcomes[outcome])}</td>`)}</tr>`;
}

function reportSections(lang: Lang, report: BacktestReport, caseIds: ReadonlyMap<string, string>): SafeHtml {
  const summary = html`<dl class="summary">
      <dt>${t(lang, 'replayed')}</dt><dd data-field="replayed">${count(report.replayed)}</dd>
      <dt>${t(lang, 'skipped')}</dt><dd>${count(report.skipped)}</dd>
      <dt>${t(lang, 'labelled')}</dt><dd>${word(lang, 'fraud')} ${count(report.labelled.fraud)} · ${word(lang, 'legitimate')} ${count(report.labelled.legitimate)}</dd>
      <dt>${t(lang, 'decidingVersions')}</dt><dd>${report.actual.rulesVersions.map((version) => html`<code>${version}</code> `)}</dd>
      <dt>${t(lang, 'seconds')}</dt><dd>${report.seconds.toFixed(1)}</dd>
    </dl>`;
  const matrix = html`<h2>${t(lang, 'matrix')}</h2>
    <p class="sub">${t(lang, 'matrixHelp')}</p>
    <table class="matrix"><thead><tr><th>${t(lang, 'deciding')} ＼ ${t(lang, 'candidate')}</th>${OUTCOMES.map((outcome) => html`<th>${word(lang, outcome)}</th>`)}</tr></thead>
      <tbody>${OUTCOMES.map(
        (actual) => html`<tr><th>${word(lang, actual)}</th>${OUTCOMES.map((next) => {
          const value = report.matrix[actual][next];
          return html`<td class="num ${actual === next ? 'same' : value > 0 ? 'moved' : ''}" data-actual="${actual}" data-candidate="${next}">${count(value)}</td>`;
        })}</tr>`,
      )}</tbody></table>`;
  const figures = html`<h2>${t(lang, 'labelFigures')}</h2>
    <table class="figures"><thead><tr><th></th><th>${t(lang, 'version')}</th><th>${t(lang, 'fraudCaught')}</th><th>${t(lang, 'legitimateFlagged')}</th><th>${t(lang, 'precision')}</th><th>${t(lang, 'recall')}</th>${OUTCOMES.map((outcome) => html`<th>${word(lang, outcome)}</th>`)}</tr></thead>
      <tbody>${figuresRow(lang, 'actual', report.actual)}${figuresRow(lang, 'candidate', report.candidate)}</tbody></table>`;
  const queue = html`<h2>${t(lang, 'queueLoad')}</h2>
    <table class="queue-load"><thead><tr><th>${t(lang, 'day')}</th><th>${t(lang, 'deciding')}</th><th>${t(lang, 'candidate')}</th><th>${t(lang, 'change')}</th></tr></thead>
      <tbody>${report.queueLoad.map((day) => {
        const change = day.candidate - day.actual;
        return html`<tr data-day="${day.day}"><td>${day.day}</td><td class="num">${count(day.actual)}</td><td class="num">${count(day.candidate)}</td><td class="num">${change > 0 ? '+' : ''}${change === 0 ? '' : count(change)}</td></tr>`;
      })}</tbody></table>`;
  const moves =
    report.topMoves.length === 0
      ? html`<h2>${t(lang, 'topMoves')}</h2><p class="empty">${t(lang, 'noMoves')}</p>`
      : html`<h2>${t(lang, 'topMoves')}</h2>
        <table class="moves"><thead><tr><th>${t(lang, 'application')}</th><th>${t(lang, 'domain')}</th><th>${t(lang, 'received')}</th><th>${t(lang, 'deciding')}</th><th>${t(lang, 'candidate')}</th><th>${t(lang, 'change')}</th><th>${t(lang, 'movedReasons')}</th></tr></thead>
          <tbody>${report.topMoves.map((move) => {
            const caseId = caseIds.get(move.applicationId);
            const change = move.candidate.score - move.actual.score;
            return html`<tr data-application-id="${move.applicationId}">
              <td>${caseId ? html`<a href="${REVIEW_BASE}/cases/${caseId}"><code>${move.applicationId}</code></a>` : html`<code>${move.applicationId}</code>`}<div class="sub">${move.externalId}</div></td>
              <td>${move.domain ?? '—'}</td><td>${when(lang, move.receivedAt)}</td>
              <td>${badge(lang, move.actual.outcome)} <span class="num">${move.actual.score}</span></td>
              <td>${badge(lang, move.candidate.outcome)} <span class="num">${move.candidate.score}</span></td>
              <td class="num">${change > 0 ? '+' : ''}${change}</td>
              <td class="reasons">${move.moved.map((entry) => html`<div><code>${entry.reason}</code> ${entry.actual} → ${entry.candidate}</div>`)}</td>
            </tr>`;
          })}</tbody></table>`;
  return html`${summary}${matrix}${figures}${queue}${moves}`;
}

/** One run: its request and state, and when done the comparison. */
export function backtestRunPage(context: PageContext, view: BacktestRunView): string {
  const { lang } = context;
  const { run, report } = view;
  const inProgress = run.state === 'queued' || run.state === 'running';
  const header = html`<dl class="summary">
      <dt>${t(lang, 'kind')}</dt><dd>${word(lang, run.kind)}</dd>
      <dt>${t(lang, 'source')}</dt><dd>${sourceLabel(lang, run, true)}</dd>
      <dt>${t(lang, 'candidateVersion')}</dt><dd><code>${run.candidateVersion}</code></dd>
      <dt>${t(lang, 'window')}</dt><dd>${windowLabel(lang, run.since, run.until)}</dd>
      <dt>${t(lang, 'state')}</dt><dd data-field="state" data-state="${run.state}">${runState(lang, run)}</dd>
      <dt>${t(lang, 'progress')}</dt><dd data-field="progress">${count(run.progress)}${run.total !== null ? html` / ${count(run.total)}` : ''} ${t(lang, 'applications')}${
        inProgress && run.total ? html` <progress max="${run.total}" value="${Math.min(run.progress, run.total)}"></progress>` : ''
      }</dd>
      <dt>${t(lang, 'requestedBy')}</dt><dd>${run.requestedBy}, ${when(lang, run.requestedAt)}</dd>
      <dt>${t(lang, 'started')}</dt><dd>${when(lang, run.startedAt)}</dd>
      <dt>${t(lang, 'finished')}</dt><dd>${when(lang, run.finishedAt)}</dd>
    </dl>`;
  const status = inProgress
    ? html`<p class="sub" role="status">${t(lang, 'refreshing')}</p>`
    : run.state === 'failed'
      ? html`<p class="error" role="alert">${t(lang, 'runFailed')}: ${run.error ?? ''}</p>`
      : '';
  return layout(
    context,
    `${t(lang, 'backtestRun')} ${when(lang, run.requestedAt)}`,
    html`<p><a href="${REVIEW_BASE}/backtests">← ${t(lang, 'backtests')}</a></p>${header}${status}${report ? reportSections(lang, report, view.caseIds) : ''}`,
    inProgress ? { refreshSeconds: 5 } : {},
  );
}
