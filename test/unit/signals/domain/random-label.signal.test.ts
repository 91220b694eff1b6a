import { describe, expect, it } from 'vitest';
import { randomLabelSignal } from '../../../../src/engine/signals/domain/random-label.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(randomLabelSignal.name, () => {
  const run = (name: string) => runSignal(randomLabelSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(randomLabelSignal, anApplication()))).toEqual([]);
  });

  it.each(['ggdnjtf.cn', 'xjqkzv.top', 'xscngce.cn', 'tttdklh.cn', 'bfdhgrkuyscx.top', 'kzlskekzmnhg.com', 'jhgfgh-dqwxz2.xyz', 'a8f3k2l9.xyz', 'x7k2m9.top', 'u1x1z9rt.cn', 'qes4xgxd.cn', '3ivo4r2whm.cn', 'alb4m4p.top', 'c9zaff1o.cn', 'rzhlfat.cn', 'uhfgir.top', 'urdhdyt.cn', 'aznvoyx.shop'])(
    'reports %s as a random label',
    (name) => {
      expect(sut(name)).toEqual(['DOMAIN_RANDOM_LABEL']);
    },
  );

  it('explains which part looks random and how strongly', () => {
    expect(run('ggdnjtf.cn')[0]?.detail).toBe(
      'the label part "ggdnjtf" looks machine-generated: random draws are far likelier than English or romaji to spell it (randomness 48.1, threshold 16)',
    );
    expect(run('x7k2m9.top')[0]?.detail).toMatch(/^the label part "x7k2m9" looks machine-generated: .*with 2 digit runs between letters, threshold 16\)$/);
  });

  it('reports a long hexadecimal label as a hash', () => {
    const hits = run('3c485ac5ea26f8febbbda892c2bcd16a.icu');
    expect(reasonsOf(hits)).toEqual(['DOMAIN_RANDOM_LABEL']);
    expect(hits[0]?.detail).toBe('the label part "3c485ac5ea26f8febbbda892c2bcd16a" is a 32-character hexadecimal string (a hash or token), not a name');
  });

  it.each(['sa1to2ken3.com', 'ta4ka5ha6shi.jp', 'hotel1a2b3.com', 'k1mura2tar0u.com'])('reports letters and digits drawn together in %s as a digit mix', (name) => {
    expect(sut(name)).toEqual(['DOMAIN_DIGIT_MIX']);
  });

  it('counts the letter↔digit switches in the detail', () => {
    expect(run('sa1to2ken3.com')[0]?.detail).toBe('letters and digits alternate 5 times in the label part "sa1to2ken3"');
  });

  // Pseudo-words with letter triples text seldom uses; also compounds joined at a rare junction
  // (web|shop): weak alone (10 points), so a .jp shop is not flagged for it.
  it.each(['epsceerd.icu', 'mstaconsecc.icu', 'web2shop.jp'])('reports %s as an improbable label', (name) => {
    expect(sut(name)).toEqual(['DOMAIN_IMPROBABLE_LABEL']);
  });

  it.each([
    'takahashi-shoten.jp',
    'shinnosuke.com',
    'kyoto-ryokan.jp',
    'tsutsumi-koumuten.co.jp',
    'matsushita-denki.jp',
    'kenchiku-sekkei.jp',
    'deviantart.com',
    'strengths.com',
    'jtb.co.jp',
    'nhk.or.jp',
    'ntt-east.co.jp',
    'smbc.co.jp',
    'zhangwei.cn',
    'roupao.cn',
    'yumo1858.com',
    'shop24.jp',
    '4shared.com',
    'card0003.asia',
    'wikipedia.org',
    'pinterest.com',
    'instagram.com',
    'rakuten-bank.co.jp',
    'mofumofu-animal.com',
    'afternoonmilk.com',
    'sato-hanako.jp',
  ])('accepts %s', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it('does not judge IDN labels (their letters are not a–z)', () => {
    expect(sut('楽天カード.jp')).toEqual([]);
  });

  it('gives one hit per label, the strongest', () => {
    expect(sut('xjqkzv-ggdnjtf-a8f3k2l9.top')).toHaveLength(1);
  });
});
