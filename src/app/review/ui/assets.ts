/** The reviewer UI's stylesheet and script, served from memory (no build step, CSP `'self'`). */
export const REVIEW_CSS = `
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dee8; --bg: #f6f7fa; --accent: #1f5fbf; --warn: #b42318; --ok: #16794c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif; color: var(--ink); background: var(--bg); }
header { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
header .brand { font-weight: 700; color: var(--ink); text-decoration: none; }
nav { display: flex; align-items: center; gap: 1rem; flex: 1; }
nav .who { margin-left: auto; color: var(--muted); }
main { padding: 1rem 1.2rem 3rem; max-width: 1800px; }
h1 { font-size: 1.35rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f6; font-weight: 600; }
td.num, .num { text-align: right; font-variant-numeric: tabular-nums; }
tr.selected { outline: 2px solid var(--accent); outline-offset: -2px; background: #eaf1fd; }
tr.breached td.due { color: var(--warn); font-weight: 600; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; background: #e6e9ef; font-size: .85em; white-space: nowrap; word-break: keep-all; }
table.queue td:nth-child(2), table.queue td:nth-child(3) { white-space: nowrap; }
.first { display: grid; grid-template-columns: minmax(20rem, 1fr) minmax(28rem, 1.4fr); gap: 1rem; align-items: start; }
.first > * { min-width: 0; } .decision-forms > * { min-width: 0; } .decide select, .bulk select { max-width: 100%; }
.first .actions { margin-top: 0; } .first h2 { margin-top: .6rem; }
.identity .fields { grid-template-columns: max-content 1fr; }
.identity dd { font-size: 1.05em; }
.changed { background: #fff4ce; border: 1px solid #e0b400; padding: .5rem .8rem; border-radius: 4px; margin: .8rem 0; }
.changed ul { margin: .3rem 0 0; padding-left: 1.2rem; }
.compare-wrap { overflow-x: auto; margin-bottom: .8rem; }
table.compare th { white-space: nowrap; } table.compare td { min-width: 10rem; }
table.compare td.self { background: #f3f6fb; font-weight: 600; }
table.compare td.same { background: #fcd7d4; font-weight: 600; }
.same-mark { display: inline-block; padding: 0 .35rem; border-radius: 4px; background: var(--warn); color: #fff; font-size: .8em; font-weight: 600; white-space: nowrap; }
table.compare td.widely, table.compare td.missing { color: var(--muted); }
details.widely { margin: .4rem 0; color: var(--muted); }
@media (max-width: 1100px) { .first { grid-template-columns: 1fr; } }
.badge.review { background: #fff4ce; } .badge.hold { background: #ffd8b5; } .badge.deny, .badge.fraud, .badge.rejected, .badge.failed { background: #fcd7d4; }
.badge.breached { background: var(--warn); color: #fff; } .badge.approved, .badge.legitimate, .badge.passed { background: #d3f2e1; }
.badge.claimed { background: #dbe7fb; } .badge.escalated { background: #ecdcfb; } .badge.ekyc_pending { background: #d8f1f6; }
.sub { color: var(--muted); font-size: .9em; }
.counts { display: flex; gap: .6rem; list-style: none; padding: 0; margin: 0 0 .8rem; flex-wrap: wrap; }
.counts li a { display: block; padding: .3rem .7rem; background: #fff; border: 1px solid var(--line); border-radius: 6px; text-decoration: none; color: var(--ink); }
.counts li.breached a { border-color: var(--warn); color: var(--warn); }
.filters { display: flex; gap: .8rem; align-items: end; flex-wrap: wrap; margin-bottom: .6rem; }
.filters label, .decide label, .login label, .add-account label { display: flex; flex-direction: column; gap: .15rem; font-size: .9em; color: var(--muted); }
.filters label.check { flex-direction: row; align-items: center; }
input, select, textarea, button { font: inherit; }
input, select, textarea { padding: .3rem .4rem; border: 1px solid #b8c0cf; border-radius: 4px; background: #fff; color: var(--ink); }
button { padding: .3rem .8rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 4px; cursor: pointer; }
form.inline { display: inline; }
nav form.inline button { background: transparent; color: var(--accent); border-color: transparent; }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; background: #fff; border: 1px solid var(--line); padding: .6rem .9rem; max-width: 720px; }
.summary dt, .fields dt { color: var(--muted); }
.fields { display: grid; grid-template-columns: minmax(12rem, max-content) 1fr; gap: .15rem 1rem; background: #fff; border: 1px solid var(--line); padding: .6rem .9rem; }
.fields dd, .summary dd { margin: 0; word-break: break-all; }
.actions { background: #fff; border: 1px solid var(--line); padding: .4rem .9rem .8rem; margin-top: 1rem; }
.decision-forms { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
.decide { display: flex; flex-direction: column; gap: .4rem; padding: .6rem; border: 1px solid var(--line); border-radius: 6px; }
.decide.reject button { background: var(--warn); border-color: var(--warn); }
.decide.approve button { background: var(--ok); border-color: var(--ok); }
.row { display: flex; gap: 1rem; flex-wrap: wrap; margin-top: .8rem; }
.bulk { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; margin: .3rem 0; }
.proposal { background: #f5ecfd; padding: .4rem .6rem; border-radius: 4px; }
.error { color: var(--warn); font-weight: 600; }
.notice { background: #e7f6ee; padding: .4rem .6rem; border-radius: 4px; }
.timeline ol { list-style: none; padding: 0; } .timeline li { padding: .2rem 0; border-bottom: 1px dotted var(--line); }
.check.ok { color: var(--ok); } .check.ng { color: var(--warn); font-weight: 600; }
td.rule { color: var(--muted); max-width: 32rem; }
button.secondary { background: #fff; color: var(--warn); border-color: var(--warn); }
.report-decision { display: flex; gap: .4rem; flex-wrap: wrap; }
footer { padding: 1rem 1.2rem; border-top: 1px solid var(--line); }
.login { display: flex; flex-direction: column; gap: .6rem; max-width: 22rem; }
.backtest-forms { display: grid; grid-template-columns: repeat(auto-fit, minmax(26rem, 1fr)); gap: 1rem; margin-bottom: 1rem; }
.backtest-form { background: #fff; border: 1px solid var(--line); padding: .2rem .9rem .6rem; }
.backtest-form select { max-width: 30rem; }
table.matrix, table.figures, table.queue-load { width: auto; min-width: 24rem; }
table.matrix td.same { color: var(--muted); }
table.matrix td.moved { background: #fff4ce; font-weight: 600; }
.badge.queued { background: #e6e9ef; } .badge.running { background: #dbe7fb; } .badge.done { background: #d3f2e1; }
`;

/** Keyboard shortcuts on the queue: j / k move the selection, Enter opens, c claims. */
export const REVIEW_JS = `
(function () {
  var table = document.getElementById('queue');
  if (!table) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
  var index = Math.max(0, rows.findIndex(function (row) { return row.classList.contains('selected'); }));
  function select(next) {
    if (rows.length === 0) return;
    index = Math.min(rows.length - 1, Math.max(0, next));
    rows.forEach(function (row, i) { row.classList.toggle('selected', i === index); });
    rows[index].scrollIntoView({ block: 'nearest' });
  }
  rows.forEach(function (row, i) { row.addEventListener('click', function () { select(i); }); });
  document.addEventListener('keydown', function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
    var row = rows[index];
    if (event.key === 'j') { select(index + 1); event.preventDefault(); }
    else if (event.key === 'k') { select(index - 1); event.preventDefault(); }
    else if (event.key === 'Enter' && row) { window.location.href = row.getAttribute('data-href'); event.preventDefault(); }
    else if (event.key === 'c' && row) {
      var form = row.querySelector('form.claim');
      if (form) { form.submit(); event.preventDefault(); }
    }
  });
})();
`;

/** The icon browsers ask for at /favicon.ico: a check mark on shinsa's blue (SVG; Chromium and Firefox take it at that path). */
export const FAVICON = {
  type: 'image/svg+xml',
  body: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f5fbf"/><path d="M8 17l5 5 11-12" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/></svg>',
} as const;
