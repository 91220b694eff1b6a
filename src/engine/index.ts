/**
 * shinsa's scoring engine: pure, synchronous TypeScript. No framework, storage, queue, network,
 * clock or environment: everything that needs I/O is prepared by the caller and passed in.
 */
;
export { ACCOUNT_CLOCK_SKEW_MS, applicationClockErrors, applicationSchema,  parseApplication, parseContract, type Application,   type FieldError, type ParseResult } from './application';
export { unstorableText, unstorableTextErrors } from './storable-text';
export { CodedError, EngineError, EngineErrorCode, formatRuleIssue, RuleSetError,  } from './errors';
export { parseDomainName, privateSuffixOf, type DomainName,  } from './domain-name';
export type { AttributeLinkFacts,  DomainSeriesFacts, IdentityFacts, LinkageFacts, NetworkFacts, ScreeningFacts } from './facts';
export type {    Knowledge, Lexicon,    } from './knowledge';
export { OUTCOMES, isOutcome, outcomeRank, type Outcome } from './outcome';
export { SignalRegistry } from './registry';
export type { FeedPolicy } from './rules/feed-policy';
export { compileRuleSet, ruleSetVersion } from './rules/rule-set';
export { type RuleFile, type RuleSet, type ReviewPolicy, type DecisionReason, reasonFitsEkyc, detailInJapanese } from './rules/rule-set-types';
export type { Brand, BrandCatalogue, BrandOwner } from './rules/brand-catalogue';
export { ScreeningEngine, type Assessment, type Hit } from './screen';
export { defineSignal, type AnySignal,   type SignalHit, type SignalInput } from './signal';
export {  defaultSignalRegistry } from './signals';
export { foldAddress, foldText } from './signals/address/street-address';
