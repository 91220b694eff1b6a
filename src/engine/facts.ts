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

export interface ScreeningFacts {
  readonly network?: NetworkFacts;
  /** Set when the name belongs to a series in the same batch (CLI) or recent history (service). */
  readonly domainSeries?: DomainSeriesFacts;
}
