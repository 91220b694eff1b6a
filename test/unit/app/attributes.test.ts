import { describe, expect, it } from 'vitest';
import { AttributeKind, extractAttributes, foldAddress, foldEmail, foldText } from '../../../src/app/linkage/attributes';
import { sharedByConstructionOf } from '../../../src/engine/linkage/shared-by-construction';
import { anApplication } from '../../support/factories';
import { shippedEngine } from '../../support/engine';

const valueOf = (attributes: ReturnType<typeof extractAttributes>, kind: AttributeKind) => attributes.find((attribute) => attribute.kind === kind)?.value;

describe(extractAttributes.name, () => {
  it('normalises the phone to E.164 and its block without the last four digits', () => {
    const sut = extractAttributes(anApplication({ registrant: { phone: '090-1234-5678' } }), {});
    expect(valueOf(sut, AttributeKind.Phone)).toBe('+819012345678');
    expect(valueOf(sut, AttributeKind.PhoneBlock)).toBe('+81901234');
  });

  it('writes one address the same way however it was typed', () => {
    const a = extractAttributes(anApplication({ registrant: { address: { line1: '千代田１−１' } } }), {});
    const b = extractAttributes(anApplication({ registrant: { address: { line1: '千代田 1-1' } } }), {});
    expect(valueOf(a, AttributeKind.Address)).toBe(valueOf(b, AttributeKind.Address));
  });

  it('keeps the IPv4 /24 and the IPv6 /48, and the ASN from the facts', () => {
    const v4 = extractAttributes(anApplication({ signup: { ip: '203.0.113.77' } }), { network: { asn: 2516 } });
    expect(valueOf(v4, AttributeKind.IpPrefix)).toBe('203.0.113.0/24');
    expect(valueOf(v4, AttributeKind.Asn)).toBe('2516');
    const v6 = extractAttributes(anApplication({ signup: { ip: '2001:db8:abcd:12::1' } }), {});
    expect(valueOf(v6, AttributeKind.IpPrefix)).toBe('2001:db8:abcd::/48');
  });

  it('keeps the signup device id as given, trimmed', () => {
    const sut = extractAttributes(anApplication({ signup: { deviceId: '  fp_7Hq2Lk9  ' } }), {});
    expect(valueOf(sut, AttributeKind.Device)).toBe('fp_7Hq2Lk9');
    expect(valueOf(extractAttributes(anApplication(), {}), AttributeKind.Device)).toBeUndefined();
  });

  it('keeps the customer account id as given, trimmed (hashed before it is stored, like every attribute)', () => {
    const sut = extractAttributes(anApplication({ account: { id: ' 000123 ', openedAt: '2020-01-01T00:00:00Z', domainCount: 2, reseller: false } }), {});
    expect(valueOf(sut, AttributeKind.Account)).toBe('000123');
    expect(valueOf(extractAttributes(anApplication(), {}), AttributeKind.Account)).toBeUndefined();
  });

  it('sorts nameservers into one set and keeps the registrable domain', () => {
    const sut = extractAttributes(anApplication({ domain: { name: 'Shop.Example.co.jp', nameservers: ['NS2.example.net.', 'ns1.example.net'] } }), {});
    expect(valueOf(sut, AttributeKind.Nameservers)).toBe('ns1.example.net,ns2.example.net');
    expect(valueOf(sut, AttributeKind.RegistrableDomain)).toBe('example.co.jp');
  });

  it('leaves out what the application does not have', () => {
    const sut = extractAttributes({ externalId: 'x', product: 'domain', domain: { name: 'a.jp' } }, {});
    expect(sut.map((attribute) => attribute.kind)).toEqual([AttributeKind.RegistrableDomain]);
  });
});

describe(foldText.name, () => {
  it('folds width, case, dashes and spaces but keeps the katakana long vowel', () => {
    expect(foldText('ＡＢＣ　ビル－２')).toBe('abcビル-2');
    expect(foldText('コーポ 1ー2')).toBe('コーポ1-2');
  });
});

describe(foldEmail.name, () => {
  it('folds dots and +tags where the provider ignores them, and only there', () => {
    expect(foldEmail('Taro.Yamada+shop@GMail.com')?.address).toBe('taroyamada@gmail.com');
    expect(foldEmail('taro.yamada@googlemail.com')?.address).toBe('taroyamada@gmail.com');
    expect(foldEmail('taro.yamada+x@outlook.jp')?.address).toBe('taro.yamada@outlook.jp');
    expect(foldEmail('taro.yamada+x@example.co.jp')?.address).toBe('taro.yamada+x@example.co.jp');
    expect(foldEmail('not-an-address')).toBeUndefined();
  });
});

describe(foldAddress.name, () => {
  it('writes 丁目・番地・号 and kanji or full-width numerals one way', () => {
    const forms = ['千代田一丁目1番1号', '千代田1丁目1番地1', '千代田１－１－１', '千代田 1-1-1', '千代田1‐1‐1'];
    expect(new Set(forms.map(foldAddress))).toEqual(new Set(['千代田1-1-1']));
    expect(foldAddress('銀座二十三丁目4番')).toBe('銀座23-4');
  });

  it('ignores the building line, so room numbers of one address link', () => {
    const a = extractAttributes(anApplication({ registrant: { address: { line1: '千代田1-1-1', line2: 'ハイツ101' } } }), {});
    const b = extractAttributes(anApplication({ registrant: { address: { line1: '千代田一丁目1番1号', line2: 'ハイツ 305号室' } } }), {});
    expect(valueOf(a, AttributeKind.Address)).toBe(valueOf(b, AttributeKind.Address));
  });

  describe('with the rules\' lists of values shared by construction', () => {
    const shared = sharedByConstructionOf(shippedEngine().rules.lists)!;
    const kinds = (attributes: ReturnType<typeof extractAttributes>) => attributes.map((attribute) => attribute.kind);

    it('leaves out free, carrier and ISP mail domains, and keeps an own one', () => {
      for (const email of ['a.b@gmail.com', 'x@ezweb.ne.jp', 'y@biz.ezweb.ne.jp', 'z@outlook.jp', 'w@abc.so-net.ne.jp']) {
        expect(kinds(extractAttributes(anApplication({ registrant: { email } }), {}, shared))).not.toContain(AttributeKind.EmailDomain);
      }
      expect(valueOf(extractAttributes(anApplication({ registrant: { email: 'info@sakura-kobo.jp' } }), {}, shared), AttributeKind.EmailDomain)).toBe('sakura-kobo.jp');
    });

    it('leaves out the /24 and AS of a mobile carrier or consumer ISP, and keeps others', () => {
      const carrier = extractAttributes(anApplication({ signup: { ip: '126.33.44.55' } }), { network: { asn: 17676 } }, shared);
      expect(kinds(carrier)).not.toContain(AttributeKind.IpPrefix);
      expect(kinds(carrier)).not.toContain(AttributeKind.Asn);
      expect(valueOf(extractAttributes(anApplication({ signup: { ip: '45.10.20.30' } }), { network: { asn: 64500 } }, shared), AttributeKind.IpPrefix)).toBe('45.10.20.0/24');
    });

    it('leaves out a big DNS host\'s default nameservers (Route 53 numbered ones too), and keeps a private set', () => {
      for (const nameservers of [['dns1.onamae.com', 'dns2.onamae.com'], ['ns-1234.awsdns-12.org', 'ns-56.awsdns-07.com'], ['ada.ns.cloudflare.com', 'bob.ns.cloudflare.com']]) {
        expect(kinds(extractAttributes(anApplication({ domain: { nameservers } }), {}, shared))).not.toContain(AttributeKind.Nameservers);
      }
      // One own server among the defaults makes the set private.
      expect(kinds(extractAttributes(anApplication({ domain: { nameservers: ['dns1.onamae.com', 'ns1.kobo-dns.jp'] } }), {}, shared))).toContain(AttributeKind.Nameservers);
    });

    it('makes identity keys of the organisation or person with each contact, and a household only of people', () => {
      const person = extractAttributes(anApplication({ registrant: { email: 'hanako@gmail.com', phone: '090-1111-2222' }, verification: { sms: { number: '090-1111-2222' } } }), {}, shared);
      // The phone and the SMS number are one contact: name×phone, name×mailbox, name×street.
      expect(person.filter((attribute) => attribute.kind === AttributeKind.Identity)).toHaveLength(3);
      expect(kinds(person)).toContain(AttributeKind.Household);
      const company = extractAttributes(
        anApplication({ registrant: { type: 'organization', organization: { name: '青空商事株式会社', corporateNumber: '7010001099999' }, email: 'info@aozora.co.jp', phone: '03-1111-2222' }, verification: null }),
        {},
        shared,
      );
      expect(company.filter((attribute) => attribute.value.startsWith('corp:7010001099999|')).map((attribute) => attribute.value)).toEqual([
        'corp:7010001099999|tel:+81311112222',
        'corp:7010001099999|mail:info@aozora.co.jp',
        'corp:7010001099999|maildomain:aozora.co.jp',
      ]);
      expect(kinds(company)).not.toContain(AttributeKind.Household);
    });

    it('puts a family at one street address in one household whether or not each writes the room', () => {
      const household = (name: string, line2: string | null) =>
        extractAttributes(anApplication({ registrant: { name: { kanji: name, kana: null, romaji: null }, address: { line1: '道玄坂1-10-8', line2 } } }), {}, shared)
          .filter((attribute) => attribute.kind === AttributeKind.Household)
          .map((attribute) => attribute.value);
      const mother = household('佐藤 花子', '201号室');
      const son = household('佐藤　健太', null);
      expect(mother.filter((value) => son.includes(value))).toHaveLength(1);
      expect(household('鈴木 一郎', null).filter((value) => mother.includes(value))).toEqual([]);
    });

    it('makes a registrar account an identity within its client, and a reseller account a relation only', () => {
      const account = { id: 'acct-1', openedAt: '2020-01-01T00:00:00+09:00', domainCount: 3, reseller: false };
      expect(extractAttributes(anApplication({ account }), {}, shared, 'client-a').find((attribute) => attribute.value === 'account:client-a|acct-1')?.kind).toBe(AttributeKind.Identity);
      expect(extractAttributes(anApplication({ account: { ...account, reseller: true } }), {}, shared, 'client-a').find((attribute) => attribute.value === 'reseller:client-a|acct-1')?.kind).toBe(AttributeKind.Household);
      expect(extractAttributes(anApplication({ account }), {}, shared).some((attribute) => attribute.value.startsWith('account:'))).toBe(false);
      expect(extractAttributes(anApplication({ domain: { reseller: 'Aoba Web' } }), {}, shared, 'client-a').find((attribute) => attribute.value === 'reseller-name:client-a|aobaweb')?.kind).toBe(AttributeKind.Household);
    });

    it('makes an account opened this week no identity (a campaign rotating registrants through it), and an older one an identity', () => {
      const account = { id: 'acct-2', openedAt: '2026-10-05T09:00:00+09:00', domainCount: 1, reseller: false };
      const keyed = (asOf: string | undefined) =>
        extractAttributes(anApplication({ account }), asOf ? { asOf } : {}, shared, 'client-a').some((attribute) => attribute.value === 'account:client-a|acct-2');
      expect(keyed('2026-10-06T09:00:00+09:00')).toBe(false);
      expect(keyed('2026-10-13T09:00:00+09:00')).toBe(true);
      expect(keyed(undefined)).toBe(true);
      // A reseller's account relates its clients from the start.
      expect(extractAttributes(anApplication({ account: { ...account, reseller: true } }), { asOf: '2026-10-05T10:00:00+09:00' }, shared, 'client-a').some((attribute) => attribute.value === 'reseller:client-a|acct-2')).toBe(true);
    });

    it('relates a brand owner group\'s companies that write from the brand\'s own mail domain, and nobody who only claims the name', () => {
      const engine = shippedEngine();
      const owners = sharedByConstructionOf(engine.rules.lists, engine.rules.brands)!;
      const group = (organization: { name: string; corporateNumber?: string }, email: string) =>
        extractAttributes(anApplication({ registrant: { type: 'organization', organization, email } }), {}, owners)
          .filter((attribute) => attribute.kind === AttributeKind.Household && attribute.value.startsWith('brand-owner:'))
          .map((attribute) => attribute.value);
      expect(group({ name: '楽天グループ株式会社', corporateNumber: '9010701020592' }, 'domain-admin@rakuten.co.jp')).toEqual(['brand-owner:rakuten']);
      expect(group({ name: '楽天カード株式会社' }, 'hostmaster@mail.rakuten.co.jp')).toEqual(['brand-owner:rakuten']);
      expect(group({ name: 'Rakuten Card Co., Ltd.' }, 'hostmaster@rakuten.co.jp')).toEqual(['brand-owner:rakuten']);
      // The name claimed without the brand's mailbox, a corporate number that is not the owner's, a made-up affiliate.
      expect(group({ name: '楽天カード株式会社' }, 'rakuten-card@gmail.com')).toEqual([]);
      expect(group({ name: '楽天グループ株式会社', corporateNumber: '5010701022527' }, 'a@rakuten.co.jp')).toEqual([]);
      expect(group({ name: '楽天サポートセンター株式会社' }, 'a@rakuten.co.jp')).toEqual([]);
      // Without the brands (the lists alone) there is no group.
      expect(extractAttributes(anApplication({ registrant: { type: 'organization', organization: { name: '楽天カード株式会社' }, email: 'a@rakuten.co.jp' } }), {}, shared).some((attribute) => attribute.value.startsWith('brand-owner:'))).toBe(false);
    });
  });
});
