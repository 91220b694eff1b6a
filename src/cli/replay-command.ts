import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { applicationClockErrors, outcomeRank, OUTCOMES, parseApplication, parseContract, type Outcome } from '../engine';
import type { ReplayAssessment, ReplayedApplication, ReplayEvent, ReplayLabelEvent, ReplayResult } from '../app/replay/replay';
import { EXIT_BAD_INPUT, EXIT_OK } from './exit-codes';

/*
 * `shinsa replay SIGNUPS.jsonl [--labels LABELS.jsonl] [--database-url URL] [--json]`: last
 * month's signups and labels run through the service's intake, linkage, label propagation and
 * cases on their own timestamps, in a scratch database, and what would have been flagged.
 *
 * SIGNUPS.jsonl: one application per line (the webhook's contract) plus `receivedAt`, when the
 * registrar received it (ISO 8601 with an offset). LABELS.jsonl: one label per line, naming the
 * application by `externalId` or `domain`, with `verdict`, `labelledAt`, and optionally `source`
 * and `reason`. Every line is checked before anything runs; a bad one is named and nothing runs.
 */

const isoDateTime = z.iso.datetime({ offset: true });

const labelLineSchema = z
  .strictObject({
    externalId: z.string().trim().min(1).max(200).optional(),
    domain: z.string().trim().min(1).max(253).optional(),
    verdict: z.enum(['fraud', 'legitimate']),
    labelledAt: isoDateTime,
    source: z.string().trim().min(1).max(100).optional(),
    reason: z.string().max(2000).optional(),
  })
  .refine((label) => (label.externalId === undefined) !== (label.domain === undefined), { message: 'give exactly one of externalId and domain', path: ['externalId'] });

/** A problem with one input line. */
interface InputError {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

interface ReplayInput {
  readonly events: ReplayEvent[];
  /** The input line of each label event (for the report). */
  readonly labelLines: Map<ReplayLabelEvent, number>;
}

function nonBlankLines(file: string): { line: number; text: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, index) => ({ line: index + 1, text: text.endsWith('\r') ? text.slice(0, -1) : text }))
    .filter(({ text }) => text.trim() !== '');
}

function jsonObject(text: string): { value: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'must be a JSON object' };
  return { value: value as Record<string, unknown> };
}

/**
 * Reads and checks both files: every application against the contract with its `receivedAt`,
 * every label, and that each label names an application received by the label's time.
 */
function readReplayInput(signupsFile: string, labelsFile: string | undefined): { input: ReplayInput; errors: InputError[] } {
  const errors: InputError[] = [];
  const events: ReplayEvent[] = [];
  const labelLines = new Map<ReplayLabelEvent, number>();
  /** When each external id and each domain was first received. */
  const firstSeen = new Map<string, number>();
  const domainSeen = new Map<string, number>();
  for (const { line, text } of nonBlankLines(signupsFile)) {
    const parsed = jsonObject(text);
    if ('error' in parsed) {
      errors.push({ file: signupsFile, line, message: parsed.error });
      continue;
    }
    const { receivedAt, ...body } = parsed.value;
    const at = isoDateTime.safeParse(receivedAt);
    if (!at.success) errors.push({ file: signupsFile, line, message: `receivedAt: ${receivedAt === undefined ? 'required: when the application was received, ISO 8601 with an offset (2026-10-01T09:15:00+09:00)' : 'must be an ISO 8601 date-time with an offset (2026-10-01T09:15:00+09:00)'}` });
    const application = parseApplication(body);
    if (!application.ok) for (const error of application.errors) errors.push({ file: signupsFile, line, message: `${error.field}: ${error.message}` });
    if (!at.success || !application.ok) continue;
    const time = new Date(at.data);
    // Checks that need the application's own clock (an account opened after it was received).
    const clockErrors = applicationClockErrors(application.application, time);
    for (const error of clockErrors) errors.push({ file: signupsFile, line, message: `${error.field}: ${error.message}` });
    if (clockErrors.length > 0) continue;
    events.push({ kind: 'application', at: time, application: application.application });
    const { externalId } = application.application;
    firstSeen.set(externalId, Math.min(time.getTime(), firstSeen.get(externalId) ?? Infinity));
    const domain = application.application.domain?.name.trim().toLowerCase();
    if (domain) domainSeen.set(domain, Math.min(time.getTime(), domainSeen.get(domain) ?? Infinity));
  }
  if (labelsFile !== undefined) {
    for (const { line, text } of nonBlankLines(labelsFile)) {
      const parsed = jsonObject(text);
      if ('error' in parsed) {
        errors.push({ file: labelsFile, line, message: parsed.error });
        continue;
      }
      const label = parseContract(labelLineSchema, parsed.value);
      if (!label.ok) {
        for (const error of label.errors) errors.push({ file: labelsFile, line, message: `${error.field}: ${error.message}` });
        continue;
      }
      const { externalId, domain, verdict, labelledAt, source, reason } = label.value;
      const at = new Date(labelledAt);
      const received = externalId !== undefined ? firstSeen.get(externalId) : domainSeen.get(domain!.toLowerCase());
      const named = externalId !== undefined ? `externalId ${externalId}` : `domain ${domain}`;
      if (received === undefined) {
        errors.push({ file: labelsFile, line, message: `${externalId !== undefined ? 'externalId' : 'domain'}: no application in ${signupsFile} has ${named}` });
        continue;
      }
      if (received > at.getTime()) {
        errors.push({ file: labelsFile, line, message: `labelledAt: ${labelledAt} is before the application with ${named} was received (${new Date(received).toISOString()})` });
        continue;
      }
      const event: ReplayLabelEvent = {
        kind: 'label',
        at,
        target: externalId !== undefined ? { externalId } : { domain: domain! },
        verdict,
        source: source ?? 'replay',
        ...(reason ? { note: reason } : {}),
      };
      events.push(event);
      labelLines.set(event, line);
    }
  }
  return { input: { events, labelLines }, errors };
}

const flagged = (outcome: Outcome): boolean => outcomeRank(outcome) >= outcomeRank('review');
const jst = (at: Date): string => new Date(at.getTime() + 9 * 3_600_000).toISOString().replace(/:\d{2}\.\d{3}Z$/, '').replace('T', ' ');
const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => row[index]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, index) => (index === 0 || index === cells.length - 1 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
}

const reasonsOf = (assessment: ReplayAssessment): string[] => [...new Set(assessment.hits.filter((hit) => hit.points > 0).map((hit) => hit.reason))];
const labelOf = (application: ReplayedApplication): string => application.labels.map((label) => label.verdict).join(', ');

/** The replay as people read it: outcomes, labels beside them, reasons, and the flagged applications. */
function humanReport(result: ReplayResult, input: ReplayInput, database: string): string {
  const applications = [...result.applications].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const lines: string[] = [];
  const times = applications.map((application) => application.receivedAt);
  lines.push(
    `shinsa replay: ${applications.length} application(s)${times.length ? ` received ${jst(times[0]!)} – ${jst(times[times.length - 1]!)} JST` : ''}, ${result.labels.length} label(s); rules ${result.rulesVersion}; ${database}`,
  );
  lines.push('');
  const outcomeRow = (name: string, which: (application: ReplayedApplication) => ReplayAssessment) => {
    const outcomes = applications.map((application) => which(application).outcome);
    const flaggedCount = outcomes.filter(flagged).length;
    return [name, ...OUTCOMES.map((outcome) => String(outcomes.filter((value) => value === outcome).length)), `${flaggedCount} (${percent(flaggedCount, outcomes.length)})`];
  };
  lines.push(
    ...table(
      ['outcomes', ...OUTCOMES, 'flagged'],
      [
        outcomeRow('first answer', (application) => application.first),
        outcomeRow('at the end (after re-screenings by labels)', (application) => application.latest),
        outcomeRow('application alone (no history)', (application) => application.alone),
      ],
    ),
  );
  lines.push(`review cases opened: ${result.casesOpened}`);
  lines.push('');
  const groups: [string, ReplayedApplication[]][] = [
    ['labelled fraud', applications.filter((application) => application.labels.at(-1)?.verdict === 'fraud')],
    ['labelled legitimate', applications.filter((application) => application.labels.at(-1)?.verdict === 'legitimate')],
    ['not labelled', applications.filter((application) => application.labels.length === 0)],
  ];
  lines.push(
    ...table(
      ['beside the labels', 'applications', 'flagged at first answer', 'at the end', 'alone'],
      groups.map(([name, members]) => [
        name,
        String(members.length),
        `${members.filter((application) => flagged(application.first.outcome)).length}`,
        `${members.filter((application) => flagged(application.latest.outcome)).length}`,
        `${members.filter((application) => flagged(application.alone.outcome)).length}`,
      ]),
    ),
  );
  lines.push('');
  const reasonCounts = (which: (application: ReplayedApplication) => ReplayAssessment): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const application of applications) {
      const assessment = which(application);
      if (flagged(assessment.outcome)) for (const reason of reasonsOf(assessment)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    return counts;
  };
  const first = reasonCounts((application) => application.first);
  const end = reasonCounts((application) => application.latest);
  const reasons = [...new Set([...first.keys(), ...end.keys()])].sort((a, b) => (end.get(b) ?? 0) + (first.get(b) ?? 0) - (end.get(a) ?? 0) - (first.get(a) ?? 0) || a.localeCompare(b));
  lines.push(...(reasons.length ? table(['reasons on flagged applications', 'first answer', 'at the end'], reasons.map((reason) => [reason, String(first.get(reason) ?? 0), String(end.get(reason) ?? 0)])) : ['no application flagged']));
  if (result.labels.length > 0) {
    lines.push('');
    lines.push(
      ...table(
        ['labels (line)', 'labelled at (JST)', 'verdict', 'applications', 'linked', 're-assessed', 'worse', 'names'],
        result.labels.map((label) => [
          String(input.labelLines.get(label.event) ?? ''),
          jst(label.event.at),
          label.event.verdict,
          String(label.applicationIds.length),
          String(label.propagation.linked),
          String(label.propagation.changed + label.propagation.worsened),
          String(label.propagation.worsened),
          'externalId' in label.event.target ? label.event.target.externalId : label.event.target.domain,
        ]),
      ),
    );
  }
  const shown = applications.filter((application) => flagged(application.first.outcome) || flagged(application.latest.outcome));
  lines.push('');
  lines.push(
    ...(shown.length
      ? table(
          ['flagged applications', 'received (JST)', 'first answer', 'at the end', 'label', 'reasons (at the end)'],
          shown.slice(0, 100).map((application) => [
            application.externalId,
            jst(application.receivedAt),
            `${application.first.outcome} ${application.first.score}`,
            `${application.latest.outcome} ${application.latest.score}`,
            labelOf(application) || '—',
            reasonsOf(application.latest).join(' '),
          ]),
        )
      : ['no application flagged']),
  );
  if (shown.length > 100) lines.push(`… and ${shown.length - 100} more (--json lists every application)`);
  return `${lines.join('\n')}\n`;
}

const assessmentJson = (assessment: ReplayAssessment) => ({ outcome: assessment.outcome, score: assessment.score, reasons: reasonsOf(assessment) });

/** JSON lines: one per application (in time order), one per label, then a summary. */
function jsonReport(result: ReplayResult, input: ReplayInput): string {
  const lines: unknown[] = [];
  const applications = [...result.applications].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  for (const application of applications) {
    lines.push({
      type: 'application',
      externalId: application.externalId,
      id: application.id,
      receivedAt: application.receivedAt.toISOString(),
      first: assessmentJson(application.first),
      end: assessmentJson(application.latest),
      alone: assessmentJson(application.alone),
      labels: application.labels.map((label) => ({ verdict: label.verdict, labelledAt: label.at.toISOString() })),
    });
  }
  for (const label of result.labels) {
    lines.push({
      type: 'label',
      line: input.labelLines.get(label.event) ?? null,
      labelledAt: label.event.at.toISOString(),
      ...label.event.target,
      verdict: label.event.verdict,
      applicationIds: label.applicationIds,
      propagation: { linked: label.propagation.linked, reassessed: label.propagation.changed + label.propagation.worsened, worsened: label.propagation.worsened },
    });
  }
  const tally = (which: (application: ReplayedApplication) => ReplayAssessment) => Object.fromEntries(OUTCOMES.map((outcome) => [outcome, applications.filter((application) => which(application).outcome === outcome).length]));
  lines.push({
    type: 'summary',
    rulesVersion: result.rulesVersion,
    applications: applications.length,
    labels: result.labels.length,
    casesOpened: result.casesOpened,
    first: tally((application) => application.first),
    end: tally((application) => application.latest),
    alone: tally((application) => application.alone),
  });
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

/** The master key the replay's attribute hashes are keyed with: the service's if set, else a throwaway one. */
function masterKeyFor(): Buffer {
  const configured = process.env.SHINSA_MASTER_KEY;
  if (!configured) return randomBytes(32);
  const bytes = /^[0-9a-fA-F]{64}$/.test(configured) ? Buffer.from(configured, 'hex') : Buffer.from(configured, 'base64');
  return bytes.length === 32 ? bytes : randomBytes(32);
}

const withoutPassword = (url: string): string => {
  const parsed = new URL(url);
  parsed.password = parsed.password ? '***' : '';
  return parsed.toString();
};

/** @public — loaded through the CLI's lazy require. */
export async function replayCommand(signupsFile: string, options: { labels?: string; databaseUrl?: string; json?: boolean; rulesDir: string }): Promise<number> {
  const { input, errors } = readReplayInput(signupsFile, options.labels);
  if (errors.length > 0) {
    for (const error of errors.slice(0, 50)) process.stderr.write(`${error.file}:${error.line}: ${error.message}\n`);
    if (errors.length > 50) process.stderr.write(`… and ${errors.length - 50} more\n`);
    process.stderr.write(`${errors.length} error(s); nothing was replayed\n`);
    return EXIT_BAD_INPUT;
  }
  const { Replay, replayDatabase } = require('../app/replay/replay') as typeof import('../app/replay/replay');
  const { LOCAL_DATABASE_URL } = require('../app/config/config') as typeof import('../app/config/config');
  const database = replayDatabase({ databaseUrl: options.databaseUrl, serverUrl: process.env.DATABASE_URL ?? LOCAL_DATABASE_URL });
  const replay = await Replay.open({ database, masterKey: masterKeyFor(), rulesDir: options.rulesDir });
  let result: ReplayResult;
  try {
    const progress = process.stderr.isTTY && !options.json;
    result = await replay.run(input.events, (done, total) => {
      if (progress && (done % 100 === 0 || done === total)) process.stderr.write(`\rreplaying ${done}/${total}`);
    });
    if (progress) process.stderr.write('\n');
  } finally {
    await replay.close();
  }
  const where = database.scratch ? 'scratch database (dropped)' : `database ${withoutPassword(database.url)} (kept)`;
  process.stdout.write(options.json ? jsonReport(result, input) : humanReport(result, input, where));
  return EXIT_OK;
}
