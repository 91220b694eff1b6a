import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Application, Hit, Outcome } from '../../engine';
import { Screener } from '../../screening/screener';
import { ClientDirectory } from '../clients/client-directory';
import { MasterKeys } from '../crypto/secret-box';
import { createDataSource, driverPool } from '../database/data-source';
import { runMigrations } from '../database/migrate';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { ClientView } from '../intake/client-view';
import { IntakeService } from '../intake/intake.service';
import { ScreeningStore } from '../intake/screening-store';
import { LabelsService } from '../labels/labels.service';
import { HistoryScreener } from '../linkage/history-screener';
import { LinkageLookup } from '../linkage/linkage-lookup';
import { LabelPropagation, Rescreener, type PropagationResult } from '../linkage/rescreener';
import { reviewPolicyOf } from '../review/case-policy';
import { query } from '../database/query';

/*
 * A replay: historical applications and labels run, in the order of their own timestamps, through
 * the service's real intake (linkage look-ups, the engine, the stored history, the cases it opens),
 * labels and label propagation (re-screenings, cases opened or raised), with each step's clock set
 * to the event's time. `shinsa replay` and `npm run eval:linkage` both run this one implementation.
 * The live webhook never takes a time from its client: only a replay sets the clock.
 */

/** An application received at `at` (its own time, not the replay's). */
export interface ReplayApplicationEvent {
  readonly kind: 'application';
  readonly at: Date;
  readonly application: Application;
}

/** A label given at `at`, naming the labelled application by its external id or its domain. */
export interface ReplayLabelEvent {
  readonly kind: 'label';
  readonly at: Date;
  readonly target: { readonly externalId: string } | { readonly domain: string };
  readonly verdict: 'fraud' | 'legitimate';
  readonly source: string;
  readonly note?: string;
}

export type ReplayEvent = ReplayApplicationEvent | ReplayLabelEvent;

/** One assessment as the replay reports it. */
export interface ReplayAssessment {
  readonly outcome: Outcome;
  readonly score: number;
  readonly hits: readonly Pick<Hit, 'reason' | 'points'>[];
}

export interface ReplayedApplication {
  readonly externalId: string;
  /** The id the replay's intake gave it. */
  readonly id: string;
  readonly receivedAt: Date;
  /** The intake's answer, with the history stored before it. */
  readonly first: ReplayAssessment;
  /** The application alone, as `shinsa screen` sees it (no history, no linkage). */
  readonly alone: ReplayAssessment;
  /** Its latest assessment when the replay ended (after the re-screenings labels caused). */
  latest: ReplayAssessment;
  /** Labels given on it, in time order. */
  readonly labels: { readonly verdict: 'fraud' | 'legitimate'; readonly at: Date }[];
}

export interface ReplayedLabel {
  readonly event: ReplayLabelEvent;
  readonly applicationIds: readonly string[];
  /** What its propagation did (summed over the applications it labelled). */
  readonly propagation: PropagationResult;
}

export interface ReplayResult {
  readonly rulesVersion: string;
  readonly applications: readonly ReplayedApplication[];
  readonly labels: readonly ReplayedLabel[];
  /** Review cases the replay opened (at intake or by re-screenings). */
  readonly casesOpened: number;
}

/** A label that names no application the replay has received by the label's time. */
class ReplayTargetError extends Error {}

const assessmentOf = (assessment: { outcome: Outcome; score: number; hits: readonly Pick<Hit, 'reason' | 'points'>[] }): ReplayAssessment => ({
  outcome: assessment.outcome,
  score: assessment.score,
  hits: assessment.hits.map((hit) => ({ reason: hit.reason, points: hit.points })),
});

/** Events in time order; at the same instant in the order given (an application before a label given with it). */
function inTimeOrder<T extends { readonly at: Date }>(events: readonly T[]): T[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.index - b.index)
    .map(({ event }) => event);
}

export interface ReplayDatabase {
  readonly url: string;
  /** Whether the replay created it (and drops it when closed). */
  readonly scratch: boolean;
}

/**
 * The database a replay runs in: the one given (migrated, kept), or a scratch one created on the
 * server of `serverUrl` under `name` (a fresh one: an existing database of that name is dropped
 * first) and dropped when the replay is closed.
 */
export function replayDatabase(options: { readonly databaseUrl?: string; readonly serverUrl: string; readonly name?: string }): ReplayDatabase {
  if (options.databaseUrl) return { url: options.databaseUrl, scratch: false };
  const url = new URL(options.serverUrl);
  url.pathname = `/${options.name ?? `shinsa_${randomBytes(6).toString('hex')}_replay`}`;
  return { url: url.toString(), scratch: true };
}

async function onServer(databaseUrl: string, work: (client: Client, name: string) => Promise<unknown>): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await work(client, `"${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * The service's intake, labels and propagation wired on one database, with one api client (the
 * replay's), driven by the events' own clocks.
 */
export class Replay {
  private constructor(
    private readonly database: ReplayDatabase,
    private readonly dataSource: DataSource,
    readonly screener: Screener,
    private readonly clientId: string,
    private readonly intake: IntakeService,
    private readonly labels: LabelsService,
    private readonly propagation: LabelPropagation,
    private readonly store: ScreeningStore,
  ) {}

  /**
   * Opens the database (creating a scratch one), migrates it and adds the replay's api client.
   * The master key keys the attribute hashes: a scratch database may use a random one.
   */
  static async open(options: { readonly database: ReplayDatabase; readonly masterKey: Buffer; readonly rulesDir?: string; readonly screener?: Screener }): Promise<Replay> {
    const { database } = options;
    if (database.scratch) {
      await onServer(database.url, async (client, name) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${name}`);
        // A scratch database is thrown away: no commit needs to wait for the disk.
        await client.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
      });
    }
    try {
      const config = { databaseUrl: database.url, dbPoolSize: 4, dbConnectTimeoutMs: 15_000 };
      await runMigrations(config);
      const dataSource = await createDataSource(config, 'shinsa-replay').initialize();
      const keys = new MasterKeys(options.masterKey);
      const directory = new ClientDirectory(dataSource, keys);
      const { keyId } = await directory.add(`replay ${new Date().toISOString()} ${randomBytes(4).toString('hex')}`, null);
      const client = (await directory.findActive(keyId))!;
      const screener = options.screener ?? new Screener(options.rulesDir ? { rulesDir: options.rulesDir } : {});
      const history = new HistoryScreener(screener, new LinkageLookup(() => driverPool(dataSource)), keys);
      const policy = reviewPolicyOf(screener.engine.rules);
      const store = new ScreeningStore(dataSource);
      const intake = new IntakeService(history, store, policy, new ClientView(dataSource));
      const propagation = new LabelPropagation(dataSource, new Rescreener(dataSource, history, policy));
      return new Replay(database, dataSource, screener, client.id, intake, new LabelsService(dataSource), propagation, store);
    } catch (error) {
      if (database.scratch) await onServer(database.url, (client, name) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs the events in time order. A label naming no application received by its time is a
   * {@link ReplayTargetError} (callers check their labels first; see `checkLabelTargets`).
   */
  async run(events: readonly ReplayEvent[], onProgress: (done: number, total: number) => void = () => {}): Promise<ReplayResult> {
    const ordered = inTimeOrder(events);
    const byExternalId = new Map<string, ReplayedApplication>();
    const byId = new Map<string, ReplayedApplication>();
    const labels: ReplayedLabel[] = [];
    let done = 0;
    for (const event of ordered) {
      if (event.kind === 'application') {
        const { application } = event;
        const result = await this.intake.screen(this.clientId, `replay-${application.externalId}-${event.at.getTime()}`, Buffer.from(JSON.stringify(application)), event.at);
        // Alone: no history, but the replay's clock (an account's age is measured at the event's time).
        const alone = this.screener.engine.screen(application, { ...this.screener.factsFor(application), asOf: event.at.toISOString() });
        const earlier = byExternalId.get(application.externalId);
        // A second line with the same external id is a revision: the same application, screened again.
        const replayed: ReplayedApplication = {
          externalId: application.externalId,
          id: result.body.id,
          receivedAt: earlier?.receivedAt ?? event.at,
          first: earlier?.first ?? assessmentOf(result.body),
          alone: earlier?.alone ?? assessmentOf(alone),
          latest: assessmentOf(result.body),
          labels: earlier?.labels ?? [],
        };
        byExternalId.set(application.externalId, replayed);
        byId.set(replayed.id, replayed);
      } else {
        labels.push(await this.label(event, byExternalId, byId));
      }
      done += 1;
      onProgress(done, ordered.length);
    }
    const latest = await query<{ id: string; outcome: Outcome; score: number; hits: Hit[] }>(
      this.dataSource,
      `SELECT DISTINCT ON (s.application_id) s.application_id::text AS id, s.outcome, s.score, s.hits
         FROM assessments s JOIN applications a ON a.id = s.application_id
        WHERE a.client_id = $1
        ORDER BY s.application_id, s.created_at DESC, s.id DESC`,
      [this.clientId],
    );
    for (const row of latest) {
      const replayed = byId.get(row.id);
      if (replayed) replayed.latest = assessmentOf(row);
    }
    const [cases] = await query<{ count: string }>(this.dataSource, 'SELECT count(*) AS count FROM cases WHERE client_id = $1', [this.clientId]);
    return { rulesVersion: this.screener.engine.rules.version, applications: [...byExternalId.values()], labels, casesOpened: Number(cases!.count) };
  }

  private async label(event: ReplayLabelEvent, byExternalId: ReadonlyMap<string, ReplayedApplication>, byId: ReadonlyMap<string, ReplayedApplication>): Promise<ReplayedLabel> {
    let target: { applicationId: string } | { domain: string };
    if ('externalId' in event.target) {
      const labelled = byExternalId.get(event.target.externalId);
      if (!labelled || labelled.receivedAt > event.at) throw new ReplayTargetError(`no application ${event.target.externalId} received by ${event.at.toISOString()}`);
      target = { applicationId: labelled.id };
    } else {
      target = { domain: event.target.domain };
    }
    const body = { ...target, verdict: event.verdict, source: event.source, ...(event.note ? { note: event.note } : {}) };
    let stored: Awaited<ReturnType<LabelsService['label']>>;
    try {
      stored = await this.labels.label(this.clientId, `replay-label-${randomBytes(8).toString('hex')}`, Buffer.from(JSON.stringify(body)), event.at);
    } catch (error) {
      if ('domain' in target && error instanceof ApiError && error.code === ApiErrorCode.NotFound) throw new ReplayTargetError(`no application for ${target.domain} received by ${event.at.toISOString()}`);
      throw error;
    }
    const propagation = { linked: 0, changed: 0, worsened: 0 };
    for (const label of stored.body.labels) {
      byId.get(label.applicationId)?.labels.push({ verdict: event.verdict, at: event.at });
      // The worker propagates a label when its outbox event is relayed; a replay does it at once, at the label's time.
      const result = await this.propagation.propagate(label.id, event.at);
      propagation.linked += result.linked;
      propagation.changed += result.changed;
      propagation.worsened += result.worsened;
    }
    return { event, applicationIds: stored.body.labels.map((label) => label.applicationId), propagation };
  }

  /** Closes the connections; a scratch database is dropped. */
  async close(): Promise<void> {
    await this.dataSource.destroy();
    if (this.database.scratch) await onServer(this.database.url, (client, name) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}
