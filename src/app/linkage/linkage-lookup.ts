import type { Pool } from 'pg';
import { parseDomainName, type AttributeLinkFacts, type DomainSeriesFacts, type LinkageFacts } from '../../engine';
import { findDomainSeries } from '../../engine/domain-series';
import type { MasterKeys } from '../crypto/secret-box';
import { AttributeKind, type Attribute } from './attributes';

/** An attribute as stored: its kind and keyed hash. */
export interface HashedAttribute {
  readonly kind: string;
  readonly hash: Buffer;
}

export function hashAttributes(keys: MasterKeys, attributes: readonly Attribute[]): HashedAttribute[] {
  return attributes.map((attribute) => ({ kind: attribute.kind, hash: keys.attributeHash(attribute.kind, attribute.value) }));
}

/** E.164 numbers of the application (contact and SMS) as digits, for the consecutive-number look-up. */
export function phoneNumbersOf(attributes: readonly Attribute[]): string[] {
  const numbers = attributes.filter((attribute) => attribute.kind === AttributeKind.Phone || attribute.kind === AttributeKind.SmsPhone).map((attribute) => attribute.value.replace(/\D/g, ''));
  return [...new Set(numbers)].filter((digits) => digits.length >= 8 && digits.length <= 15);
}

export interface LinkageQuery {
  readonly attributes: readonly HashedAttribute[];
  readonly phoneNumbers: readonly string[];
  readonly domainName: string | null;
  /** The moment the history is read at: the application's arrival (or a rescan's start). */
  readonly asOf: Date;
  /** The application being screened, when it is already stored (a re-screening): never its own link. */
  readonly self: string | null;
}

export interface LinkageSettings {
  /** Largest distance between two numbers that counts as consecutive. */
  readonly phoneSpan: number;
  readonly phoneWindowHours: number;
  /** How far back names are searched for a shared template. */
  readonly seriesWindowDays: number;
}

export const DEFAULT_LINKAGE_SETTINGS: LinkageSettings = { phoneSpan: 20, phoneWindowHours: 24, seriesWindowDays: 7 };

/**
 * Counts are capped: "over 50 in 30 days" says all the shipped rules need (their thresholds are
 * lower), and it bounds the index scan of a value thousands share.
 */
export const COUNT_CAP = 51;

// One index-only range scan per attribute: the most recent sharers in 30 days, newest first; the
// hour and day counts are exact below the cap.
const ATTRIBUTE_FACTS = `
  SELECT k.kind, recent.hour, recent.day, recent.month, recent.linked,
    ARRAY(SELECT l.application_id::text || ' ' || (extract(epoch FROM ($3::timestamptz - l.labelled_at)) / 3600)::text FROM attribute_labels l
        WHERE l.kind = k.kind AND l.value_hash = k.hash AND l.verdict = 'fraud' AND l.labelled_at <= $3 AND l.application_id IS DISTINCT FROM $4
        ORDER BY l.labelled_at DESC LIMIT 20) AS fraud
  FROM unnest($1::text[], $2::bytea[]) AS k(kind, hash)
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE sharer.observed_at > $3::timestamptz - interval '1 hour')::int AS hour,
           count(*) FILTER (WHERE sharer.observed_at > $3::timestamptz - interval '24 hours')::int AS day,
           count(*)::int AS month,
           (array_agg(sharer.application_id::text ORDER BY sharer.observed_at DESC))[1:10] AS linked
      FROM (SELECT a.application_id, a.observed_at FROM attributes a
             WHERE a.kind = k.kind AND a.value_hash = k.hash AND a.observed_at > $3::timestamptz - interval '30 days' AND a.observed_at <= $3
               AND a.application_id IS DISTINCT FROM $4
             ORDER BY a.observed_at DESC LIMIT ${COUNT_CAP}) sharer
  ) recent`;

const NEARBY_PHONES = `
  SELECT DISTINCT ON (application_id) application_id::text AS id, abs(number - $1::bigint) AS distance
    FROM phone_numbers
   WHERE number BETWEEN $1::bigint - $2::bigint AND $1::bigint + $2::bigint AND number <> $1::bigint
     AND observed_at > $3::timestamptz - make_interval(hours => $4::int) AND observed_at <= $3 AND application_id IS DISTINCT FROM $5
   LIMIT 50`;

// The pattern operators (~>=~, ~<~) match the text_pattern_ops index: a range scan by prefix.
const RECENT_NAMES = `
  SELECT domain_name FROM applications
   WHERE domain_name ~>=~ $1 AND domain_name ~<~ $2 AND received_at > $3::timestamptz - make_interval(days => $4::int) AND received_at <= $3
     AND id IS DISTINCT FROM $5
   LIMIT 100`;

export interface LinkageResult {
  readonly linkage: LinkageFacts;
  readonly domainSeries?: DomainSeriesFacts;
}

/**
 * Reads what stored history says about an application — indexed queries only, run side by side
 * on the pool — and turns it into facts for the engine.
 */
export class LinkageLookup {
  constructor(
    private readonly pool: () => Pool,
    private readonly settings: LinkageSettings = DEFAULT_LINKAGE_SETTINGS,
  ) {}

  async factsFor(query: LinkageQuery): Promise<LinkageResult> {
    const [attributes, consecutive, series] = await Promise.all([this.attributeFacts(query), this.consecutivePhones(query), this.domainSeries(query)]);
    return { linkage: { attributes, ...(consecutive ? { consecutivePhones: consecutive } : {}) }, ...(series ? { domainSeries: series } : {}) };
  }

  private async attributeFacts(query: LinkageQuery): Promise<AttributeLinkFacts[]> {
    if (query.attributes.length === 0) return [];
    const { rows } = await this.pool().query<{ kind: string; hour: number; day: number; month: number; linked: string[] | null; fraud: string[] }>({
      name: 'shinsa_linkage_attributes',
      text: ATTRIBUTE_FACTS,
      values: [query.attributes.map((attribute) => attribute.kind), query.attributes.map((attribute) => attribute.hash), query.asOf, query.self],
    });
    return rows
      .filter((row) => row.month > 0 || row.fraud.length > 0)
      .map((row) => ({
        kind: row.kind,
        earlier: { hour: row.hour, day: row.day, month: row.month },
        linked: row.linked ?? [],
        fraudLabels: row.fraud.map((entry) => {
          const [applicationId, hours] = entry.split(' ');
          return { applicationId: applicationId!, ageHours: Math.max(0, Number(hours)) };
        }),
      }));
  }

  private async consecutivePhones(query: LinkageQuery): Promise<LinkageFacts['consecutivePhones']> {
    if (query.phoneNumbers.length === 0) return undefined;
    const found = new Map<string, number>();
    for (const number of query.phoneNumbers) {
      const { rows } = await this.pool().query<{ id: string; distance: string }>({
        name: 'shinsa_linkage_phones',
        text: NEARBY_PHONES,
        values: [number, this.settings.phoneSpan, query.asOf, this.settings.phoneWindowHours, query.self],
      });
      for (const row of rows) found.set(row.id, Math.min(found.get(row.id) ?? Infinity, Number(row.distance)));
    }
    if (found.size === 0) return undefined;
    return { nearby: found.size, span: Math.max(...found.values()), windowHours: this.settings.phoneWindowHours, linked: [...found.keys()].slice(0, 10) };
  }

  private async domainSeries(query: LinkageQuery): Promise<DomainSeriesFacts | undefined> {
    if (!query.domainName) return undefined;
    const parsed = parseDomainName(query.domainName);
    if (!parsed.ok) return undefined;
    const name = parsed.name.registrableDomain;
    // Templates keep at least six letters fixed, at the front for every kind of series shinsa
    // finds: the first six characters of this name find the candidates.
    const prefix = name.slice(0, 6);
    const next = `${prefix.slice(0, -1)}${String.fromCodePoint(prefix.codePointAt(prefix.length - 1)! + 1)}`;
    const { rows } = await this.pool().query<{ domain_name: string }>({
      name: 'shinsa_linkage_names',
      text: RECENT_NAMES,
      values: [prefix, next, query.asOf, this.settings.seriesWindowDays, query.self],
    });
    const candidates = [...new Set(rows.map((row) => row.domain_name))].filter((candidate) => candidate !== name);
    if (candidates.length < 2) return undefined;
    const series = findDomainSeries([parsed.name, ...candidates]);
    return series.get(name);
  }
}
