import { describe, expect, it } from 'vitest';
import { AttributeKind, extractAttributes, foldAddress, foldEmail, foldText } from '../../../src/app/linkage/attributes';
import { anApplication } from '../../support/factories';

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
});
