import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { parseApplication, type FeedPolicy, type ReviewPolicy } from '../../engine';
import type { SharedByConstruction } from '../../engine/linkage/shared-by-construction';
import type { MasterKeys } from '../crypto/secret-box';
import { applicationForActiveDomain } from '../domains/active-domain-application';
import { OutboxTopic } from '../intake/screening-response';
import { recordLabel } from '../labels/labels.service';
import { extractAttributes } from '../linkage/attributes';
import { hashAttributes } from '../linkage/linkage-lookup';
import { appendOutbox } from '../queue/outbox';
import type { FeedTrust } from './feed-config';
import { entryOf, ENTRY_OUTCOMES, type EntryOutcome, type FeedEntry } from './feed-entry';
import type { AbuseCategory, ParsedLine } from './feed-formats';
import { isSuspended, raiseFeedCase } from './feed-cases';
import { query } from '../database/query';

/** Where entries come from: a configured feed, or a file imported under a name. */
export interface FeedSource {
  readonly name: string;
  readonly trust: FeedTrust;
  readonly category: AbuseCategory;
}

export interface IngestSummary {
  readonly entries: number;
  readonly new: number;
  readonly seen: number;
  readonly bad: number;
  /** New entries whose registrable domain a registrar holds (or was applied for). */
  readonly matched: number;
  readonly reportsOpened: number;
  readonly labels: number;
  /** New entries by what became of them. */
  readonly outcomes: Readonly<Record<EntryOutcome, number>>;
}

/** What happened at one holder: a report opened (pending or confirmed), an open one confirmed or added to, or only recorded. */
type MatchResult = 'reported' | 'confirmed' | 'attached' | 'suspended' | 'refused';

/** Who holds a matched domain: a registrar's active domain, or a client's application for it. */
interface Holder {
  readonly domain: string;
  readonly clientId: string;
  applicationId: string | null;
  readonly activeDomainId: string | null;
  readonly status: string | null;
}

/** Entries stored and matched per transaction. */
const BATCH = 2000;
/** Applications older than this are not matched by name (the name may have changed hands); as for abuse reports. */
const DOMAIN_LOOKBACK_DAYS = 730;

/**
 * Feed entries into the abuse loop. Each entry is stored once per feed (seen again, it is counted
 * as seen and nothing else happens); a new entry's registrable domain is matched against every
 * client's active domains and applications, and each holder gets an abuse report of its own
 * (source = the feed, the URL, the brand). A trusted feed's report is confirmed at once: a fraud
 * label (propagated to linked applications), the case raised to the outcome and SLA of
 * rules/feeds.yaml, and the `abuse.confirmed` callback to that holder only. A domain the registrar
 * already suspended, or an application already refused, is recorded and not re-opened.
 */
export class FeedIngest {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: { readonly feeds: FeedPolicy; readonly review: ReviewPolicy; readonly shared?: SharedByConstruction },
    private readonly keys: MasterKeys,
    /** When things happen; a replay of past feeds (the evaluation) gives its own. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async ingest(source: FeedSource, pullId: string, lines: AsyncIterable<ParsedLine>, onBad: (line: number, error: string) => void = () => undefined): Promise<IngestSummary> {
    const totals = { entries: 0, new: 0, seen: 0, bad: 0, matched: 0, reportsOpened: 0, labels: 0 };
    const outcomes = Object.fromEntries(ENTRY_OUTCOMES.map((outcome) => [outcome, 0])) as Record<EntryOutcome, number>;
    let batch = new Map<string, FeedEntry>();
    const flush = async (): Promise<void> => {
      if (batch.size === 0) return;
      const stored = await this.dataSource.transaction((manager) => this.storeBatch(manager, source, pullId, [...batch.values()]));
      totals.new += stored.new;
      totals.seen += batch.size - stored.new;
      totals.matched += stored.matched;
      totals.reportsOpened += stored.reportsOpened;
      totals.labels += stored.labels;
      for (const outcome of ENTRY_OUTCOMES) outcomes[outcome] += stored.outcomes[outcome];
      batch = new Map();
    };
    for await (const parsed of lines) {
      totals.entries += 1;
      const entry = 'error' in parsed ? parsed : entryOf(parsed.record, this.policy.feeds);
      if ('error' in entry) {
        totals.bad += 1;
        onBad(parsed.line, entry.error);
        continue;
      }
      const key = entry.hash.toString('hex');
      // The same entry twice in one input is seen the second time.
      if (batch.has(key)) totals.seen += 1;
      else batch.set(key, entry);
      if (batch.size >= BATCH) await flush();
    }
    await flush();
    return { ...totals, outcomes };
  }

  private async storeBatch(manager: EntityManager, source: FeedSource, pullId: string, entries: readonly FeedEntry[]) {
    // One batch at a time across every feed and process: two pulls listing one domain open one report.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('shinsa-feed-ingest'))`);
    const at = this.clock();
    const inserted = await query<{ hash: Buffer }>(
      manager,
      `INSERT INTO feed_entries (feed, entry_hash, url, host, registrable_domain, brand, listed_at, first_seen_at, pull_id, outcome)
       SELECT $1, e.hash, e.url, e.host, e.domain, e.brand, e.listed_at, $2, $3, e.outcome
         FROM unnest($4::bytea[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::text[]) AS e(hash, url, host, domain, brand, listed_at, outcome)
       ON CONFLICT (feed, entry_hash) DO NOTHING
       RETURNING entry_hash AS hash`,
      [
        source.name,
        at,
        pullId,
        entries.map((entry) => entry.hash),
        entries.map((entry) => entry.url),
        entries.map((entry) => entry.host),
        entries.map((entry) => entry.registrableDomain),
        entries.map((entry) => entry.brand),
        entries.map((entry) => entry.listedAt),
        entries.map((entry) => entry.excluded ?? 'unmatched'),
      ],
    );
    const isNew = new Set(inserted.map((row) => row.hash.toString('hex')));
    const fresh = entries.filter((entry) => isNew.has(entry.hash.toString('hex')));
    const candidates = fresh.filter((entry) => entry.excluded === null && entry.registrableDomain !== null);
    const holders = await this.holdersOf(manager, [...new Set(candidates.map((entry) => entry.registrableDomain!))], at);

    let reportsOpened = 0;
    let labels = 0;
    const matched: FeedEntry[] = [];
    for (const entry of candidates) {
      const atDomain = holders.get(entry.registrableDomain!) ?? [];
      if (atDomain.length === 0) continue;
      matched.push(entry);
      for (const holder of atDomain) {
        const done = await this.match(manager, source, entry, holder, at);
        reportsOpened += done.reportOpened ? 1 : 0;
        labels += done.labelled ? 1 : 0;
      }
    }
    if (matched.length > 0) {
      await manager.query(`UPDATE feed_entries SET outcome = 'matched' WHERE feed = $1 AND entry_hash = ANY($2::bytea[])`, [source.name, matched.map((entry) => entry.hash)]);
    }
    const outcomes = Object.fromEntries(ENTRY_OUTCOMES.map((outcome) => [outcome, 0])) as Record<EntryOutcome, number>;
    const matchedSet = new Set(matched);
    for (const entry of fresh) outcomes[matchedSet.has(entry) ? 'matched' : (entry.excluded ?? 'unmatched')] += 1;
    return { new: fresh.length, matched: matched.length, reportsOpened, labels, outcomes };
  }

  /** Every client holding each domain: its active domain, else its newest application for the name. */
  private async holdersOf(manager: EntityManager, domains: readonly string[], at: Date): Promise<Map<string, Holder[]>> {
    const holders = new Map<string, Holder[]>();
    if (domains.length === 0) return holders;
    const active = await query<{ id: string; domain: string; client_id: string; application_id: string | null; status: string | null }>(
      manager,
      `SELECT id::text AS id, domain, client_id, application_id, status FROM active_domains WHERE domain = ANY($1::text[])`,
      [domains],
    );
    const applied = await query<{ id: string; client_id: string; domain_name: string }>(
      manager,
      `SELECT DISTINCT ON (client_id, domain_name) id, client_id, domain_name FROM applications
        WHERE domain_name = ANY($1::text[]) AND received_at > $2::timestamptz - make_interval(days => $3)
        ORDER BY client_id, domain_name, received_at DESC`,
      [domains, at, DOMAIN_LOOKBACK_DAYS],
    );
    const add = (holder: Holder): void => {
      const list = holders.get(holder.domain) ?? [];
      if (!list.some((other) => other.clientId === holder.clientId)) list.push(holder);
      holders.set(holder.domain, list);
    };
    for (const row of active) add({ domain: row.domain, clientId: row.client_id, applicationId: row.application_id, activeDomainId: row.id, status: row.status });
    for (const row of applied) add({ domain: row.domain_name, clientId: row.client_id, applicationId: row.id, activeDomainId: null, status: null });
    return holders;
  }

  private async match(manager: EntityManager, source: FeedSource, entry: FeedEntry, holder: Holder, at: Date): Promise<{ reportOpened: boolean; labelled: boolean }> {
    holder.applicationId ??= await this.applicationRecord(manager, holder, at);
    const applicationId = holder.applicationId;
    const suspended = isSuspended(this.policy.feeds, holder.status);
    const refused = !suspended && (await this.alreadyRefused(manager, applicationId));
    const trusted = source.trust === 'trusted';

    const [open] = await query<{ id: string; state: 'pending' | 'confirmed' }>(
      manager,
      `SELECT id, state FROM abuse_reports WHERE application_id = $1 AND feed IS NOT NULL AND state <> 'dismissed' ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [applicationId],
    );
    let reportId: string;
    let result: MatchResult;
    let reportOpened = false;
    let confirmNow = false;
    if (open && !(open.state === 'pending' && trusted)) {
      // The domain already has a report: this URL is more evidence for it, not a second report.
      reportId = open.id;
      result = 'attached';
    } else if (open) {
      reportId = open.id;
      result = 'confirmed';
      confirmNow = true;
      await manager.query(`UPDATE abuse_reports SET state = 'confirmed', decided_by = $2, decided_at = $3, decision_note = $4 WHERE id = $1`, [reportId, `feed:${source.name}`, at, `confirmed by the trusted feed ${source.name}`]);
    } else {
      reportId = randomUUID();
      reportOpened = true;
      result = suspended ? 'suspended' : refused ? 'refused' : trusted ? 'confirmed' : 'reported';
      confirmNow = trusted;
      const closedWhy = suspended ? 'the registrar had already suspended the domain (portfolio status): recorded, no case' : refused ? 'the application was already refused: recorded, no case' : null;
      const state = trusted ? 'confirmed' : closedWhy ? 'dismissed' : 'pending';
      const note = trusted ? [`confirmed by the trusted feed ${source.name}`, closedWhy].filter(Boolean).join('; ') : closedWhy;
      await manager.query(
        `INSERT INTO abuse_reports (id, client_id, domain, category, url, reporter, reported_at, application_id, state, created_at, feed, brand, decided_by, decided_at, decision_note)
         VALUES ($1, $2, $3, $4, $5, '{}', $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [reportId, holder.clientId, holder.domain, source.category, entry.url, entry.listedAt ?? at, applicationId, state, at, source.name, entry.brand, state === 'pending' ? null : trusted ? `feed:${source.name}` : 'shinsa', state === 'pending' ? null : at, note],
      );
    }
    await manager.query(
      `INSERT INTO feed_matches (feed, entry_hash, domain, client_id, application_id, abuse_report_id, result, listed_at, matched_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [source.name, entry.hash, holder.domain, holder.clientId, applicationId, reportId, result, entry.listedAt, at],
    );
    if (!confirmNow) return { reportOpened, labelled: false };

    await recordLabel(manager, {
      id: randomUUID(),
      applicationId,
      verdict: 'fraud',
      source: `feed:${source.name}`,
      evidenceUrl: entry.url,
      note: entry.brand,
      clientId: null,
      reviewer: null,
      abuseReportId: reportId,
      outboxClientId: holder.clientId,
      at,
    });
    // Already suspended or refused: the registrar has acted; the label still finds the campaign.
    if (!suspended && !refused) {
      await raiseFeedCase(manager, this.policy, { reportId, applicationId, clientId: holder.clientId, feed: source.name, url: entry.url, brand: entry.brand, at });
      const [application] = await query<{ external_id: string }>(manager, 'SELECT external_id FROM applications WHERE id = $1', [applicationId]);
      await appendOutbox(manager, {
        topic: OutboxTopic.AbuseConfirmed,
        clientId: holder.clientId,
        applicationId,
        payload: { abuseReportId: reportId, applicationId, externalId: application?.external_id ?? null, domain: holder.domain, category: source.category, url: entry.url, brand: entry.brand, source: `feed:${source.name}`, confirmedAt: at.toISOString() },
        at,
      });
    }
    return { reportOpened, labelled: true };
  }

  /** Refused already: its latest case was rejected, or it was denied at intake and never had one. */
  private async alreadyRefused(manager: EntityManager, applicationId: string): Promise<boolean> {
    const [row] = await query<{ decision: string | null; state: string | null; outcome: string | null }>(
      manager,
      `SELECT c.decision, c.state, s.outcome
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT decision, state FROM cases WHERE application_id = $1 ORDER BY created_at DESC LIMIT 1) c ON true
         LEFT JOIN LATERAL (SELECT outcome FROM assessments WHERE application_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1) s ON true`,
      [applicationId],
    );
    if (!row) return false;
    return row.state === null ? row.outcome === 'deny' : row.state === 'decided' && row.decision === 'rejected';
  }

  /** An imported active domain's application record, with the hashed details its label will mark. */
  private async applicationRecord(manager: EntityManager, holder: Holder, at: Date): Promise<string> {
    const [row] = await query<{ body: unknown; application_id: string | null }>(manager, 'SELECT body, application_id FROM active_domains WHERE id = $1 FOR UPDATE', [holder.activeDomainId]);
    // The rescan may have given it one since it was read.
    if (row?.application_id) return row.application_id;
    const parsed = parseApplication(row?.body);
    const application = parsed.ok ? parsed.application : { externalId: `import:${holder.domain}`, product: 'domain' as const, domain: { name: holder.domain } };
    const attributes = parsed.ok ? hashAttributes(this.keys, extractAttributes(parsed.application, {}, this.policy.shared)) : [];
    return applicationForActiveDomain(manager, { id: holder.activeDomainId!, domain: holder.domain, clientId: holder.clientId }, application, attributes, at);
  }
}
