import type { CampaignCasesResult, CampaignSibling, FeedMatchView } from '../../feeds/campaign-siblings';
import type { FeedDefinition } from '../../feeds/feed-config';
import type { MatchRecord, PullRecord } from '../../feeds/feed-pulls';
import { hasRole } from '../reviewers';
import { html, type SafeHtml } from './html';
import { t, word } from './i18n';
import { badge, csrfField, layout, REVIEW_BASE, when, type PageContext } from './views';

const count = (value: number): string => value.toLocaleString('en');

/** The admins' Feeds page: what is configured, every pull, and the latest matches. */
export function feedsPage(context: PageContext, feeds: readonly FeedDefinition[], pulls: readonly PullRecord[], matches: readonly MatchRecord[], queued: string | null): string {
  const { lang } = context;
  const lastOf = (name: string): PullRecord | undefined => pulls.find((pull) => pull.feed === name);
  const configured =
    feeds.length === 0
      ? html`<p class="empty">${t(lang, 'noFeeds')}</p>`
      : html`<table class="feeds"><thead><tr><th>${t(lang, 'feedName')}</th><th>URL</th><th>${t(lang, 'format')}</th><th>${t(lang, 'trust')}</th><th>${t(lang, 'category')}</th><th>${t(lang, 'schedule')}</th><th>${t(lang, 'lastPull')}</th><th></th></tr></thead>
        <tbody>${feeds.map((feed) => {
          const last = lastOf(feed.name);
          return html`<tr data-feed="${feed.name}"><td><strong>${feed.name}</strong></td><td><code>${feed.shownUrl}</code></td><td>${feed.format}</td><td>${badge(lang, feed.trust)}</td><td>${word(lang, feed.category)}</td><td><code>${feed.schedule}</code></td>
            <td>${last ? html`${badge(lang, last.status)} ${when(lang, last.startedAt)}` : '—'}</td>
            <td><form method="post" action="${REVIEW_BASE}/feeds/${feed.name}/pull" class="inline">${csrfField(context)}<button type="submit">${t(lang, 'pullNow')}</button></form></td></tr>`;
        })}</tbody></table>`;
  const history =
    pulls.length === 0
      ? html`<p class="empty">${t(lang, 'noPulls')}</p>`
      : html`<table class="pulls"><thead><tr><th>${t(lang, 'started')}</th><th>${t(lang, 'feedName')}</th><th>${t(lang, 'trigger')}</th><th>${t(lang, 'status')}</th><th>HTTP</th><th class="num">${t(lang, 'bytes')}</th>
          <th class="num">${t(lang, 'entries')}</th><th class="num">${t(lang, 'newEntries')}</th><th class="num">${t(lang, 'seenEntries')}</th><th class="num">${t(lang, 'badEntries')}</th><th class="num">${t(lang, 'matchedEntries')}</th><th class="num">${t(lang, 'reportsOpened')}</th><th class="num">${t(lang, 'labels')}</th><th>${t(lang, 'pullError')}</th></tr></thead>
        <tbody>${pulls.map(
          (pull) => html`<tr data-pull-id="${pull.id}" class="${pull.status === 'failed' ? 'breached' : ''}"><td>${when(lang, pull.startedAt)}</td><td>${pull.feed}<div class="sub"><code>${pull.source}</code></div></td><td>${word(lang, pull.trigger)}</td><td>${badge(lang, pull.status)}</td>
            <td>${pull.httpStatus ?? '—'}${pull.attempts > 1 ? html` <span class="sub">×${pull.attempts}</span>` : ''}</td><td class="num">${count(pull.bytes)}</td><td class="num">${count(pull.entries)}</td><td class="num">${count(pull.new)}</td><td class="num">${count(pull.seen)}</td>
            <td class="num">${count(pull.bad)}</td><td class="num">${count(pull.matched)}</td><td class="num">${count(pull.reportsOpened)}</td><td class="num">${count(pull.labels)}</td><td>${pull.error ?? ''}</td></tr>`,
        )}</tbody></table>`;
  const matched =
    matches.length === 0
      ? html`<p class="empty">${t(lang, 'noMatches')}</p>`
      : html`<table class="matches"><thead><tr><th>${t(lang, 'matchedEntries')}</th><th>${t(lang, 'feedName')}</th><th>${t(lang, 'domain')}</th><th>URL</th><th>${t(lang, 'brand')}</th><th>${t(lang, 'registrar')}</th><th>${t(lang, 'result')}</th><th>${t(lang, 'case')}</th></tr></thead>
        <tbody>${matches.map(
          (match) => html`<tr><td>${when(lang, match.matchedAt)}</td><td>${match.feed}</td><td>${match.domain}</td><td><code>${match.url ?? '—'}</code></td><td>${match.brand ?? ''}</td><td>${match.registrar}</td>
            <td>${badge(lang, match.result)}${match.reportState ? html` <span class="sub">${word(lang, match.reportState)}</span>` : ''}</td><td>${match.caseId ? html`<a href="${REVIEW_BASE}/cases/${match.caseId}">${t(lang, 'case')}</a>` : ''}</td></tr>`,
        )}</tbody></table>`;
  return layout(
    context,
    t(lang, 'feeds'),
    html`${queued ? html`<p class="notice" role="status">${t(lang, 'pullQueued', { feed: queued })}</p>` : ''}
      <p class="sub">${t(lang, 'feedsIntro')}</p>
      <h2>${t(lang, 'configuredFeeds')}</h2>${configured}
      <h2>${t(lang, 'pullHistory')}</h2>${history}
      <h2>${t(lang, 'recentMatches')}</h2>${matched}`,
  );
}

/** On a feed-matched domain's case: what the feeds listed, its campaign siblings, and the lead's action. */
export function campaignSection(context: PageContext, caseId: string, matches: readonly FeedMatchView[], siblings: readonly CampaignSibling[], done: CampaignCasesResult | null): SafeHtml {
  const { lang, reviewer } = context;
  if (matches.length === 0) return html``;
  return html`<section class="feed-campaign">
      <h2>${t(lang, 'feedMatches')}</h2>
      ${done ? html`<p class="notice" role="status">${t(lang, 'campaignDone', { opened: done.opened, raised: done.raised, skipped: done.skipped })}</p>` : ''}
      <table class="feed-matches"><thead><tr><th>${t(lang, 'feedName')}</th><th>URL</th><th>${t(lang, 'brand')}</th><th>${t(lang, 'listedAt')}</th><th>${t(lang, 'result')}</th></tr></thead>
        <tbody>${matches.map((match) => html`<tr><td>${match.feed}</td><td><code>${match.url ?? '—'}</code></td><td>${match.brand ?? ''}</td><td>${when(lang, match.listedAt ?? match.matchedAt)}</td><td>${badge(lang, match.result)}</td></tr>`)}</tbody></table>
      <h3>${t(lang, 'campaignSiblings')}</h3>
      ${
        siblings.length === 0
          ? html`<p class="empty">${t(lang, 'noSiblings')}</p>`
          : html`<table class="siblings"><thead><tr><th>${t(lang, 'domain')}</th><th></th><th>${t(lang, 'shares')}</th><th>${t(lang, 'registrar')}</th><th>${t(lang, 'case')}</th></tr></thead>
            <tbody>${siblings.map(
              (sibling) => html`<tr data-sibling="${sibling.applicationId}"><td>${sibling.domain ?? sibling.applicationId}</td><td>${t(lang, sibling.active ? 'activeDomain' : 'applicationOnly')}</td><td>${sibling.shares.join(', ')}</td><td>${sibling.registrar}</td>
                <td>${sibling.caseId ? html`<a href="${REVIEW_BASE}/cases/${sibling.caseId}">${word(lang, sibling.caseState ?? '')}</a> ${sibling.caseOutcome ? badge(lang, sibling.caseOutcome) : ''}` : '—'}</td></tr>`,
            )}</tbody></table>
            ${
              reviewer && hasRole(reviewer, 'lead')
                ? html`<form method="post" action="${REVIEW_BASE}/cases/${caseId}/campaign" class="campaign-cases">${csrfField(context)}<button type="submit">${t(lang, 'openCampaignCases', { count: siblings.length })}</button></form>`
                : ''
            }`
      }
    </section>`;
}
