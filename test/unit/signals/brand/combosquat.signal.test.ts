import { describe, expect, it } from 'vitest';
import { brandCombosquatSignal } from '../../../../src/engine/signals/brand/combosquat.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(brandCombosquatSignal.name, () => {
  const run = (name: string) => runSignal(brandCombosquatSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(brandCombosquatSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['smbc-card-login.jp', 'SMBC'],
    ['amazon-update-ab-jp.net.cn', 'Amazon'],
    ['apple-id-verify.com', 'Apple'],
    ['rakutencojpmember.xyz', 'Rakuten'],
    ['seeyouramazoncard.cyou', 'Amazon'],
    ['mydocomo-smt-contact.com', 'docomo'],
    ['aupay-login.com', 'au'],
    ['my-jcb-cards.vip', 'JCB'],
    ['kyufukin-soumu-go-jp.buzz', '総務省'],
    ['line-login-jp.com', 'LINE'],
  ])('reports %s as a combosquat of %s', (name, brand) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['BRAND_COMBOSQUAT']);
    expect(hits[0]?.detail).toContain(brand);
  });

  it('names the affix words it found', () => {
    expect(run('smbc-card-login.jp')[0]?.detail).toContain('login');
  });

  it.each(['vpass-smbc.top', 'rakutenxyz.xyz', 'amazon.shop', 'jcb-fmkg.com', 'mhlw.club', 'nttdocomoga.com'])('reports %s: a brand name without affix words', (name) => {
    expect(sut(name)).toEqual(['BRAND_IN_LABEL']);
  });

  it.each(['smbccv.jp', 'mufgj.net', 'aeonbku.com', 'mistoreosxs.top'])('reports %s: an abbreviation fused with a few letters', (name) => {
    expect(sut(name)).toEqual(['BRAND_ABBREVIATION_FUSED']);
  });

  it.each(['soumu.buzz', 'line-drawing.jp', 'au-pair.com', 'yamato-clinic.jp', 'sagawa-shoten.jp', 'mizuho-takahashi.com'])(
    'gives %s only the weak ordinary-word reason: nothing or words beside the brand word',
    (name) => {
      expect(sut(name)).toEqual(['BRAND_WORD_IN_LABEL']);
    },
  );

  it.each([
    ['au-apq.com', 'apq'],
    ['jibun-ta.com', 'ta'],
    ['sagawa-gf.com', 'gf'],
    ['line-tss.com', 'tss'],
    ['au-acseonm.com', 'acseonm'],
    ['apple-sk.com', 'sk'],
    ['xp-apple.com', 'xp'],
    ['line6201.top', '6201'],
    ['line112.com', '112'],
  ])('reports %s: an ordinary-word brand with the meaningless tag "%s"', (name, tag) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['BRAND_WORD_WITH_TAG']);
    expect(hits[0]?.detail).toContain(`with "${tag}", which is no word`);
  });

  it('reads a brand across a hyphen, where a homonym would have to span it (amazon-asia is not amazonas)', () => {
    expect(sut('amazon-asia.club')).toEqual(['BRAND_IN_LABEL']);
    expect(sut('amazonas-travel.com')).toEqual(['BRAND_INSIDE_WORD']);
  });

  it.each(['amazonas.com', 'amazonasco.buzz', 'hicloud.com'])('notes a brand inside a homonym in %s without points of its own', (name) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['BRAND_INSIDE_WORD']);
    expect(hits[0]?.detail).toContain('inside a longer word');
  });

  it('reads a brand inside a homonym beside an affix word as a combosquat, but takes no affix from inside the homonym', () => {
    expect(sut('amazonas-login.com')).toEqual(['BRAND_COMBOSQUAT']);
    expect(sut('hicloud-support.com')).toEqual(['BRAND_COMBOSQUAT']);
    expect(sut('hicloud.com')).toEqual(['BRAND_INSIDE_WORD']);
  });

  it.each([
    ['mizuho-back.com', 'back', 'mizuhobank'],
    ['etc-meisal.com', 'meisal', 'etcmeisai'],
    ['etc-maiesa.fun', 'maiesa', 'etcmeisai'],
    ['nets-aplus.com', 'nets', 'netstation'],
    ['netaetion-aplus.com', 'netaetion', 'netstation'],
  ])('reports %s: an ordinary-word brand beside a misspelt or cut form of its own longer name', (name, rest, token) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['BRAND_WORD_WITH_OWN_NAME']);
    expect(hits[0]?.detail).toContain(`"${rest}"`);
    expect(hits[0]?.detail).toContain(`"${token}"`);
  });

  it.each([
    ['aplus-netoian.com', 'netoian'],
    ['thestermin-aplus.com', 'thestermin'],
    ['saison-citara.com', 'citara'],
    ['saison-koyutai.com', 'koyutai'],
    ['etc-yunshangyu.info', 'yunshangyu'],
    ['line-lumorani.com', 'lumorani'],
  ])('reports %s: an ordinary-word brand beside "%s", a word no lexicon knows', (name, word) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['BRAND_WORD_WITH_MADE_UP_WORD']);
    expect(hits[0]?.detail).toContain(`with "${word}", a word no lexicon knows`);
  });

  it.each([
    'au-pair.com', // English
    'aplus-tutoring.com',
    'mizuho-bakery.com',
    'yamato-clinic.jp',
    'sagawa-shoten.jp', // a Japanese noun in romaji
    'mizuho-takahashi.com', // a surname
    'saison-kaigan.com', // 海岸
    'line-photobook.com', // two known words run together
    'saison-kyoto.com', // a place name, spelt without its long vowel (キョウト)
    'aplus-osaka.com',
    'line-shimbashi.com', // m before b
    'yamato-ishidaya.jp', // 石田屋: a surname with a shop-name ending
    'designsha-yamato.jp', // a word with 社
    'musickan-yamato.jp', // a word with 館
  ])('keeps %s weak: the part beside the brand word is a word', (name) => {
    expect(sut(name)).toEqual(['BRAND_WORD_IN_LABEL']);
  });

  it('leaves parts shorter than five letters to the tag rule (abbreviations live there)', () => {
    expect(sut('saison-hotl.com')).not.toContain('BRAND_WORD_WITH_MADE_UP_WORD');
  });

  it.each(['mizuho-takahashi.com', 'mizuho-bakery.com', 'etc-music.com', 'aplus-tutoring.com'])('does not read %s as the brand beside its own name', (name) => {
    expect(sut(name)).not.toContain('BRAND_WORD_WITH_OWN_NAME');
  });

  it.each([
    'amazon.co.jp',
    'www.amazon.co.jp',
    'rakuten-bank.co.jp',
    'smbc-card.com',
    'sbisec.co.jp',
    'kddi.com',
    'nta.go.jp',
    'e-tax.nta.go.jp',
    'soumu.go.jp',
    'etc-meisai.jp',
    'amazonaws.com',
  ])('says nothing about %s, a domain the brand owns', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it('says nothing under go.jp or lg.jp, where only government bodies register', () => {
    expect(sut('nta-login.go.jp')).toEqual([]);
    expect(sut('amazon.city.lg.jp')).toEqual([]);
  });

  it.each([
    'deviantart.com', // nta inside a word
    'beauty-salon.jp', // au inside a word
    'rental-car.jp', // nta inside a word
    'australia.com',
    'autumn.jp',
    'japan.travel',
    'yamada-bakery.jp',
    'tokyo-ramen.com',
    'pineapple-farm.jp', // apple inside a word
    'jane-doe.com', // ja + ne is not JA
    'online-shop.jp', // line inside a word
    'review-site.com', // view inside a word
    'depositfiles.com', // epos inside a word
  ])('says nothing about %s', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it.each([
    'oricon.co.jp', // a homonym contains orico
    'resonate-music.com', // a homonym contains resona
  ])('gives %s no points: the brand is inside a homonym', (name) => {
    expect(sut(name)).toEqual(['BRAND_INSIDE_WORD']);
  });
});
