import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { isHexToken, isSyllabicWord, labelPartShape, letterModel } from './letter-statistics';
import { screenedDomainName } from './screened-name';

/**
 * A registrable label drawn by a machine rather than chosen by a person: `ggdnjtf.cn`,
 * `xjqkzv.top`, `a8f3k2l9.xyz`, a 32-digit hex hash. Each hyphen-separated part is weighed: its
 * letters against a letter-trigram model of English and romaji (`evidence` is how many nats likelier
 * the letters are as random draws than as text), and how often it switches between letters and
 * digits. Parts that split into romaji or pinyin syllables (`takahashi`, `shinnosuke`,
 * `zhangwei`) are text; short parts (`jtb`, `nhk`, `ntt`) say too little and are skipped. One
 * label gives at most one hit, the strongest.
 */
export const randomLabelSignal = defineSignal({
  name: 'domain.random_label',
  reasons: ['DOMAIN_RANDOM_LABEL', 'DOMAIN_DIGIT_MIX', 'DOMAIN_IMPROBABLE_LABEL'],
  usesBrands: true,
  params: z.strictObject({
    /** Parts shorter than this (letters and digits) are not judged: abbreviations live there. */
    minPartLength: z.number().int().min(3).default(5),
    /** Evidence (nats) for DOMAIN_RANDOM_LABEL: random letters beyond doubt. */
    randomEvidence: z.number().positive().default(16),
    /** Evidence (nats) for DOMAIN_IMPROBABLE_LABEL: letters in an order text seldom uses. */
    improbableEvidence: z.number().positive().default(4),
    /** Evidence added per run of digits between letters (`m1006ka`, `x7jn6h8`). */
    innerDigitRunEvidence: z.number().min(0).default(4),
    /** Letter↔digit switches within one part for DOMAIN_DIGIT_MIX (`x7k2m9` has 5, `web2shop` 2). */
    minLetterDigitSwitches: z.number().int().min(2).default(3),
    /** A hexadecimal part at least this long, with ≥ 4 digits and ≥ 4 letters interleaved, is a hash. */
    minHexLength: z.number().int().min(8).default(16),
  }),
  evaluate(context): SignalHit[] {
    const name = screenedDomainName(context);
    if (!name || name.isIdn) return [];
    const { params } = context;
    const model = letterModel();
    let strongest: { evidence: number; part: string; innerDigitRuns: number } | undefined;
    let mixed: { switches: number; part: string } | undefined;
    // The hyphen-separated parts, without splitting the label (most have no hyphen).
    const { label } = name;
    for (let from = 0, to = 0; from <= label.length; from = to + 1) {
      to = label.indexOf('-', from);
      if (to < 0) to = label.length;
      if (to - from < params.minPartLength) continue;
      const part = from === 0 && to === label.length ? label : label.slice(from, to);
      if (isHexToken(part, params.minHexLength)) {
        return [{ reason: 'DOMAIN_RANDOM_LABEL', detail: `the label part "${part}" is a ${part.length}-character hexadecimal string (a hash or token), not a name` }];
      }
      const shape = labelPartShape(part);
      let evidence = shape.innerDigitRuns * params.innerDigitRunEvidence;
      if (shape.letters.length >= 3 && !isSyllabicWord(shape.letters)) evidence += Math.max(0, -model.naturalness(shape.letters));
      if (!strongest || evidence > strongest.evidence) strongest = { evidence, part, innerDigitRuns: shape.innerDigitRuns };
      if (shape.letterDigitSwitches >= params.minLetterDigitSwitches && (!mixed || shape.letterDigitSwitches > mixed.switches)) {
        mixed = { switches: shape.letterDigitSwitches, part };
      }
    }
    const measure = (found: { evidence: number; innerDigitRuns: number }, threshold: number) =>
      `randomness ${found.evidence.toFixed(1)}${found.innerDigitRuns > 0 ? ` with ${found.innerDigitRuns} digit run${found.innerDigitRuns > 1 ? 's' : ''} between letters` : ''}, threshold ${threshold}`;
    if (strongest && strongest.evidence >= params.randomEvidence) {
      const detail = `the label part "${strongest.part}" looks machine-generated: random draws are far likelier than English or romaji to spell it (${measure(strongest, params.randomEvidence)})`;
      return [{ reason: 'DOMAIN_RANDOM_LABEL', detail }];
    }
    if (mixed) {
      return [{ reason: 'DOMAIN_DIGIT_MIX', detail: `letters and digits alternate ${mixed.switches} times in the label part "${mixed.part}"` }];
    }
    if (strongest && strongest.evidence >= params.improbableEvidence) {
      const detail = `the label part "${strongest.part}" has letters in an order English and romaji seldom use (${measure(strongest, params.improbableEvidence)})`;
      return [{ reason: 'DOMAIN_IMPROBABLE_LABEL', detail }];
    }
    return [];
  },
});
