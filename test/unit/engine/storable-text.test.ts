import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseApplication, unstorableText, unstorableTextErrors } from '../../../src/engine';
import { anApplication, merge } from '../../support/factories';

describe(unstorableText.name, () => {
  it.each([
    ['NUL', 'a\u0000b', /U\+0000 \(NUL\)/],
    ['a lone high surrogate', 'x\ud800', /lone surrogate \(U\+D800\)/],
    ['a lone low surrogate', '\udfffx', /lone surrogate \(U\+DFFF\)/],
    ['U+FFFE', '\ufffe', /non-character U\+FFFE/],
    ['U+FFFF', 'ab\uffff', /non-character U\+FFFF/],
    ['U+FDD0', '\ufdd0', /non-character U\+FDD0/],
    ['U+1FFFE', 'a\u{1fffe}', /non-character U\+1FFFE/],
    ['U+10FFFF', '\u{10ffff}', /non-character U\+10FFFF/],
  ])('refuses %s', (_case, text, message) => {
    expect(unstorableText(text)).toMatch(message);
  });

  it('accepts Japanese, emoji (paired surrogates), tabs and line breaks', () => {
    for (const text of ['佐藤 花子', 'ｻﾄｳ', '😀 ok', 'line\nbreak\ttab\r', '\ufffd', '']) expect(unstorableText(text)).toBeUndefined();
  });

  it('agrees with String.isWellFormed on surrogates for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const hasNonCharacter = /[\0\p{Noncharacter_Code_Point}]/u.test(text);
        expect(unstorableText(text) === undefined).toBe((text as string & { isWellFormed(): boolean }).isWellFormed() && !hasNonCharacter);
      }),
      { numRuns: 2000 },
    );
  });
});

describe(unstorableTextErrors.name, () => {
  it('names every bad string and key by its dotted path', () => {
    const errors = unstorableTextErrors({ a: 'ok', b: { c: ['fine', 'bad\u0000'] }, ['k\u0000']: 1, d: '\ud800' });
    expect(errors.map((error) => error.field)).toEqual(['b.c.1', 'k\\u0000', 'd']);
  });
});

describe(parseApplication.name, () => {
  it('refuses unstorable text in any string field of the contract, naming the field, beside the schema problems', () => {
    const application = merge(anApplication(), { registrant: { name: { kanji: '佐藤\u0000花子' }, address: { line1: '\udc00' } }, domain: { nameservers: ['ns1.example.net', 'ns\uffff.example.net'] }, product: 'car' });
    const result = parseApplication(application);
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.errors.map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['registrant.name.kanji', 'registrant.address.line1', 'domain.nameservers.1', 'product']));
  });
});
