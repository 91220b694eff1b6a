import { describe, expect, it } from 'vitest';
import { brandJapaneseNameSignal } from '../../../../src/engine/signals/brand/japanese-name.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(brandJapaneseNameSignal.name, () => {
  const run = (name: string) => runSignal(brandJapaneseNameSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(brandJapaneseNameSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['アマゾン-ログイン.com', 'Amazon'],
    ['楽天カード.xyz', 'Rakuten'],
    ['国税庁.top', '国税庁'],
    ['三井住友カード-ログイン.com', 'SMBC'],
    ['えきねっと.shop', 'JR東日本'],
    ['xn--cckwcxetd.xyz', 'Amazon'], // アマゾン in punycode
  ])('reports %s as using the Japanese name of %s', (name, brand) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['BRAND_JAPANESE_NAME']);
    expect(hits[0]?.detail).toContain(brand);
    expect(hits[0]?.detail).not.toContain('look-alike');
  });

  it.each([
    ['メルカリ.com', 'メル力リ.com'], // カ → 力 (kanji "power")
    ['ニコス.net', '二コス.net'], // ニ → 二 (kanji "two")
    ['エポスカード.jp', 'エポス力一ド.jp'], // カ → 力, ー → 一
    ['ソフトバンク.jp', 'ソフ卜バンク.jp'], // ト → 卜 (kanji "divination")
  ])('reports %s written with look-alike characters as %s', (_original, lookalike) => {
    const hits = run(lookalike);
    expect(reasonsOf(hits)).toEqual(['BRAND_JAPANESE_NAME']);
  });

  it('says that a match needed look-alike folding', () => {
    expect(run('メル力リ.com')[0]?.detail).toContain('look-alike');
  });

  it.each(['さくら-花店.jp', 'ラーメン東京.com', 'マイナスイオン.jp', 'amazon-login.com'])('says nothing about %s', (name) => {
    expect(sut(name)).toEqual([]);
  });
});
