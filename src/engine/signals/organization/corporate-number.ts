/** Full-width digits and hyphens fold to ASCII under NFKC; these are the separators people type. */
const SEPARATORS = /[\s\-‐‑‒–—―−ー－]/g;
const THIRTEEN_DIGITS = /^\d{13}$/;

/** The corporate number (法人番号) as 13 ASCII digits, or undefined if it is not 13 digits. */
export function normalizeCorporateNumber(raw: string): string | undefined {
  const digits = raw.normalize('NFKC').replace(SEPARATORS, '');
  return THIRTEEN_DIGITS.test(digits) ? digits : undefined;
}

/**
 * Check digit of a 12-digit base: 9 − (Σ Pₙ·Qₙ mod 9), Pₙ the n-th digit counted from the right,
 * Qₙ = 1 for odd n and 2 for even n.
 */
export function corporateNumberCheckDigit(base12: string): number {
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = base12.charCodeAt(12 - n) - 48;
    sum += n % 2 === 1 ? digit : digit * 2;
  }
  return 9 - (sum % 9);
}

/** True for 13 normalised digits whose first digit is the check digit of the other twelve. */
export function hasValidCheckDigit(number13: string): boolean {
  return number13.charCodeAt(0) - 48 === corporateNumberCheckDigit(number13.slice(1));
}
