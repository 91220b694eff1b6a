import { describe, expect, it } from 'vitest';
import { parseDomainName } from '../../../../src/engine';
import { isMadeOfWords, isTooShortToRead, labelFeature, labelTextOf, lengthBand, likenessBand, randomLabelParams, randomLabelSignal, readLabel } from '../../../../src/engine/signals/domain/random-label.signal';
import { loadKnowledge } from '../../../../src/knowledge';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal, shippedEngine } from '../../../support/engine';
import type { LabelLetterModels } from '../../../../src/engine/signals/domain/label-letters';

describe(randomLabelSignal.name, () => {
  const run = (name: string) => runSignal(randomLabelSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(randomLabelSignal, anApplication()))).toEqual([]);
  });

  it.each(['ggdnjtf.cn', 'xjqkzv.top', 'xscngce.cn', 'tttdklh.cn', 'bfdhgrkuyscx.top', 'kzlskekzmnhg.com', 'x7k2m9.top', 'u1x1z9rt.cn', 'qes4xgxd.cn', 'c9zaff1o.cn', 'rzhlfat.cn', 'uhfgir.top', 'urdhdyt.cn', 'aznvoyx.shop'])(
    'reports %s as a random label',
    (name) => {
      expect(sut(name)).toEqual(['DOMAIN_RANDOM_LABEL']);
    },
  );

  it('explains the shape, the letters and the base rates of the suffix', () => {
    expect(run('qkvbig.top')[0]?.detail).toMatch(
      /^the label part "qkvbig" looks machine-generated: random draws are far likelier than English or romaji to spell it \(randomness 37\.2, threshold 16\); the label "qkvbig" \(6 characters\) reads \d+\.\d nats likelier as a phishing label than an honest one: (?:fewer than )?1 in [\d,]+ new \.top registrations look like this, 1 in \d+ phishing \.top registrations$/,
    );
    expect(run('x7k2m9.top')[0]?.detail).toMatch(/^the label part "x7k2m9" looks machine-generated: .*with 2 digit runs between letters, threshold 16\)/);
  });

  it('weighs the same shape by the base rates of each suffix', () => {
    const evidence = (name: string) => run(name)[0]?.evidence ?? 0;
    // Random six-letter labels are common among new .lol registrations and rare among new .top ones.
    expect(evidence('qkvbig.top')).toBeGreaterThan(evidence('qkvbig.lol') + 2);
  });

  it('reports a long hexadecimal label as a hash', () => {
    const hits = run('3c485ac5ea26f8febbbda892c2bcd16a.icu');
    expect(reasonsOf(hits)).toEqual(['DOMAIN_RANDOM_LABEL']);
    expect(hits[0]?.detail).toMatch(/^the label part "3c485ac5ea26f8febbbda892c2bcd16a" is a 32-character hexadecimal string \(a hash or token\), not a name; /);
  });

  it('weighs a label under a new gTLD with few names in the sample by its tier, and says so', () => {
    expect(run('xqzvb.cfd')[0]?.detail).toMatch(/: (?:fewer than )?1 in [\d,]+ new registrations on the new gTLDs look like this, 1 in \d+ phishing registrations on the new gTLDs$/);
  });

  it('weighs a random label under a risk-listed country code by borrowed rates, at most 2 nats: a score input', () => {
    const hits = run('ggdnjtf.cn');
    expect(hits[0]?.evidence).toBe(2);
    expect(hits[0]?.detail).toMatch(/new registrations \(at most, in any part of the sample: none under \.cn is in it\) look like this, 1 in \d+ phishing registrations on country codes; counted as 2 nats at most, as honest registrations under \.cn are not measured$/);
  });

  it('weighs a random label under a country code neither the sample nor the risk lists hold by a fixed, small amount', () => {
    const hits = run('ggdnjtf.de');
    expect(hits[0]?.evidence).toBe(1);
    expect(hits[0]?.detail).toMatch(/new registrations under \.de are not in the sample the base rates were counted on, so this weighs little$/);
  });

  it('does not hold the letters of a label made of words against it, however they read (worldnow.com, tvguide.com)', () => {
    const { lexicon } = loadKnowledge();
    for (const label of ['worldnow', 'tvguide', 'gardenofwords', 'hanaya-kyoto']) expect(isMadeOfWords(label, lexicon)).toBe(true);
    for (const label of ['zhangzhenning', 'ykhualitai', 'qkvbig', 'tv', '']) expect(isMadeOfWords(label, lexicon)).toBe(false);
    expect(sut('worldnow.com')).toEqual([]);
  });

  it('does not read the letters of a label under 5 characters: popular short names and short draws spell alike', () => {
    const params = randomLabelParams.parse({});
    expect(isTooShortToRead('qvc', params)).toBe(true);
    expect(isTooShortToRead('w-3', params)).toBe(true);
    expect(isTooShortToRead('webex', params)).toBe(false);
    expect(sut('qvc.com')).toEqual([]);
  });

  it('says nothing where labels of that shape are no likelier among phishing registrations than new ones (digit mixes on .com)', () => {
    expect(sut('sa1to2ken3.com')).toEqual([]);
    expect(readLabel('sa1to2ken3', randomLabelParams.parse({}))).toEqual({ shape: 'digit-mix', part: 'sa1to2ken3', why: 'alternates letters and digits 5 times' });
  });

  it.each([
    ['epsceerd', 'improbable'],
    ['mstaconsecc', 'improbable'],
    ['k1mura2tar0u', 'digit-mix'],
    ['xjqkzv', 'random'],
    ['takahashi', 'plain'],
  ] as const)('reads %s as %s', (label, shape) => {
    expect(readLabel(label, randomLabelParams.parse({})).shape).toBe(shape);
  });

  it('reads the label without the words other signals weigh', () => {
    const { lexicon } = loadKnowledge();
    const name = (domain: string) => {
      const parsed = parseDomainName(domain);
      if (!parsed.ok) throw new Error(domain);
      return parsed.name;
    };
    const words = ['login', 'update', 'account'];
    expect(labelTextOf(name('jp-update.com'), words, lexicon)).toBe('');
    expect(labelTextOf(name('windowsupdate.com'), words, lexicon)).toBe('windows');
    expect(labelTextOf(name('accesloginjp.net'), words, lexicon)).toBe('acces');
    expect(labelTextOf(name('qkvbig-login.top'), words, lexicon)).toBe('qkvbig');
    expect(labelTextOf(name('takahashi.com'), words, lexicon)).toBe('takahashi');
  });

  it('bands phishing likeness as the base rates name it', () => {
    expect(likenessBand(-4, [3, 6, 9])).toBe('<3');
    expect(likenessBand(3, [3, 6, 9])).toBe('3-6');
    expect(likenessBand(8.9, [3, 6, 9])).toBe('6-9');
    expect(likenessBand(40, [3, 6, 9])).toBe('9+');
    expect(likenessBand(Number.NaN, [3, 6, 9])).toBe('9+');
  });

  it('bands label length without hyphens, and counts the base rates per shape, likeness and length', () => {
    expect(lengthBand('hiuqq', [6, 9])).toBe('len<6');
    expect(lengthBand('ab-cd-ef', [6, 9])).toBe('len6-9');
    expect(lengthBand('sdfxgserty', [6, 9])).toBe('len9+');
    const { lexicon } = loadKnowledge();
    const params = randomLabelParams.parse({});
    const letters = shippedEngine().rules.fitted.get('label-letters') as LabelLetterModels;
    const name = (domain: string) => {
      const parsed = parseDomainName(domain);
      if (!parsed.ok) throw new Error(domain);
      return parsed.name;
    };
    const key = (domain: string) => labelFeature(labelTextOf(name(domain), [], lexicon), params, letters).key;
    expect(key('qkvbig.top')).toMatch(/^random\/[^/]+\/len6-9$/);
    expect(key('qvc.com')).toBe('plain/<3/len<6');
    // Keys are made once per band; each is still the label's shape, likeness band and length band.
    for (const domain of ['qkvbig.top', 'x7k2m9q4.com', 'epsceerdtk.xyz', 'sakura-coffee.jp', 'ggdnjtfwqz.cn', 'qvc.com', 'qkvbig.top']) {
      const text = labelTextOf(name(domain), [], lexicon);
      const { reading, likeness, key: made } = labelFeature(text, params, letters);
      expect(made).toBe(`${reading.shape}/${likenessBand(likeness, params.likenessBands)}/${lengthBand(text, params.lengthBands)}`);
    }
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
    'roupao.cn',
    'shop24.jp',
    '4shared.com',
    'card0003.asia',
    'pinterest.com',
    'instagram.com',
    'rakuten-bank.co.jp',
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
