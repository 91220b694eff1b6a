import type { Readable, Writable } from 'node:stream';
import { parseDomainName, type Assessment, type DomainName, type ScreeningEngine, type ScreeningFacts } from '../engine';
import { findDomainSeriesOfEach } from '../engine/domain-series';
import { Screener } from '../screening/screener';
import { EXIT_BAD_INPUT, EXIT_OK } from './exit-codes';
import { JsonLineWriter, lineBatches } from './json-lines';
import { openInput } from './screen-command';

export interface DomainsRunResult {
  readonly screened: number;
  readonly badLines: number;
}

/** One line of `shinsa domains` output (DESIGN §3.4). */
export interface DomainAssessment {
  readonly domain: string;
  readonly registrableDomain: string;
  readonly score: number;
  readonly outcome: Assessment['outcome'];
  readonly hits: Assessment['hits'];
}

/** Screens one domain name on what the name itself shows (plus the series it belongs to, if any). */
export function screenDomainName(engine: Pick<ScreeningEngine, 'screen'>, name: DomainName, facts: ScreeningFacts = {}): DomainAssessment {
  const assessment = engine.screen({ externalId: name.input, product: 'domain', domain: { name: name.input } }, facts, { domainName: { ok: true, name } });
  return { domain: name.input, registrableDomain: name.registrableDomain, score: assessment.score, outcome: assessment.outcome, hits: assessment.hits };
}

/** Characters JSON.stringify escapes in a string: quote, backslash, controls, surrogates (lone ones; pairs are only checked). */
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
/** The same, searched in a line from a detail's start (`lastIndex`). */
const JSON_ESCAPED_FROM = new RegExp(JSON_ESCAPED.source, 'g');

/** `JSON.stringify(text)`, without its copy of the text when nothing in it needs escaping (most details). */
function jsonString(text: string): string {
  return JSON_ESCAPED.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * A {@link DomainAssessment} as one JSON line, the same text as `JSON.stringify` gives. Written
 * field by field, with the part of a hit before its detail kept per reason (it depends only on the
 * rule set), because JSON.stringify of the whole object was a fifth of the time of `shinsa domains`.
 */
export class DomainAssessmentSerializer {
  private readonly hitPrefixes = new Map<string, { signal: string; points: number; prefix: string }>();
  /** Where each hit's detail starts and ends in the line being written. */
  private readonly detailStarts: number[] = [];
  private readonly detailEnds: number[] = [];

  toJson(assessment: DomainAssessment): string {
    let json = `{"domain":${jsonString(assessment.domain)},"registrableDomain":${jsonString(assessment.registrableDomain)},"score":${JSON.stringify(assessment.score)},"outcome":${JSON.stringify(assessment.outcome)},"hits":[`;
    const { hits } = assessment;
    // Details go in as they are and are checked for escapes in the finished line. A detail is
    // concatenated from many pieces: testing it alone made V8 copy it into a flat string of its
    // own, and the line was copied again when encoded (the line's one copy costs far less).
    for (let i = 0; i < hits.length; i++) {
      const hit = hits[i]!;
      if (i > 0) json += ',';
      json += `${this.hitPrefix(hit)}"`;
      this.detailStarts[i] = json.length;
      json += hit.detail;
      this.detailEnds[i] = json.length;
      json += '"}';
    }
    return this.withDetailsEscaped(`${json}]}`, hits.length);
  }

  /** The line with each detail that needs it escaped as JSON.stringify does (a few: quoted label parts, mostly). */
  private withDetailsEscaped(json: string, details: number): string {
    let escaped = '';
    let copiedTo = 0;
    for (let i = 0; i < details; i++) {
      const start = this.detailStarts[i]!;
      const end = this.detailEnds[i]!;
      // The detail's closing quote, at `end`, is always found: a character found before it needs escaping.
      JSON_ESCAPED_FROM.lastIndex = start;
      JSON_ESCAPED_FROM.test(json);
      if (JSON_ESCAPED_FROM.lastIndex - 1 === end) continue;
      escaped += json.slice(copiedTo, start - 1) + JSON.stringify(json.slice(start, end));
      copiedTo = end + 1;
    }
    return copiedTo === 0 ? json : escaped + json.slice(copiedTo);
  }

  private hitPrefix({ signal, points, reason }: DomainAssessment['hits'][number]): string {
    const known = this.hitPrefixes.get(reason);
    if (known && known.signal === signal && known.points === points) return known.prefix;
    const prefix = `{"signal":${JSON.stringify(signal)},"points":${JSON.stringify(points)},"reason":${JSON.stringify(reason)},"detail":`;
    this.hitPrefixes.set(reason, { signal, points, prefix });
    return prefix;
  }
}

/**
 * `shinsa domains`: one domain per line in, one JSON line out, in order. The whole input is read
 * first, because a name's series (`driect-sntpjpviewa00` … `03`) is only visible across the batch.
 * Blank lines and `#` comments are skipped; a line that is not a hostname gives an error object in
 * its place and a message naming the line on `errors`, and the rest is still screened.
 */
export async function screenDomainLines(engine: Pick<ScreeningEngine, 'screen'>, input: Readable, output: Writable, errors: Writable): Promise<DomainsRunResult> {
  // The parsed names in order, and apart the lines that are not names, each with the count of names
  // before it: no object per good line (the batch is kept whole, and the collector copies what is kept).
  const names: DomainName[] = [];
  const notNames: { line: number; text: string; reason: string; namesBefore: number }[] = [];
  let lineNumber = 0;
  for await (const batch of lineBatches(input)) {
    for (const text of batch) {
      lineNumber += 1;
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.startsWith('#')) continue;
      const parsed = parseDomainName(trimmed);
      if (parsed.ok) names.push(parsed.name);
      else notNames.push({ line: lineNumber, text: trimmed, reason: parsed.reason, namesBefore: names.length });
    }
  }

  const seriesOf = findDomainSeriesOfEach(names);
  const writer = new JsonLineWriter(output);
  const serializer = new DomainAssessmentSerializer();
  let badLines = 0;
  let written = 0;
  for (let screened = 0; screened <= names.length; screened++) {
    // The lines that were not names, in their place among the names.
    for (; badLines < notNames.length && notNames[badLines]!.namesBefore === screened; badLines++) {
      const { line, text, reason } = notNames[badLines]!;
      const message = `not a domain name: ${reason}`;
      errors.write(`line ${line}: ${message}\n`);
      writer.push({ line, domain: text, error: { code: 'INVALID_DOMAIN', message } });
      if (++written % 1000 === 0) await writer.flush();
    }
    if (screened === names.length) break;
    const domainSeries = seriesOf(screened);
    writer.pushJson(serializer.toJson(screenDomainName(engine, names[screened]!, domainSeries ? { domainSeries } : {})));
    if (++written % 1000 === 0) await writer.flush();
  }
  await writer.flush();
  return { screened: names.length, badLines };
}

/** `shinsa domains [FILE|-]`: exit 2 when a line was not a domain name (with a summary on stderr). (@public: loaded through the CLI's lazy require) */
export async function domainsCommand(file: string, rulesDir: string): Promise<number> {
  const { engine } = new Screener({ rulesDir });
  const result = await screenDomainLines(engine, openInput(file), process.stdout, process.stderr);
  if (result.badLines === 0) return EXIT_OK;
  process.stderr.write(`${result.badLines} bad line(s); ${result.screened} domain(s) screened\n`);
  return EXIT_BAD_INPUT;
}
