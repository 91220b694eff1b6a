import { InitialServiceSchema1764230400000 } from './1764230400000-initial-service-schema';
import { LinkageAndLabels1764240000000 } from './1764240000000-linkage-and-labels';
import { AttributeLookupCoversApplication1764250000000 } from './1764250000000-attribute-lookup-covers-application';
import { FewerIndexEntriesPerScreening1764255000000 } from './1764255000000-fewer-index-entries-per-screening';
import { ReviewWorkflow1764260000000 } from './1764260000000-review-workflow';
import { ActiveDomains1764270000000 } from './1764270000000-active-domains';
import { Retention1764290000000 } from './1764290000000-retention';
import { ShadowAssessments1764295000000 } from './1764295000000-shadow-assessments';
import { BacktestRuns1764300000000 } from './1764300000000-backtest-runs';
import { CallbackSecretsAndOpenAttempts1764310000000 } from './1764310000000-callback-secrets-and-open-attempts';
import { ApplicationRevisions1764320000000 } from './1764320000000-application-revisions';
import { ThreatFeeds1764330000000 } from './1764330000000-threat-feeds';
import { DomainNamesInAscii1764335000000 } from './1764335000000-domain-names-in-ascii';

/** Every migration, in order. Listed explicitly so the build needs no glob at run time. */
export const MIGRATIONS = [
  InitialServiceSchema1764230400000,
  LinkageAndLabels1764240000000,
  AttributeLookupCoversApplication1764250000000,
  FewerIndexEntriesPerScreening1764255000000,
  ReviewWorkflow1764260000000,
  ActiveDomains1764270000000,
  Retention1764290000000,
  ShadowAssessments1764295000000,
  BacktestRuns1764300000000,
  CallbackSecretsAndOpenAttempts1764310000000,
  ApplicationRevisions1764320000000,
  ThreatFeeds1764330000000,
  DomainNamesInAscii1764335000000,
];
