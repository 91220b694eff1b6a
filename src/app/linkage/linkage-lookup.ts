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

/** Linked application ids kept per attribute: enough for the reviewer to open the pattern. */
const LINKED_SHOWN = 5;

/**
 * Everything in one statement (one round trip), as JSON (parsed natively):
 * - per attribute, one index-only range scan of the most recent sharers in 30 days (hour and day
 *   counts are exact below the cap) and its fraud labels;
 * - per phone number, a range scan for other applications within the span, recently (bulk SIMs);
 * - recent names sharing the first letters, by an index-only range scan of the text_pattern_ops
 *   index (the application's own name is left out by value, below, so no row needs its id).
 * Each part is a LATERAL range scan so the planner cannot trade it for a full index walk.
 */
const LINKAGE_FACTS = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object('k', k.kind, 'h', recent.hour, 'd', recent.day, 'm', recent.month, 'l', recent.linked, 'f', labelled.fraud)), '[]'::json)
       FROM unnest($1::text[], $2::bytea[]) AS k(kind, hash)
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE sharer.observed_at > $3::timestamptz - interval '1 hour')::int AS hour,
                count(*) FILTER (WHERE sharer.observed_at > $3::timestamptz - interval '24 hours')::int AS day,
                count(*)::int AS month,
                (array_agg(sharer.application_id ORDER BY sharer.observed_at DESC))[1:${LINKED_SHOWN}] AS linked
           FROM (SELECT a.application_id, a.observed_at FROM attributes a
                  WHERE a.kind = k.kind AND a.value_hash = k.hash AND a.observed_at > $3::timestamptz - interval '30 days' AND a.observed_at <= $3
                    AND a.application_id IS DISTINCT FROM $4
                  ORDER BY a.observed_at DESC LIMIT ${COUNT_CAP}) sharer
       ) recent
       CROSS JOIN LATERAL (
         SELECT json_agg(json_build_object('a', l.application_id, 'h', extract(epoch FROM ($3::timestamptz - l.labelled_at)) / 3600)) AS fraud
           FROM (SELECT application_id, labelled_at FROM attribute_labels l
                  WHERE l.kind = k.kind AND l.value_hash = k.hash AND l.verdict = 'fraud' AND l.labelled_at <= $3 AND l.application_id IS DISTINCT FROM $4
                  ORDER BY l.labelled_at DESC LIMIT 20) l
       ) labelled
      WHERE recent.month > 0 OR labelled.fraud IS NOT NULL) AS attributes,
    (SELECT coalesce(json_agg(json_build_object('a', nearby.application_id, 'd', nearby.distance)), '[]'::json)
       FROM (SELECT near.application_id, min(near.distance) AS distance
               FROM unnest($5::bigint[]) AS given(number)
               CROSS JOIN LATERAL (
                 SELECT p.application_id, abs(p.number - given.number) AS distance FROM phone_numbers p
                  WHERE p.number BETWEEN given.number - $6::bigint AND given.number + $6::bigint AND p.number <> given.number
                    AND p.observed_at > $3::timestamptz - make_interval(hours => $7::int) AND p.observed_at <= $3 AND p.application_id IS DISTINCT FROM $4
                  LIMIT 50) near
              GROUP BY near.application_id) nearby) AS phones,
    (SELECT coalesce(json_agg(recent.domain_name), '[]'::json)
       FROM (SELECT domain_name FROM applications
              WHERE domain_name ~>=~ $8 AND domain_name ~<~ $9 AND received_at > $3::timestamptz - make_interval(days => $10::int)
                AND received_at <= $3
              LIMIT 50) recent) AS names`;

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
    const parsed = query.domainName ? parseDomainName(query.domainName) : undefined;
    const name = parsed?.ok ? parsed.name.registrableDomain : null;
    // Templates keep at least six letters fixed, at the front for every kind of series shinsa
    // finds: the first six characters of this name find the candidates (no name: an empty range).
    const prefix = name ? name.slice(0, 6) : '';
    const next = name ? `${prefix.slice(0, -1)}${String.fromCodePoint(prefix.codePointAt(prefix.length - 1)! + 1)}` : '';
    const { rows } = await this.pool().query<{
      attributes: { k: string; h: number; d: number; m: number; l: string[] | null; f: { a: string; h: number }[] | null }[];
      phones: { a: string; d: string | number }[];
      names: string[];
    }>({
      name: 'shinsa_linkage_facts',
      text: LINKAGE_FACTS,
      values: [
        query.attributes.map((attribute) => attribute.kind),
        query.attributes.map((attribute) => attribute.hash),
        query.asOf,
        query.self,
        query.phoneNumbers,
        this.settings.phoneSpan,
        this.settings.phoneWindowHours,
        prefix,
        next,
        this.settings.seriesWindowDays,
      ],
    });
    const row = rows[0]!;
    const attributes: AttributeLinkFacts[] = row.attributes.map((entry) => ({
      kind: entry.k,
      earlier: { hour: entry.h, day: entry.d, month: entry.m },
      linked: entry.l ?? [],
      fraudLabels: (entry.f ?? []).map((label) => ({ applicationId: label.a, ageHours: Math.max(0, Number(label.h)) })),
    }));
    const consecutive =
      row.phones.length > 0
        ? { nearby: row.phones.length, span: Math.max(...row.phones.map((phone) => Number(phone.d))), windowHours: this.settings.phoneWindowHours, linked: row.phones.slice(0, 10).map((phone) => phone.a) }
        : undefined;
    let domainSeries: DomainSeriesFacts | undefined;
    if (parsed?.ok && name) {
      // The application's own name (as stored, and as registrable domain) is no candidate.
      const own = query.domainName?.trim().toLowerCase().replace(/\.$/, '');
      const candidates = [...new Set(row.names)].filter((candidate) => candidate !== name && candidate !== own);
      if (candidates.length >= 2) domainSeries = findDomainSeries([parsed.name, ...candidates]).get(name);
    }
    return { linkage: { attributes, ...(consecutive ? { consecutivePhones: consecutive } : {}) }, ...(domainSeries ? { domainSeries } : {}) };
  }
}
