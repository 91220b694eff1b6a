/** The webhook's answer: the assessment plus the ids shinsa gave it (its schema is the api contract's). */
export type { ScreeningResponse } from '../contract/responses';

/** Outbox topics: events the worker turns into signed callbacks. */
export enum OutboxTopic {
  ScreeningAssessed = 'screening.assessed',
  /** A later assessment changed the outcome or the reasons (a label, a rescan). */
  ScreeningReassessed = 'screening.reassessed',
  LabelCreated = 'label.created',
  /** A reviewer decided a case (approved / rejected): the registrar activates or refuses. */
  CaseDecided = 'case.decided',
  /** A reviewer asked for eKYC: the registrar shows the applicant the verification link. */
  EkycRequested = 'ekyc.requested',
  /** A reviewer confirmed an abuse report about the client's domain: act on it. */
  AbuseConfirmed = 'abuse.confirmed',
  /** An abuse report arrived (from any client): the worker routes it to the client that holds the domain. */
  AbuseReportReceived = 'abuse-report.received',
  /** Another client reported abuse of the client's domain: its desk can act before a reviewer confirms. */
  AbuseReported = 'abuse.reported',
}
