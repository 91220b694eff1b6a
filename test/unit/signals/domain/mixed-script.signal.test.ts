import { describe, expect, it } from 'vitest';
import { mixedScriptSignal } from '../../../../src/engine/signals/domain/mixed-script.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(mixedScriptSignal.name, () => {
  const run = (name: string) => runSignal(mixedScriptSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(mixedScriptSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['pаypal.com', 'Latin and Cyrillic'], // Cyrillic а
    ['nіfty-login.com', 'Latin and Cyrillic'], // Cyrillic і
    ['gοogle.net', 'Latin and Greek'], // Greek ο
    ['アマゾンсо.com', 'Katakana and Cyrillic'], // Cyrillic с and о
  ])('reports the scripts mixed in %s', (name, scripts) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['DOMAIN_MIXED_SCRIPT']);
    expect(hits[0]?.detail).toContain(`mixes ${scripts} letters`);
  });

  it('reads the punycode form too', () => {
    expect(sut('xn--pypal-4ve.com')).toEqual(['DOMAIN_MIXED_SCRIPT']);
  });

  it.each(['аррӏе.com', 'хрос.net', 'ѕоса.jp'])('reports %s, written wholly in Cyrillic letters that look Latin', (name) => {
    expect(sut(name)).toEqual(['DOMAIN_CONFUSABLE_SCRIPT']);
  });

  it.each([
    ['サ一ビス.com', '一', 'ー'],
    ['ア力ウント.jp', '力', 'カ'],
    ['へルプ.jp', 'へ', 'ヘ'],
    ['メル力リ.shop', '力', 'カ'],
  ])('reports %s, where %s passes for the katakana %s', (name, char, katakana) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['DOMAIN_KATAKANA_LOOKALIKE']);
    expect(hits[0]?.detail).toContain(`"${char}" stands among katakana`);
    expect(hits[0]?.detail).toContain(`the katakana "${katakana}"`);
  });

  it.each([
    '楽天カード.jp',
    'サービス.com',
    'ソフト工房.jp',
    'ラーメン一番.jp',
    'さとう歯科.jp',
    'ドア二枚.jp',
    'カフェmoka.jp',
    'москва.ru',
    'пример.рф',
    'ελληνικά.gr',
    '한국어.kr',
    'bücher.de',
    'sato-hanako.jp',
  ])('accepts %s', (name) => {
    expect(sut(name)).toEqual([]);
  });
});
