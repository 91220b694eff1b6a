import type { RegistrantName } from '../../application';
import { defineSignal, type SignalHit } from '../../signal';

type NameField = keyof RegistrantName;

/** What each field may hold (after NFKC, which folds full-width Latin and the ideographic space). */
const ALLOWED: Record<NameField, RegExp> = {
  // Foreign residents write katakana here; 々 and 〆 are Han.
  kanji: /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー・=\s]+$/u,
  kana: /^[\p{Script=Hiragana}\p{Script=Katakana}ー・=\s]+$/u,
  romaji: /^[\p{Script=Latin}\s.,'’-]+$/u,
};

const CLASSES: readonly [RegExp, string][] = [
  [/\p{Script=Latin}/u, 'Latin letters'],
  [/\p{Script=Han}/u, 'kanji'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'kana'],
  [/\p{Nd}/u, 'digits'],
];

function strayScript(field: NameField, text: string): string {
  const stray = Array.from(text).filter((char) => !ALLOWED[field].test(char)).join('');
  return CLASSES.find(([pattern]) => pattern.test(stray))?.[1] ?? 'symbols';
}

/**
 * Each name field holds its own script: kana in the kana field, Latin letters in the romaji field,
 * no Latin letters in the kanji field. Forms filled in by scripts, or by someone copying another
 * person's details across fields, get this wrong; people filling in their own name rarely do.
 */
export const nameScriptSignal = defineSignal({
  name: 'name.script',
  requires: 'registrant',
  reasons: ['NAME_FIELD_WRONG_SCRIPT'],
  evaluate({ application }): SignalHit[] {
    const name = application.registrant?.name;
    if (!name) return [];
    const problems: string[] = [];
    for (const field of ['kanji', 'kana', 'romaji'] as const) {
      const text = name[field]?.normalize('NFKC').trim();
      if (text && !ALLOWED[field].test(text)) problems.push(`the ${field} name contains ${strayScript(field, text)}`);
    }
    return problems.length > 0 ? [{ reason: 'NAME_FIELD_WRONG_SCRIPT', detail: problems.join('; ') }] : [];
  },
});
