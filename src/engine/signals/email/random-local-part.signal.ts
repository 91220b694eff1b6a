import { z } from 'zod';
import { defineSignal, type SignalHit } from '../../signal';
import { localPartTokens, tokenShape } from './local-part';

/**
 * A machine-made local part ("xk7qz9vw2m", "dfgsdhjk", "a8f3k2l9"): accounts created in bulk by
 * a script. People's addresses are names, words and dates ("hanako.sato", "h.sato1985",
 * "tanaka.ichiro.0412"), which have vowels, short consonant clusters and at most a few switches
 * between letters and digits. Character entropy is not used: on strings of 6–12 characters it
 * barely separates names from random text.
 */
export const randomLocalPartSignal = defineSignal({
  name: 'email.random_local_part',
  requires: 'registrant',
  reasons: ['EMAIL_RANDOM_LOCAL_PART'],
  params: z.strictObject({
    /** Shorter tokens (between dots, hyphens…) are not judged: "hs", "kwsk" say too little. */
    minTokenLength: z.number().int().min(3).default(5),
    /** This many letters with no vowel (a, e, i, o, u, y) at all. */
    minLettersWithoutVowel: z.number().int().min(3).default(5),
    /** More consonants in a row than romaji or English names have ("schm" is 4). */
    maxConsonantRun: z.number().int().min(2).default(4),
    /** Letter↔digit switches within one token ("a8f3k2l9" has 7; "sato1985" has 1). */
    minLetterDigitSwitches: z.number().int().min(2).default(4),
    /** Share of vowels below which a long token (≥ 8 letters) is random; names are ≈ 40–50%. */
    minVowelShare: z.number().min(0).max(1).default(0.2),
  }),
  evaluate({ view, params }): SignalHit[] {
    const email = view.email;
    if (!email?.valid) return [];
    for (const token of localPartTokens(email.localPart)) {
      if (token.length < params.minTokenLength) continue;
      const shape = tokenShape(token);
      let why: string | undefined;
      if (shape.letters >= params.minLettersWithoutVowel && shape.vowels === 0) why = `${shape.letters} letters without a vowel`;
      else if (shape.longestConsonantRun > params.maxConsonantRun) why = `${shape.longestConsonantRun} consonants in a row`;
      else if (shape.letterDigitSwitches >= params.minLetterDigitSwitches) why = `letters and digits alternate ${shape.letterDigitSwitches} times`;
      else if (shape.letters >= 8 && shape.vowels / shape.letters < params.minVowelShare) why = `only ${shape.vowels} vowels in ${shape.letters} letters`;
      if (why) return [{ reason: 'EMAIL_RANDOM_LOCAL_PART', detail: `the e-mail local part looks machine-generated (${why})` }];
    }
    return [];
  },
});
