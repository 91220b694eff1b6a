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
  /** The template, with the varying part shown as `*` (e.g. `driect-sntpjpviewa*`). */
  readonly template: string;
  /** The other registrable domains of the series (this one excluded). */
  readonly members: readonly string[];
}

export interface ScreeningFacts {
  readonly network?: NetworkFacts;
  /** Set when the name belongs to a series in the same batch (CLI) or recent history (service). */
  readonly domainSeries?: DomainSeriesFacts;
}
