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

export interface ScreeningFacts {
  readonly network?: NetworkFacts;
}
