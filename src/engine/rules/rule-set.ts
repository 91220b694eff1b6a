import { createHash } from 'node:crypto';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { parseDomainName } from '../domain-name';
import { RuleSetError, type RuleIssue } from '../errors';
import { OUTCOMES, outcomeRank, type Outcome } from '../outcome';
import type { SignalRegistry } from '../registry';
import type { Brand, BrandCatalogue } from './brand-catalogue';
import type { AnySignal, RuleList } from '../signal';
import { hasValidCheckDigit, normalizeCorporateNumber } from '../signals/organization/corporate-number';
import { ExpressionSyntaxError, parseExpression, positiveReasons, referencedReasons, type Expression } from './expression';
import { feedPolicyOf, feedsFileSchema, type FeedPolicy } from './feed-policy';

/**
 * A one-argument look-up that answers a repeated question from its last answer: every domain
 * signal asks whom the same registrable domain belongs to.
 */
function lastAnswerKept<T>(lookUp: (key: string) => T): (key: string) => T {
  let lastKey: string | undefined;
  let lastAnswer: T | undefined;
  return (key) => {
    if (key !== lastKey) {
      lastAnswer = lookUp(key);
      lastKey = key;
    }
    return lastAnswer as T;
  };
}

/** One file of a rule set, as read from disk: path relative to the rules directory, and text. */
export interface RuleFile {
  readonly path: string;
  readonly content: string;
  /**
   * `content` already parsed as YAML by the loader (a memo of an earlier parse of the same text);
   * parsed here when absent. The version is always the hash of `content`.
   */
  readonly document?: unknown;
}

export interface ReasonRule {
  readonly reason: string;
  readonly signal: string;
  readonly group: string;
  /** Fixed points; for a reason weighed by its evidence, the most it can give (`maxPoints`). */
  readonly points: number;
  /** Points per nat of a hit's evidence (rounded, between 0 and `points`); undefined for fixed points. */
  readonly pointsPerNat: number | undefined;
  readonly description: string | undefined;
}

/** The points a hit of a rule gives: fixed, or its evidence in nats times the rule's points per nat. */
export function pointsOfHit(rule: ReasonRule, evidence: number | undefined): number {
  if (rule.pointsPerNat === undefined) return rule.points;
  if (evidence === undefined || !Number.isFinite(evidence)) throw new Error(`reason ${rule.reason} is weighed by its evidence, but ${rule.signal} gave none`);
  return Math.min(rule.points, Math.max(0, Math.round(evidence * rule.pointsPerNat)));
}

interface CompiledSignal {
  readonly signal: AnySignal;
  readonly group: string;
  readonly params: unknown;
}

interface Composite {
  readonly reason: string;
  readonly group: string | undefined;
  readonly when: string;
  readonly expression: Expression;
  /** Reason codes that can make it fire; their groups are the composite's sources. */
  readonly sources: readonly string[];
  readonly points: number;
  readonly description: string | undefined;
}

export type { Brand, BrandCatalogue, BrandOwner } from './brand-catalogue';

/** A reason a reviewer gives for a decision, in both UI languages. */
export interface DecisionReason {
  readonly code: string;
  readonly en: string;
  readonly ja: string;
  /**
   * The eKYC result the reason needs on the case (`unfinished`: requested, then cancelled, expired
   * or still waiting); unset: it fits any case. Reasons that need one are not offered for bulk decisions.
   */
  readonly ekyc?: EkycCondition;
}

const EKYC_CONDITIONS = ['passed', 'failed', 'unfinished'] as const;
type EkycCondition = (typeof EKYC_CONDITIONS)[number];

/** Whether a decision reason fits a case whose latest eKYC state is `ekycState` (null: never requested). */
export function reasonFitsEkyc(reason: Pick<DecisionReason, 'ekyc'>, ekycState: string | null): boolean {
  if (!reason.ekyc) return true;
  if (reason.ekyc === 'unfinished') return ekycState === 'requested' || ekycState === 'cancelled' || ekycState === 'expired';
  return ekycState === reason.ekyc;
}

/** The review workflow's data: due times, the claim lease, decision reasons, eKYC methods. */
export interface ReviewPolicy {
  /** Hours from opening to due, per outcome that opens a case. */
  readonly slaHours: Readonly<Record<Exclude<Outcome, 'allow'>, number>>;
  /** An unattended claim returns to the queue after this long. */
  readonly claimLeaseMinutes: number;
  readonly decisionReasons: Readonly<Record<'approve' | 'reject', readonly DecisionReason[]>>;
  readonly ekycMethods: readonly DecisionReason[];
}

interface Ceiling {
  readonly id: string;
  readonly whenOnlyGroups: readonly string[];
  readonly maxOutcome: Outcome;
  readonly description: string | undefined;
}

/** A validated rule set. Its version is the SHA-256 of its files. */
export interface RuleSet {
  readonly version: string;
  readonly signals: readonly CompiledSignal[];
  readonly reasons: ReadonlyMap<string, ReasonRule>;
  readonly groupCaps: ReadonlyMap<string, number | undefined>;
  readonly composites: readonly Composite[];
  /** Minimum score of each outcome above `allow`, ascending. */
  readonly thresholds: Readonly<Record<Exclude<Outcome, 'allow'>, number>>;
  readonly ceilings: readonly Ceiling[];
  readonly lists: ReadonlyMap<string, RuleList>;
  /** Fitted tables (`fitted/<name>.yaml`), as the schemas of the signals that read them compiled them. */
  readonly fitted: ReadonlyMap<string, unknown>;
  readonly brands: BrandCatalogue;
  /** How people work the cases the outcomes open (`review.yaml`); absent in a rule set without one. */
  readonly review: ReviewPolicy | undefined;
  /** What the threat-feed loop reads (`feeds.yaml`); absent in a rule set without one. */
  readonly feeds: FeedPolicy | undefined;
  /** The Japanese text of each reason code's description (`reason-texts-ja.yaml`), for the reviewer UI. */
  readonly reasonTextsJa: ReadonlyMap<string, string>;
  /** Japanese renderings of hit details (`hit-details-ja.yaml`), per reason code; see detailInJapanese. */
  readonly hitDetailsJa: ReadonlyMap<string, readonly DetailTranslation[]>;
  /** The effective rule set as plain data, for `shinsa rules dump`. */
  dump(): unknown;
}

const points = z.number().int().min(-100).max(100);
const description = z.string().min(1).optional();
const reasonCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'reason codes are UPPER_SNAKE_CASE');

const reasonEntrySchema = z.union([
  points,
  z.strictObject({ points, description }),
  z.strictObject({ pointsPerNat: z.number().positive().max(100), maxPoints: z.number().int().min(0).max(100), description }),
]);

const groupFileSchema = z.strictObject({
  description,
  cap: z.number().int().positive().optional(),
  signals: z.record(
    z.string(),
    z.strictObject({
      description,
      params: z.record(z.string(), z.unknown()).optional(),
      reasons: z.record(z.string(), reasonEntrySchema),
    }),
  ),
});

const outcomesFileSchema = z.strictObject({
  description,
  thresholds: z.strictObject({ review: z.number().int().min(1), hold: z.number().int().min(1), deny: z.number().int().min(1) }),
  ceilings: z
    .array(
      z.strictObject({
        id: reasonCode,
        description,
        whenOnlyGroups: z.array(z.string().min(1)).min(1),
        maxOutcome: z.enum(OUTCOMES),
      }),
    )
    .default([]),
});

const compositesFileSchema = z.strictObject({
  description,
  composites: z.record(z.string(), z.strictObject({ description, group: z.string().min(1).optional(), when: z.string().min(1), points })),
});

const listFileSchema = z.strictObject({
  description,
  source: z.string().min(1).optional(),
  licence: z.string().min(1).optional(),
  entries: z.array(z.union([z.string().min(1), z.number()])),
});

/** `fitted/<name>.yaml`. */
const FITTED_FILE = /^fitted\/([a-z][a-z0-9_-]*)\.ya?ml$/;
/** A fitted table: what it was measured on and how to regenerate it, then its numbers (checked by the signal's schema). */
const fittedFileSchema = z.looseObject({ description, source: z.string().min(1), licence: z.string().min(1) });

const bilingual = z.strictObject({ en: z.string().min(1), ja: z.string().min(1) });
const hours = z.number().positive().max(24 * 30);
const decisionReason = z.strictObject({ en: z.string().min(1), ja: z.string().min(1), ekyc: z.enum(EKYC_CONDITIONS).optional() });

const reviewFileSchema = z.strictObject({
  description,
  slaHours: z.strictObject({ review: hours, hold: hours, deny: hours }),
  claimLeaseMinutes: z.number().int().min(1).max(24 * 60),
  decisionReasons: z.strictObject({
    approve: z.record(reasonCode, decisionReason).refine((entries) => Object.keys(entries).length > 0, 'at least one reason'),
    reject: z.record(reasonCode, decisionReason).refine((entries) => Object.keys(entries).length > 0, 'at least one reason'),
  }),
  ekycMethods: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'method ids are lower_snake_case'), bilingual).refine((entries) => Object.keys(entries).length > 0, 'at least one method'),
});

const reasonTextsFileSchema = z.strictObject({ description, reasons: z.record(reasonCode, z.string().min(1)) });
const hitDetailsFileSchema = z.strictObject({
  description,
  details: z.record(reasonCode, z.array(z.strictObject({ en: z.string().min(1), ja: z.string().min(1), example: z.string().min(1) })).min(1)),
});

/** A Japanese rendering of an English hit detail: the whole detail matches `pattern`; `ja` takes its groups as $1, $2… */
interface DetailTranslation {
  readonly pattern: RegExp;
  readonly ja: string;
}

/** A hit's detail in Japanese, from `hit-details-ja.yaml`; undefined when no pattern of its reason matches. */
export function detailInJapanese(rules: Pick<RuleSet, 'hitDetailsJa'>, hit: { readonly reason: string; readonly detail: string }): string | undefined {
  for (const translation of rules.hitDetailsJa.get(hit.reason) ?? []) {
    const match = translation.pattern.exec(hit.detail);
    if (match) return translation.ja.replace(/\$(\d)/g, (_, index: string) => match[Number(index)] ?? '');
  }
  return undefined;
}

const asciiToken = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case ASCII letters, digits and hyphens');
const registrableDomain = z.string().regex(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9-]{2,}$/, 'a lower-case ASCII domain name');

const brandsFileSchema = z.strictObject({
  description,
  brands: z.record(
    z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'brand ids are lower-case ASCII'),
    z.strictObject({
      display: z.string().min(1),
      description,
      tokens: z.array(asciiToken).default([]),
      abbreviations: z.array(asciiToken).default([]),
      japanese: z.array(z.string().min(1)).default([]),
      owned: z.array(registrableDomain).min(1, 'a brand needs at least one owned domain'),
      owners: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            kana: z.string().regex(/^[\u30a0-\u30ff\uff66-\uff9f・ 　]+$/u, 'katakana only').optional(),
            en: z.string().min(1).optional(),
            corporateNumber: z
              .string()
              .refine((raw) => normalizeCorporateNumber(raw) !== undefined, 'a corporate number is 13 digits')
              .refine((raw) => {
                const number = normalizeCorporateNumber(raw);
                return number === undefined || hasValidCheckDigit(number);
              }, 'fails the corporate number check digit')
              .optional(),
          }),
        )
        .default([]),
      organizationWords: z.array(z.string().min(2)).default([]),
    }),
  ),
});

function issuesFromZod(file: string, error: z.ZodError, prefix = ''): RuleIssue[] {
  return error.issues.flatMap((issue) => {
    const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((unknown) => ({ file, key: key ? `${key}.${unknown}` : unknown, message: 'unknown key' }));
    }
    if (issue.code === 'invalid_key') {
      // A bad record key: say what is wrong with it, not only that it is.
      return [{ file, key, message: `bad key: ${issue.issues.map((inner) => inner.message).join('; ')}` }];
    }
    return [{ file, key, message: issue.message }];
  });
}

function reviewPolicyOf(data: z.infer<typeof reviewFileSchema>): ReviewPolicy {
  const listOf = (entries: Record<string, { en: string; ja: string; ekyc?: EkycCondition }>): DecisionReason[] =>
    Object.entries(entries).map(([code, text]) => ({ code, en: text.en, ja: text.ja, ...(text.ekyc ? { ekyc: text.ekyc } : {}) }));
  return {
    slaHours: data.slaHours,
    claimLeaseMinutes: data.claimLeaseMinutes,
    decisionReasons: { approve: listOf(data.decisionReasons.approve), reject: listOf(data.decisionReasons.reject) },
    ekycMethods: listOf(data.ekycMethods),
  };
}

/** Lists no signal reads but the reviewer UI does (values shared too widely to link two applications). */
const REVIEW_UI_LISTS = ['free-mail-domains', 'carrier-mail-domains', 'widely-shared-nameservers', 'carrier-asns'] as const;

function makeList(name: string, entries: readonly string[]): RuleList {
  const set = new Set(entries);
  return { name, entries, has: (entry) => set.has(entry) };
}

/** Content hash over the files in path order: the rule set's version. */
export function ruleSetVersion(files: readonly RuleFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(file.path).update('\0').update(file.content).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

/** A rule file's text as YAML, exactly as {@link compileRuleSet} reads it (throws YAMLParseError). */
export function parseRuleDocument(content: string): unknown {
  return parseYaml(content);
}

/**
 * Validates rule files against the signal registry and compiles them. Every problem is collected
 * and thrown at once as a {@link RuleSetError} naming file and key.
 *
 * Layout: `outcomes.yaml` (thresholds, ceilings), `composites.yaml`, `signals/<group>.yaml`
 * (points per reason code, group cap, parameters), `lists/<name>.yaml`.
 */
export function compileRuleSet(files: readonly RuleFile[], registry: SignalRegistry): RuleSet {
  const issues: RuleIssue[] = [];
  const parsed = new Map<string, unknown>();
  for (const file of files) {
    try {
      parsed.set(file.path, 'document' in file ? file.document : parseRuleDocument(file.content));
    } catch (error) {
      const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : '';
      issues.push({ file: file.path, key: where, message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` });
    }
  }

  const groupFiles: { file: string; group: string; data: z.infer<typeof groupFileSchema> }[] = [];
  const listFiles: { file: string; name: string; data: z.infer<typeof listFileSchema> }[] = [];
  const fittedFiles: { file: string; name: string; value: unknown }[] = [];
  /** Names of every fitted/<name>.yaml given, valid or not (a bad one is not also reported missing). */
  const fittedNames = new Set(files.map((file) => FITTED_FILE.exec(file.path)?.[1]).filter((name) => name !== undefined));
  let outcomes: { file: string; data: z.infer<typeof outcomesFileSchema> } | undefined;
  let composites: { file: string; data: z.infer<typeof compositesFileSchema> } | undefined;
  let brandsFile: { file: string; data: z.infer<typeof brandsFileSchema> } | undefined;
  let review: ReviewPolicy | undefined;
  let feeds: FeedPolicy | undefined;
  let reasonTexts: { file: string; data: z.infer<typeof reasonTextsFileSchema> } | undefined;
  let hitDetails: { file: string; data: z.infer<typeof hitDetailsFileSchema> } | undefined;

  for (const [file, value] of parsed) {
    const signalsMatch = /^signals\/([a-z][a-z0-9_-]*)\.ya?ml$/.exec(file);
    const listMatch = /^lists\/([a-z][a-z0-9_-]*)\.ya?ml$/.exec(file);
    const fittedMatch = FITTED_FILE.exec(file);
    if (/^outcomes\.ya?ml$/.test(file)) {
      const result = outcomesFileSchema.safeParse(value);
      if (result.success) outcomes = { file, data: result.data };
      else issues.push(...issuesFromZod(file, result.error));
    } else if (/^composites\.ya?ml$/.test(file)) {
      const result = compositesFileSchema.safeParse(value);
      if (result.success) composites = { file, data: result.data };
      else issues.push(...issuesFromZod(file, result.error));
    } else if (/^brands\.ya?ml$/.test(file)) {
      const result = brandsFileSchema.safeParse(value);
      if (result.success) brandsFile = { file, data: result.data };
      else issues.push(...issuesFromZod(file, result.error));
    } else if (/^review\.ya?ml$/.test(file)) {
      const result = reviewFileSchema.safeParse(value);
      if (result.success) review = reviewPolicyOf(result.data);
      else issues.push(...issuesFromZod(file, result.error));
    } else if (/^hit-details-ja\.ya?ml$/.test(file)) {
      const result = hitDetailsFileSchema.safeParse(value);
      if (result.success) hitDetails = { file, data: result.data };
      else issues.push(...issuesFromZod(file, result.error));
    } else if (/^reason-texts-ja\.ya?ml$/.test(file)) {
      const result = reasonTextsFileSchema.safeParse(value);
      if (result.success) reasonTexts = { file, data: result.data };
      else issues.push(...issuesFromZod(file, result.error));
    } else if (/^feeds\.ya?ml$/.test(file)) {
      const result = feedsFileSchema.safeParse(value);
      if (result.success) {
        const compiled = feedPolicyOf(file, result.data);
        feeds = compiled.policy;
        issues.push(...compiled.issues);
      } else issues.push(...issuesFromZod(file, result.error));
    } else if (signalsMatch) {
      const result = groupFileSchema.safeParse(value);
      if (result.success) groupFiles.push({ file, group: signalsMatch[1]!, data: result.data });
      else issues.push(...issuesFromZod(file, result.error));
    } else if (listMatch) {
      const result = listFileSchema.safeParse(value);
      if (result.success) listFiles.push({ file, name: listMatch[1]!, data: result.data });
      else issues.push(...issuesFromZod(file, result.error));
    } else if (fittedMatch) {
      const result = fittedFileSchema.safeParse(value);
      if (result.success) fittedFiles.push({ file, name: fittedMatch[1]!, value });
      else issues.push(...issuesFromZod(file, result.error));
    } else {
      issues.push({ file, key: '', message: 'unexpected file: expected outcomes.yaml, composites.yaml, brands.yaml, review.yaml, feeds.yaml, reason-texts-ja.yaml, hit-details-ja.yaml, signals/<group>.yaml, lists/<name>.yaml or fitted/<name>.yaml' });
    }
  }
  if (!outcomes && !files.some((f) => /^outcomes\.ya?ml$/.test(f.path))) {
    issues.push({ file: 'outcomes.yaml', key: '', message: 'missing: the rule set needs thresholds' });
  }

  // Lists.
  const lists = new Map<string, RuleList>();
  for (const { name, data } of listFiles) {
    lists.set(name, makeList(name, data.entries.map((entry) => String(entry).trim().toLowerCase())));
  }

  // Fitted tables: each checked and compiled once, by the schema of the signals that read it.
  const fitted = new Map<string, unknown>();
  const fittedSchemas = new Map<string, { signal: string; schema: z.ZodType<unknown> }>();
  for (const signal of registry.signals) {
    for (const [name, schema] of Object.entries(signal.fitted ?? {})) {
      const earlier = fittedSchemas.get(name);
      if (!earlier) fittedSchemas.set(name, { signal: signal.name, schema });
      else if (earlier.schema !== schema) issues.push({ file: `fitted/${name}.yaml`, key: '', message: `${earlier.signal} and ${signal.name} read it with different schemas` });
    }
  }
  for (const { file, name, value } of fittedFiles) {
    const owner = fittedSchemas.get(name);
    if (!owner) {
      issues.push({ file, key: '', message: `no signal reads fitted table ${name}` });
      continue;
    }
    const result = owner.schema.safeParse(value);
    if (result.success) fitted.set(name, result.data);
    else issues.push(...issuesFromZod(file, result.error));
  }

  // Brands.
  const brands: Brand[] = [];
  const owners = new Map<string, Brand>();
  if (brandsFile) {
    for (const [id, entry] of Object.entries(brandsFile.data.brands)) {
      const key = `brands.${id}`;
      if (entry.tokens.length + entry.abbreviations.length + entry.japanese.length === 0) {
        issues.push({ file: brandsFile.file, key, message: 'a brand needs at least one token, abbreviation or Japanese name' });
      }
      const brand: Brand = {
        id,
        display: entry.display,
        tokens: entry.tokens,
        abbreviations: entry.abbreviations,
        japanese: entry.japanese.map((name) => name.normalize('NFKC')),
        owned: entry.owned,
        owners: entry.owners.map((owner) => ({ name: owner.name, kana: owner.kana, en: owner.en, corporateNumber: owner.corporateNumber && normalizeCorporateNumber(owner.corporateNumber) })),
        organizationWords: entry.organizationWords,
      };
      for (const domain of entry.owned) {
        const parsed = parseDomainName(domain);
        if (!parsed.ok || parsed.name.registrableDomain !== domain) {
          issues.push({ file: brandsFile.file, key: `${key}.owned`, message: `${domain} is not a registrable domain (ICANN section of the Public Suffix List)` });
          continue;
        }
        const earlier = owners.get(domain);
        if (earlier) issues.push({ file: brandsFile.file, key: `${key}.owned`, message: `${domain} is already owned by ${earlier.id}` });
        else owners.set(domain, brand);
      }
      brands.push(brand);
    }
  }
  const needsBrands = registry.signals.filter((signal) => signal.usesBrands);
  if (needsBrands.length > 0 && !brandsFile && groupFiles.length > 0) {
    issues.push({ file: 'brands.yaml', key: '', message: `missing: ${needsBrands.map((signal) => signal.name).join(', ')} need the protected brands` });
  }

  // Signals, reasons and groups.
  const reasons = new Map<string, ReasonRule>();
  const groupCaps = new Map<string, number | undefined>();
  const compiled: CompiledSignal[] = [];
  const weighted = new Map<string, string>(); // signal name → file
  for (const { file, group, data } of groupFiles) {
    groupCaps.set(group, data.cap);
    for (const [signalName, entry] of Object.entries(data.signals)) {
      const key = `signals.${signalName}`;
      const signal = registry.get(signalName);
      if (!signal) {
        issues.push({ file, key, message: 'no such signal (a weight without a signal)' });
        continue;
      }
      const earlier = weighted.get(signalName);
      if (earlier) {
        issues.push({ file, key, message: `already weighed in ${earlier}` });
        continue;
      }
      weighted.set(signalName, file);
      for (const [reason, rule] of Object.entries(entry.reasons)) {
        if (!signal.reasons.includes(reason)) {
          issues.push({ file, key: `${key}.reasons.${reason}`, message: `signal ${signalName} has no reason ${reason}` });
          continue;
        }
        if (typeof rule === 'number' || 'points' in rule) {
          const detail = typeof rule === 'number' ? { points: rule, description: undefined } : rule;
          reasons.set(reason, { reason, signal: signalName, group, points: detail.points, pointsPerNat: undefined, description: detail.description });
        } else if (!(signal.evidenceReasons ?? []).includes(reason)) {
          issues.push({ file, key: `${key}.reasons.${reason}`, message: `${signalName} gives ${reason} no evidence to weigh: give it fixed points` });
        } else {
          reasons.set(reason, { reason, signal: signalName, group, points: rule.maxPoints, pointsPerNat: rule.pointsPerNat, description: rule.description });
        }
      }
      for (const reason of signal.reasons) {
        if (!(reason in entry.reasons)) issues.push({ file, key: `${key}.reasons`, message: `reason ${reason} has no points` });
      }
      let params: unknown = entry.params ?? {};
      if (signal.params) {
        const result = signal.params.safeParse(entry.params ?? {});
        if (result.success) params = result.data;
        else issues.push(...issuesFromZod(file, result.error, `${key}.params`));
      } else if (entry.params && Object.keys(entry.params).length > 0) {
        issues.push({ file, key: `${key}.params`, message: `signal ${signalName} takes no parameters` });
      }
      for (const listName of signal.lists ?? []) {
        if (!lists.has(listName)) issues.push({ file, key, message: `signal ${signalName} needs list lists/${listName}.yaml, which is missing` });
      }
      for (const tableName of Object.keys(signal.fitted ?? {})) {
        if (!fittedNames.has(tableName)) issues.push({ file, key, message: `signal ${signalName} needs fitted table fitted/${tableName}.yaml, which is missing` });
      }
      compiled.push({ signal, group, params });
    }
  }
  for (const signal of registry.signals) {
    if (!weighted.has(signal.name) && groupFiles.length > 0) {
      issues.push({ file: 'signals/', key: signal.name, message: 'signal has no weights (a signal without a weight)' });
    }
  }
  const usedLists = new Set([...registry.signals.flatMap((signal) => signal.lists ?? []), ...REVIEW_UI_LISTS]);
  for (const { file, name } of listFiles) {
    if (!usedLists.has(name)) issues.push({ file, key: '', message: `no signal reads list ${name}` });
  }

  // Composites.
  const compositeList: Composite[] = [];
  if (composites) {
    const { file, data } = composites;
    for (const [reason, entry] of Object.entries(data.composites)) {
      const key = `composites.${reason}`;
      if (!/^[A-Z][A-Z0-9_]*$/.test(reason)) {
        issues.push({ file, key, message: 'composite names are UPPER_SNAKE_CASE reason codes' });
        continue;
      }
      if (reasons.has(reason) || registry.ownerOf(reason)) {
        issues.push({ file, key, message: `${reason} is already a signal's reason code` });
        continue;
      }
      if (entry.group !== undefined && !groupCaps.has(entry.group)) {
        issues.push({ file, key: `${key}.group`, message: `no such group ${entry.group}` });
      }
      let expression: Expression;
      try {
        expression = parseExpression(entry.when);
      } catch (error) {
        if (!(error instanceof ExpressionSyntaxError)) throw error;
        issues.push({ file, key: `${key}.when`, message: error.message });
        continue;
      }
      const known = (code: string) => reasons.has(code) || registry.ownerOf(code) !== undefined || compositeList.some((c) => c.reason === code);
      const unknown = referencedReasons(expression).filter((code) => !known(code));
      for (const code of unknown) issues.push({ file, key: `${key}.when`, message: `unknown reason code ${code}` });
      const sources = positiveReasons(expression);
      if (sources.length === 0) issues.push({ file, key: `${key}.when`, message: 'a composite must require at least one reason (not only "not …")' });
      compositeList.push({ reason, group: entry.group, when: entry.when, expression, sources, points: entry.points, description: entry.description });
    }
  }

  // Outcomes.
  let thresholds = { review: 0, hold: 0, deny: 0 };
  const ceilings: Ceiling[] = [];
  if (outcomes) {
    const { file, data } = outcomes;
    thresholds = data.thresholds;
    if (!(thresholds.review < thresholds.hold && thresholds.hold < thresholds.deny)) {
      issues.push({ file, key: 'thresholds', message: `must ascend: review (${thresholds.review}) < hold (${thresholds.hold}) < deny (${thresholds.deny})` });
    }
    data.ceilings.forEach((ceiling, index) => {
      for (const group of ceiling.whenOnlyGroups) {
        if (!groupCaps.has(group)) issues.push({ file, key: `ceilings.${index}.whenOnlyGroups`, message: `no such group ${group}` });
      }
      if (outcomeRank(ceiling.maxOutcome) === OUTCOMES.length - 1) {
        issues.push({ file, key: `ceilings.${index}.maxOutcome`, message: 'a ceiling of deny limits nothing' });
      }
      ceilings.push({ id: ceiling.id, whenOnlyGroups: ceiling.whenOnlyGroups, maxOutcome: ceiling.maxOutcome, description: ceiling.description });
    });
  }

  const reasonTextsJa = new Map(Object.entries(reasonTexts?.data.reasons ?? {}));
  for (const code of reasonTextsJa.keys()) {
    if (!reasons.has(code) && !compositeList.some((composite) => composite.reason === code)) issues.push({ file: reasonTexts!.file, key: `reasons.${code}`, message: 'no signal or composite has this reason code' });
  }
  const hitDetailsJa = new Map<string, DetailTranslation[]>();
  for (const [code, entries] of Object.entries(hitDetails?.data.details ?? {})) {
    const key = `details.${code}`;
    if (code !== 'GROUP_CAP' && !reasons.has(code) && !compositeList.some((composite) => composite.reason === code)) issues.push({ file: hitDetails!.file, key, message: 'no signal or composite has this reason code' });
    const translations: DetailTranslation[] = [];
    entries.forEach((entry, index) => {
      let pattern: RegExp;
      try {
        pattern = new RegExp(`^(?:${entry.en})$`, 'u');
      } catch (error) {
        issues.push({ file: hitDetails!.file, key: `${key}[${index}].en`, message: `not a regular expression: ${(error as Error).message}` });
        return;
      }
      if (!pattern.test(entry.example)) issues.push({ file: hitDetails!.file, key: `${key}[${index}].example`, message: 'the pattern does not match its example' });
      translations.push({ pattern, ja: entry.ja });
    });
    hitDetailsJa.set(code, translations);
  }
  if (issues.length > 0) throw new RuleSetError(issues);

  const version = ruleSetVersion(files);
  const order = new Map(registry.signals.map((signal, index) => [signal.name, index]));
  compiled.sort((a, b) => order.get(a.signal.name)! - order.get(b.signal.name)!);
  return {
    version,
    signals: compiled,
    reasons,
    groupCaps,
    composites: compositeList,
    thresholds,
    ceilings,
    lists,
    fitted,
    brands: { brands, ownerOf: lastAnswerKept((domain: string) => owners.get(domain)) },
    review,
    feeds,
    reasonTextsJa,
    hitDetailsJa,
    dump: () => ({
      version,
      review: review ?? null,
      feeds: feeds ? { ...feeds, sharedPlatforms: Object.fromEntries(feeds.sharedPlatforms) } : null,
      thresholds,
      ceilings,
      groups: Object.fromEntries(
        [...groupCaps].map(([group, cap]) => [
          group,
          {
            cap: cap ?? null,
            signals: Object.fromEntries(
              compiled
                .filter((entry) => entry.group === group)
                .map((entry) => [
                  entry.signal.name,
                  {
                    params: entry.params,
                    reasons: Object.fromEntries(entry.signal.reasons.map((reason) => [reason, reasons.get(reason)])),
                  },
                ]),
            ),
          },
        ]),
      ),
      composites: compositeList.map(({ expression: _expression, ...rest }) => rest),
      lists: Object.fromEntries([...lists].map(([name, list]) => [name, list.entries])),
      // The tables themselves are thousands of numbers: their files say what they hold.
      fitted: [...fitted.keys()].map((name) => `fitted/${name}.yaml`),
      brands,
    }),
  };
}
