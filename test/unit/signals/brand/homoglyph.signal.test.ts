import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { brandHomoglyphSignal } from '../../../../src/engine/signals/brand/homoglyph.signal';
import { confusableSkeleton } from '../../../../src/engine/signals/brand/skeleton';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(brandHomoglyphSignal.name, () => {
  const run = (name: string) => runSignal(brandHomoglyphSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(brandHomoglyphSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['nıfty.com', '@nifty'], // dotless ı
    ['аpple.com', 'Apple'], // Cyrillic а
    ['xn--pple-43d.com', 'Apple'], // the same in punycode
    ['rnercari.com', 'Mercari'], // rn for m
    ['amaz0n.jp', 'Amazon'], // 0 for o
    ['vpa55-login.top', 'SMBC'], // 5 for s
    ['clocomo-id.com', 'docomo'], // cl for d
    ['rakutеn.xyz', 'Rakuten'], // Cyrillic е
  ])('reports %s as a look-alike of %s', (name, brand) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['BRAND_HOMOGLYPH']);
    expect(hits[0]?.detail).toContain(brand);
  });

  it.each(['amazon-login.com', 'modern-art.jp', 'learn-english.com', 'nifty.com', 'a1-print.jp', 'club-5.jp'])('says nothing about %s', (name) => {
    expect(sut(name)).toEqual([]);
  });
});

describe(confusableSkeleton.name, () => {
  it('maps look-alike letters, digits and sequences to one prototype', () => {
    expect(confusableSkeleton('nıfty')).toBe('nifty');
    expect(confusableSkeleton('аpple')).toBe('apple');
    expect(confusableSkeleton('rnercari')).toBe(confusableSkeleton('mercari'));
    expect(confusableSkeleton('vvallet')).toBe(confusableSkeleton('wallet'));
    expect(confusableSkeleton('amaz0n')).toBe('amazon');
    expect(confusableSkeleton('app1e')).toBe('apple');
  });

  it('folds look-alike kana and kanji', () => {
    expect(confusableSkeleton('アマゾンカ一ド')).toBe(confusableSkeleton('アマゾンカード'));
    expect(confusableSkeleton('ロ')).toBe(confusableSkeleton('口'));
    expect(confusableSkeleton('エ')).toBe(confusableSkeleton('工'));
    expect(confusableSkeleton('ペ')).toBe(confusableSkeleton('ぺ'));
  });

  it('leaves plain lower-case ASCII without confusables unchanged', () => {
    expect(confusableSkeleton('rakuten')).toBe('rakuten');
  });

  it('maps ASCII in one pass exactly as the sequence table applied row by row', () => {
    const rows: [RegExp, string][] = [[/rn/g, 'm'], [/vv/g, 'w'], [/cl/g, 'd'], [/0/g, 'o'], [/1/g, 'l'], [/5/g, 's']];
    const rowByRow = (text: string) => rows.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
    expect(confusableSkeleton('rnvvvcl1c015rrnn-')).toBe(rowByRow('rnvvvcl1c015rrnn-'));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'rnvcl015am-'), { maxLength: 24 }), (letters) => {
        const text = letters.join('');
        expect(confusableSkeleton(text)).toBe(rowByRow(text));
      }),
      { numRuns: 3000, seed: 20261127 },
    );
  });
});
