/** Tokens of an e-mail local part, lower-cased, split at anything but letters and digits. */
export function localPartTokens(localPart: string): string[] {
  return localPart.toLowerCase().split(/[^a-z0-9]+/).filter((token) => token !== '');
}

/** Alphabetic runs of a local part: "h.sato1985" → ["h", "sato"]. */
export function localPartWords(localPart: string): string[] {
  return localPart.toLowerCase().split(/[^a-z]+/).filter((word) => word !== '');
}

export interface TokenShape {
  readonly letters: number;
  /** a, e, i, o, u and y (y is a vowel in English names and in romaji yo/yu/ya). */
  readonly vowels: number;
  readonly longestConsonantRun: number;
  /** How often the token switches between a letter and a digit ("a8f3" switches 3 times). */
  readonly letterDigitSwitches: number;
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/** Character statistics of a lower-case [a-z0-9] token. */
export function tokenShape(token: string): TokenShape {
  let letters = 0;
  let vowels = 0;
  let run = 0;
  let longestConsonantRun = 0;
  let letterDigitSwitches = 0;
  let previousIsDigit: boolean | undefined;
  for (const char of token) {
    const isDigit = char >= '0' && char <= '9';
    if (previousIsDigit !== undefined && previousIsDigit !== isDigit) letterDigitSwitches++;
    previousIsDigit = isDigit;
    if (isDigit) {
      run = 0;
      continue;
    }
    letters++;
    if (VOWELS.has(char)) {
      vowels++;
      run = 0;
    } else {
      run++;
      if (run > longestConsonantRun) longestConsonantRun = run;
    }
  }
  return { letters, vowels, longestConsonantRun, letterDigitSwitches };
}
