/**
 * shinsa's scoring engine: pure, synchronous TypeScript. No framework, storage, queue, network,
 * clock or environment: everything that needs I/O is prepared by the caller and passed in.
 */
export type { PreparedViews } from './application-view';
export { ACCOUNT_CLOCK_SKEW_MS, applicationClockErrors, applicationSchema, fieldErrorsOf, parseApplication, parseContract, type Application, type ContractResult, type CustomerAccount, type FieldError, type ParseResult } from './application';
export { unstorableText, unstorableTextErrors } from './storable-text';
export { CodedError, EngineError, EngineErrorCode, formatRuleIssue, RuleSetError, type RuleIssue } from './errors';
export { parseDomainName, privateSuffixOf, type DomainName, type DomainNameResult } from './domain-name';
export type { AttributeLinkFacts, ConsecutivePhoneFacts, DomainSeriesFacts, IdentityFacts, LinkageFacts, NetworkFacts, ScreeningFacts } from './facts';
export type { DatacenterNetworks, DisposableEmailDomains, KanjiSets, Knowledge, Lexicon, NameDictionary, PostalDirectory, PostalPlace } from './knowledge';
export { OUTCOMES, isOutcome, outcomeRank, type Outcome } from './outcome';
export { SignalRegistry } from './registry';
export type { FeedPolicy } from './rules/feed-policy';
export { compileRuleSet, ruleSetVersion, type Brand, type BrandCatalogue, type BrandOwner, type RuleFile, type RuleSet, type ReviewPolicy, type DecisionReason, type EkycCondition, EKYC_CONDITIONS, reasonFitsEkyc, REVIEW_UI_LISTS, detailInJapanese, type DetailTranslation } from './rules/rule-set';
export { ScreeningEngine, type Assessment, type Hit } from './screen';
export { defineSignal, type AnySignal, type Signal, type SignalContext, type SignalHit, type SignalInput } from './signal';
export { ALL_SIGNALS, defaultSignalRegistry } from './signals';
export { foldAddress, foldText } from './signals/address/street-address';
