import { createHash } from 'node:crypto';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { parseDomainName } from '../domain-name';
import { RuleSetError, type RuleIssue } from '../errors';
import { OUTCOMES, outcomeRank } from '../outcome';
import type { SignalRegistry } from '../registry';
import type { Brand } from './brand-catalogue';
import type { RuleList } from '../signal';
import { normalizeCorporateNumber } from '../signals/organization/corporate-number';
import { ExpressionSyntaxError, parseExpression, positiveReasons, referencedReasons, type Expression } from './expression';
import { feedPolicyOf, feedsFileSchema, type FeedPolicy } from './feed-policy';
import {
  brandsFileSchema,
  compositesFileSchema,
  FITTED_FILE,
  fittedFileSchema,
  groupFileSchema,
  hitDetailsFileSchema,
  issuesFromZod,
  listFileSchema,
  outcomesFileSchema,
  reasonTextsFileSchema,
  reviewFileSchema,
} from './rule-schemas';
import type { Ceiling, CompiledSignal, Composite, DecisionReason, DetailTranslation, EkycCondition, ReasonRule, ReviewPolicy, RuleFile, RuleSet } from './rule-set-types';

// Compilation: rule files (checked by ./rule-schemas) and the signal registry into one RuleSet (./rule-set-types).

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
  const terms: { pattern: RegExp; ja: string }[] = [];
  (hitDetails?.data.terms ?? []).forEach((term, index) => {
    try {
      terms.push({ pattern: new RegExp(term.en, 'gu'), ja: term.ja });
    } catch (error) {
      issues.push({ file: hitDetails!.file, key: `terms[${index}].en`, message: `not a regular expression: ${(error as Error).message}` });
    }
  });
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
      for (const group of entry.translate) {
        if (!entry.ja.includes(`$${group}`)) issues.push({ file: hitDetails!.file, key: `${key}[${index}].translate`, message: `$${group} is not in the Japanese text` });
      }
      translations.push({ pattern, ja: entry.ja, translate: entry.translate, terms });
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
