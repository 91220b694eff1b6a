import type { Pool } from 'pg';
import { parseDomainName, type AttributeLinkFacts, type DomainSeriesFacts, type IdentityFacts, type LinkageFacts } from '../../engine';
import { findDomainSeries } from '../../engine/domain-series';
import type { MasterKeys } from '../crypto/secret-box';
import { StatementBatcher, type BatchOptions } from '../database/statement-batcher';
import { isDatabaseUnavailable } from '../http/api-error';
import { storedDomainName } from '../intake/stored-domain-name';
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
  /** The application's identity and household keys (IDENTITY_KINDS): who counts as the same registrant. */
  readonly identityKeys: readonly HashedAttribute[];
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
  /**
   * How far back an identity's history and a value's holders are read: a company registers over
   * months, and a corporate number's real holder may last have applied long ago. Counts of other
   * registrants stay per hour, day and 30 days.
   */
  readonly historyDays: number;
}

export const DEFAULT_LINKAGE_SETTINGS: LinkageSettings = { phoneSpan: 20, phoneWindowHours: 24, seriesWindowDays: 7, historyDays: 365 };

/** Earlier applications of the applicant's identity read per identity key (the most recent). */
const IDENTITY_SHOWN = 100;

/**
 * Counts are capped: "over 50 in 30 days" says all the shipped rules need (their thresholds are
 * lower), and it bounds the index scan of a value thousands share.
 */
const COUNT_CAP = 51;

/** Linked application ids kept per attribute: enough for the reviewer to open the pattern. */
const LINKED_SHOWN = 5;

/**
 * Everything in one statement (one round trip) for a batch of applications, as JSON (parsed
 * natively), one row per application (`owner`, its position in the batch):
 * - the applicant's identity: per identity or household key, one index-only range scan of the
 *   most recent applications that share it (`related`: the same registrant or household), the
 *   identity's first application, and fraud labels on its keys;
 * - per attribute, one index-only range scan of the most recent sharers (hour, day and 30-day
 *   counts, all and those not related; related ones over the whole look-back) and its fraud
 *   labels, each marked whether it is on a related application and when that one used the value
 *   (a primary-key look-up per label);
 * - per phone number, a range scan for other applications within the span, recently (bulk SIMs);
 * - recent names sharing the first letters, by an index-only range scan of the text_pattern_ops
 *   index (the application's own name is left out by value, below, so no row needs its id).
 * Each part is a LATERAL range scan so the planner cannot trade it for a full index walk.
 */
const LINKAGE_FACTS = `
  WITH given AS MATERIALIZED (
    SELECT g.owner::int AS owner, g.as_of, g.self, g.prefix, g.next
      FROM unnest($4::timestamptz[], $5::uuid[], $8::text[], $9::text[]) WITH ORDINALITY AS g(as_of, self, prefix, next, owner)
  ), identity_sharer AS MATERIALIZED (
    SELECT ik.owner, ik.kind, shared.application_id, shared.observed_at
      FROM unnest($13::int[], $14::text[], $15::bytea[]) AS ik(owner, kind, hash)
      JOIN given ON given.owner = ik.owner
      CROSS JOIN LATERAL (
        SELECT a.application_id, a.observed_at FROM attributes a
         WHERE a.kind = ik.kind AND a.value_hash = ik.hash AND a.observed_at > given.as_of - make_interval(days => $16::int) AND a.observed_at <= given.as_of
           AND a.application_id IS DISTINCT FROM given.self
         ORDER BY a.observed_at DESC LIMIT ${IDENTITY_SHOWN}) shared
  ), identity AS MATERIALIZED (
    SELECT given.owner, coalesce(array_agg(DISTINCT r.application_id) FILTER (WHERE r.application_id IS NOT NULL), '{}'::uuid[]) AS related,
           count(DISTINCT r.application_id) FILTER (WHERE r.kind = 'identity')::int AS earlier,
           extract(epoch FROM (given.as_of - min(r.observed_at) FILTER (WHERE r.kind = 'identity'))) / 86400 AS first_days
      FROM given LEFT JOIN identity_sharer r ON r.owner = given.owner
     GROUP BY given.owner, given.as_of
  )
  SELECT given.owner,
    (SELECT coalesce(json_agg(json_build_object('k', k.kind, 'h', recent.hour, 'd', recent.day, 'm', recent.month, 'oh', recent.other_hour, 'od', recent.other_day, 'om', recent.other_month,
                                                's', recent.same, 'oa', recent.oldest_other_days, 'sa', recent.oldest_same_days, 'l', recent.linked, 'f', labelled.fraud)), '[]'::json)
       FROM unnest($1::int[], $2::text[], $3::bytea[]) AS k(owner, kind, hash)
       CROSS JOIN LATERAL (
         SELECT count(*) FILTER (WHERE sharer.observed_at > given.as_of - interval '1 hour')::int AS hour,
                count(*) FILTER (WHERE sharer.observed_at > given.as_of - interval '24 hours')::int AS day,
                count(*) FILTER (WHERE sharer.observed_at > given.as_of - interval '30 days')::int AS month,
                count(*) FILTER (WHERE NOT sharer.related AND sharer.observed_at > given.as_of - interval '1 hour')::int AS other_hour,
                count(*) FILTER (WHERE NOT sharer.related AND sharer.observed_at > given.as_of - interval '24 hours')::int AS other_day,
                count(*) FILTER (WHERE NOT sharer.related AND sharer.observed_at > given.as_of - interval '30 days')::int AS other_month,
                count(*) FILTER (WHERE sharer.related)::int AS same,
                extract(epoch FROM (given.as_of - min(sharer.observed_at) FILTER (WHERE NOT sharer.related))) / 86400 AS oldest_other_days,
                extract(epoch FROM (given.as_of - min(sharer.observed_at) FILTER (WHERE sharer.related))) / 86400 AS oldest_same_days,
                (array_agg(sharer.application_id ORDER BY sharer.related, sharer.observed_at DESC))[1:${LINKED_SHOWN}] AS linked
           FROM (SELECT a.application_id, a.observed_at, a.application_id = ANY(identity.related) AS related FROM attributes a
                  WHERE a.kind = k.kind AND a.value_hash = k.hash AND a.observed_at > given.as_of - make_interval(days => $16::int) AND a.observed_at <= given.as_of
                    AND a.application_id IS DISTINCT FROM given.self
                  ORDER BY a.observed_at DESC LIMIT ${COUNT_CAP}) sharer
       ) recent
       CROSS JOIN LATERAL (
         SELECT json_agg(json_build_object('a', l.application_id, 'h', extract(epoch FROM (given.as_of - l.labelled_at)) / 3600, 's', l.application_id = ANY(identity.related),
                                           'u', (SELECT extract(epoch FROM (given.as_of - used.observed_at)) / 86400 FROM attributes used
                                                  WHERE used.application_id = l.application_id AND used.kind = k.kind AND used.value_hash = k.hash))) AS fraud
           FROM (SELECT application_id, labelled_at FROM attribute_labels l
                  WHERE l.kind = k.kind AND l.value_hash = k.hash AND l.verdict = 'fraud' AND l.labelled_at <= given.as_of AND l.application_id IS DISTINCT FROM given.self
                  ORDER BY l.labelled_at DESC LIMIT 20) l
       ) labelled
      WHERE k.owner = given.owner AND (recent.hour + recent.same + recent.other_month > 0 OR recent.oldest_other_days IS NOT NULL OR labelled.fraud IS NOT NULL)) AS attributes,
    json_build_object('n', identity.earlier, 'd', identity.first_days,
      'f', (SELECT count(*) FROM unnest($13::int[], $14::text[], $15::bytea[]) AS ik(owner, kind, hash)
              CROSS JOIN LATERAL (SELECT 1 FROM attribute_labels l
                 WHERE l.kind = ik.kind AND l.value_hash = ik.hash AND l.verdict = 'fraud' AND l.labelled_at <= given.as_of AND l.application_id IS DISTINCT FROM given.self LIMIT 5) labelled
             WHERE ik.owner = given.owner AND ik.kind = 'identity')) AS identity,
    (SELECT coalesce(json_agg(json_build_object('a', nearby.application_id, 'd', nearby.distance)), '[]'::json)
       FROM (SELECT near.application_id, min(near.distance) AS distance
               FROM unnest($10::int[], $11::bigint[]) AS phone(owner, number)
               CROSS JOIN LATERAL (
                 SELECT p.application_id, abs(p.number - phone.number) AS distance FROM phone_numbers p
                  WHERE p.number BETWEEN phone.number - $6::bigint AND phone.number + $6::bigint AND p.number <> phone.number
                    AND p.observed_at > given.as_of - make_interval(hours => $7::int) AND p.observed_at <= given.as_of AND p.application_id IS DISTINCT FROM given.self
                  LIMIT 50) near
              WHERE phone.owner = given.owner
              GROUP BY near.application_id) nearby) AS phones,
    (SELECT coalesce(json_agg(recent.domain_name), '[]'::json)
       FROM (SELECT domain_name FROM applications
              WHERE domain_name ~>=~ given.prefix AND domain_name ~<~ given.next AND received_at > given.as_of - make_interval(days => $12::int)
                AND received_at <= given.as_of
              LIMIT 50) recent) AS names
    FROM given JOIN identity USING (owner)`;

interface LinkageRow {
  readonly owner: number;
  readonly attributes: {
    k: string;
    h: number;
    d: number;
    m: number;
    oh: number;
    od: number;
    om: number;
    s: number;
    oa: number | null;
    sa: number | null;
    l: string[] | null;
    f: { a: string; h: number; s: boolean; u: number | null }[] | null;
  }[];
  readonly identity: { n: number; d: number | null; f: number };
  readonly phones: { a: string; d: string | number }[];
  readonly names: string[];
}

/** Look-ups sent together under load: at most this many per statement, this many statements at once. */
const DEFAULT_LOOKUP_BATCHING: BatchOptions = { maxBatch: 16, maxInFlight: 2, retryAlone: (error) => !isDatabaseUnavailable(error) };

export interface LinkageResult {
  readonly linkage: LinkageFacts;
  readonly domainSeries?: DomainSeriesFacts;
}

/**
 * Reads what stored history says about an application — indexed range scans only, in one
 * statement shared with the look-ups that arrive meanwhile (StatementBatcher) — and turns it into
 * facts for the engine.
 */
export class LinkageLookup {
  private readonly batcher: StatementBatcher<LinkageQuery, LinkageResult>;
  private sequence = 0;

  constructor(
    private readonly pool: () => Pool,
    private readonly settings: LinkageSettings = DEFAULT_LINKAGE_SETTINGS,
    batching: BatchOptions = DEFAULT_LOOKUP_BATCHING,
  ) {
    // Reads conflict with nothing: every query is its own key.
    this.batcher = new StatementBatcher((queries) => this.factsForMany(queries), () => String((this.sequence += 1)), batching);
  }

  async factsFor(query: LinkageQuery): Promise<LinkageResult> {
    return this.batcher.submit(query);
  }

  private async factsForMany(queries: readonly LinkageQuery[]): Promise<LinkageResult[]> {
    const names = queries.map((query) => {
      const parsed = query.domainName ? parseDomainName(query.domainName) : undefined;
      return { parsed, name: parsed?.ok ? parsed.name.registrableDomain : null };
    });
    // Templates keep at least six letters fixed, at the front for every kind of series shinsa
    // finds: the first six characters of a name find the candidates (no name: an empty range).
    const prefixes = names.map(({ name }) => (name ? name.slice(0, 6) : ''));
    const nexts = prefixes.map((prefix) => (prefix ? `${prefix.slice(0, -1)}${String.fromCodePoint(prefix.codePointAt(prefix.length - 1)! + 1)}` : ''));
    const { rows } = await this.pool().query<LinkageRow>({
      name: 'shinsa_linkage_facts',
      text: LINKAGE_FACTS,
      values: [
        queries.flatMap((query, index) => query.attributes.map(() => index + 1)),
        queries.flatMap((query) => query.attributes.map((attribute) => attribute.kind)),
        queries.flatMap((query) => query.attributes.map((attribute) => attribute.hash)),
        queries.map((query) => query.asOf),
        queries.map((query) => query.self),
        this.settings.phoneSpan,
        this.settings.phoneWindowHours,
        prefixes,
        nexts,
        queries.flatMap((query, index) => query.phoneNumbers.map(() => index + 1)),
        queries.flatMap((query) => query.phoneNumbers),
        this.settings.seriesWindowDays,
        queries.flatMap((query, index) => query.identityKeys.map(() => index + 1)),
        queries.flatMap((query) => query.identityKeys.map((key) => key.kind)),
        queries.flatMap((query) => query.identityKeys.map((key) => key.hash)),
        this.settings.historyDays,
      ],
    });
    const byOwner = new Map(rows.map((row) => [row.owner, row]));
    return queries.map((query, index) => this.resultOf(query, names[index]!, byOwner.get(index + 1)!));
  }

  private resultOf(query: LinkageQuery, { parsed, name }: { parsed: ReturnType<typeof parseDomainName> | undefined; name: string | null }, row: LinkageRow): LinkageResult {
    const attributes: AttributeLinkFacts[] = row.attributes.map((entry) => ({
      kind: entry.k,
      earlier: { hour: entry.h, day: entry.d, month: entry.m },
      otherIdentities: { hour: entry.oh, day: entry.od, month: entry.om },
      sameIdentity: entry.s,
      ...(entry.oa !== null ? { oldestOtherDays: Math.max(0, Number(entry.oa)) } : {}),
      ...(entry.sa !== null ? { oldestSameDays: Math.max(0, Number(entry.sa)) } : {}),
      linked: entry.l ?? [],
      fraudLabels: (entry.f ?? []).map((label) => ({ applicationId: label.a, ageHours: Math.max(0, Number(label.h)), sameIdentity: label.s, ...(label.u !== null ? { usedDaysAgo: Math.max(0, Number(label.u)) } : {}) })),
    }));
    const identity: IdentityFacts | undefined =
      row.identity.n > 0 ? { earlier: row.identity.n, firstSeenDays: Math.max(0, Number(row.identity.d ?? 0)), fraudLabels: Number(row.identity.f) } : undefined;
    const consecutive =
      row.phones.length > 0
        ? { nearby: row.phones.length, span: Math.max(...row.phones.map((phone) => Number(phone.d))), windowHours: this.settings.phoneWindowHours, linked: row.phones.slice(0, 10).map((phone) => phone.a) }
        : undefined;
    let domainSeries: DomainSeriesFacts | undefined;
    if (parsed?.ok && name) {
      // The application's own name (as stored, and as registrable domain) is no candidate.
      const own = query.domainName ? storedDomainName(query.domainName) : undefined;
      const candidates = [...new Set(row.names)].filter((candidate) => candidate !== name && candidate !== own);
      if (candidates.length >= 2) domainSeries = findDomainSeries([parsed.name, ...candidates]).get(name);
    }
    return { linkage: { attributes, ...(consecutive ? { consecutivePhones: consecutive } : {}), ...(identity ? { identity } : {}) }, ...(domainSeries ? { domainSeries } : {}) };
  }
}
