/**
 * Facts about an application that need I/O to establish (network look-ups, stored history).
 * They are prepared before the engine runs and passed in; a missing fact means "not known".
 */
export interface NetworkFacts {
  /** Origin AS of the signup IP, from the IP→ASN database. */
  readonly asn?: number;
  readonly asOrganization?: string;
  /** The IP falls inside a known datacenter / hosting IP range. */
  readonly inDatacenterRange?: boolean;
}

/** Other names that share one template with this one (`driect-sntpjpviewa00` … `03`). */
export interface DomainSeriesFacts {
  /** The template, with the varying part shown as `*` (e.g. `driect-sntpjpviewa*.com`, `amazon-jp-*.top`, `maicacsrdca01.*`). */
  readonly template: string;
  /** Other registrable domains of the series (this one excluded); may be a sample of a large series. */
  readonly members: readonly string[];
  /**
   * What varies: a digit counter, a short hyphen segment, a short tail of letters, or the public
   * suffix (the same label on several TLDs). Absent when the source does not say.
   */
  readonly kind?: 'counter' | 'segment' | 'tail' | 'tlds';
  /** Registrable domains in the series, this one included (absent: `members.length + 1`). */
  readonly size?: number;
}

/** What stored history says about one normalised attribute of the application (phone, e-mail, /24…). */
export interface AttributeLinkFacts {
  /** The attribute kind (`phone`, `phone_block`, `email`, `address`, `ip_prefix`, …). */
  readonly kind: string;
  /** Other applications that shared the value within the last hour, day and 30 days (counts may be capped). */
  readonly earlier: { readonly hour: number; readonly day: number; readonly month: number };
  /** Ids of the most recent of them, for the reviewer to open. */
  readonly linked: readonly string[];
  /**
   * The same counts for sharers that are other registrants: neither the applicant's identity (its
   * identity keys: the organisation or person with one of its contacts) nor its household. Absent
   * (facts from before identities, a fixture): every sharer counts as another registrant.
   */
  readonly otherIdentities?: { readonly hour: number; readonly day: number; readonly month: number };
  /** Earlier applications of the applicant's own identity or household with the value (a returning customer). */
  readonly sameIdentity?: number;
  /** Days since the oldest other registrant used the value (within the look-back). */
  readonly oldestOtherDays?: number;
  /** Days since the applicant's own identity or household first used the value (within the look-back). */
  readonly oldestSameDays?: number;
  /**
   * Fraud labels on applications that had the value, newest first: which one, how old the label is,
   * whether that application was the applicant's own identity, and how many days ago it used the value.
   */
  readonly fraudLabels: readonly { readonly applicationId: string; readonly ageHours: number; readonly sameIdentity?: boolean; readonly usedDaysAgo?: number }[];
}

/** The applicant's identity as history knows it: earlier applications that share one of its identity keys. */
export interface IdentityFacts {
  /** Earlier applications of the same identity (capped). */
  readonly earlier: number;
  /** Days since the identity's first application on record (within the look-back). */
  readonly firstSeenDays: number;
  /** Fraud labels on applications of the identity. */
  readonly fraudLabels: number;
}

/** Other applications whose phone numbers lie within a few numbers of this one, recently (bulk SIMs). */
interface ConsecutivePhoneFacts {
  readonly nearby: number;
  /** The largest distance between this number and a nearby one. */
  readonly span: number;
  readonly windowHours: number;
  readonly linked: readonly string[];
}

/** Facts the service looks up in stored history before screening (the CLI has none). */
export interface LinkageFacts {
  readonly attributes: readonly AttributeLinkFacts[];
  readonly consecutivePhones?: ConsecutivePhoneFacts;
  /** Absent when the applicant has no earlier application of its own identity. */
  readonly identity?: IdentityFacts;
}

export interface ScreeningFacts {
  /**
   * The moment the screening is as of (ISO 8601): the arrival time in the service, the event's own
   * time in a replay. Absent (the CLI), the application's `submittedAt` stands in for it.
   */
  readonly asOf?: string;
  readonly network?: NetworkFacts;
  /** Shared attributes, bursts, fraud labels and consecutive numbers from history (service only). */
  readonly linkage?: LinkageFacts;
  /** Set when the name belongs to a series in the same batch (CLI) or recent history (service). */
  readonly domainSeries?: DomainSeriesFacts;
}
