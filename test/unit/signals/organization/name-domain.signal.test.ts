import { describe, expect, it } from 'vitest';
import { nameDomainSignal } from '../../../../src/engine/signals/organization/name-domain.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(nameDomainSignal.name, () => {
  const sut = (domain: string, organization: { name?: string; nameEn?: string }) =>
    reasonsOf(
      runSignal(
        nameDomainSignal,
        anApplication({ domain: { name: domain }, registrant: { type: 'organization', organization: { corporateNumber: '1180301018771', ...organization } } }),
      ),
    );

  it('stays quiet when the English name is in the label', () => {
    expect(sut('toyota.co.jp', { name: 'トヨタ自動車株式会社', nameEn: 'Toyota Motor Corporation' })).toEqual([]);
    expect(sut('rakuten.co.jp', { name: '楽天グループ株式会社', nameEn: 'Rakuten Group, Inc.' })).toEqual([]);
    expect(sut('example-holdings.jp', { nameEn: 'Example Holdings K.K.' })).toEqual([]);
  });

  it('stays quiet when the label is the initials of the English name', () => {
    expect(sut('ntt.co.jp', { name: '日本電信電話株式会社', nameEn: 'Nippon Telegraph and Telephone Corporation' })).toEqual([]);
    expect(sut('jt.com', { name: '日本たばこ産業株式会社', nameEn: 'Japan Tobacco Inc.' })).toEqual([]);
  });

  it('stays quiet when the romanised katakana name sounds like the label', () => {
    expect(sut('mercari.com', { name: '株式会社メルカリ' })).toEqual([]);
    expect(sut('cyberagent.co.jp', { name: '株式会社サイバーエージェント' })).toEqual([]);
    expect(sut('sony.co.jp', { name: 'ソニー株式会社' })).toEqual([]);
    expect(sut('uniqlo.com', { name: '株式会社ユニクロ' })).toEqual([]);
    expect(sut('docomo.ne.jp', { name: '株式会社エヌ・ティ・ティ・ドコモ' })).toEqual([]);
    expect(sut('cookpad.com', { name: '（株）クックパッド' })).toEqual([]);
    expect(sut('saisoncard.jp', { name: '株式会社セゾン' })).toEqual([]); // z/s, and a longer label
    expect(sut('sakura-denki.jp', { name: 'さくら電気㈱', nameEn: 'Sakura Denki Co., Ltd.' })).toEqual([]);
  });

  it('reads Latin letters spelt in katakana as initials', () => {
    expect(sut('dena.com', { name: '株式会社ディー・エヌ・エー' })).toEqual([]);
    expect(sut('his-j.com', { name: '株式会社エイチ・アイ・エス' })).toEqual([]);
    expect(sut('kddi.com', { name: 'ケイ・ディー・ディー・アイ株式会社' })).toEqual([]);
  });

  it('stays quiet when the Latin part of a Japanese name is in the label', () => {
    expect(sut('gmo.jp', { name: 'GMOインターネットグループ株式会社' })).toEqual([]);
  });

  it('reports a label unrelated to the English name', () => {
    const hits = runSignal(
      nameDomainSignal,
      anApplication({
        domain: { name: 'amzn-login-secure.com' },
        registrant: { type: 'organization', organization: { name: '株式会社山田商事', nameEn: 'Yamada Shoji Co., Ltd.' } },
      }),
    );
    expect(reasonsOf(hits)).toEqual(['ORG_NAME_DOMAIN_UNRELATED']);
    expect(hits[0]?.detail).toContain('"amzn-login-secure"');
  });

  it('reports a label unrelated to a katakana name', () => {
    expect(sut('cheap-iphone-sale.shop', { name: '株式会社メルカリ' })).toEqual(['ORG_NAME_DOMAIN_UNRELATED']);
    expect(sut('jp-smbc-card.co.jp', { name: 'ソフトバンク株式会社' })).toEqual(['ORG_NAME_DOMAIN_UNRELATED']);
  });

  it('does not count corporate forms or generic words as shared', () => {
    expect(sut('japan-group-inc.com', { nameEn: 'Yamada Japan Group Inc.' })).toEqual(['ORG_NAME_DOMAIN_UNRELATED']);
    expect(sut('holdings.jp', { name: 'メルカリホールディングス株式会社' })).toEqual(['ORG_NAME_DOMAIN_UNRELATED']);
    expect(sut('shop-online.com', { name: '株式会社ABCショップ' })).toEqual(['ORG_NAME_DOMAIN_UNRELATED']); // business word from organization-markers
    expect(sut('abc-shop.com', { name: '株式会社ABCショップ' })).toEqual([]);
  });

  it('stays quiet on a kanji-only name it cannot read', () => {
    expect(sut('random-shop-777.com', { name: '株式会社山田商事' })).toEqual([]);
  });

  it('compares a Japanese (IDN) label with the Japanese name', () => {
    expect(sut('xn--p8j3a7cx82pebh.jp', { name: '株式会社さとう商事' })).toEqual([]); // さとう商事
    expect(sut('xn--eckwd4c7c.jp', { name: '株式会社さとう商事' })).toEqual(['ORG_NAME_DOMAIN_UNRELATED']); // ドメイン
    expect(sut('xn--eckwd4c7c.jp', { nameEn: 'Sato Shoji' })).toEqual([]);
  });

  it('says nothing for an individual or without an organisation name', () => {
    expect(reasonsOf(runSignal(nameDomainSignal, anApplication({ domain: { name: 'unrelated-brand.jp' } })))).toEqual([]);
    expect(sut('unrelated-brand.jp', {})).toEqual([]);
  });
});
